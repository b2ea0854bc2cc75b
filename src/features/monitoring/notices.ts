import { and, count, eq, isNull } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client.js';
import { outbox } from '../../db/schema/index.js';
import { recordAudit } from '../../lib/audit.js';

/**
 * In-app notices (issue 8, item 11): the messages addressed to an account, read in "My work". A notice
 * is marked read by its recipient only — a conditional update on the recipient and on `read_at is null`,
 * so marking twice changes nothing and nobody can touch another person's notice.
 */
export async function markNoticeRead(db: Database, input: { userId: number; noticeId: number; now: Date }): Promise<'read' | 'already' | 'not_found'> {
  return db.transaction(async (tx) => {
    const changed = await tx
      .update(outbox)
      .set({ readAt: input.now })
      .where(and(eq(outbox.id, input.noticeId), eq(outbox.userId, input.userId), isNull(outbox.readAt)))
      .returning({ id: outbox.id });
    if (changed.length === 0) {
      const mine = await tx.select({ id: outbox.id }).from(outbox).where(and(eq(outbox.id, input.noticeId), eq(outbox.userId, input.userId))).limit(1);
      return mine.length > 0 ? 'already' : 'not_found';
    }
    await recordAudit(tx, { actor: `user:${input.userId}`, action: 'notice.read', entityType: 'notice', entityId: input.noticeId });
    return 'read';
  });
}

/** Marks every unread notice of the person read; returns how many. */
export async function markAllNoticesRead(db: Database, input: { userId: number; now: Date }): Promise<number> {
  return db.transaction(async (tx) => {
    const changed = await tx
      .update(outbox)
      .set({ readAt: input.now })
      .where(and(eq(outbox.userId, input.userId), isNull(outbox.readAt)))
      .returning({ id: outbox.id });
    if (changed.length > 0) await recordAudit(tx, { actor: `user:${input.userId}`, action: 'notice.read_all', entityType: 'user', entityId: input.userId, details: { count: changed.length } });
    return changed.length;
  });
}

/** How many notices the person has not read (shown in the signed-in navigation). */
export async function unreadNotices(db: Executor, userId: number): Promise<number> {
  const rows = await db.select({ n: count() }).from(outbox).where(and(eq(outbox.userId, userId), isNull(outbox.readAt)));
  return rows[0]?.n ?? 0;
}
