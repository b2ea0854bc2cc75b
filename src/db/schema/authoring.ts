import { index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { planPhase } from './plans.js';
import { actionPlans } from './plans.js';

/**
 * Every phase change of an action plan (co-creation → implementation → closed, or back), dated and
 * shown publicly on the plan's page (decision 050). The audit log holds the same change; this table
 * is the public, queryable timeline.
 */
export const planPhaseChanges = pgTable(
  'plan_phase_changes',
  {
    id: serial().primaryKey(),
    planId: integer()
      .notNull()
      .references(() => actionPlans.id, { onDelete: 'cascade' }),
    fromPhase: planPhase(),
    toPhase: planPhase().notNull(),
    /** The person's display name at the time (`user:42` → name), or `system:…` for imports. */
    changedBy: text().notNull(),
    changedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('plan_phase_changes_plan_idx').on(t.planId, t.changedAt)],
);
