import { bigserial, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Every write, with who did it and when. Append-only: the application never updates or deletes a
 * row (and a trigger in the migrations refuses it).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** `system:demo`, `cli`, `user:42` … */
    actor: text().notNull(),
    /** Verb-noun of the command: `commitment.import`, `plan.create`. */
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text().notNull(),
    /** What changed: `{ before, after }` or the command's input. */
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('audit_log_entity_idx').on(t.entityType, t.entityId)],
);
