import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgEnum, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
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

/**
 * `superseded`: a submitted report replaced by a newer submission on the same milestone before it was
 * decided (decision 040); it stays in the history.
 */
export const PROGRESS_UPDATE_STATES = ['draft', 'submitted', 'verified', 'returned', 'superseded'] as const;
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
    /** The newer submission that replaced this one while it awaited verification. */
    supersededBy: integer(),
    ...timestamps,
  },
  (t) => [
    index('progress_updates_milestone_idx').on(t.milestoneId, t.state),
    /** At most one report awaiting verification per milestone (decision 040). */
    uniqueIndex('progress_updates_one_pending').on(t.milestoneId).where(sql`${t.state} = 'submitted'`),
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
    /** `open` until the secretariat resolves it as `upheld` or `dismissed`, with a reason (decision 042). */
    state: text().notNull().default('open'),
    resolvedBy: integer().references(() => users.id, { onDelete: 'set null' }),
    resolvedAt: timestamp({ withTimezone: true }),
    resolution: text(),
  },
  (t) => [
    index('contestations_milestone_idx').on(t.milestoneId, t.createdAt),
    /** One open contestation per person and milestone: more goes in its replies (decision 042). */
    uniqueIndex('contestations_one_open').on(t.milestoneId, t.authorId).where(sql`${t.state} = 'open'`),
    check('contestations_state', sql`${t.state} in ('open', 'upheld', 'dismissed')`),
  ],
);

/** Public replies to a contestation, by the secretariat or the lead institution's contacts (or its author). */
export const contestationReplies = pgTable(
  'contestation_replies',
  {
    id: serial().primaryKey(),
    contestationId: integer()
      .notNull()
      .references(() => contestations.id, { onDelete: 'cascade' }),
    authorId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    /** In what capacity they answered: `secretariat`, `institution`, `author`. */
    capacity: text().notNull(),
    body: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('contestation_replies_idx').on(t.contestationId, t.createdAt)],
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
