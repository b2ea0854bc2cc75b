import { and, asc, count, desc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
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
  members,
  proposals,
  proposalVotes,
  workingTables,
  workingTableSessions,
} from '../../db/schema/index.js';

export type ProcessRow = typeof cocreationProcesses.$inferSelect;
export type PhaseRow = typeof cocreationPhases.$inferSelect;
export type ProposalRow = typeof proposals.$inferSelect;
export type DraftVersionRow = typeof draftVersions.$inferSelect;
export type CommentRow = typeof draftComments.$inferSelect;

/** Public: confirmed by its author. */
const isPublic = isNotNull(proposals.confirmedAt);

/** Processes: the published ones, plus unpublished ones of the members the viewer runs. */
export async function listProcesses(db: Executor, managed: number[] | 'all') {
  const rows = await db
    .select({ p: cocreationProcesses, memberName: members.name })
    .from(cocreationProcesses)
    .innerJoin(members, eq(members.id, cocreationProcesses.memberId))
    .orderBy(desc(cocreationProcesses.id));
  return rows.filter((r) => r.p.calendarPublishedAt || managed === 'all' || managed.includes(r.p.memberId));
}

export async function getProcess(db: Executor, id: number) {
  return (await db.select().from(cocreationProcesses).where(eq(cocreationProcesses.id, id)))[0] ?? null;
}

export async function phasesOfProcess(db: Executor, processId: number) {
  return db.select().from(cocreationPhases).where(eq(cocreationPhases.processId, processId)).orderBy(asc(cocreationPhases.startsOn), asc(cocreationPhases.id));
}

/** A proposal still waits for a response while it is public, not hidden, and its response is not published. */
export function waitsForResponse(p: Pick<ProposalRow, 'confirmedAt' | 'hiddenAt' | 'responsePublishedAt'>): boolean {
  return !!p.confirmedAt && !p.hiddenAt && !p.responsePublishedAt;
}

/** Every confirmed proposal of a process (hidden ones too: the page shows their reason), oldest first. */
export async function proposalsOf(db: Executor, processId: number) {
  return db.select().from(proposals).where(and(eq(proposals.processId, processId), isPublic)).orderBy(asc(proposals.id));
}

export async function voteCounts(db: Executor, processId: number): Promise<Map<number, number>> {
  const rows = await db
    .select({ id: proposalVotes.proposalId, n: count() })
    .from(proposalVotes)
    .innerJoin(proposals, eq(proposals.id, proposalVotes.proposalId))
    .where(eq(proposals.processId, processId))
    .groupBy(proposalVotes.proposalId)
    .orderBy(asc(proposalVotes.proposalId));
  return new Map(rows.map((r) => [r.id, r.n]));
}

export async function workingTablesOf(db: Executor, processId: number) {
  return db.select().from(workingTables).where(eq(workingTables.processId, processId)).orderBy(asc(workingTables.id));
}

/** Drafts of a process with their latest version. */
export async function draftsOf(db: Executor, processId: number) {
  const drafts = await db.select().from(draftCommitments).where(eq(draftCommitments.processId, processId)).orderBy(asc(draftCommitments.id));
  if (drafts.length === 0) return [];
  const versions = await db.select().from(draftVersions).where(inArray(draftVersions.draftId, drafts.map((d) => d.id))).orderBy(asc(draftVersions.draftId), asc(draftVersions.number));
  return drafts.map((d) => ({ ...d, latest: versions.filter((v) => v.draftId === d.id && v.number === d.currentVersion)[0]! }));
}

export async function templatesOf(db: Executor, processId: number) {
  return db.select().from(answerTemplates).where(eq(answerTemplates.processId, processId)).orderBy(asc(answerTemplates.id));
}

export async function planOf(db: Executor, planId: number | null) {
  if (planId === null) return null;
  return (await db.select().from(actionPlans).where(eq(actionPlans.id, planId)))[0] ?? null;
}

/** Everything the process page shows. */
export async function processDetail(db: Executor, id: number) {
  const process = await getProcess(db, id);
  if (!process) return null;
  const [phases, props, tables, drafts, votes, plan] = await Promise.all([
    phasesOfProcess(db, id),
    proposalsOf(db, id),
    workingTablesOf(db, id),
    draftsOf(db, id),
    voteCounts(db, id),
    planOf(db, process.planId),
  ]);
  const unanswered = props.filter(waitsForResponse);
  return {
    process,
    phases,
    proposals: props,
    unanswered,
    tables: tables.map((t) => ({ ...t, unanswered: unanswered.filter((p) => p.workingTableId === t.id), proposals: props.filter((p) => p.workingTableId === t.id).length })),
    drafts,
    votes,
    plan,
  };
}

export async function proposalDetail(db: Executor, id: number) {
  const p = (await db.select().from(proposals).where(eq(proposals.id, id)))[0];
  if (!p || !p.confirmedAt) return null;
  const process = (await getProcess(db, p.processId))!;
  const duplicates = await db.select({ id: proposals.id, title: proposals.title }).from(proposals).where(and(eq(proposals.duplicateOfId, id), isPublic)).orderBy(asc(proposals.id));
  const head = p.duplicateOfId ? ((await db.select({ id: proposals.id, title: proposals.title }).from(proposals).where(eq(proposals.id, p.duplicateOfId)))[0] ?? null) : null;
  const votes = (await db.select({ n: count() }).from(proposalVotes).where(eq(proposalVotes.proposalId, id)))[0]?.n ?? 0;
  const table = p.workingTableId ? ((await db.select().from(workingTables).where(eq(workingTables.id, p.workingTableId)))[0] ?? null) : null;
  const fate = p.responsePublishedAt ? await fateOf(db, p) : null;
  return { proposal: p, process, duplicates, head, votes, table, fate };
}

/** What became of a proposal with a published response: the draft, and the commitment it became. */
export async function fateOf(db: Executor, p: Pick<ProposalRow, 'responseDraftId' | 'responseMergedWithId'>) {
  let draft: { id: number; title: Record<string, string | undefined> } | null = null;
  let commitment: { id: number; number: string; planId: number } | null = null;
  if (p.responseDraftId) {
    const d = (await draftsById(db, [p.responseDraftId]))[0];
    if (d) {
      draft = { id: d.id, title: d.latest.fields.title };
      if (d.commitmentId) commitment = (await db.select({ id: commitments.id, number: commitments.number, planId: commitments.planId }).from(commitments).where(eq(commitments.id, d.commitmentId)))[0] ?? null;
    }
  }
  return { draft, commitment, mergedWithId: p.responseMergedWithId };
}

async function draftsById(db: Executor, ids: number[]) {
  const drafts = await db.select().from(draftCommitments).where(inArray(draftCommitments.id, ids)).orderBy(asc(draftCommitments.id));
  const out = [];
  for (const d of drafts) {
    const latest = (await db.select().from(draftVersions).where(and(eq(draftVersions.draftId, d.id), eq(draftVersions.number, d.currentVersion))))[0]!;
    out.push({ ...d, latest });
  }
  return out;
}

export async function draftDetail(db: Executor, id: number) {
  const d = (await db.select().from(draftCommitments).where(eq(draftCommitments.id, id)))[0];
  if (!d) return null;
  const process = (await getProcess(db, d.processId))!;
  const versions = await db.select().from(draftVersions).where(eq(draftVersions.draftId, id)).orderBy(asc(draftVersions.number));
  const links = versions.length
    ? await db.select().from(draftVersionComments).where(inArray(draftVersionComments.versionId, versions.map((v) => v.id))).orderBy(asc(draftVersionComments.versionId), asc(draftVersionComments.commentId))
    : [];
  const comments = await db
    .select()
    .from(draftComments)
    .where(and(eq(draftComments.draftId, id), isNotNull(draftComments.confirmedAt), isNull(draftComments.hiddenAt)))
    .orderBy(asc(draftComments.id));
  const table = d.workingTableId ? ((await db.select().from(workingTables).where(eq(workingTables.id, d.workingTableId)))[0] ?? null) : null;
  const fed = await db
    .select({ id: proposals.id, title: proposals.title })
    .from(proposals)
    .where(and(eq(proposals.responseDraftId, id), isNotNull(proposals.responsePublishedAt)))
    .orderBy(asc(proposals.id));
  const commitment = d.commitmentId ? ((await db.select({ id: commitments.id, number: commitments.number, planId: commitments.planId }).from(commitments).where(eq(commitments.id, d.commitmentId)))[0] ?? null) : null;
  return {
    draft: d,
    process,
    versions: versions.map((v) => ({ ...v, commentIds: links.filter((l) => l.versionId === v.id).map((l) => l.commentId) })),
    comments,
    table,
    proposals: fed,
    commitment,
  };
}

export async function workingTableDetail(db: Executor, id: number) {
  const t = (await db.select().from(workingTables).where(eq(workingTables.id, id)))[0];
  if (!t) return null;
  const process = (await getProcess(db, t.processId))!;
  const props = await db.select().from(proposals).where(and(eq(proposals.workingTableId, id), isPublic)).orderBy(asc(proposals.id));
  const sessions = await db.select().from(workingTableSessions).where(eq(workingTableSessions.workingTableId, id)).orderBy(asc(workingTableSessions.heldOn), asc(workingTableSessions.id));
  const drafts = (await draftsOf(db, t.processId)).filter((d) => d.workingTableId === id);
  return { table: t, process, proposals: props, unanswered: props.filter(waitsForResponse), sessions, drafts };
}

/** Backwards from a commitment: its draft, the draft's working table and the proposals that fed it. */
export async function commitmentOrigin(db: Executor, commitmentId: number) {
  const d = (await db.select({ id: draftCommitments.id }).from(draftCommitments).where(eq(draftCommitments.commitmentId, commitmentId)))[0];
  if (!d) return null;
  return draftDetail(db, d.id);
}

/** Whether a commitment came from a co-creation draft (its page links to `/commitments/{id}/co-creation`). */
export async function hasCocreationOrigin(db: Executor, commitmentId: number): Promise<boolean> {
  const [d] = await db.select({ id: draftCommitments.id }).from(draftCommitments).where(eq(draftCommitments.commitmentId, commitmentId)).limit(1);
  return !!d;
}

/** Processes with a published calendar (open data page, API). */
export async function publishedProcesses(db: Executor) {
  return db.select().from(cocreationProcesses).where(isNotNull(cocreationProcesses.calendarPublishedAt)).orderBy(asc(cocreationProcesses.id));
}
