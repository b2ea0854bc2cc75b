import { messages } from '../../i18n/index.js';
import type { Locale } from '../../lib/levels.js';
import { textIn, type LocalizedText } from '../../lib/localized.js';
import type { MailLink } from '../../lib/mail.js';

/** What a monitoring message is about: its plan, commitment, and milestone or contestation where relevant. */
export interface NoticeSubject {
  planId: number;
  planTitle: LocalizedText;
  commitmentId: number;
  commitmentNumber: string;
  commitmentTitle: LocalizedText;
  milestoneNumber?: number;
  contestationId?: number;
}

/**
 * The links every e-mail and in-app notice about a commitment carries (issue 8, item 11), each named
 * in the recipient's language: the plan, the commitment, the milestone (its place on the commitment's
 * page) and the contestation. Relative: the e-mail makes them absolute from the public address.
 */
export function noticeLinks(s: NoticeSubject, locale: Locale): MailLink[] {
  const t = messages(locale).monitoring.mail;
  const links: MailLink[] = [
    { label: t.aboutPlan(textIn(s.planTitle, locale)), path: `/plans/${s.planId}` },
    { label: t.aboutCommitment(s.commitmentNumber, textIn(s.commitmentTitle, locale)), path: `/commitments/${s.commitmentId}` },
  ];
  if (s.milestoneNumber !== undefined) links.push({ label: t.aboutMilestone(s.commitmentNumber, s.milestoneNumber), path: `/commitments/${s.commitmentId}#milestone-${s.milestoneNumber}` });
  if (s.contestationId !== undefined) links.push({ label: t.aboutContestation, path: `/contestations/${s.contestationId}` });
  return links;
}

/** The recipient's locale from an account's stored value. */
export const localeOf = (value: string | null | undefined): Locale => (value === 'en' ? 'en' : 'es');
