import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgEnum, pgTable, primaryKey, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { localized, timestamps } from './columns.js';
import { commitments, completionLevel, milestones } from './commitments.js';
import { actionPlans } from './plans.js';

/**
 * The monitoring workflow (decision 031): the secretariat opens a reporting period, institution
 * contacts file progress updates per milestone, the secretariat verifies or returns them, forum
 * members contest a milestone's status publicly. Evidence (files and links) lives in `documents`
 * with `subjectType` `progress_update` or `contestation`.
 */
export const reportingPeriods = pgTable(
  'reporting_periods',
  {
    id: serial().primaryKey(),
    planId: integer()
      .notNull()
      .references(() => actionPlans.id, { onDelete: 'restrict' }),
    /** "Primer año", "Informe de seguimiento 2". */
    name: localized(),
    /** The last day updates are expected (inclusive). */
    deadline: date({ mode: 'string' }).notNull(),
    closedAt: timestamp({ withTimezone: true }),
    createdBy: integer().references(() => users.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (t) => [index('reporting_periods_plan_idx').on(t.planId, t.deadline)],
);

export const PROGRESS_UPDATE_STATES = ['draft', 'submitted', 'verified', 'returned'] as const;
export const progressUpdateState = pgEnum('progress_update_state', PROGRESS_UPDATE_STATES);

export const PROGRESS_UPDATE_SOURCES = ['form', 'spreadsheet'] as const;

/** What an institution contact says about one milestone: a draft until submitted; then verified or returned. */
export const progressUpdates = pgTable(
  'progress_updates',
  {
    id: serial().primaryKey(),
    milestoneId: integer()
      .notNull()
      .references(() => milestones.id, { onDelete: 'cascade' }),
    periodId: integer().references(() => reportingPeriods.id, { onDelete: 'set null' }),
    authorId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    status: completionLevel().notNull(),
    narrative: localized(),
    /** The date the status refers to. */
    asOf: date({ mode: 'string' }).notNull(),
    state: progressUpdateState().notNull().default('draft'),
    /** `form` or `spreadsheet` (an institution spreadsheet import). */
    source: text().notNull().default('form'),
    submittedAt: timestamp({ withTimezone: true }),
    /** Who verified or returned it, and when. */
    decidedBy: integer().references(() => users.id, { onDelete: 'set null' }),
    decidedAt: timestamp({ withTimezone: true }),
    returnReason: text(),
    /** The milestone's public status just before this update was verified (for the history). */
    previousStatus: completionLevel(),
    ...timestamps,
  },
  (t) => [
    index('progress_updates_milestone_idx').on(t.milestoneId, t.state),
    index('progress_updates_author_idx').on(t.authorId),
    check('progress_updates_source', sql`${t.source} in ('form', 'spreadsheet')`),
  ],
);

/** A forum member's public objection to a milestone's status, with a comment (and evidence in `documents`). */
export const contestations = pgTable(
  'contestations',
  {
    id: serial().primaryKey(),
    milestoneId: integer()
      .notNull()
      .references(() => milestones.id, { onDelete: 'cascade' }),
    /** The verified update whose status is contested, when there is one (else the imported status). */
    progressUpdateId: integer().references(() => progressUpdates.id, { onDelete: 'set null' }),
    /** The status contested, as shown when contested. */
    contestedStatus: completionLevel(),
    authorId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    comment: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('contestations_milestone_idx').on(t.milestoneId, t.createdAt)],
);

/** Someone follows a commitment: its changes reach them by e-mail and in the app. */
export const follows = pgTable(
  'follows',
  {
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    commitmentId: integer()
      .notNull()
      .references(() => commitments.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.commitmentId] }), index('follows_commitment_idx').on(t.commitmentId)],
);

/** Reminders already sent, by a key that says what they were about: never the same reminder twice. */
export const remindersSent = pgTable('reminders_sent', {
  key: text().primaryKey(),
  userId: integer().references(() => users.id, { onDelete: 'cascade' }),
  sentAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
