import { randomBytes } from 'node:crypto';
import { and, asc, count, eq, gt, gte, isNotNull, isNull, lt, max, or } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { publicSubscriptions, subscriptionAttempts, subscriptionDigests, subscriptionEvents } from '../../db/schema/index.js';
import { messages } from '../../i18n/index.js';
import { recordAudit } from '../../lib/audit.js';
import type { Locale } from '../../lib/levels.js';
import { queueMail } from '../../lib/mail.js';
import { formatDate } from '../../ui/format.js';
import { newToken, tokenId } from '../accounts/tokens.js';
import { unsubscribePath } from './events.js';
import { findTarget, type TargetType } from './targets.js';

/** How long a confirmation link works. */
export const CONFIRM_HOURS = 48;
/** Subscribe requests per hour from one address (a keyed hash of it). */
export const PER_SOURCE_PER_HOUR = 10;
/** Confirmation e-mails per hour to one e-mail address: more requests get the same answer and send nothing. */
export const PER_EMAIL_PER_HOUR = 3;
/** The most events one digest lists (the rest are counted and linked). */
export const DIGEST_MAX_EVENTS = 50;

export type Frequency = 'immediate' | 'daily' | 'weekly';

export class SubscriptionError extends Error {
  constructor(readonly code: 'not_found' | 'rate_limited' | 'bad_token') {
    super(`subscription error: ${code}`);
    this.name = 'SubscriptionError';
  }
}

const emailHash = (email: string) => tokenId(`email:${email}`);

/**
 * Asks for a subscription (double opt-in): stores it inactive with a hashed, single-use confirmation
 * token that expires in CONFIRM_HOURS, and e-mails the link. The answer never says whether the
 * address was already subscribed: an active subscription is left as it is and nothing is sent; too
 * many requests for one address send nothing more. Too many requests from one source are refused.
 * Returns whether an e-mail was queued (for tests; the page says the same either way).
 */
export async function requestSubscription(
  db: Database,
  input: { targetType: TargetType; targetId: number; email: string; frequency: Frequency; locale: Locale; sourceKey: string },
  now: Date,
  confirmUrlPath: (token: string) => string,
): Promise<{ queued: boolean }> {
  const email = input.email.trim().toLowerCase();
  return db.transaction(async (tx) => {
    const target = await findTarget(tx, input.targetType, input.targetId);
    if (!target) throw new SubscriptionError('not_found');
    const hourAgo = new Date(now.getTime() - 3600_000);
    const bySource = await tx.select({ n: count() }).from(subscriptionAttempts).where(and(eq(subscriptionAttempts.sourceHash, input.sourceKey), gte(subscriptionAttempts.at, hourAgo)));
    if ((bySource[0]?.n ?? 0) >= PER_SOURCE_PER_HOUR) throw new SubscriptionError('rate_limited');
    const eh = emailHash(email);
    const byEmail = await tx.select({ n: count() }).from(subscriptionAttempts).where(and(eq(subscriptionAttempts.emailHash, eh), gte(subscriptionAttempts.at, hourAgo)));
    await tx.insert(subscriptionAttempts).values({ sourceHash: input.sourceKey, emailHash: eh, at: now });
    if ((byEmail[0]?.n ?? 0) >= PER_EMAIL_PER_HOUR) return { queued: false };
    const existing = (
      await tx
        .select()
        .from(publicSubscriptions)
        .where(and(eq(publicSubscriptions.email, email), eq(publicSubscriptions.targetType, input.targetType), eq(publicSubscriptions.targetId, input.targetId)))
        .limit(1)
    )[0];
    if (existing?.confirmedAt) return { queued: false };
    const token = newToken();
    const expires = new Date(now.getTime() + CONFIRM_HOURS * 3600_000);
    if (existing) {
      const changed = await tx
        .update(publicSubscriptions)
        .set({ confirmTokenHash: token.id, confirmExpiresAt: expires, frequency: input.frequency, locale: input.locale })
        .where(and(eq(publicSubscriptions.id, existing.id), isNull(publicSubscriptions.confirmedAt)))
        .returning({ id: publicSubscriptions.id });
      if (changed.length === 0) return { queued: false };
    } else {
      const inserted = await tx
        .insert(publicSubscriptions)
        .values({
          email,
          targetType: input.targetType,
          targetId: input.targetId,
          frequency: input.frequency,
          locale: input.locale,
          confirmTokenHash: token.id,
          confirmExpiresAt: expires,
          unsubscribeToken: randomBytes(32).toString('base64url'),
          createdAt: now,
        })
        .onConflictDoNothing()
        .returning({ id: publicSubscriptions.id });
      if (inserted.length === 0) return { queued: false };
    }
    const t = messages(input.locale).subscriptions;
    const label = target.label(input.locale);
    await queueMail(
      tx,
      {
        to: email,
        subject: t.mail.confirmSubject(label),
        text: t.mail.confirmText(label, t.form[input.frequency]),
        links: [
          { label: t.mail.confirmLink, path: confirmUrlPath(token.token) },
          { label: label.charAt(0).toUpperCase() + label.slice(1), path: target.path },
        ],
        meta: { kind: 'subscription_confirm', targetType: input.targetType, targetId: input.targetId },
      },
      now,
    );
    // The audit names what was followed, never the address (decision 046).
    await recordAudit(tx, { actor: 'public', action: 'subscription.request', entityType: input.targetType, entityId: input.targetId, details: { frequency: input.frequency } });
    return { queued: true };
  });
}

/** Activates a subscription by its confirmation token: once, before it expires (a conditional update). */
export async function confirmSubscription(db: Database, token: string, now: Date): Promise<{ targetType: TargetType; targetId: number }> {
  return db.transaction(async (tx) => {
    const newest = (await tx.select({ id: max(subscriptionEvents.id) }).from(subscriptionEvents))[0]?.id ?? 0;
    const [row] = await tx
      .update(publicSubscriptions)
      .set({ confirmedAt: now, confirmTokenHash: null, confirmExpiresAt: null, lastEventId: newest })
      .where(and(eq(publicSubscriptions.confirmTokenHash, tokenId(token)), isNull(publicSubscriptions.confirmedAt), gt(publicSubscriptions.confirmExpiresAt, now)))
      .returning();
    if (!row) throw new SubscriptionError('bad_token');
    await recordAudit(tx, { actor: 'public', action: 'subscription.confirm', entityType: row.targetType, entityId: row.targetId, details: { frequency: row.frequency } });
    return { targetType: row.targetType, targetId: row.targetId };
  });
}

/** Ends a subscription by its unsubscribe token: the row (and the address with it) is deleted. */
export async function unsubscribe(db: Database, token: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.delete(publicSubscriptions).where(eq(publicSubscriptions.unsubscribeToken, token)).returning();
    if (!row) throw new SubscriptionError('bad_token');
    await recordAudit(tx, { actor: 'public', action: 'subscription.unsubscribe', entityType: row.targetType, entityId: row.targetId });
  });
}

/** The digest period a moment falls in: `daily:YYYY-MM-DD`, or `weekly:` and the Monday of its ISO week (UTC). */
export function digestPeriod(frequency: 'daily' | 'weekly', now: Date): string {
  const day = now.toISOString().slice(0, 10);
  if (frequency === 'daily') return `daily:${day}`;
  const d = new Date(`${day}T00:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7;
  return `weekly:${new Date(d.getTime() - back * 86_400_000).toISOString().slice(0, 10)}`;
}

/**
 * Sends the digests due (issue 13, item 7): for each confirmed daily or weekly subscription, the
 * events since its last digest, in one e-mail per subscription and period. Each digest is recorded
 * (`subscription_digests`, unique per subscription and period) in the transaction that queues it and
 * moves the subscription's mark: running it twice — or twice at once — sends nothing twice.
 * Also deletes unconfirmed subscriptions whose link expired, and subscribe attempts older than a day.
 */
export async function runDigests(db: Database, now: Date): Promise<{ sent: number; pruned: number }> {
  const subs = await db
    .select({ id: publicSubscriptions.id })
    .from(publicSubscriptions)
    .where(and(isNotNull(publicSubscriptions.confirmedAt), or(eq(publicSubscriptions.frequency, 'daily'), eq(publicSubscriptions.frequency, 'weekly'))))
    .orderBy(asc(publicSubscriptions.id));
  let sent = 0;
  for (const { id } of subs) {
    const done = await db.transaction(async (tx) => {
      // The row lock orders two runs at once; the unique digest row makes the second a no-op.
      const s = (await tx.select().from(publicSubscriptions).where(eq(publicSubscriptions.id, id)).for('update').limit(1))[0];
      if (!s || !s.confirmedAt || s.frequency === 'immediate') return false;
      const period = digestPeriod(s.frequency, now);
      const target = await findTarget(tx, s.targetType, s.targetId);
      if (!target) return false;
      const scope =
        s.targetType === 'commitment'
          ? eq(subscriptionEvents.commitmentId, s.targetId)
          : s.targetType === 'plan'
            ? eq(subscriptionEvents.planId, s.targetId)
            : eq(subscriptionEvents.memberId, s.targetId);
      const events = await tx
        .select()
        .from(subscriptionEvents)
        .where(and(scope, gt(subscriptionEvents.id, s.lastEventId)))
        .orderBy(asc(subscriptionEvents.id));
      if (events.length === 0) return false;
      const last = events[events.length - 1]!.id;
      const recorded = await tx
        .insert(subscriptionDigests)
        .values({ subscriptionId: s.id, period, events: events.length, lastEventId: last, sentAt: now })
        .onConflictDoNothing()
        .returning({ id: subscriptionDigests.id });
      if (recorded.length === 0) return false;
      await tx.update(publicSubscriptions).set({ lastEventId: last }).where(and(eq(publicSubscriptions.id, s.id), eq(publicSubscriptions.lastEventId, s.lastEventId)));
      const locale: Locale = s.locale === 'en' ? 'en' : 'es';
      const t = messages(locale).subscriptions.mail;
      const label = target.label(locale);
      const shown = events.slice(0, DIGEST_MAX_EVENTS);
      const lines = shown.map((e) => `- ${formatDate(e.createdAt, locale)}: ${(e.text[locale] ?? e.text.es ?? '').replace(/\n+/g, ' ')}`);
      await queueMail(
        tx,
        {
          to: s.email,
          subject: t.digestSubject(t[s.frequency], label),
          text: `${t.digestIntro(events.length, label)}\n\n${lines.join('\n')}\n\n${t.footer(label)}`,
          links: [{ label: label.charAt(0).toUpperCase() + label.slice(1), path: target.path }],
          unsubscribePath: unsubscribePath(s.unsubscribeToken),
          meta: { kind: 'subscription_digest', subscriptionId: s.id, period, unsubscribeLabel: t.unsubscribe },
        },
        now,
      );
      return true;
    });
    if (done) sent += 1;
  }
  const pruned = await db.transaction(async (tx) => {
    const gone = await tx
      .delete(publicSubscriptions)
      .where(and(isNull(publicSubscriptions.confirmedAt), lt(publicSubscriptions.confirmExpiresAt, now)))
      .returning({ id: publicSubscriptions.id });
    await tx.delete(subscriptionAttempts).where(lt(subscriptionAttempts.at, new Date(now.getTime() - 86_400_000)));
    if (sent > 0 || gone.length > 0) await recordAudit(tx, { actor: 'system:subscriptions', action: 'subscriptions.digest', entityType: 'subscriptions', entityId: now.toISOString().slice(0, 10), details: { sent, pruned: gone.length } });
    return gone.length;
  });
  return { sent, pruned };
}

