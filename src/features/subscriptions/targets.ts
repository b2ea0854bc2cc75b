import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { actionPlans, commitments, members } from '../../db/schema/index.js';
import type { SUBSCRIPTION_TARGETS } from '../../db/schema/subscriptions.js';
import { messages } from '../../i18n/index.js';
import type { Locale } from '../../lib/levels.js';
import { textIn, type LocalizedText } from '../../lib/localized.js';

export type TargetType = (typeof SUBSCRIPTION_TARGETS)[number];

/** What a subscription follows, named in a language, and its public page. */
export interface Target {
  type: TargetType;
  id: number;
  label: (locale: Locale) => string;
  path: string;
}

/** The commitment, plan or member a subscription follows, or null when there is none with that id. */
export async function findTarget(db: Executor, type: TargetType, id: number): Promise<Target | null> {
  if (type === 'commitment') {
    const row = (await db.select({ number: commitments.number, title: commitments.title }).from(commitments).where(eq(commitments.id, id)).limit(1))[0];
    if (!row) return null;
    return { type, id, path: `/commitments/${id}`, label: (l) => messages(l).subscriptions.target.commitment(row.number, textIn(row.title, l)) };
  }
  if (type === 'plan') {
    const row = (await db.select({ title: actionPlans.title }).from(actionPlans).where(eq(actionPlans.id, id)).limit(1))[0];
    if (!row) return null;
    return { type, id, path: `/plans/${id}`, label: (l) => messages(l).subscriptions.target.plan(textIn(row.title, l)) };
  }
  const row = (await db.select({ name: members.name, code: members.code }).from(members).where(eq(members.id, id)).limit(1))[0];
  if (!row) return null;
  const name: LocalizedText = row.name;
  return { type, id, path: `/members/${encodeURIComponent(row.code)}`, label: (l) => messages(l).subscriptions.target.member(textIn(name, l) || row.code) };
}
