import { and, asc, count, eq, gte, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Database, Executor, Transaction } from '../../db/client.js';
import {
  actionPlans,
  answerTemplates,
  cocreationPhases,
  cocreationProcesses,
  commitments,
  draftComments,
  draftCommitments,
  draftVersionComments,
  draftVersions,
  forums,
  meetings,
  milestones,
  proposals,
  proposalVotes,
  users,
  workingTables,
  workingTableSessions,
  type DraftFields,
} from '../../db/schema/index.js';
import { messages } from '../../i18n/index.js';
import { recordAudit } from '../../lib/audit.js';
import type { Locale } from '../../lib/levels.js';
import type { LocalizedText } from '../../lib/localized.js';
import { queueMail } from '../../lib/mail.js';
import type { Month } from '../../lib/month.js';
import { nameKey } from '../../lib/text.js';
import { newToken, tokenId } from '../accounts/tokens.js';
import { ensureInstitution } from '../institutions/commands.js';
import { createMeeting } from '../meetings/commands.js';
import { phaseOpen, type PhaseKind } from './phases.js';

export type CocreationErrorCode =
  | 'not_found'
  | 'not_public'
  | 'phase_closed'
  | 'rate_limited'
  | 'already_published'
  | 'calendar_published'
  | 'calendar_too_late'
  | 'no_phases'
  | 'wrong_process'
  | 'stale_version'
  | 'already_approved'
  | 'plan_exists'
  | 'no_drafts'
  | 'vote_closed'
  | 'already_hidden'
  | 'self_duplicate'
  | 'already_confirmed'
  | 'meeting_unavailable';

export class CocreationError extends Error {
  constructor(
    readonly code: CocreationErrorCode,
    readonly detail: Record<string, unknown> = {},
  ) {
    super(`co-creation error: ${code}`);
    this.name = 'CocreationError';
  }
}

/** Who acts: an account (the audit log records `user:<id>`). */
export interface Actor {
  userId: number;
}
const actorOf = (a: Actor) => `user:${a.userId}`;

const today = (now: Date) => now.toISOString().slice(0, 10);

/** Proposals (or comments) one sender may send per hour (decision 081). */
export const RATE_LIMIT_PER_HOUR = 5;

async function lockProcess(tx: Transaction, processId: number) {
  const rows = await tx.select().from(cocreationProcesses).where(eq(cocreationProcesses.id, processId)).for('update');
  const p = rows[0];
  if (!p) throw new CocreationError('not_found');
  return p;
}

async function phasesOf(tx: Executor, processId: number) {
  return tx.select().from(cocreationPhases).where(eq(cocreationPhases.processId, processId)).orderBy(asc(cocreationPhases.startsOn), asc(cocreationPhases.id));
}

// ——— the process and its calendar ———

export interface PhaseInput {
  kind: PhaseKind;
  startsOn: string;
  endsOn: string;
  whatIsOpen: LocalizedText;
}

export interface ProcessInput {
  memberId: number;
  planNumber: number;
  title: LocalizedText;
  description: LocalizedText;
  voteMode: 'none' | 'person' | 'organisation';
  phases: PhaseInput[];
}

export async function createProcess(db: Database, actor: Actor, input: ProcessInput, now: Date): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const [p] = await tx
      .insert(cocreationProcesses)
      .values({ memberId: input.memberId, planNumber: input.planNumber, title: input.title, description: input.description, voteMode: input.voteMode, createdAt: now, updatedAt: now })
      .returning();
    if (!p) throw new Error('process insert returned nothing');
    for (const ph of input.phases) {
      await tx.insert(cocreationPhases).values({ processId: p.id, kind: ph.kind, startsOn: ph.startsOn, endsOn: ph.endsOn, whatIsOpen: ph.whatIsOpen });
    }
    await recordAudit(tx, { actor: actorOf(actor), action: 'cocreation.create', entityType: 'cocreation_process', entityId: p.id, details: { after: input } });
    return { id: p.id };
  });
}

/** Sets (or moves) one phase's dates. After publication the announced dates stay as they were: the change is visible. */
export async function setPhase(db: Database, actor: Actor, processId: number, phase: PhaseInput): Promise<void> {
  await db.transaction(async (tx) => {
    await lockProcess(tx, processId);
    const before = (await tx.select().from(cocreationPhases).where(and(eq(cocreationPhases.processId, processId), eq(cocreationPhases.kind, phase.kind))))[0];
    if (before) {
      await tx.update(cocreationPhases).set({ startsOn: phase.startsOn, endsOn: phase.endsOn, whatIsOpen: phase.whatIsOpen }).where(eq(cocreationPhases.id, before.id));
    } else {
      await tx.insert(cocreationPhases).values({ processId, ...phase });
    }
    await recordAudit(tx, { actor: actorOf(actor), action: 'cocreation.phase.set', entityType: 'cocreation_process', entityId: processId, details: { before: before ?? null, after: phase } });
  });
}

/** Makes the calendar public; only before the first phase starts (the public is told the timeline in advance). */
export async function publishCalendar(db: Database, actor: Actor, processId: number, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const p = await lockProcess(tx, processId);
    if (p.calendarPublishedAt) throw new CocreationError('calendar_published');
    const phases = await phasesOf(tx, processId);
    if (phases.length === 0) throw new CocreationError('no_phases');
    if (phases[0]!.startsOn <= today(now)) throw new CocreationError('calendar_too_late');
    await tx.update(cocreationProcesses).set({ calendarPublishedAt: now, updatedAt: now }).where(and(eq(cocreationProcesses.id, processId), isNull(cocreationProcesses.calendarPublishedAt)));
    await tx
      .update(cocreationPhases)
      .set({ announcedStartsOn: sql`${cocreationPhases.startsOn}`, announcedEndsOn: sql`${cocreationPhases.endsOn}` })
      .where(eq(cocreationPhases.processId, processId));
    await recordAudit(tx, { actor: actorOf(actor), action: 'cocreation.calendar.publish', entityType: 'cocreation_process', entityId: processId, details: { phases } });
  });
}

async function requireOpenPhase(tx: Executor, processId: number, kind: PhaseKind, now: Date) {
  const p = (await tx.select().from(cocreationProcesses).where(eq(cocreationProcesses.id, processId)))[0];
  if (!p) throw new CocreationError('not_found');
  if (!p.calendarPublishedAt) throw new CocreationError('not_public');
  const phases = await phasesOf(tx, processId);
  if (!phaseOpen(phases, kind, today(now))) throw new CocreationError('phase_closed');
  return p;
}

// ——— proposals ———

export type Author = { kind: 'account'; userId: number; name: string } | { kind: 'email'; name: string; email: string };

export interface ProposalInput {
  processId: number;
  title: string;
  problem: string;
  idea: string;
  theme: string;
  ogpValue: 'access_to_information' | 'civic_participation' | 'public_accountability' | 'technology_innovation';
  organisation: string | null;
  locale: Locale;
  author: Author;
  /** A keyed hash of the sender's address (rate limit). */
  sourceKey: string;
}

async function checkRate(tx: Executor, table: typeof proposals | typeof draftComments, sourceKey: string, email: string | null, now: Date) {
  const since = new Date(now.getTime() - 3600_000);
  const bySource = await tx.select({ n: count() }).from(table).where(and(eq(table.sourceKey, sourceKey), gte(table.createdAt, since)));
  if ((bySource[0]?.n ?? 0) >= RATE_LIMIT_PER_HOUR) throw new CocreationError('rate_limited');
  if (email) {
    const byEmail = await tx.select({ n: count() }).from(table).where(and(eq(table.authorEmail, email), gte(table.createdAt, since)));
    if ((byEmail[0]?.n ?? 0) >= RATE_LIMIT_PER_HOUR) throw new CocreationError('rate_limited');
  }
}

/**
 * Files a proposal during the call for proposals. With an account it is public at once; with an
 * e-mail address a confirmation link goes to the outbox and the proposal is public once followed.
 */
export async function submitProposal(db: Database, input: ProposalInput, now: Date, confirmUrl: (token: string) => string): Promise<{ id: number; needsConfirmation: boolean }> {
  return db.transaction(async (tx) => {
    const process = await requireOpenPhase(tx, input.processId, 'call_for_proposals', now);
    const email = input.author.kind === 'email' ? input.author.email.toLowerCase() : null;
    await checkRate(tx, proposals, input.sourceKey, email, now);
    const token = email ? newToken() : null;
    const [row] = await tx
      .insert(proposals)
      .values({
        processId: input.processId,
        title: input.title,
        problem: input.problem,
        idea: input.idea,
        theme: input.theme,
        ogpValue: input.ogpValue,
        organisation: input.organisation,
        locale: input.locale,
        authorUserId: input.author.kind === 'account' ? input.author.userId : null,
        authorName: input.author.name,
        authorEmail: email,
        confirmTokenHash: token ? token.id : null,
        confirmedAt: token ? null : now,
        sourceKey: input.sourceKey,
        createdAt: now,
      })
      .returning({ id: proposals.id });
    if (!row) throw new Error('proposal insert returned nothing');
    if (token && email) {
      const m = messages(input.locale).cocreation.mail;
      await queueMail(tx, { to: email, subject: m.confirmProposalSubject, text: m.confirmProposalText(input.title, confirmUrl(token.token)), meta: { kind: 'proposal_confirm', proposalId: row.id } }, now);
    }
    await recordAudit(tx, {
      actor: input.author.kind === 'account' ? `user:${input.author.userId}` : 'public',
      action: 'proposal.submit',
      entityType: 'proposal',
      entityId: row.id,
      details: { processId: process.id, title: input.title, byEmail: !!email },
    });
    return { id: row.id, needsConfirmation: !!token };
  });
}

/** Follows a proposal's confirmation link: the proposal becomes public. */
export async function confirmProposal(db: Database, token: string, now: Date): Promise<{ id: number; processId: number }> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(proposals)
      .set({ confirmedAt: now })
      .where(and(eq(proposals.confirmTokenHash, tokenId(token)), isNull(proposals.confirmedAt)))
      .returning({ id: proposals.id, processId: proposals.processId });
    if (!row) throw new CocreationError('not_found');
    await recordAudit(tx, { actor: 'public', action: 'proposal.confirm', entityType: 'proposal', entityId: row.id });
    return row;
  });
}

/** Hides a proposal from the public lists, with a public reason. It keeps its page, and still needs a response. */
export async function hideProposal(db: Database, actor: Actor, proposalId: number, reason: LocalizedText, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(proposals)
      .set({ hiddenAt: now, hiddenReason: reason })
      .where(and(eq(proposals.id, proposalId), isNull(proposals.hiddenAt)))
      .returning({ id: proposals.id });
    if (!row) throw new CocreationError('already_hidden');
    await recordAudit(tx, { actor: actorOf(actor), action: 'proposal.hide', entityType: 'proposal', entityId: proposalId, details: { reason } });
  });
}

/** Groups a proposal under another as a duplicate (the group's head is followed, so groups stay one level deep). */
export async function groupDuplicate(db: Database, actor: Actor, proposalId: number, ofId: number): Promise<{ headId: number }> {
  return db.transaction(async (tx) => {
    const rows = await tx.select().from(proposals).where(inArray(proposals.id, [proposalId, ofId])).orderBy(asc(proposals.id)).for('update');
    const p = rows.find((r) => r.id === proposalId);
    const of = rows.find((r) => r.id === ofId);
    if (!p || !of) throw new CocreationError('not_found');
    if (p.processId !== of.processId) throw new CocreationError('wrong_process');
    const headId = of.duplicateOfId ?? of.id;
    if (headId === proposalId) throw new CocreationError('self_duplicate');
    await tx.update(proposals).set({ duplicateOfId: headId }).where(eq(proposals.id, proposalId));
    // Whatever was grouped under this proposal moves to the new head.
    await tx.update(proposals).set({ duplicateOfId: headId }).where(eq(proposals.duplicateOfId, proposalId));
    await recordAudit(tx, { actor: actorOf(actor), action: 'proposal.group', entityType: 'proposal', entityId: proposalId, details: { duplicateOf: headId } });
    return { headId };
  });
}

/** A prioritisation vote; the database refuses a second vote of the same person/organisation on a proposal. */
export async function voteForProposal(db: Database, voter: { userId: number; organisation: string | null }, proposalId: number, now: Date): Promise<{ counted: boolean }> {
  return db.transaction(async (tx) => {
    const row = (
      await tx
        .select({ p: proposals, mode: cocreationProcesses.voteMode })
        .from(proposals)
        .innerJoin(cocreationProcesses, eq(cocreationProcesses.id, proposals.processId))
        .where(eq(proposals.id, proposalId))
    )[0];
    if (!row || !row.p.confirmedAt || row.p.hiddenAt) throw new CocreationError('not_found');
    if (row.mode === 'none') throw new CocreationError('vote_closed');
    await requireOpenPhase(tx, row.p.processId, 'call_for_proposals', now);
    let voterKey = `user:${voter.userId}`;
    if (row.mode === 'organisation') {
      const org = voter.organisation ? nameKey(voter.organisation) : '';
      if (!org) throw new CocreationError('vote_closed');
      voterKey = `org:${org}`;
    }
    const inserted = await tx.insert(proposalVotes).values({ proposalId, userId: voter.userId, voterKey, createdAt: now }).onConflictDoNothing().returning({ id: proposalVotes.id });
    if (inserted.length) await recordAudit(tx, { actor: `user:${voter.userId}`, action: 'proposal.vote', entityType: 'proposal', entityId: proposalId, details: { voterKey } });
    return { counted: inserted.length > 0 };
  });
}

// ——— reasoned responses ———

export interface ResponseInput {
  state: 'incorporated' | 'merged' | 'not_incorporated' | 'out_of_scope';
  reason: LocalizedText;
  draftId: number | null;
  mergedWithId: number | null;
}

/**
 * Writes (or rewrites) the response of one or many proposals, unpublished. All or nothing: every
 * proposal is locked, the number of rows written must equal the number asked, otherwise nothing is
 * written. Returns every proposal answered.
 */
export async function writeResponses(db: Database, actor: Actor, processId: number, proposalIds: number[], input: ResponseInput, now: Date): Promise<{ answered: number[] }> {
  const ids = [...new Set(proposalIds)].sort((a, b) => a - b);
  if (ids.length === 0) throw new CocreationError('not_found');
  return db.transaction(async (tx) => {
    const locked = await tx.select({ id: proposals.id, processId: proposals.processId, publishedAt: proposals.responsePublishedAt }).from(proposals).where(inArray(proposals.id, ids)).orderBy(asc(proposals.id)).for('update');
    if (locked.length !== ids.length) throw new CocreationError('not_found', { missing: ids.filter((id) => !locked.some((r) => r.id === id)) });
    if (locked.some((r) => r.processId !== processId)) throw new CocreationError('wrong_process');
    const published = locked.filter((r) => r.publishedAt).map((r) => r.id);
    if (published.length) throw new CocreationError('already_published', { ids: published });
    if (input.state === 'incorporated') {
      const d = input.draftId === null ? undefined : (await tx.select().from(draftCommitments).where(eq(draftCommitments.id, input.draftId)))[0];
      if (!d || d.processId !== processId) throw new CocreationError('wrong_process', { field: 'draftId' });
    }
    if (input.state === 'merged') {
      const m = input.mergedWithId === null ? undefined : (await tx.select().from(proposals).where(eq(proposals.id, input.mergedWithId)))[0];
      if (!m || m.processId !== processId || ids.includes(m.id)) throw new CocreationError('wrong_process', { field: 'mergedWithId' });
    }
    const written = await tx
      .update(proposals)
      .set({
        responseState: input.state,
        responseReason: input.reason,
        responseDraftId: input.state === 'incorporated' ? input.draftId : null,
        responseMergedWithId: input.state === 'merged' ? input.mergedWithId : null,
        responseWrittenAt: now,
        responseWrittenBy: actor.userId,
      })
      .where(and(inArray(proposals.id, ids), isNull(proposals.responsePublishedAt)))
      .returning({ id: proposals.id });
    if (written.length !== ids.length) throw new CocreationError('already_published');
    await recordAudit(tx, { actor: actorOf(actor), action: 'proposal.respond', entityType: 'cocreation_process', entityId: processId, details: { proposalIds: ids, ...input } });
    return { answered: written.map((r) => r.id).sort((a, b) => a - b) };
  });
}

/** Publishes every written, unpublished response of a process at once, and tells each author. */
export async function publishResponses(db: Database, actor: Actor, processId: number, now: Date, proposalUrl: (id: number) => string): Promise<{ published: number[] }> {
  return db.transaction(async (tx) => {
    await lockProcess(tx, processId);
    const rows = await tx
      .update(proposals)
      .set({ responsePublishedAt: now })
      .where(and(eq(proposals.processId, processId), isNotNull(proposals.responseState), isNull(proposals.responsePublishedAt)))
      .returning({ id: proposals.id, title: proposals.title, email: proposals.authorEmail, userId: proposals.authorUserId, locale: proposals.locale, confirmedAt: proposals.confirmedAt });
    rows.sort((a, b) => a.id - b.id);
    for (const r of rows) {
      if (!r.confirmedAt) continue;
      let to = r.email;
      if (!to && r.userId) to = (await tx.select({ email: users.email }).from(users).where(eq(users.id, r.userId)))[0]?.email ?? null;
      if (!to) continue;
      const m = messages(r.locale === 'en' ? 'en' : 'es').cocreation.mail;
      await queueMail(tx, { to, subject: m.answeredSubject, text: m.answeredText(r.title, proposalUrl(r.id)), userId: r.userId, meta: { kind: 'proposal_answered', proposalId: r.id } }, now);
    }
    await recordAudit(tx, { actor: actorOf(actor), action: 'proposal.publish_responses', entityType: 'cocreation_process', entityId: processId, details: { proposalIds: rows.map((r) => r.id) } });
    return { published: rows.map((r) => r.id) };
  });
}

export async function createAnswerTemplate(db: Database, actor: Actor, processId: number, input: { name: string; state: ResponseInput['state']; reason: LocalizedText }): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    await lockProcess(tx, processId);
    const [row] = await tx.insert(answerTemplates).values({ processId, ...input }).returning({ id: answerTemplates.id });
    await recordAudit(tx, { actor: actorOf(actor), action: 'answer_template.create', entityType: 'answer_template', entityId: row!.id, details: input });
    return row!;
  });
}

// ——— working tables and drafts ———

export async function createWorkingTable(
  db: Database,
  actor: Actor,
  input: { processId: number; name: LocalizedText; theme: LocalizedText; startsOn: string | null; endsOn: string | null; proposalIds: number[] },
  now: Date,
): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    await lockProcess(tx, input.processId);
    const [t] = await tx
      .insert(workingTables)
      .values({ processId: input.processId, name: input.name, theme: input.theme, startsOn: input.startsOn, endsOn: input.endsOn, createdAt: now, updatedAt: now })
      .returning({ id: workingTables.id });
    await attach(tx, input.processId, t!.id, input.proposalIds);
    await recordAudit(tx, { actor: actorOf(actor), action: 'working_table.create', entityType: 'working_table', entityId: t!.id, details: input });
    return t!;
  });
}

async function attach(tx: Transaction, processId: number, tableId: number, proposalIds: number[]) {
  if (proposalIds.length === 0) return;
  const ids = [...new Set(proposalIds)];
  const done = await tx.update(proposals).set({ workingTableId: tableId }).where(and(inArray(proposals.id, ids), eq(proposals.processId, processId))).returning({ id: proposals.id });
  if (done.length !== ids.length) throw new CocreationError('wrong_process');
}

export async function attachProposals(db: Database, actor: Actor, tableId: number, proposalIds: number[]): Promise<void> {
  await db.transaction(async (tx) => {
    const t = (await tx.select().from(workingTables).where(eq(workingTables.id, tableId)))[0];
    if (!t) throw new CocreationError('not_found');
    await attach(tx, t.processId, tableId, proposalIds);
    await recordAudit(tx, { actor: actorOf(actor), action: 'working_table.attach', entityType: 'working_table', entityId: tableId, details: { proposalIds } });
  });
}

export async function addSession(db: Database, actor: Actor, tableId: number, input: { heldOn: string; summary: LocalizedText }, now: Date): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const t = (await tx.select().from(workingTables).where(eq(workingTables.id, tableId)))[0];
    if (!t) throw new CocreationError('not_found');
    const [s] = await tx.insert(workingTableSessions).values({ workingTableId: tableId, heldOn: input.heldOn, summary: input.summary, createdAt: now }).returning({ id: workingTableSessions.id });
    await recordAudit(tx, { actor: actorOf(actor), action: 'working_table.session', entityType: 'working_table', entityId: tableId, details: input });
    return s!;
  });
}

/**
 * Convenes a session of a working table as a meeting of kind `working_table` (decision 084): the
 * meeting (of the member's forum when it has one, owned by the table) then the session pointing at it.
 */
export async function conveneSessionMeeting(
  db: Database,
  actor: Actor,
  tableId: number,
  input: { startsAt: Date; endsAt: Date; place: string; link: string | null; pageUrl?: (meetingId: number) => string },
  now: Date,
): Promise<{ sessionId: number; meetingId: number }> {
  const [t] = await db
    .select({ id: workingTables.id, name: workingTables.name, memberId: cocreationProcesses.memberId })
    .from(workingTables)
    .innerJoin(cocreationProcesses, eq(cocreationProcesses.id, workingTables.processId))
    .where(eq(workingTables.id, tableId));
  if (!t) throw new CocreationError('not_found');
  const [forum] = await db.select({ id: forums.id }).from(forums).where(eq(forums.memberId, t.memberId)).orderBy(asc(forums.id)).limit(1);
  const { id: meetingId } = await createMeeting(db, actorOf(actor), {
    forumId: forum?.id ?? null,
    subjectType: 'working_table',
    subjectId: tableId,
    kind: 'working_table',
    title: t.name,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    place: input.place,
    link: input.link,
    agenda: [],
    invitees: [],
    ...(input.pageUrl ? { pageUrl: input.pageUrl } : {}),
    now,
  });
  return db.transaction(async (tx) => {
    const [s] = await tx
      .insert(workingTableSessions)
      .values({ workingTableId: tableId, heldOn: input.startsAt.toISOString().slice(0, 10), summary: {}, meetingId, createdAt: now })
      .returning({ id: workingTableSessions.id });
    await recordAudit(tx, { actor: actorOf(actor), action: 'working_table.convene', entityType: 'working_table', entityId: tableId, details: { sessionId: s!.id, meetingId } });
    return { sessionId: s!.id, meetingId };
  });
}

/**
 * Links an existing meeting of kind `working_table` to a session that has none (conditional update:
 * a session already linked, or a meeting already used by another session, is refused).
 */
export async function linkSessionMeeting(db: Database, actor: Actor, sessionId: number, meetingId: number): Promise<void> {
  await db.transaction(async (tx) => {
    const [m] = await tx.select({ id: meetings.id, kind: meetings.kind }).from(meetings).where(eq(meetings.id, meetingId)).for('update');
    if (!m || m.kind !== 'working_table') throw new CocreationError('meeting_unavailable');
    const [used] = await tx.select({ id: workingTableSessions.id }).from(workingTableSessions).where(eq(workingTableSessions.meetingId, meetingId)).limit(1);
    if (used) throw new CocreationError('meeting_unavailable');
    const rows = await tx
      .update(workingTableSessions)
      .set({ meetingId })
      .where(and(eq(workingTableSessions.id, sessionId), isNull(workingTableSessions.meetingId)))
      .returning({ tableId: workingTableSessions.workingTableId });
    if (!rows[0]) throw new CocreationError('meeting_unavailable');
    await recordAudit(tx, { actor: actorOf(actor), action: 'working_table.link_meeting', entityType: 'working_table', entityId: rows[0].tableId, details: { sessionId, meetingId } });
  });
}

export async function createDraft(
  db: Database,
  actor: Actor,
  input: { processId: number; workingTableId: number | null; fields: DraftFields; changeNote: LocalizedText },
  now: Date,
): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    await lockProcess(tx, input.processId);
    if (input.workingTableId !== null) {
      const t = (await tx.select().from(workingTables).where(eq(workingTables.id, input.workingTableId)))[0];
      if (!t || t.processId !== input.processId) throw new CocreationError('wrong_process');
    }
    const [d] = await tx.insert(draftCommitments).values({ processId: input.processId, workingTableId: input.workingTableId, currentVersion: 1, createdAt: now, updatedAt: now }).returning({ id: draftCommitments.id });
    await tx.insert(draftVersions).values({ draftId: d!.id, number: 1, fields: input.fields, changeNote: input.changeNote, createdBy: actor.userId, createdAt: now });
    await recordAudit(tx, { actor: actorOf(actor), action: 'draft.create', entityType: 'draft_commitment', entityId: d!.id, details: { fields: input.fields } });
    return d!;
  });
}

/** The fields of a draft open to comment. */
export const COMMENTABLE_FIELDS = ['title', 'problem', 'objective', 'description', 'howItSolves', 'relevance', 'ambition', 'leadInstitution', 'dates', 'milestones'] as const;
export type CommentableField = (typeof COMMENTABLE_FIELDS)[number];

/** A public comment on one field of a draft, during the consultation phase. */
export async function commentOnDraft(
  db: Database,
  input: { draftId: number; field: CommentableField; body: string; author: Author; locale: Locale; sourceKey: string },
  now: Date,
  confirmUrl: (token: string) => string,
): Promise<{ id: number; needsConfirmation: boolean }> {
  return db.transaction(async (tx) => {
    const d = (await tx.select().from(draftCommitments).where(eq(draftCommitments.id, input.draftId)))[0];
    if (!d) throw new CocreationError('not_found');
    await requireOpenPhase(tx, d.processId, 'consultation', now);
    const email = input.author.kind === 'email' ? input.author.email.toLowerCase() : null;
    await checkRate(tx, draftComments, input.sourceKey, email, now);
    const token = email ? newToken() : null;
    const [row] = await tx
      .insert(draftComments)
      .values({
        draftId: d.id,
        versionNumber: d.currentVersion,
        field: input.field,
        body: input.body,
        authorUserId: input.author.kind === 'account' ? input.author.userId : null,
        authorName: input.author.name,
        authorEmail: email,
        confirmTokenHash: token?.id ?? null,
        confirmedAt: token ? null : now,
        sourceKey: input.sourceKey,
        createdAt: now,
      })
      .returning({ id: draftComments.id });
    if (token && email) {
      const m = messages(input.locale).cocreation.mail;
      await queueMail(tx, { to: email, subject: m.confirmCommentSubject, text: m.confirmCommentText(confirmUrl(token.token)), meta: { kind: 'comment_confirm', commentId: row!.id } }, now);
    }
    await recordAudit(tx, { actor: input.author.kind === 'account' ? `user:${input.author.userId}` : 'public', action: 'draft.comment', entityType: 'draft_commitment', entityId: d.id, details: { commentId: row!.id, field: input.field } });
    return { id: row!.id, needsConfirmation: !!token };
  });
}

export async function confirmComment(db: Database, token: string, now: Date): Promise<{ id: number; draftId: number }> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(draftComments)
      .set({ confirmedAt: now })
      .where(and(eq(draftComments.confirmTokenHash, tokenId(token)), isNull(draftComments.confirmedAt)))
      .returning({ id: draftComments.id, draftId: draftComments.draftId });
    if (!row) throw new CocreationError('not_found');
    await recordAudit(tx, { actor: 'public', action: 'draft.comment.confirm', entityType: 'draft_comment', entityId: row.id });
    return row;
  });
}

/**
 * A new version of a draft: what changed and why, and which comments led to it. Refused when someone
 * else saved a version meanwhile (`expectedVersion`). The commenters whose comments led to it are told.
 */
export async function reviseDraft(
  db: Database,
  actor: Actor,
  input: { draftId: number; expectedVersion: number; fields: DraftFields; changeNote: LocalizedText; commentIds: number[] },
  now: Date,
  draftUrl: (id: number) => string,
): Promise<{ version: number; notified: number }> {
  return db.transaction(async (tx) => {
    const [d] = await tx
      .update(draftCommitments)
      .set({ currentVersion: sql`${draftCommitments.currentVersion} + 1`, updatedAt: now })
      .where(and(eq(draftCommitments.id, input.draftId), eq(draftCommitments.currentVersion, input.expectedVersion), isNull(draftCommitments.commitmentId)))
      .returning();
    if (!d) throw new CocreationError('stale_version');
    const [v] = await tx.insert(draftVersions).values({ draftId: d.id, number: d.currentVersion, fields: input.fields, changeNote: input.changeNote, createdBy: actor.userId, createdAt: now }).returning({ id: draftVersions.id });
    const ids = [...new Set(input.commentIds)];
    let notified = 0;
    if (ids.length) {
      const cs = await tx.select().from(draftComments).where(and(inArray(draftComments.id, ids), eq(draftComments.draftId, d.id))).orderBy(asc(draftComments.id));
      if (cs.length !== ids.length) throw new CocreationError('wrong_process', { field: 'commentIds' });
      for (const c of cs) await tx.insert(draftVersionComments).values({ versionId: v!.id, commentId: c.id });
      const told = new Set<string>();
      for (const c of cs) {
        if (!c.confirmedAt) continue;
        let to = c.authorEmail;
        let locale: Locale = 'es';
        if (c.authorUserId) {
          const u = (await tx.select({ email: users.email, locale: users.locale }).from(users).where(eq(users.id, c.authorUserId)))[0];
          to = u?.email ?? to;
          locale = u?.locale === 'en' ? 'en' : 'es';
        }
        if (!to || told.has(to)) continue;
        told.add(to);
        const m = messages(locale).cocreation.mail;
        await queueMail(tx, { to, subject: m.commentUsedSubject, text: m.commentUsedText(d.currentVersion, draftUrl(d.id)), userId: c.authorUserId, meta: { kind: 'comment_used', draftId: d.id, version: d.currentVersion } }, now);
        notified += 1;
      }
    }
    await recordAudit(tx, { actor: actorOf(actor), action: 'draft.revise', entityType: 'draft_commitment', entityId: d.id, details: { version: d.currentVersion, changeNote: input.changeNote, commentIds: ids } });
    return { version: d.currentVersion, notified };
  });
}

// ——— approval into the monitored plan ———

export interface ApprovalInput {
  processId: number;
  draftIds: number[];
  title: LocalizedText;
  startMonth: Month;
  endMonth: Month;
}

/**
 * The approved drafts become the next action plan: a plan in implementation with one commitment per
 * draft (its latest version) and its milestones, through the monitoring model's tables, in one
 * transaction with audit records. Refused twice for the same process.
 */
export async function approveDraftsIntoPlan(db: Database, actor: Actor, input: ApprovalInput, now: Date): Promise<{ planId: number; commitmentIds: number[] }> {
  const draftIds = [...new Set(input.draftIds)].sort((a, b) => a - b);
  if (draftIds.length === 0) throw new CocreationError('no_drafts');
  return db.transaction(async (tx) => {
    const [p] = await tx.update(cocreationProcesses).set({ approvedAt: now, updatedAt: now }).where(and(eq(cocreationProcesses.id, input.processId), isNull(cocreationProcesses.approvedAt))).returning();
    if (!p) {
      const exists = (await tx.select({ id: cocreationProcesses.id }).from(cocreationProcesses).where(eq(cocreationProcesses.id, input.processId)))[0];
      throw new CocreationError(exists ? 'already_approved' : 'not_found');
    }
    const clash = await tx.select({ id: actionPlans.id }).from(actionPlans).where(and(eq(actionPlans.memberId, p.memberId), eq(actionPlans.number, p.planNumber)));
    if (clash.length) throw new CocreationError('plan_exists');
    const drafts = await tx.select().from(draftCommitments).where(inArray(draftCommitments.id, draftIds)).orderBy(asc(draftCommitments.id)).for('update');
    if (drafts.length !== draftIds.length || drafts.some((d) => d.processId !== p.id || d.commitmentId !== null)) throw new CocreationError('wrong_process', { field: 'draftIds' });
    const [plan] = await tx
      .insert(actionPlans)
      .values({ memberId: p.memberId, number: p.planNumber, title: input.title, startMonth: input.startMonth, endMonth: input.endMonth, phase: 'implementation', description: p.description, createdAt: now, updatedAt: now })
      .returning();
    await recordAudit(tx, { actor: actorOf(actor), action: 'plan.create', entityType: 'action_plan', entityId: plan!.id, details: { after: plan, fromProcess: p.id } });
    const commitmentIds: number[] = [];
    let n = 0;
    for (const d of drafts) {
      n += 1;
      const v = (await tx.select().from(draftVersions).where(and(eq(draftVersions.draftId, d.id), eq(draftVersions.number, d.currentVersion))))[0]!;
      const f = v.fields;
      const lead = f.leadInstitution.trim() ? await ensureInstitution(tx, p.memberId, f.leadInstitution, 'es', actorOf(actor)) : null;
      const [c] = await tx
        .insert(commitments)
        .values({
          planId: plan!.id,
          number: String(n),
          position: n * 1000,
          generation: '2019',
          title: f.title,
          problem: f.problem,
          objective: f.objective,
          description: f.description,
          howItSolves: f.howItSolves,
          relevance: f.relevance,
          ambition: f.ambition,
          startMonth: f.startMonth as Month,
          endMonth: f.endMonth as Month,
          leadInstitutionId: lead?.id ?? null,
          valueAccessToInformation: f.values.includes('access_to_information'),
          valueCivicParticipation: f.values.includes('civic_participation'),
          valuePublicAccountability: f.values.includes('public_accountability'),
          valueTechnologyInnovation: f.values.includes('technology_innovation'),
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: commitments.id });
      let m = 0;
      for (const ms of f.milestones) {
        m += 1;
        await tx.insert(milestones).values({ commitmentId: c!.id, number: m, title: ms.title, plannedStart: ms.start as Month, plannedEnd: ms.end as Month, createdAt: now, updatedAt: now });
      }
      const done = await tx.update(draftCommitments).set({ commitmentId: c!.id, updatedAt: now }).where(and(eq(draftCommitments.id, d.id), isNull(draftCommitments.commitmentId))).returning({ id: draftCommitments.id });
      if (done.length !== 1) throw new CocreationError('already_approved');
      await recordAudit(tx, { actor: actorOf(actor), action: 'commitment.create', entityType: 'commitment', entityId: c!.id, details: { fromDraft: d.id, version: d.currentVersion, milestones: m } });
      commitmentIds.push(c!.id);
    }
    await tx.update(cocreationProcesses).set({ planId: plan!.id }).where(eq(cocreationProcesses.id, p.id));
    await recordAudit(tx, { actor: actorOf(actor), action: 'cocreation.approve', entityType: 'cocreation_process', entityId: p.id, details: { planId: plan!.id, draftIds, commitmentIds } });
    return { planId: plan!.id, commitmentIds };
  });
}
