import { sql } from 'drizzle-orm';
import { boolean, check, date, foreignKey, index, integer, jsonb, pgEnum, pgTable, primaryKey, serial, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { localized, timestamps } from './columns.js';
import { commitments } from './commitments.js';
import { documents, files } from './documents.js';
import { institutions } from './institutions.js';
import { members } from './members.js';

/**
 * The multistakeholder forum (issue 11, decisions 070–073): a forum of a member, its sectors and seats
 * (Popolo *posts*), memberships with dates (Popolo *memberships*), the network of organisations,
 * elections of a sector's seats with a secret ballot, and meetings with agreements and minutes.
 */

/** Kinds of organisation in the network; a sector elected from the network names the kind that votes. */
export const ORGANISATION_KINDS = ['civil_society', 'academia', 'private_sector', 'multilateral'] as const;
export const organisationKind = pgEnum('organisation_kind', ORGANISATION_KINDS);

export const forums = pgTable(
  'forums',
  {
    id: serial().primaryKey(),
    memberId: integer()
      .notNull()
      .references(() => members.id, { onDelete: 'restrict' }),
    name: localized(),
    /** What the forum does (its functions), as written in its founding resolution. */
    functions: localized(),
    /** The rules of participation: a document of the repository. */
    rulesDocumentId: integer().references(() => documents.id, { onDelete: 'set null' }),
    /** Quorum: the share of titular seats held that must attend (percent, e.g. 50 = more than half). */
    quorumPercent: integer().notNull().default(50),
    ...timestamps,
  },
  (t) => [index('forums_member_idx').on(t.memberId), check('forums_quorum_range', sql`${t.quorumPercent} between 1 and 100`)],
);

/** A sector of the forum (government, civil society, academia, observer … — configurable per forum). */
export const forumSectors = pgTable(
  'forum_sectors',
  {
    id: serial().primaryKey(),
    forumId: integer()
      .notNull()
      .references(() => forums.id, { onDelete: 'cascade' }),
    /** Stable code: `government`, `civil_society`, `academia`, `observer` … */
    code: text().notNull(),
    name: localized(),
    position: integer().notNull().default(0),
    /** The kind of network organisation that elects this sector's seats; null = appointed (government, observers). */
    electedBy: organisationKind(),
  },
  (t) => [uniqueIndex('forum_sectors_code_unique').on(t.forumId, t.code), check('forum_sectors_code_format', sql`${t.code} ~ '^[a-z][a-z_]{1,39}$'`)],
);

/** A seat (Popolo *post*): a place in a sector that a person holds for a term. */
export const forumSeats = pgTable(
  'forum_seats',
  {
    id: serial().primaryKey(),
    sectorId: integer()
      .notNull()
      .references(() => forumSectors.id, { onDelete: 'cascade' }),
    label: localized(),
    position: integer().notNull().default(0),
  },
  (t) => [index('forum_seats_sector_idx').on(t.sectorId, t.position)],
);

/** Organisations: the network's members and applicants. */
export const organisations = pgTable(
  'organisations',
  {
    id: serial().primaryKey(),
    memberId: integer()
      .notNull()
      .references(() => members.id, { onDelete: 'restrict' }),
    name: text().notNull(),
    kind: organisationKind().notNull(),
    region: text().notNull().default(''),
    mission: text().notNull().default(''),
    focusAreas: jsonb().$type<string[]>().notNull().default([]),
    website: text(),
    /** The designated representative: the one person who votes for the organisation in elections. */
    representativeUserId: integer().references(() => users.id, { onDelete: 'set null' }),
    /** Null until the organisation joins the network (an accepted application). */
    joinedNetworkAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('organisations_name_unique').on(t.memberId, sql`lower(${t.name})`),
    index('organisations_representative_idx').on(t.representativeUserId),
    check('organisations_website_scheme', sql`${t.website} is null or ${t.website} ~ '^https?://'`),
  ],
);

export const MEMBERSHIP_ROLES = ['titular', 'alternate'] as const;
export const membershipRole = pgEnum('forum_membership_role', MEMBERSHIP_ROLES);

/**
 * A membership (Popolo): a person holds a seat on behalf of an organisation or an institution from
 * a start date to an end date, as titular or alternate. The forum's history is its memberships.
 */
export const forumMemberships = pgTable(
  'forum_memberships',
  {
    id: serial().primaryKey(),
    seatId: integer()
      .notNull()
      .references(() => forumSeats.id, { onDelete: 'restrict' }),
    personName: text().notNull(),
    userId: integer().references(() => users.id, { onDelete: 'set null' }),
    organisationId: integer().references(() => organisations.id, { onDelete: 'restrict' }),
    institutionId: integer().references(() => institutions.id, { onDelete: 'restrict' }),
    role: membershipRole().notNull().default('titular'),
    startDate: date({ mode: 'string' }).notNull(),
    endDate: date({ mode: 'string' }),
    /** Why the membership ended before its term (an early end by the secretariat); public. */
    endReason: text(),
    /** The election that seated them, when elected. */
    electionId: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('forum_memberships_seat_idx').on(t.seatId, t.startDate),
    check('forum_memberships_dates', sql`${t.endDate} is null or ${t.endDate} >= ${t.startDate}`),
    check('forum_memberships_on_behalf', sql`not (${t.organisationId} is not null and ${t.institutionId} is not null)`),
  ],
);

// ——— open calls to join the network (decision 073) ———

export const OPEN_CALL_STATES = ['draft', 'open', 'closed'] as const;
export const openCallState = pgEnum('open_call_state', OPEN_CALL_STATES);

/**
 * An open call to join a member's network. `draft` → `open` (published) → `closed` by hand; an open
 * call is also closed once its closing day has passed (computed from the dates, no cron).
 */
export const openCalls = pgTable(
  'open_calls',
  {
    id: serial().primaryKey(),
    forumId: integer()
      .notNull()
      .references(() => forums.id, { onDelete: 'cascade' }),
    title: localized(),
    eligibility: localized(),
    opensOn: date({ mode: 'string' }).notNull(),
    closesOn: date({ mode: 'string' }).notNull(),
    /** Kinds of organisation that may apply (at least one). */
    kinds: jsonb().$type<string[]>().notNull().default([]),
    state: openCallState().notNull().default('draft'),
    publishedAt: timestamp({ withTimezone: true }),
    closedAt: timestamp({ withTimezone: true }),
    createdBy: integer().references(() => users.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (t) => [check('open_calls_dates', sql`${t.closesOn} >= ${t.opensOn}`), index('open_calls_forum_idx').on(t.forumId, t.opensOn)],
);

export const APPLICATION_STATES = ['unconfirmed', 'submitted', 'more_info_requested', 'accepted', 'rejected'] as const;
export const applicationState = pgEnum('application_state', APPLICATION_STATES);

/**
 * An application to an open call, by an account or by an e-mail address confirmed with a link
 * (`unconfirmed` until followed). Private: only its applicant and the secretariat see it.
 */
export const callApplications = pgTable(
  'call_applications',
  {
    id: serial().primaryKey(),
    callId: integer()
      .notNull()
      .references(() => openCalls.id, { onDelete: 'restrict' }),
    /** The account that applied; null when the applicant applied with an e-mail address. */
    applicantUserId: integer().references(() => users.id, { onDelete: 'restrict' }),
    /** The e-mail an applicant without an account confirmed (lower case). */
    applicantEmail: text(),
    /** SHA-256 of the single-use confirmation link's secret, until it is followed. */
    confirmTokenHash: text(),
    confirmExpiresAt: timestamp({ withTimezone: true }),
    /** SHA-256 of the private link to the application's page (e-mail applicants); the newest link sent. */
    accessTokenHash: text(),
    locale: text().notNull().default('es'),
    /** A keyed hash of the sender's address (rate limit), never the address. */
    sourceKey: text().notNull().default(''),
    organisationName: text().notNull(),
    kind: organisationKind().notNull(),
    region: text().notNull().default(''),
    website: text(),
    mission: text().notNull().default(''),
    focusAreas: jsonb().$type<string[]>().notNull().default([]),
    legalRepresentative: text().notNull(),
    representativeName: text().notNull().default(''),
    representativeEmail: text().notNull().default(''),
    experience: text().notNull().default(''),
    motivation: text().notNull().default(''),
    contribution: text().notNull().default(''),
    regionalPresence: text().notNull().default(''),
    state: applicationState().notNull().default('submitted'),
    submittedAt: timestamp({ withTimezone: true }),
    /** The secretariat's reason (accept, reject) or question (more information); the applicant sees it. */
    reason: text(),
    organisationId: integer().references(() => organisations.id, { onDelete: 'set null' }),
    decidedBy: integer().references(() => users.id, { onDelete: 'set null' }),
    decidedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    index('call_applications_call_idx').on(t.callId, t.state),
    index('call_applications_applicant_idx').on(t.applicantUserId),
    index('call_applications_source_idx').on(t.sourceKey, t.createdAt),
    uniqueIndex('call_applications_confirm_token').on(t.confirmTokenHash),
    uniqueIndex('call_applications_access_token').on(t.accessTokenHash),
    check('call_applications_applicant', sql`${t.applicantUserId} is not null or ${t.applicantEmail} is not null`),
    check('call_applications_website_scheme', sql`${t.website} is null or ${t.website} ~ '^https?://'`),
  ],
);

/** The exchange on an application: the secretariat's requests and decisions, the applicant's answers. */
export const CALL_APPLICATION_NOTE_KINDS = ['request', 'answer', 'decision'] as const;
export const callApplicationNotes = pgTable(
  'call_application_notes',
  {
    id: serial().primaryKey(),
    applicationId: integer()
      .notNull()
      .references(() => callApplications.id, { onDelete: 'cascade' }),
    kind: text().$type<(typeof CALL_APPLICATION_NOTE_KINDS)[number]>().notNull(),
    body: text().notNull(),
    authorName: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('call_application_notes_idx').on(t.applicationId, t.createdAt), check('call_application_notes_kind', sql`${t.kind} in ('request', 'answer', 'decision')`)],
);

/** Supporting documents of an application (stored once in `files`, checked by content and size). Private. */
export const callApplicationFiles = pgTable(
  'call_application_files',
  {
    id: serial().primaryKey(),
    applicationId: integer()
      .notNull()
      .references(() => callApplications.id, { onDelete: 'cascade' }),
    fileSha256: text()
      .notNull()
      .references(() => files.sha256, { onDelete: 'restrict' }),
    fileName: text().notNull(),
    mediaType: text().notNull(),
    size: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('call_application_files_idx').on(t.applicationId)],
);

// ——— elections (decision 071) ———

export const ELECTION_PHASES = ['nominations', 'voting', 'published'] as const;
export const electionPhase = pgEnum('election_phase', ELECTION_PHASES);
export const TIE_RULES = ['draw', 'runoff'] as const;
export const tieRule = pgEnum('election_tie_rule', TIE_RULES);

export const elections = pgTable(
  'elections',
  {
    id: serial().primaryKey(),
    forumId: integer()
      .notNull()
      .references(() => forums.id, { onDelete: 'restrict' }),
    sectorId: integer()
      .notNull()
      .references(() => forumSectors.id, { onDelete: 'restrict' }),
    title: localized(),
    phase: electionPhase().notNull().default('nominations'),
    /** A secret election can never be made non-secret (trigger). */
    secret: boolean().notNull().default(true),
    /** Seats to fill; each voter marks up to this many candidates. */
    seats: integer().notNull(),
    tieRule: tieRule().notNull().default('draw'),
    termStart: date({ mode: 'string' }).notNull(),
    termEnd: date({ mode: 'string' }).notNull(),
    /** The frozen roll, set when voting opens. */
    rollFrozenAt: timestamp({ withTimezone: true }),
    rollCount: integer(),
    rollSha256: text(),
    /** Running count and order-independent digest of the ballot box, updated under a row lock at each vote. */
    boxCount: integer().notNull().default(0),
    boxDigest: text().notNull().default('0'.repeat(64)),
    closedAt: timestamp({ withTimezone: true }),
    /** At close: head of the chain over the receipts in receipt order (anyone can recompute it). */
    receiptChainHead: text(),
    /** At close: head of the chain over (receipt, choices) in receipt order (an auditor recomputes it from the database). */
    ballotChainHead: text(),
    /** At close, for a draw: the published seed the tie-break is computed from. */
    drawSeed: text(),
    /** Published results (null before close: nothing early). */
    results: jsonb().$type<Record<string, unknown>>(),
    ...timestamps,
  },
  (t) => [
    index('elections_forum_idx').on(t.forumId),
    check('elections_seats_positive', sql`${t.seats} between 1 and 50`),
    check('elections_term', sql`${t.termEnd} > ${t.termStart}`),
    check('elections_results_only_published', sql`${t.phase} = 'published' or ${t.results} is null`),
    check('elections_roll_when_voting', sql`${t.phase} = 'nominations' or ${t.rollSha256} is not null`),
  ],
);

/** A candidate: a person nominated by an organisation of the network; stands once they accept. */
export const electionCandidates = pgTable(
  'election_candidates',
  {
    id: serial().primaryKey(),
    electionId: integer()
      .notNull()
      .references(() => elections.id, { onDelete: 'restrict' }),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    personName: text().notNull(),
    organisationId: integer()
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    nominatedBy: integer().references(() => users.id, { onDelete: 'set null' }),
    acceptedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('election_candidates_unique').on(t.electionId, t.userId)],
);

/** The electoral roll, frozen when voting opens: one designated voter per accepted organisation of the sector. */
export const electionRoll = pgTable(
  'election_roll',
  {
    electionId: integer()
      .notNull()
      .references(() => elections.id, { onDelete: 'restrict' }),
    organisationId: integer()
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    organisationName: text().notNull(),
    voterUserId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    voterName: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.electionId, t.organisationId] }), index('election_roll_voter_idx').on(t.voterUserId)],
);

/**
 * Who has voted: one row per roll entry, unique — inserted in the same transaction as the ballot.
 * Only the day, never the time. Nothing here names a ballot.
 */
export const electionVoters = pgTable(
  'election_voters',
  {
    electionId: integer().notNull(),
    organisationId: integer().notNull(),
    votedOn: date({ mode: 'string' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.electionId, t.organisationId] }),
    foreignKey({ name: 'election_voters_roll_fk', columns: [t.electionId, t.organisationId], foreignColumns: [electionRoll.electionId, electionRoll.organisationId] }).onDelete('restrict'),
  ],
);

/**
 * The ballots: random ids, a random receipt code, the choices — no voter, no time, no sequence.
 * `chainHash` is written once, at close, in receipt order (decision 071).
 */
export const electionBallots = pgTable(
  'election_ballots',
  {
    id: uuid().primaryKey(),
    electionId: integer()
      .notNull()
      .references(() => elections.id, { onDelete: 'restrict' }),
    receipt: text().notNull(),
    /** Candidate ids marked, ascending; empty = blank ballot. */
    choices: jsonb().$type<number[]>().notNull(),
    /** A null ballot: spoiled on purpose (marked "null"). */
    spoiled: boolean().notNull().default(false),
    chainHash: text(),
  },
  (t) => [uniqueIndex('election_ballots_receipt_unique').on(t.electionId, t.receipt)],
);

// ——— meetings (decision 073): of a forum, and reused for co-creation's working tables ———

export const MEETING_KINDS = ['forum', 'working_table'] as const;
export const meetingKind = pgEnum('meeting_kind', MEETING_KINDS);

export const meetings = pgTable(
  'meetings',
  {
    id: serial().primaryKey(),
    forumId: integer().references(() => forums.id, { onDelete: 'restrict' }),
    /** Who owns it when it is not a forum meeting (e.g. a co-creation process): `{ type, id }` by convention. */
    subjectType: text(),
    subjectId: integer(),
    kind: meetingKind().notNull().default('forum'),
    title: localized(),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    place: text().notNull().default(''),
    link: text(),
    cancelledAt: timestamp({ withTimezone: true }),
    createdBy: integer().references(() => users.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (t) => [
    index('meetings_forum_idx').on(t.forumId, t.startsAt),
    index('meetings_subject_idx').on(t.subjectType, t.subjectId),
    check('meetings_times', sql`${t.endsAt} > ${t.startsAt}`),
    check('meetings_link_scheme', sql`${t.link} is null or ${t.link} ~ '^https?://'`),
  ],
);

export const meetingAgendaItems = pgTable(
  'meeting_agenda_items',
  {
    id: serial().primaryKey(),
    meetingId: integer()
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
    title: text().notNull(),
    minutes: integer().notNull(),
    presenter: text().notNull().default(''),
    commitmentId: integer().references(() => commitments.id, { onDelete: 'set null' }),
  },
  (t) => [uniqueIndex('meeting_agenda_items_position').on(t.meetingId, t.position), check('meeting_agenda_minutes', sql`${t.minutes} between 1 and 600`)],
);

/** Commitments reviewed at a meeting, with what the institution presented. */
export const meetingCommitments = pgTable(
  'meeting_commitments',
  {
    meetingId: integer()
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    commitmentId: integer()
      .notNull()
      .references(() => commitments.id, { onDelete: 'restrict' }),
    presented: text().notNull().default(''),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.commitmentId] })],
);

export const meetingInvitees = pgTable(
  'meeting_invitees',
  {
    id: serial().primaryKey(),
    meetingId: integer()
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    email: text().notNull(),
    userId: integer().references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [uniqueIndex('meeting_invitees_unique').on(t.meetingId, t.email)],
);

export const meetingAttendance = pgTable(
  'meeting_attendance',
  {
    id: serial().primaryKey(),
    meetingId: integer()
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    personName: text().notNull(),
    userId: integer().references(() => users.id, { onDelete: 'set null' }),
    /** Organisation or institution, as written. */
    onBehalfOf: text().notNull().default(''),
    sectorCode: text(),
    /** Counted for quorum: attends as a titular member of the forum (or as an alternate standing in). */
    voting: boolean().notNull().default(false),
  },
  (t) => [index('meeting_attendance_meeting_idx').on(t.meetingId)],
);

export const AGREEMENT_STATES = ['open', 'in_progress', 'done', 'dropped'] as const;
export const agreementState = pgEnum('agreement_state', AGREEMENT_STATES);

/** Agreements (*acuerdos*) of a meeting, tracked until done. */
export const agreements = pgTable(
  'agreements',
  {
    id: serial().primaryKey(),
    meetingId: integer()
      .notNull()
      .references(() => meetings.id, { onDelete: 'restrict' }),
    text: text().notNull(),
    owner: text().notNull(),
    dueOn: date({ mode: 'string' }),
    state: agreementState().notNull().default('open'),
    commitmentId: integer().references(() => commitments.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (t) => [index('agreements_meeting_idx').on(t.meetingId), index('agreements_state_idx').on(t.state, t.dueOn)],
);

export const MINUTES_STATES = ['draft', 'in_review', 'approved'] as const;
export const minutesState = pgEnum('minutes_state', MINUTES_STATES);

/** Minutes of a meeting, versioned: approved versions never change; a correction is a new version with a reason. */
export const meetingMinutes = pgTable(
  'meeting_minutes',
  {
    id: serial().primaryKey(),
    meetingId: integer()
      .notNull()
      .references(() => meetings.id, { onDelete: 'restrict' }),
    version: integer().notNull(),
    body: text().notNull(),
    state: minutesState().notNull().default('draft'),
    /** Why this version corrects the previous one (versions after the first). */
    correctionReason: text(),
    approvedBy: integer().references(() => users.id, { onDelete: 'restrict' }),
    approvedByName: text(),
    approvedAt: timestamp({ withTimezone: true }),
    /** The repository document it was published as. */
    documentId: integer().references(() => documents.id, { onDelete: 'restrict' }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('meeting_minutes_version').on(t.meetingId, t.version),
    check('meeting_minutes_approved', sql`${t.state} <> 'approved' or (${t.approvedAt} is not null and ${t.approvedByName} is not null)`),
    check('meeting_minutes_correction', sql`${t.version} = 1 or ${t.correctionReason} is not null`),
  ],
);

export const minutesComments = pgTable(
  'minutes_comments',
  {
    id: serial().primaryKey(),
    minutesId: integer()
      .notNull()
      .references(() => meetingMinutes.id, { onDelete: 'restrict' }),
    authorId: integer().references(() => users.id, { onDelete: 'set null' }),
    authorName: text().notNull(),
    body: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('minutes_comments_minutes_idx').on(t.minutesId)],
);
