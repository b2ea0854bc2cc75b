import { and, asc, eq, isNotNull, or } from 'drizzle-orm';
import type { Transaction } from '../../db/client.js';
import { publicSubscriptions, subscriptionEvents } from '../../db/schema/index.js';
import { messages } from '../../i18n/index.js';
import type { Locale } from '../../lib/levels.js';
import { queueMail, type MailLink } from '../../lib/mail.js';
import { findTarget } from './targets.js';

export interface SubscriptionEventInput {
  kind: string;
  commitmentId: number;
  milestoneId: number | null;
  planId: number;
  memberId: number;
  subject: Record<Locale, string>;
  text: Record<Locale, string>;
  links: Record<Locale, MailLink[]>;
  /** The page it is about (relative). */
  path: string;
}

/** The unsubscribe page of a subscription (its GET shows a button; a POST — the button, or a mail client's one-click — ends it). */
export const unsubscribePath = (token: string) => `/subscriptions/unsubscribe/${token}`;

/** Confirmed subscriptions that an event on this commitment, plan and member concerns. */
export function concerning(e: { commitmentId: number | null; planId: number; memberId: number }) {
  return or(
    ...(e.commitmentId !== null ? [and(eq(publicSubscriptions.targetType, 'commitment'), eq(publicSubscriptions.targetId, e.commitmentId))] : []),
    and(eq(publicSubscriptions.targetType, 'plan'), eq(publicSubscriptions.targetId, e.planId)),
    and(eq(publicSubscriptions.targetType, 'member'), eq(publicSubscriptions.targetId, e.memberId)),
  );
}

/**
 * Records an event the public's subscriptions hear of (issue 13, item 7), in the transaction of the
 * change itself, and queues it at once to every confirmed "immediate" subscription it concerns — one
 * e-mail per address even when it follows the commitment and its plan. Digest subscriptions read the
 * event later (`runDigests`).
 */
export async function publishSubscriptionEvent(tx: Transaction, e: SubscriptionEventInput, now: Date): Promise<void> {
  const [row] = await tx
    .insert(subscriptionEvents)
    .values({ kind: e.kind, commitmentId: e.commitmentId, milestoneId: e.milestoneId, planId: e.planId, memberId: e.memberId, text: e.text, path: e.path, createdAt: now })
    .returning({ id: subscriptionEvents.id });
  const subs = await tx
    .select()
    .from(publicSubscriptions)
    .where(and(isNotNull(publicSubscriptions.confirmedAt), eq(publicSubscriptions.frequency, 'immediate'), concerning(e)))
    .orderBy(asc(publicSubscriptions.id));
  const told = new Set<string>();
  for (const s of subs) {
    await tx.update(publicSubscriptions).set({ lastEventId: row!.id }).where(eq(publicSubscriptions.id, s.id));
    if (told.has(s.email)) continue;
    told.add(s.email);
    const locale: Locale = s.locale === 'en' ? 'en' : 'es';
    const target = await findTarget(tx, s.targetType, s.targetId);
    const m = messages(locale).subscriptions.mail;
    await queueMail(
      tx,
      {
        to: s.email,
        subject: e.subject[locale],
        text: `${e.text[locale]}\n\n${m.footer(target?.label(locale) ?? '')}`,
        links: e.links[locale],
        unsubscribePath: unsubscribePath(s.unsubscribeToken),
        meta: { kind: 'subscription_immediate', subscriptionId: s.id, eventId: row!.id, unsubscribeLabel: m.unsubscribe },
      },
      now,
    );
  }
}
