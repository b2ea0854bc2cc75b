import { and, asc, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import {
  actionPlans,
  commitments,
  contestationReplies,
  contestations,
  documents,
  follows,
  milestones,
  progressUpdates,
  reportingPeriods,
  roleGrants,
  users,
} from '../../db/schema/index.js';
import type { CompletionLevel, PlanPhase } from '../../lib/levels.js';
import type { LocalizedText } from '../../lib/localized.js';
import type { SessionUser } from '../accounts/policy.js';
import type { CommitmentScope } from './policy.js';
import { sqlRows } from '../../lib/sql-rows.js';
import { millisSql, personNameSql, runStatement, statement } from '../../lib/raw-query.js';

export interface MilestoneContext {
  milestone: typeof milestones.$inferSelect;
  commitment: { id: number; number: string; title: LocalizedText; planId: number };
  scope: CommitmentScope;
}

export async function commitmentScope(db: Executor, commitmentId: number): Promise<(CommitmentScope & { planId: number; number: string; title: LocalizedText }) | null> {
  const rows = await db
    .select({ memberId: actionPlans.memberId, planPhase: actionPlans.phase, leadInstitutionId: commitments.leadInstitutionId, planId: actionPlans.id, number: commitments.number, title: commitments.title })
    .from(commitments)
    .innerJoin(actionPlans, eq(actionPlans.id, commitments.planId))
    .where(eq(commitments.id, commitmentId))
    .limit(1);
  return rows[0] ?? null;
}

/** A milestone by its commitment and number, with what permissions need. */
export async function milestoneContext(db: Executor, by: { commitmentId: number; number: number } | { milestoneId: number }): Promise<MilestoneContext | null> {
  const rows = await db
    .select({ m: milestones, c: commitments, phase: actionPlans.phase, memberId: actionPlans.memberId })
    .from(milestones)
    .innerJoin(commitments, eq(commitments.id, milestones.commitmentId))
    .innerJoin(actionPlans, eq(actionPlans.id, commitments.planId))
    .where('milestoneId' in by ? eq(milestones.id, by.milestoneId) : and(eq(milestones.commitmentId, by.commitmentId), eq(milestones.number, by.number)))
    .limit(1);
  const r = rows[0];
  if (!r) return null;
  return {
    milestone: r.m,
    commitment: { id: r.c.id, number: r.c.number, title: r.c.title, planId: r.c.planId },
    scope: { memberId: r.memberId, planPhase: r.phase as PlanPhase, leadInstitutionId: r.c.leadInstitutionId },
  };
}

export interface EvidenceItem {
  id: number;
  title: LocalizedText;
  href: string;
  fileName: string | null;
}

function evidenceHref(d: { id: number; url: string | null }): string {
  return d.url ?? `/evidence/${d.id}`;
}

/** Public evidence of some subjects, by subject id. */
export async function evidenceOf(db: Executor, subjectType: 'progress_update' | 'contestation', ids: number[], options: { includeUnpublished?: boolean } = {}) {
  const out = new Map<number, EvidenceItem[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .select({ id: documents.id, title: documents.title, url: documents.url, fileName: documents.fileName, subjectId: documents.subjectId, publishedAt: documents.publishedAt })
    .from(documents)
    .where(and(eq(documents.subjectType, subjectType), inArray(documents.subjectId, ids)))
    .orderBy(asc(documents.id));
  for (const d of rows) {
    if (!d.publishedAt && !options.includeUnpublished) continue;
    const list = out.get(d.subjectId!) ?? [];
    list.push({ id: d.id, title: d.title, href: evidenceHref(d), fileName: d.fileName });
    out.set(d.subjectId!, list);
  }
  return out;
}

export interface ReportedUpdate {
  id: number;
  status: CompletionLevel;
  narrative: LocalizedText;
  asOf: string;
  reportedBy: string;
  reportedAt: string;
  source: string;
  evidence: EvidenceItem[];
}

export interface MilestoneMonitoring {
  /** Where the public status comes from. */
  statusSource: 'verified_update' | 'self_assessment' | null;
  /** The verified update the public status is from. */
  verified: (ReportedUpdate & { verifiedBy: string; verifiedAt: string }) | null;
  /** A newer submitted update, not yet verified: "reported, awaiting verification". */
  pending: ReportedUpdate | null;
  /** Contestations since the last verification. */
  contestations: { id: number; state: string; by: string; seat: string | null; at: string; comment: string; contestedStatus: CompletionLevel | null; evidence: EvidenceItem[]; resolution: string | null; resolvedAt: string | null; replies: number }[];
  /** An open contestation stands against the status (decision 042). */
  contested: boolean;
}

/** SQL text: the published evidence of a subject, by id, as a JSON array of [id, title, url, file name]. */
const evidenceSql = (subjectType: string, subjectId: string) =>
  `coalesce((select json_agg(json_build_array(d.id, d.title, d.url, d.file_name) order by d.id) from documents d
     where d.subject_type = '${subjectType}' and d.subject_id = ${subjectId} and d.published_at is not null), '[]')`;

type EvidenceTuple = [number, EvidenceItem['title'], string | null, string | null];
/** [id, milestone id, state, status, narrative, as of, submitted at (ms), created at (ms), decided at (ms), source, author's name, decider's name, evidence] */
type UpdateTuple = [number, number, string, CompletionLevel, LocalizedText, string, number | null, number, number | null, string, string | null, string | null, EvidenceTuple[]];
/** [id, milestone id, state, resolution, resolved at (ms), created at (ms), author's name, author's forum seat, comment, contested status, replies, evidence] */
type ContestationTuple = [number, number, string, string | null, number | null, number, string | null, string | null, string, CompletionLevel | null, number, EvidenceTuple[]];

/**
 * The progress updates (submitted and verified) and contestations of some milestones (`$1`, an array
 * of ids), with their people's names, forum seats, reply counts and published evidence: one statement.
 */
const MILESTONE_MONITORING = statement(
  'abierto_milestone_monitoring',
  `select json_build_array(
    coalesce((select json_agg(json_build_array(u.id, u.milestone_id, u.state, u.status, u.narrative, u.as_of, ${millisSql('u.submitted_at')}, ${millisSql('u.created_at')}, ${millisSql('u.decided_at')},
                u.source, ua.name, ud.name, ${evidenceSql('progress_update', 'u.id')}) order by u.milestone_id, u.submitted_at, u.id)
      from progress_updates u left join users ua on ua.id = u.author_id left join users ud on ud.id = u.decided_by
      where u.milestone_id = any($1::int[]) and u.state in ('submitted', 'verified')), '[]'),
    coalesce((select json_agg(json_build_array(c.id, c.milestone_id, c.state, c.resolution, ${millisSql('c.resolved_at')}, ${millisSql('c.created_at')}, ua.name,
                (select g.seat from role_grants g where g.user_id = c.author_id and g.role = 'forum_member' and g.seat is not null order by g.id limit 1),
                c.comment, c.contested_status, (select count(*)::int from contestation_replies r where r.contestation_id = c.id), ${evidenceSql('contestation', 'c.id')})
                order by c.created_at, c.id)
      from contestations c left join users ua on ua.id = c.author_id
      where c.milestone_id = any($1::int[])), '[]')) as m`,
);

const evidenceItems = (list: EvidenceTuple[]): EvidenceItem[] => list.map(([id, title, url, fileName]) => ({ id, title, href: evidenceHref({ id, url }), fileName }));
const dateOf = (ms: number | null) => (ms === null ? null : new Date(ms));

/** The public provenance of each milestone's status: verified update, pending report, contestations. One statement. */
export async function milestoneMonitoring(db: Executor, ms: { id: number; status: CompletionLevel | null; commitmentId: number }[]): Promise<Map<number, MilestoneMonitoring>> {
  const out = new Map<number, MilestoneMonitoring>();
  if (ms.length === 0) return out;
  const [row] = await runStatement<{ m: [UpdateTuple[], ContestationTuple[]] }>(db, MILESTONE_MONITORING, [ms.map((m) => m.id)]);
  const [upRows, conRows] = row?.m ?? [[], []];
  const ups = upRows.map(([id, milestoneId, state, status, narrative, asOf, submittedAt, createdAt, decidedAt, source, authorName, deciderName, evidence]) => ({
    id,
    milestoneId,
    state,
    status,
    narrative,
    asOf,
    submittedAt: dateOf(submittedAt),
    createdAt: new Date(createdAt),
    decidedAt: dateOf(decidedAt),
    source,
    authorName: authorName ?? '',
    deciderName: deciderName ?? '',
    evidence: evidenceItems(evidence),
  }));
  const cons = conRows.map(([id, milestoneId, state, resolution, resolvedAt, createdAt, authorName, seat, comment, contestedStatus, replies, evidence]) => ({
    id,
    milestoneId,
    state,
    resolution,
    resolvedAt: dateOf(resolvedAt),
    createdAt: new Date(createdAt),
    by: authorName ?? '',
    seat,
    comment,
    contestedStatus,
    replies,
    evidence: evidenceItems(evidence),
  }));
  const report = (u: (typeof ups)[number]): ReportedUpdate => ({
    id: u.id,
    status: u.status,
    narrative: u.narrative,
    asOf: u.asOf,
    reportedBy: u.authorName,
    reportedAt: (u.submittedAt ?? u.createdAt).toISOString(),
    source: u.source,
    evidence: u.evidence,
  });
  for (const m of ms) {
    const mine = ups.filter((u) => u.milestoneId === m.id);
    // The public status is the newest verified report, by as-of date, then submission (decision 040).
    const verifiedList = mine.filter((u) => u.state === 'verified').sort(byAsOfThenSubmission);
    const v = verifiedList[verifiedList.length - 1];
    const submitted = mine.filter((u) => u.state === 'submitted');
    const p = submitted[submitted.length - 1];
    const since = v?.decidedAt?.getTime() ?? 0;
    out.set(m.id, {
      statusSource: v ? 'verified_update' : m.status !== null ? 'self_assessment' : null,
      verified: v ? { ...report(v), verifiedBy: v.deciderName, verifiedAt: v.decidedAt!.toISOString() } : null,
      pending: p ? report(p) : null,
      contested: cons.some((c) => c.milestoneId === m.id && c.state === 'open'),
      contestations: cons
        .filter((c) => c.milestoneId === m.id && (c.state === 'open' || c.createdAt.getTime() >= since))
        .map((c) => ({
          id: c.id,
          state: c.state,
          resolution: c.resolution,
          resolvedAt: c.resolvedAt?.toISOString() ?? null,
          replies: c.replies,
          by: c.by,
          seat: c.seat,
          at: c.createdAt.toISOString(),
          comment: c.comment,
          contestedStatus: c.contestedStatus,
          evidence: c.evidence,
        })),
    });
  }
  return out;
}

/** Oldest first: by the date a report is "as of", then by submission, then by id. */
export function byAsOfThenSubmission(a: { asOf: string; submittedAt: Date | null; id: number }, b: { asOf: string; submittedAt: Date | null; id: number }): number {
  return a.asOf.localeCompare(b.asOf) || (a.submittedAt?.getTime() ?? 0) - (b.submittedAt?.getTime() ?? 0) || a.id - b.id;
}

export async function personNames(db: Executor, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids)).orderBy(asc(users.id));
  return new Map(rows.map((r) => [r.id, r.name]));
}

async function forumSeats(db: Executor, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ userId: roleGrants.userId, seat: roleGrants.seat })
    .from(roleGrants)
    .where(and(inArray(roleGrants.userId, ids), eq(roleGrants.role, 'forum_member')))
    .orderBy(asc(roleGrants.id));
  const out = new Map<number, string>();
  for (const r of rows) if (r.seat && !out.has(r.userId)) out.set(r.userId, r.seat);
  return out;
}

export type HistoryEntry =
  | { kind: 'imported'; at: string; by: string; source: string | null }
  | { kind: 'reported'; at: string; by: string; milestone: number; status: CompletionLevel }
  | { kind: 'verified'; at: string; by: string; milestone: number; from: CompletionLevel | null; to: CompletionLevel; reportedBy: string; narrative: LocalizedText | null; replaced: LocalizedText | null }
  | { kind: 'verified_older'; at: string; by: string; milestone: number; reported: CompletionLevel; asOf: string; current: CompletionLevel | null; reportedBy: string; narrative: LocalizedText | null }
  | { kind: 'superseded'; at: string; by: string; milestone: number }
  | { kind: 'replied'; at: string; by: string; milestone: number }
  | { kind: 'resolved'; at: string; by: string; milestone: number; outcome: 'upheld' | 'dismissed'; reason: string }
  | { kind: 'returned'; at: string; by: string; milestone: number; reason: string }
  | { kind: 'contested'; at: string; by: string; milestone: number; status: CompletionLevel | null; comment: string }
  | { kind: 'irm'; at: string; by: string; reportKind: string };

/**
 * The public history of a commitment, newest first, from the append-only audit log: imports,
 * submitted reports, verifications (status changed from … to …), returns and contestations.
 * Drafts, sign-ins and follows are never shown.
 */
export async function commitmentHistory(db: Executor, commitmentId: number): Promise<HistoryEntry[]> {
  const [row] = await runStatement<{ t: HistoryTuple[] }>(db, COMMITMENT_HISTORY, [commitmentId]);
  return commitmentHistoryOf(row?.t ?? []);
}

const HISTORY_COMMITMENT_ACTIONS = ['commitment.import', 'commitment.reimport', 'irm_assessment.create', 'irm_assessment.update'].map((a) => `'${a}'`).join(', ');
const HISTORY_MILESTONE_ACTIONS = ['progress_update.submit', 'progress_update.verify', 'progress_update.return', 'progress_update.supersede', 'milestone.contest', 'contestation.reply', 'contestation.resolve']
  .map((a) => `'${a}'`)
  .join(', ');

/** SQL text: a JSON number in `details` that names a row (`authorId`, `importId`), as a bigint; null otherwise. */
const detailId = (key: string) => `case when jsonb_typeof(a.details->'${key}') = 'number' and a.details->>'${key}' ~ '^[0-9]{1,18}$' then (a.details->>'${key}')::bigint end`;

/** One audit record as the history statement returns it: [at (ms), actor, action, details, the milestone's number, the actor's name, the author's name, the import's source name]. */
export type HistoryTuple = [number, string, string, Record<string, unknown>, number | null, string | null, string | null, string | null];

/** SQL text: the public history of a commitment (`id`, an SQL expression), newest first (at most 500), as a JSON array of `HistoryTuple`. */
export function commitmentHistorySql(id: string): string {
  return `coalesce((select json_agg(json_build_array(${millisSql('a.occurred_at')}, a.actor, a.action, a.details, mn.number, ${personNameSql('a.actor', false)},
      (select u.name from users u where u.id = ${detailId('authorId')}), (select im.source_name from imports im where im.id = ${detailId('importId')}))
      order by a.occurred_at desc, a.id desc)
    from (select a.* from audit_log a
           where (a.entity_type = 'commitment' and a.entity_id = (${id})::text and a.action in (${HISTORY_COMMITMENT_ACTIONS}))
              or (a.entity_type = 'milestone' and a.entity_id in (select m.id::text from milestones m where m.commitment_id = ${id}) and a.action in (${HISTORY_MILESTONE_ACTIONS}))
           order by a.occurred_at desc, a.id desc limit 500) a
    left join milestones mn on mn.id = case when a.entity_type = 'milestone' and a.entity_id ~ '^[0-9]{1,18}$' then a.entity_id::bigint end), '[]')`;
}

const COMMITMENT_HISTORY = statement('abierto_commitment_history', `select ${commitmentHistorySql('$1::int')} as t`);

export function commitmentHistoryOf(rows: HistoryTuple[]): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  for (const [atMs, actor, action, details, number, actorName, authorName, sourceName] of rows) {
    const d = details;
    const at = new Date(atMs).toISOString();
    const milestone = number ?? 0;
    const by = actorName ?? actor;
    switch (action) {
      case 'commitment.import':
      case 'commitment.reimport':
        out.push({ kind: 'imported', at, by, source: typeof d.importId === 'number' ? sourceName : null });
        break;
      case 'progress_update.submit':
        out.push({ kind: 'reported', at, by, milestone, status: d.status as CompletionLevel });
        break;
      case 'progress_update.verify': {
        const before = d.before as { status?: CompletionLevel | null; narrative?: LocalizedText } | undefined;
        const reported = d.reported as { status: CompletionLevel; narrative?: LocalizedText } | undefined;
        const reportedBy = typeof d.authorId === 'number' ? (authorName ?? '') : '';
        if (d.current === false && reported) {
          out.push({ kind: 'verified_older', at, by, milestone, reported: reported.status, asOf: String(d.asOf ?? ''), current: before?.status ?? null, reportedBy, narrative: reported.narrative ?? null });
          break;
        }
        const after = d.after as { status: CompletionLevel; narrative?: LocalizedText };
        const changedText = reported?.narrative && before?.narrative && JSON.stringify(after.narrative) !== JSON.stringify(before.narrative) ? before.narrative : null;
        out.push({ kind: 'verified', at, by, milestone, from: (before?.status ?? null) as CompletionLevel | null, to: after.status, reportedBy, narrative: reported?.narrative ?? null, replaced: changedText });
        break;
      }
      case 'progress_update.supersede':
        out.push({ kind: 'superseded', at, by, milestone });
        break;
      case 'contestation.reply':
        out.push({ kind: 'replied', at, by, milestone });
        break;
      case 'contestation.resolve':
        out.push({ kind: 'resolved', at, by, milestone, outcome: d.outcome === 'upheld' ? 'upheld' : 'dismissed', reason: String(d.reason ?? '') });
        break;
      case 'progress_update.return':
        out.push({ kind: 'returned', at, by, milestone, reason: String(d.reason ?? '') });
        break;
      case 'irm_assessment.create':
      case 'irm_assessment.update':
        out.push({ kind: 'irm', at, by, reportKind: String(d.reportKind ?? '') });
        break;
      case 'milestone.contest':
        out.push({ kind: 'contested', at, by, milestone, status: (d.status ?? null) as CompletionLevel | null, comment: String(d.comment ?? '') });
        break;
    }
  }
  return out;
}

/** A contact's work: the milestones of their institutions' commitments in plans that are not closed, with their own updates. */
export async function contactWork(db: Executor, user: SessionUser) {
  const grants = user.grants.filter((g) => g.role === 'institution_contact' && g.memberId !== null && g.institutionId !== null);
  if (grants.length === 0) return { milestones: [], updates: [] };
  const rows = await db
    .select({ m: milestones, c: { id: commitments.id, number: commitments.number, title: commitments.title, leadInstitutionId: commitments.leadInstitutionId }, plan: { id: actionPlans.id, title: actionPlans.title, memberId: actionPlans.memberId } })
    .from(milestones)
    .innerJoin(commitments, eq(commitments.id, milestones.commitmentId))
    .innerJoin(actionPlans, eq(actionPlans.id, commitments.planId))
    .where(
      and(
        inArray(commitments.leadInstitutionId, grants.map((g) => g.institutionId!)),
        isNull(milestones.removedAt),
        inArray(actionPlans.memberId, grants.map((g) => g.memberId!)),
        inArray(actionPlans.phase, ['co_creation', 'implementation']),
      ),
    )
    .orderBy(asc(actionPlans.id), asc(commitments.position), asc(commitments.id), asc(milestones.number));
  const mine = rows.filter((r) => grants.some((g) => g.memberId === r.plan.memberId && g.institutionId === r.c.leadInstitutionId));
  const updates = await db.select().from(progressUpdates).where(eq(progressUpdates.authorId, user.id)).orderBy(desc(progressUpdates.updatedAt), desc(progressUpdates.id));
  return { milestones: mine, updates };
}

/** A report in the queue: [id, status, narrative, as of, submitted at, author id, author name, milestone number, title, status, commitment id, number, title, member, phase, lead institution, evidence]. */
type QueueTuple = [number, CompletionLevel, LocalizedText, string, string | null, number, string, number, LocalizedText, CompletionLevel | null, number, string, LocalizedText, number, PlanPhase, number | null, [number, LocalizedText, string | null, string | null][] | null];

/**
 * Submitted updates waiting for verification in some members, oldest first, with their public
 * evidence — one statement (issue 10), the members filtered in SQL.
 */
export async function verificationQueue(db: Executor, memberIds: number[] | 'all') {
  const rows = await sqlRows<{ items: QueueTuple[] | null }>(
    db,
    sql`select json_agg(json_build_array(u.id, u.status, u.narrative, u.as_of, u.submitted_at, u.author_id, a.name, m.number, m.title, m.status, c.id, c.number, c.title, p.member_id, p.phase, c.lead_institution_id,
        (select json_agg(json_build_array(d.id, d.title, d.url, d.file_name) order by d.id) from documents d
          where d.subject_type = 'progress_update' and d.subject_id = u.id and d.published_at is not null))
        order by u.submitted_at, u.id) as items
      from progress_updates u
      join milestones m on m.id = u.milestone_id
      join commitments c on c.id = m.commitment_id
      join action_plans p on p.id = c.plan_id
      join users a on a.id = u.author_id
      where u.state = 'submitted'${memberIds === 'all' ? sql`` : sql` and p.member_id = any(${`{${memberIds.join(',')}}`}::int[])`}`,
  );
  return (rows[0]?.items ?? []).map((t) => ({
    u: { id: t[0], status: t[1], narrative: t[2], asOf: t[3], submittedAt: t[4] === null ? null : new Date(t[4]), authorId: t[5] },
    author: t[6],
    m: { number: t[7], title: t[8], status: t[9] },
    c: { id: t[10], number: t[11], title: t[12] },
    memberId: t[13],
    phase: t[14],
    leadInstitutionId: t[15],
    evidence: (t[16] ?? []).map(([id, title, url, fileName]): EvidenceItem => ({ id, title, href: evidenceHref({ id, url }), fileName })),
  }));
}

/** Reporting periods of the plans of some members, newest deadline first. */
export async function periodsFor(db: Executor, memberIds: number[] | 'all') {
  const rows = await db
    .select({ p: reportingPeriods, plan: { id: actionPlans.id, title: actionPlans.title, memberId: actionPlans.memberId, phase: actionPlans.phase } })
    .from(reportingPeriods)
    .innerJoin(actionPlans, eq(actionPlans.id, reportingPeriods.planId))
    .orderBy(desc(reportingPeriods.deadline), desc(reportingPeriods.id));
  return memberIds === 'all' ? rows : rows.filter((r) => memberIds.includes(r.plan.memberId));
}

/** Open periods of one plan, for the update form. */
export async function openPeriodsOfPlan(db: Executor, planId: number) {
  return db
    .select()
    .from(reportingPeriods)
    .where(and(eq(reportingPeriods.planId, planId), isNull(reportingPeriods.closedAt)))
    .orderBy(asc(reportingPeriods.deadline), asc(reportingPeriods.id));
}

export async function plansOfMembers(db: Executor, memberIds: number[] | 'all') {
  const rows = await db.select({ id: actionPlans.id, title: actionPlans.title, memberId: actionPlans.memberId, phase: actionPlans.phase }).from(actionPlans).orderBy(asc(actionPlans.memberId), asc(actionPlans.number));
  return memberIds === 'all' ? rows : rows.filter((r) => memberIds.includes(r.memberId));
}

export async function followedCommitments(db: Executor, userId: number) {
  return db
    .select({ id: commitments.id, number: commitments.number, title: commitments.title })
    .from(follows)
    .innerJoin(commitments, eq(commitments.id, follows.commitmentId))
    .where(eq(follows.userId, userId))
    .orderBy(asc(commitments.planId), asc(commitments.position));
}

export async function isFollowing(db: Executor, userId: number, commitmentId: number): Promise<boolean> {
  const rows = await db.select({ u: follows.userId }).from(follows).where(and(eq(follows.userId, userId), eq(follows.commitmentId, commitmentId))).limit(1);
  return rows.length > 0;
}

export async function progressUpdate(db: Executor, id: number) {
  return (await db.select().from(progressUpdates).where(eq(progressUpdates.id, id)).limit(1))[0] ?? null;
}

export interface ContestationThread {
  id: number;
  state: 'open' | 'upheld' | 'dismissed';
  milestoneId: number;
  by: string;
  authorId: number;
  seat: string | null;
  at: string;
  comment: string;
  contestedStatus: CompletionLevel | null;
  evidence: EvidenceItem[];
  resolvedBy: string | null;
  resolvedAt: string | null;
  resolution: string | null;
  replies: { id: number; by: string; capacity: string; at: string; body: string }[];
}

/** A contestation with its public replies and resolution (decision 042). */
export async function contestationThread(db: Executor, id: number): Promise<ContestationThread | null> {
  const c = (await db.select().from(contestations).where(eq(contestations.id, id)).limit(1))[0];
  if (!c) return null;
  const replies = await db.select().from(contestationReplies).where(eq(contestationReplies.contestationId, id)).orderBy(asc(contestationReplies.createdAt), asc(contestationReplies.id));
  const names = await personNames(db, [c.authorId, ...(c.resolvedBy ? [c.resolvedBy] : []), ...replies.map((r) => r.authorId)]);
  const seats = await forumSeats(db, [c.authorId]);
  const evidence = await evidenceOf(db, 'contestation', [c.id]);
  return {
    id: c.id,
    state: c.state as ContestationThread['state'],
    milestoneId: c.milestoneId,
    by: names.get(c.authorId) ?? '',
    authorId: c.authorId,
    seat: seats.get(c.authorId) ?? null,
    at: c.createdAt.toISOString(),
    comment: c.comment,
    contestedStatus: c.contestedStatus,
    evidence: evidence.get(c.id) ?? [],
    resolvedBy: c.resolvedBy ? (names.get(c.resolvedBy) ?? '') : null,
    resolvedAt: c.resolvedAt?.toISOString() ?? null,
    resolution: c.resolution,
    replies: replies.map((r) => ({ id: r.id, by: names.get(r.authorId) ?? '', capacity: r.capacity, at: r.createdAt.toISOString(), body: r.body })),
  };
}

/**
 * Milestones with an open contestation, per commitment (decision 042): for the counts and flags on the
 * home page, plan pages, institution pages and reports. Only commitments with at least one are in the map.
 */
export async function contestedMilestonesByCommitment(db: Executor, commitmentIds?: number[]): Promise<Map<number, number[]>> {
  if (commitmentIds && commitmentIds.length === 0) return new Map();
  const rows = await db
    .selectDistinct({ commitmentId: milestones.commitmentId, milestoneId: milestones.id, number: milestones.number })
    .from(contestations)
    .innerJoin(milestones, eq(milestones.id, contestations.milestoneId))
    .where(commitmentIds ? and(eq(contestations.state, 'open'), inArray(milestones.commitmentId, commitmentIds)) : eq(contestations.state, 'open'))
    .orderBy(asc(milestones.commitmentId), asc(milestones.number));
  const out = new Map<number, number[]>();
  for (const r of rows) out.set(r.commitmentId, [...(out.get(r.commitmentId) ?? []), r.number]);
  return out;
}

/** A milestone of "My work": [id, number, title, planned start, planned end, status, commitment id, number, title]. */
type WorkMilestoneTuple = [number, number, LocalizedText, string | null, string | null, CompletionLevel | null, number, string, LocalizedText];
/** One of the person's reports, newest edit first: [id, milestone id, state, status, return reason, milestone number, commitment number, commitment id]. */
type WorkUpdateTuple = [number, number, string, CompletionLevel, string | null, number | null, string | null, number | null];
/** A plan of the secretariat's part: [id, title, phase, member id, member name, commitments, milestones, not reported, open periods, to verify]. */
type WorkPlanTuple = [number, LocalizedText, PlanPhase, number, LocalizedText, number, number, number, number, number];

export interface WorkOf {
  milestones: { id: number; number: number; title: LocalizedText; plannedStart: string | null; plannedEnd: string | null; status: CompletionLevel | null; commitment: { id: number; number: string; title: LocalizedText } }[];
  /** The person's own reports, newest edit first (only for institution contacts, like `contactWork`). */
  updates: { id: number; milestoneId: number; state: string; status: CompletionLevel; returnReason: string | null; milestoneNumber: number | null; commitmentNumber: string | null; commitmentId: number | null }[];
  following: { id: number; number: string; title: LocalizedText }[];
  notices: { id: number; subject: string; createdAt: Date; readAt: Date | null; meta: Record<string, unknown> }[];
  /** The secretariat's plans with their pending work (null unless secretariat somewhere), and its members. */
  secretariat: { plans: { id: number; title: LocalizedText; phase: PlanPhase; memberId: number; memberName: LocalizedText; commitments: number; milestones: number; notReported: number; openPeriods: number; toVerify: number }[]; members: { id: number; name: LocalizedText }[] } | null;
}

/**
 * Everything "My work" shows, in one statement (issue 10: the page took 8–13 statements, one per
 * report for its milestone's numbers): a contact's milestones (of their institutions' commitments in
 * plans that are not closed, as `contactWork`) and own reports with their milestone and commitment
 * numbers, the commitments followed, the latest 30 notices, and for the secretariat (`scope`, as
 * `secretariatMembers`) its plans with their counts (as `secretariatPlans`) and its members (as `membersIn`).
 */
export async function workOf(db: Executor, user: SessionUser, scope: number[] | 'all' | null): Promise<WorkOf> {
  const pairs = user.grants.filter((g) => g.role === 'institution_contact' && g.memberId !== null && g.institutionId !== null).map((g) => [g.memberId, g.institutionId]);
  const contact = pairs.length > 0;
  const inScope = (column: string) => (scope === 'all' ? sql`true` : sql`${sql.raw(column)} = any(${`{${(scope ?? []).join(',')}}`}::int[])`);
  const rows = await sqlRows<{ milestones: WorkMilestoneTuple[] | null; updates: WorkUpdateTuple[] | null; following: [number, string, LocalizedText][] | null; notices: [number, string, string, string | null, Record<string, unknown>][] | null; plans: WorkPlanTuple[] | null; members: [number, LocalizedText][] | null }>(
    db,
    sql`select
      ${
        contact
          ? sql`(select json_agg(json_build_array(m.id, m.number, m.title, m.planned_start, m.planned_end, m.status, c.id, c.number, c.title) order by p.id, c.position, c.id, m.number)
          from milestones m join commitments c on c.id = m.commitment_id join action_plans p on p.id = c.plan_id
          where m.removed_at is null and p.phase in ('co_creation', 'implementation')
            and (p.member_id, c.lead_institution_id) in (select (x->>0)::int, (x->>1)::int from json_array_elements(${JSON.stringify(pairs)}::json) x))`
          : sql`null`
      } as milestones,
      ${
        contact
          ? sql`(select json_agg(json_build_array(u.id, u.milestone_id, u.state, u.status, u.return_reason, m.number, c.number, c.id) order by u.updated_at desc, u.id desc)
          from progress_updates u left join milestones m on m.id = u.milestone_id left join commitments c on c.id = m.commitment_id
          where u.author_id = ${user.id})`
          : sql`null`
      } as updates,
      (select json_agg(json_build_array(c.id, c.number, c.title) order by c.plan_id, c.position)
         from follows f join commitments c on c.id = f.commitment_id where f.user_id = ${user.id}) as following,
      (select json_agg(json_build_array(o.id, o.subject, o.created_at, o.read_at, o.meta) order by o.id desc)
         from (select id, subject, created_at, read_at, json_build_object('links', meta->'links') as meta from outbox where user_id = ${user.id} order by id desc limit 30) o) as notices,
      ${
        scope === null
          ? sql`null`
          : sql`(select json_agg(json_build_array(p.id, p.title, p.phase, p.member_id, mb.name,
              (select count(*) from commitments c where c.plan_id = p.id),
              (select count(*) from milestones m join commitments c on c.id = m.commitment_id where c.plan_id = p.id and m.removed_at is null),
              (select count(*) from milestones m join commitments c on c.id = m.commitment_id where c.plan_id = p.id and m.removed_at is null and m.status is null),
              (select count(*) from reporting_periods r where r.plan_id = p.id and r.closed_at is null),
              (select count(*) from progress_updates u join milestones m on m.id = u.milestone_id join commitments c on c.id = m.commitment_id where c.plan_id = p.id and u.state = 'submitted'))
              order by p.phase = 'closed', mb.code, p.number desc, p.id)
            from action_plans p join members mb on mb.id = p.member_id where ${inScope('p.member_id')})`
      } as plans,
      ${scope === null ? sql`null` : sql`(select json_agg(json_build_array(mb.id, mb.name) order by mb.code, mb.id) from members mb where ${inScope('mb.id')})`} as members`,
  );
  const r = rows[0]!;
  return {
    milestones: (r.milestones ?? []).map((t) => ({ id: t[0], number: t[1], title: t[2], plannedStart: t[3], plannedEnd: t[4], status: t[5], commitment: { id: t[6], number: t[7], title: t[8] } })),
    updates: (r.updates ?? []).map((t) => ({ id: t[0], milestoneId: t[1], state: t[2], status: t[3], returnReason: t[4], milestoneNumber: t[5], commitmentNumber: t[6], commitmentId: t[7] })),
    following: (r.following ?? []).map((t) => ({ id: t[0], number: t[1], title: t[2] })),
    notices: (r.notices ?? []).map((t) => ({ id: t[0], subject: t[1], createdAt: new Date(t[2]), readAt: t[3] === null ? null : new Date(t[3]), meta: t[4] })),
    secretariat:
      scope === null
        ? null
        : {
            plans: (r.plans ?? []).map((t) => ({ id: t[0], title: t[1], phase: t[2], memberId: t[3], memberName: t[4], commitments: Number(t[5]), milestones: Number(t[6]), notReported: Number(t[7]), openPeriods: Number(t[8]), toVerify: Number(t[9]) })),
            members: (r.members ?? []).map((t) => ({ id: t[0], name: t[1] })),
          },
  };
}

export interface ReportFormContext {
  scope: CommitmentScope;
  commitment: { id: number; number: string; planId: number };
  milestone: { id: number; number: number; title: LocalizedText; status: CompletionLevel | null; removed: boolean };
  /** The plan's open reporting periods (as `openPeriodsOfPlan`). */
  periods: { id: number; name: LocalizedText; deadline: string }[];
  /** When opened by a report: the report and all of its evidence, published or not. */
  update: { id: number; authorId: number; state: string; status: CompletionLevel; narrative: LocalizedText; asOf: string; periodId: number | null; returnReason: string | null } | null;
  evidence: EvidenceItem[];
}

/**
 * What the report form needs, in one statement (issue 10): the milestone (by its commitment and
 * number, or by one of its reports) with what permissions need, the plan's open periods, and for a
 * report being edited the report and its evidence.
 */
export async function reportFormContext(db: Executor, by: { commitmentId: number; number: number } | { updateId: number }): Promise<ReportFormContext | null> {
  type Row = {
    m: [number, number, LocalizedText, CompletionLevel | null, boolean];
    c: [number, string, number, number | null];
    member_id: number;
    phase: PlanPhase;
    periods: [number, LocalizedText, string][] | null;
    u: [number, number, string, CompletionLevel, LocalizedText, string, number | null, string | null] | null;
    evidence: [number, LocalizedText, string | null, string | null][] | null;
  };
  const byUpdate = 'updateId' in by;
  const rows = await sqlRows<Row>(
    db,
    sql`select json_build_array(m.id, m.number, m.title, m.status, m.removed_at is not null) as m,
        json_build_array(c.id, c.number, c.plan_id, c.lead_institution_id) as c, p.member_id, p.phase,
        (select json_agg(json_build_array(r.id, r.name, r.deadline) order by r.deadline, r.id) from reporting_periods r where r.plan_id = p.id and r.closed_at is null) as periods,
        ${byUpdate ? sql`json_build_array(u.id, u.author_id, u.state, u.status, u.narrative, u.as_of, u.period_id, u.return_reason)` : sql`null`} as u,
        ${byUpdate ? sql`(select json_agg(json_build_array(d.id, d.title, d.url, d.file_name) order by d.id) from documents d where d.subject_type = 'progress_update' and d.subject_id = u.id)` : sql`null`} as evidence
      from ${byUpdate ? sql`progress_updates u join milestones m on m.id = u.milestone_id` : sql`milestones m`}
      join commitments c on c.id = m.commitment_id
      join action_plans p on p.id = c.plan_id
      where ${byUpdate ? sql`u.id = ${by.updateId}` : sql`m.commitment_id = ${by.commitmentId} and m.number = ${by.number}`}
      limit 1`,
  );
  const r = rows[0];
  if (!r) return null;
  return {
    scope: { memberId: r.member_id, planPhase: r.phase, leadInstitutionId: r.c[3] },
    commitment: { id: r.c[0], number: r.c[1], planId: r.c[2] },
    milestone: { id: r.m[0], number: r.m[1], title: r.m[2], status: r.m[3], removed: r.m[4] },
    periods: (r.periods ?? []).map(([id, name, deadline]) => ({ id, name, deadline })),
    update: r.u ? { id: r.u[0], authorId: r.u[1], state: r.u[2], status: r.u[3], narrative: r.u[4], asOf: r.u[5], periodId: r.u[6], returnReason: r.u[7] } : null,
    evidence: (r.evidence ?? []).map(([id, title, url, fileName]) => ({ id, title, href: evidenceHref({ id, url }), fileName })),
  };
}

/**
 * The periods page in one statement (issue 10): the reporting periods of the plans of some members,
 * newest deadline first (as `periodsFor`), and the plans that are not closed, to open one in (as
 * `plansOfMembers`, closed ones left out).
 */
export async function periodsOverview(db: Executor, memberIds: number[] | 'all') {
  const inScope = memberIds === 'all' ? sql`true` : sql`p.member_id = any(${`{${memberIds.join(',')}}`}::int[])`;
  const rows = await sqlRows<{ periods: [number, LocalizedText, string, string | null, number, LocalizedText][] | null; plans: [number, LocalizedText][] | null }>(
    db,
    sql`select
      (select json_agg(json_build_array(r.id, r.name, r.deadline, r.closed_at, p.id, p.title) order by r.deadline desc, r.id desc)
         from reporting_periods r join action_plans p on p.id = r.plan_id where ${inScope}) as periods,
      (select json_agg(json_build_array(p.id, p.title) order by p.member_id, p.number)
         from action_plans p where p.phase <> 'closed' and ${inScope}) as plans`,
  );
  const r = rows[0]!;
  return {
    periods: (r.periods ?? []).map((t) => ({ p: { id: t[0], name: t[1], deadline: t[2], closedAt: t[3] === null ? null : new Date(t[3]) }, plan: { id: t[4], title: t[5] } })),
    plans: (r.plans ?? []).map((t) => ({ id: t[0], title: t[1] })),
  };
}
