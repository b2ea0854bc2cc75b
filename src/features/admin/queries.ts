import { desc, eq, lt } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { auditLog, outbox } from '../../db/schema/index.js';

export const AUDIT_PAGE = 100;

/** The audit log, newest first, a page at a time (`before` = the last id seen). */
export async function auditPage(db: Executor, before: number | null) {
  const rows = await db
    .select()
    .from(auditLog)
    .where(before === null ? undefined : lt(auditLog.id, before))
    .orderBy(desc(auditLog.id))
    .limit(AUDIT_PAGE + 1);
  return { rows: rows.slice(0, AUDIT_PAGE), more: rows.length > AUDIT_PAGE };
}

/** The outbox, newest first; or one person's messages (their in-app notifications). */
export async function outboxPage(db: Executor, options: { userId?: number; limit?: number } = {}) {
  return db
    .select()
    .from(outbox)
    .where(options.userId === undefined ? undefined : eq(outbox.userId, options.userId))
    .orderBy(desc(outbox.id))
    .limit(options.limit ?? 200);
}
