import { randomBytes } from 'node:crypto';
import { and, asc, count, eq, gte, isNotNull, isNull } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { cocreationProcesses, cocreationSubscriptions } from '../../db/schema/index.js';
import { messages } from '../../i18n/index.js';
import { recordAudit } from '../../lib/audit.js';
import type { Locale } from '../../lib/levels.js';
import { queueMail } from '../../lib/mail.js';
import { newToken, tokenId } from '../accounts/tokens.js';
import { CocreationError, RATE_LIMIT_PER_HOUR } from './commands.js';

/**
 * E-mail subscriptions to a process's updates. Subscribing sends a confirmation link; only confirmed
 * addresses get updates; every update carries an unsubscribe link. Whether an address is already
 * subscribed is never revealed (the answer is always "check your mail").
 */
export async function subscribe(
  db: Database,
  input: { processId: number; email: string; locale: Locale; sourceKey: string },
  now: Date,
  confirmUrl: (token: string) => string,
): Promise<void> {
  const email = input.email.toLowerCase();
  await db.transaction(async (tx) => {
    const p = (await tx.select().from(cocreationProcesses).where(eq(cocreationProcesses.id, input.processId)))[0];
    if (!p || !p.calendarPublishedAt) throw new CocreationError('not_found');
    const recent = await tx
      .select({ n: count() })
      .from(cocreationSubscriptions)
      .where(and(eq(cocreationSubscriptions.sourceKey, input.sourceKey), gte(cocreationSubscriptions.createdAt, new Date(now.getTime() - 3600_000))));
    if ((recent[0]?.n ?? 0) >= RATE_LIMIT_PER_HOUR) throw new CocreationError('rate_limited');
    const existing = (await tx.select().from(cocreationSubscriptions).where(and(eq(cocreationSubscriptions.processId, p.id), eq(cocreationSubscriptions.email, email))))[0];
    if (existing?.confirmedAt) return;
    const token = newToken();
    if (existing) {
      await tx.update(cocreationSubscriptions).set({ confirmTokenHash: token.id, locale: input.locale }).where(and(eq(cocreationSubscriptions.id, existing.id), isNull(cocreationSubscriptions.confirmedAt)));
    } else {
      await tx
        .insert(cocreationSubscriptions)
        .values({ processId: p.id, email, locale: input.locale, confirmTokenHash: token.id, unsubscribeToken: randomBytes(32).toString('base64url'), sourceKey: input.sourceKey, createdAt: now })
        .onConflictDoNothing();
    }
    const m = messages(input.locale).cocreation.mail;
    await queueMail(tx, { to: email, subject: m.confirmSubscriptionSubject, text: m.confirmSubscriptionText(confirmUrl(token.token)), meta: { kind: 'cocreation_subscribe', processId: p.id } }, now);
    await recordAudit(tx, { actor: 'public', action: 'cocreation.subscribe', entityType: 'cocreation_process', entityId: p.id });
  });
}

export async function confirmSubscription(db: Database, token: string, now: Date): Promise<{ processId: number }> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(cocreationSubscriptions)
      .set({ confirmedAt: now })
      .where(and(eq(cocreationSubscriptions.confirmTokenHash, tokenId(token)), isNull(cocreationSubscriptions.confirmedAt)))
      .returning({ processId: cocreationSubscriptions.processId });
    if (!row) throw new CocreationError('not_found');
    await recordAudit(tx, { actor: 'public', action: 'cocreation.subscription.confirm', entityType: 'cocreation_process', entityId: row.processId });
    return row;
  });
}

export async function unsubscribe(db: Database, token: string): Promise<{ processId: number }> {
  return db.transaction(async (tx) => {
    const [row] = await tx.delete(cocreationSubscriptions).where(eq(cocreationSubscriptions.unsubscribeToken, token)).returning({ processId: cocreationSubscriptions.processId });
    if (!row) throw new CocreationError('not_found');
    await recordAudit(tx, { actor: 'public', action: 'cocreation.unsubscribe', entityType: 'cocreation_process', entityId: row.processId });
    return row;
  });
}

export type UpdateKind = 'responses' | 'draft_version' | 'approved';

/** Tells every confirmed subscriber of a process about an update, in their language, with an unsubscribe link. */
export async function notifySubscribers(db: Database, processId: number, kind: UpdateKind, link: string, base: string, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const subs = await tx
      .select()
      .from(cocreationSubscriptions)
      .where(and(eq(cocreationSubscriptions.processId, processId), isNotNull(cocreationSubscriptions.confirmedAt)))
      .orderBy(asc(cocreationSubscriptions.id));
    for (const s of subs) {
      const m = messages(s.locale === 'en' ? 'en' : 'es').cocreation.mail;
      // The unsubscribe link goes in the text and in RFC 8058 one-click headers (added when the mail is sent).
      await queueMail(
        tx,
        {
          to: s.email,
          subject: m.updateSubject,
          text: m.updateText(m.updates[kind], `${base}${link}`),
          unsubscribePath: `/co-creation/unsubscribe/${s.unsubscribeToken}`,
          meta: { kind: 'cocreation_update', processId, update: kind, unsubscribeLabel: m.unsubscribeLabel },
        },
        now,
      );
    }
    return subs.length;
  });
}
