import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgEnum, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { LocalizedText } from '../../lib/localized.js';
import { users } from './accounts.js';
import { localized, localizedList, monthCheck, monthColumn, timestamps } from './columns.js';
import { commitments, completionLevel } from './commitments.js';
import { actionPlans } from './plans.js';

/** The two self-assessments OGP asks of a government: at mid-term and at the end of the plan. */
export const SELF_ASSESSMENT_KINDS = ['mid_term', 'end_of_term'] as const;
export const selfAssessmentKind = pgEnum('self_assessment_kind', SELF_ASSESSMENT_KINDS);

/**
 * The report-level sections of a self-assessment, written by the secretariat (es/en). The
 * commitments' part is generated from the data; these are the texts around it. One row per plan
 * and kind; every change is audited with its previous values.
 */
export const selfAssessmentSections = pgTable(
  'self_assessment_sections',
  {
    id: serial().primaryKey(),
    planId: integer()
      .notNull()
      .references(() => actionPlans.id, { onDelete: 'restrict' }),
    kind: selfAssessmentKind().notNull(),
    introduction: localized(),
    coCreation: localized(),
    irmRecommendations: localized(),
    lessons: localized(),
    conclusions: localized(),
    updatedBy: integer().references(() => users.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (t) => [uniqueIndex('self_assessment_sections_plan_kind_unique').on(t.planId, t.kind)],
);

/**
 * "Reporte de seguimiento n° N": a snapshot of a plan at a cut-off date, published by the
 * secretariat. Once published it never changes (a trigger refuses UPDATE and DELETE of a
 * published report and of its snapshot rows).
 */
export const followUpReports = pgTable(
  'follow_up_reports',
  {
    id: serial().primaryKey(),
    planId: integer()
      .notNull()
      .references(() => actionPlans.id, { onDelete: 'restrict' }),
    /** 1, 2, 3 … within the plan. */
    number: integer().notNull(),
    /** The date the snapshot is of. */
    cutOffDate: date({ mode: 'string' }).notNull(),
    /** What the secretariat says about this report (optional). */
    note: localized(),
    /** The plan's title when published, kept with the snapshot. */
    planTitle: localized(),
    publishedAt: timestamp({ withTimezone: true }).notNull(),
    publishedBy: integer().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('follow_up_reports_plan_number_unique').on(t.planId, t.number),
    check('follow_up_reports_number_positive', sql`${t.number} > 0`),
  ],
);

/** One milestone as it stood in a follow-up report (commitment fields repeated: the snapshot stands alone). */
export const followUpReportMilestones = pgTable(
  'follow_up_report_milestones',
  {
    id: serial().primaryKey(),
    reportId: integer()
      .notNull()
      .references(() => followUpReports.id, { onDelete: 'restrict' }),
    commitmentId: integer().references(() => commitments.id, { onDelete: 'set null' }),
    commitmentNumber: text().notNull(),
    commitmentPosition: integer().notNull(),
    commitmentTitle: localized(),
    commitmentCompletion: completionLevel(),
    /** Null for a commitment without milestones (kept so that it still appears). */
    milestoneId: integer(),
    milestoneNumber: integer(),
    milestoneTitle: localized(),
    plannedStart: monthColumn(),
    plannedEnd: monthColumn(),
    status: completionLevel(),
    /** Computed at the cut-off date (decision 004). */
    delayed: boolean().notNull().default(false),
    /** An open contestation stood against the status at the cut-off date (decision 042). */
    contested: boolean().notNull().default(false),
    subItems: localizedList(),
    /** The public narrative from the newest verified report at publication, its as-of date and public evidence (issue 8). */
    verifiedNarrative: localized(),
    verifiedAsOf: date({ mode: 'string' }),
    verifiedEvidence: jsonb().$type<{ title: LocalizedText; href: string }[]>().notNull().default([]),
  },
  (t) => [
    index('follow_up_report_milestones_report_idx').on(t.reportId, t.commitmentPosition, t.milestoneNumber),
    monthCheck('follow_up_report_milestones_start_check', t.plannedStart),
    monthCheck('follow_up_report_milestones_end_check', t.plannedEnd),
  ],
);

export type FollowUpSnapshotRow = typeof followUpReportMilestones.$inferSelect;
