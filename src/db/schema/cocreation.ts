import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgEnum, pgTable, primaryKey, serial, text, timestamp, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { LocalizedText } from '../../lib/localized.js';
import { users } from './accounts.js';
import { localized, timestamps } from './columns.js';
import { commitments } from './commitments.js';
import { meetings } from './forum.js';
import { members } from './members.js';
import { actionPlans } from './plans.js';

/** The phases of a co-creation process, in their usual order (decision 080). */
export const COCREATION_PHASES = ['process_design', 'call_for_proposals', 'working_tables', 'drafting', 'consultation', 'approval'] as const;
export const cocreationPhaseKind = pgEnum('cocreation_phase_kind', COCREATION_PHASES);

/** OGP's four values, one chosen per proposal. */
export const OGP_VALUES = ['access_to_information', 'civic_participation', 'public_accountability', 'technology_innovation'] as const;
export const ogpValue = pgEnum('ogp_value', OGP_VALUES);

/** What became of a proposal (its reasoned response). */
export const RESPONSE_STATES = ['incorporated', 'merged', 'not_incorporated', 'out_of_scope'] as const;
export const proposalResponseState = pgEnum('proposal_response_state', RESPONSE_STATES);

/** The optional prioritisation vote: none, one per person (account) or one per organisation. */
export const VOTE_MODES = ['none', 'person', 'organisation'] as const;
export const voteMode = pgEnum('cocreation_vote_mode', VOTE_MODES);

/** The co-creation of a member's next action plan. */
export const cocreationProcesses = pgTable('cocreation_processes', {
  id: serial().primaryKey(),
  memberId: integer()
    .notNull()
    .references(() => members.id, { onDelete: 'restrict' }),
  /** The number the new plan will have (5 for the 5th plan). */
  planNumber: integer().notNull(),
  title: localized(),
  description: localized(),
  voteMode: voteMode().notNull().default('none'),
  /** When the calendar was made public; null while it is being prepared (the process is not public). */
  calendarPublishedAt: timestamp({ withTimezone: true }),
  /** The plan the approved drafts became. */
  planId: integer().references(() => actionPlans.id, { onDelete: 'restrict' }),
  approvedAt: timestamp({ withTimezone: true }),
  ...timestamps,
});

export const cocreationPhases = pgTable(
  'cocreation_phases',
  {
    id: serial().primaryKey(),
    processId: integer()
      .notNull()
      .references(() => cocreationProcesses.id, { onDelete: 'cascade' }),
    kind: cocreationPhaseKind().notNull(),
    startsOn: date({ mode: 'string' }).notNull(),
    endsOn: date({ mode: 'string' }).notNull(),
    /** The dates as announced when the calendar was published (the checklist compares against them). */
    announcedStartsOn: date({ mode: 'string' }),
    announcedEndsOn: date({ mode: 'string' }),
    /** What is open to the public in this phase. */
    whatIsOpen: localized(),
  },
  (t) => [uniqueIndex('cocreation_phases_process_kind_unique').on(t.processId, t.kind), check('cocreation_phases_dates', sql`${t.endsOn} >= ${t.startsOn}`)],
);

/**
 * A working table (*mesa temática*) of a co-creation process (decision 082). Its sessions can be
 * meetings of kind `working_table` (decision 084): `meetingId` references the meeting.
 */
export const workingTables = pgTable('working_tables', {
  id: serial().primaryKey(),
  processId: integer()
    .notNull()
    .references(() => cocreationProcesses.id, { onDelete: 'cascade' }),
  name: localized(),
  theme: localized(),
  startsOn: date({ mode: 'string' }),
  endsOn: date({ mode: 'string' }),
  /** The table's standing meeting, when it has one (decision 084). */
  meetingId: integer().references(() => meetings.id, { onDelete: 'set null' }),
  ...timestamps,
});

/** One session of a working table. */
export const workingTableSessions = pgTable('working_table_sessions', {
  id: serial().primaryKey(),
  workingTableId: integer()
    .notNull()
    .references(() => workingTables.id, { onDelete: 'cascade' }),
  heldOn: date({ mode: 'string' }).notNull(),
  summary: localized(),
  /** The meeting (kind `working_table`) this session was, when convened on the platform (decision 084). */
  meetingId: integer().references(() => meetings.id, { onDelete: 'set null' }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** What a draft commitment holds: the full template, with milestones (each version stores it whole). */
export interface DraftFields {
  title: LocalizedText;
  problem: LocalizedText;
  objective: LocalizedText;
  description: LocalizedText;
  howItSolves: LocalizedText;
  relevance: LocalizedText;
  ambition: LocalizedText;
  leadInstitution: string;
  startMonth: string;
  endMonth: string;
  values: string[];
  milestones: { title: LocalizedText; start: string; end: string }[];
}

/** A draft commitment produced by a working table. */
export const draftCommitments = pgTable('draft_commitments', {
  id: serial().primaryKey(),
  processId: integer()
    .notNull()
    .references(() => cocreationProcesses.id, { onDelete: 'cascade' }),
  workingTableId: integer().references(() => workingTables.id, { onDelete: 'set null' }),
  /** The latest version's number. */
  currentVersion: integer().notNull().default(1),
  /** The commitment it became on approval. */
  commitmentId: integer().references(() => commitments.id, { onDelete: 'set null' }),
  ...timestamps,
});

export const draftVersions = pgTable(
  'draft_versions',
  {
    id: serial().primaryKey(),
    draftId: integer()
      .notNull()
      .references(() => draftCommitments.id, { onDelete: 'cascade' }),
    number: integer().notNull(),
    fields: jsonb().$type<DraftFields>().notNull(),
    /** What changed and why. */
    changeNote: localized(),
    createdBy: integer().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('draft_versions_draft_number_unique').on(t.draftId, t.number)],
);

/** A public comment on one field of a draft, during the consultation phase. */
export const draftComments = pgTable(
  'draft_comments',
  {
    id: serial().primaryKey(),
    draftId: integer()
      .notNull()
      .references(() => draftCommitments.id, { onDelete: 'cascade' }),
    /** The version it was written on. */
    versionNumber: integer().notNull(),
    field: text().notNull(),
    body: text().notNull(),
    authorUserId: integer().references(() => users.id, { onDelete: 'set null' }),
    authorName: text().notNull(),
    authorEmail: text(),
    /** SHA-256 of the e-mail confirmation token; null for comments by an account. */
    confirmTokenHash: text(),
    /** Public only once confirmed (at once for an account). */
    confirmedAt: timestamp({ withTimezone: true }),
    sourceKey: text(),
    hiddenAt: timestamp({ withTimezone: true }),
    hiddenReason: localized(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('draft_comments_draft_idx').on(t.draftId, t.id), check('draft_comments_author', sql`${t.authorUserId} is not null or ${t.authorEmail} is not null`)],
);

/** The comments that led to a version. */
export const draftVersionComments = pgTable(
  'draft_version_comments',
  {
    versionId: integer()
      .notNull()
      .references(() => draftVersions.id, { onDelete: 'cascade' }),
    commentId: integer()
      .notNull()
      .references(() => draftComments.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.commentId] })],
);

/** A proposal from anyone: a problem and a commitment idea. */
export const proposals = pgTable(
  'proposals',
  {
    id: serial().primaryKey(),
    processId: integer()
      .notNull()
      .references(() => cocreationProcesses.id, { onDelete: 'cascade' }),
    title: text().notNull(),
    problem: text().notNull(),
    idea: text().notNull(),
    theme: text().notNull(),
    ogpValue: ogpValue().notNull(),
    locale: text().notNull().default('es'),
    authorUserId: integer().references(() => users.id, { onDelete: 'set null' }),
    authorName: text().notNull(),
    authorEmail: text(),
    organisation: text(),
    confirmTokenHash: text(),
    /** Public only once confirmed (at once for an account). */
    confirmedAt: timestamp({ withTimezone: true }),
    /** A keyed hash of the sender's address, for the rate limit (never the address itself). */
    sourceKey: text(),
    hiddenAt: timestamp({ withTimezone: true }),
    hiddenReason: localized(),
    /** Grouped as a duplicate of another proposal. */
    duplicateOfId: integer().references((): AnyPgColumn => proposals.id, { onDelete: 'set null' }),
    workingTableId: integer().references(() => workingTables.id, { onDelete: 'set null' }),
    // The reasoned response: written (draft), then published together with others.
    responseState: proposalResponseState(),
    responseReason: localized(),
    responseDraftId: integer().references(() => draftCommitments.id, { onDelete: 'set null' }),
    responseMergedWithId: integer().references((): AnyPgColumn => proposals.id, { onDelete: 'set null' }),
    responseWrittenAt: timestamp({ withTimezone: true }),
    responseWrittenBy: integer().references(() => users.id, { onDelete: 'set null' }),
    responsePublishedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('proposals_process_idx').on(t.processId, t.id),
    check('proposals_author', sql`${t.authorUserId} is not null or ${t.authorEmail} is not null`),
    check('proposals_incorporated_has_draft', sql`${t.responseState} is distinct from 'incorporated' or ${t.responseDraftId} is not null`),
    check('proposals_merged_has_target', sql`${t.responseState} is distinct from 'merged' or ${t.responseMergedWithId} is not null`),
    check('proposals_published_has_state', sql`${t.responsePublishedAt} is null or ${t.responseState} is not null`),
  ],
);

/** A prioritisation vote: one per voter (an account, or an organisation) and proposal, enforced by the database. */
export const proposalVotes = pgTable(
  'proposal_votes',
  {
    id: serial().primaryKey(),
    proposalId: integer()
      .notNull()
      .references(() => proposals.id, { onDelete: 'cascade' }),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** `user:42` or `org:<folded organisation name>` according to the process's vote mode. */
    voterKey: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('proposal_votes_voter_unique').on(t.proposalId, t.voterKey)],
);

/** A reusable answer (state + reason es/en) for a process. */
export const answerTemplates = pgTable('answer_templates', {
  id: serial().primaryKey(),
  processId: integer()
    .notNull()
    .references(() => cocreationProcesses.id, { onDelete: 'cascade' }),
  name: text().notNull(),
  state: proposalResponseState().notNull(),
  reason: localized(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** E-mail subscriptions to a process's updates (confirmed by a link; each message carries an unsubscribe link). */
export const cocreationSubscriptions = pgTable(
  'cocreation_subscriptions',
  {
    id: serial().primaryKey(),
    processId: integer()
      .notNull()
      .references(() => cocreationProcesses.id, { onDelete: 'cascade' }),
    email: text().notNull(),
    locale: text().notNull().default('es'),
    /** SHA-256 of the confirmation token. */
    confirmTokenHash: text().notNull(),
    confirmedAt: timestamp({ withTimezone: true }),
    /** The unsubscribe link's token, kept in clear so that every message can carry it. */
    unsubscribeToken: text().notNull(),
    sourceKey: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('cocreation_subscriptions_process_email_unique').on(t.processId, t.email), uniqueIndex('cocreation_subscriptions_unsubscribe_unique').on(t.unsubscribeToken)],
);
