import { boolean, integer, pgEnum, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { PLAN_PHASES } from '../../lib/levels.js';
import { localized, versionColumn, monthCheck, monthColumn, timestamps } from './columns.js';
import { members } from './members.js';

export const planPhase = pgEnum('plan_phase', PLAN_PHASES);

/** An action plan: "Tercer Plan de Acción de Gobierno Abierto 2016–2018". */
export const actionPlans = pgTable(
  'action_plans',
  {
    id: serial().primaryKey(),
    memberId: integer()
      .notNull()
      .references(() => members.id, { onDelete: 'restrict' }),
    /** 3 for the 3rd plan. */
    number: integer().notNull(),
    /** OGP's id when known: `AP_CHL03`. */
    ogpId: text(),
    title: localized(),
    startMonth: monthColumn().notNull(),
    endMonth: monthColumn().notNull(),
    phase: planPhase().notNull().default('implementation'),
    description: localized(),
    /** A practice plan (`npm run abierto -- demo practice`, decision 055): labelled as practice on every page, API and export. */
    practice: boolean().notNull().default(false),
    version: versionColumn(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('action_plans_member_number_unique').on(t.memberId, t.number),
    uniqueIndex('action_plans_ogp_id_unique').on(t.ogpId),
    monthCheck('action_plans_start_month_check', t.startMonth),
    monthCheck('action_plans_end_month_check', t.endMonth),
  ],
);
