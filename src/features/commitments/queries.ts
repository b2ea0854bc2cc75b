import { and, asc, inArray, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { commitments, milestones } from '../../db/schema/index.js';
import { isDelayed } from '../milestones/rules.js';
import { milestoneMonitoring, type EvidenceItem, type MilestoneMonitoring } from '../monitoring/queries.js';
import { rollup } from './rollup.js';
import type { LocalizedText } from '../../lib/localized.js';
import { runStatement, statement } from '../../lib/raw-query.js';
import { commitmentHistoryOf, commitmentHistorySql, type HistoryEntry, type HistoryTuple } from '../monitoring/queries.js';
import { changeHistoryOf, changeHistorySql, type ChangeEntry, type ChangeTuple } from '../authoring/queries.js';
import type { IrmRow } from '../irm/views.js';
import type { CommitmentDetail } from './schemas.js';

type Milestone = typeof milestones.$inferSelect;
type CommitmentRow = typeof commitments.$inferSelect;

/** The milestones of the commitment `c`, as JSON objects with the fields `milestoneOf` reads. */
const MILESTONES_JSON_TEXT = `coalesce((select json_agg(json_build_object(
    'id', m.id, 'commitmentId', m.commitment_id, 'number', m.number, 'title', m.title, 'subItems', m.sub_items,
    'plannedStart', m.planned_start, 'plannedEnd', m.planned_end, 'status', m.status, 'narrative', m.narrative,
    'reportedDelayed', m.reported_delayed, 'delayNote', m.delay_note) order by m.number, m.id)
  from milestones m where m.commitment_id = c.id and m.removed_at is null), '[]')`;

/** The commitment statement's text (`$1` its id); `extra` adds keys to the JSON object. */
function commitmentDetailText(extra: string): string {
  return `select json_build_object(
      'c', to_jsonb(c) - 'created_at',
      'plan', json_build_object('id', p.id, 'number', p.number, 'title', p.title, 'memberCode', mb.code, 'practice', p.practice, 'memberId', p.member_id),
      'lead', case when i.id is null then null else json_build_object('id', i.id, 'name', i.name) end,
      'contact', case when ct.id is null then null else json_build_object('name', ct.name, 'title', ct.title, 'email', ct.email, 'phone', ct.phone, 'isPublic', ct.is_public) end,
      'source', case when im.id is null then null else json_build_object('id', im.id, 'sourceName', im.source_name, 'format', im.format, 'createdAt', im.created_at) end,
      'milestones', ${MILESTONES_JSON_TEXT},
      'areas', coalesce((select json_agg(json_build_object('slug', pa.slug, 'name', pa.name) order by pa.position, pa.slug)
                 from commitment_policy_areas cpa join policy_areas pa on pa.slug = cpa.policy_area_slug where cpa.commitment_id = c.id), '[]'),
      'monitored', exists (select 1 from progress_updates pu join milestones m on m.id = pu.milestone_id
                            where m.commitment_id = c.id and pu.state in ('submitted', 'verified'))
                or exists (select 1 from contestations co join milestones m on m.id = co.milestone_id where m.commitment_id = c.id)${extra}
    ) as detail
    from commitments c
    join action_plans p on p.id = c.plan_id
    join members mb on mb.id = p.member_id
    left join institutions i on i.id = c.lead_institution_id
    left join contacts ct on ct.id = c.contact_id
    left join imports im on im.id = c.source_import_id
    where c.id = $1`;
}

const COMMITMENT_DETAIL = statement('abierto_commitment_detail', commitmentDetailText(''));
const COMMITMENT_PAGE = statement(
  'abierto_commitment_page',
  commitmentDetailText(`,
      'history', ${commitmentHistorySql('c.id')},
      'irm', coalesce((select json_agg(to_jsonb(ia) - 'created_at' - 'updated_at' order by ia.report_kind, ia.id) from irm_assessments ia where ia.commitment_id = c.id), '[]'),
      'changes', ${changeHistorySql('commitment', 'c.id')},
      'cocreated', exists (select 1 from draft_commitments dc where dc.commitment_id = c.id)`),
);

interface DetailRow {
  c: Omit<CommitmentRow, 'createdAt' | 'updatedAt'> & { updatedAt: string };
  plan: { id: number; number: number; title: LocalizedText; memberCode: string; practice: boolean; memberId: number };
  lead: { id: number; name: LocalizedText } | null;
  contact: { name: string; title: LocalizedText; email: string | null; phone: string | null; isPublic: boolean } | null;
  source: { id: number; sourceName: string; format: string; createdAt: string } | null;
  milestones: Pick<Milestone, 'id' | 'commitmentId' | 'number' | 'title' | 'subItems' | 'plannedStart' | 'plannedEnd' | 'status' | 'narrative' | 'reportedDelayed' | 'delayNote'>[];
  areas: { slug: string; name: LocalizedText }[];
  monitored: boolean;
}

/**
 * Everything public about one commitment, milestones in order, with computed delay and roll-up.
 * One statement (issue 10): the commitment with its plan, lead, contact and source, its milestones and
 * policy areas as JSON, and whether any milestone has progress updates or contestations — only then
 * does a second round of queries read them.
 */
export async function getCommitmentDetail(db: Executor, id: number, now: Date): Promise<CommitmentDetail | null> {
  const [row] = await runStatement<{ detail: DetailRow }>(db, COMMITMENT_DETAIL, [id]);
  return row ? commitmentDetailOf(db, row.detail, now) : null;
}

/** What the public commitment page shows besides the commitment: its public history, IRM assessments, authoring changes, who may author it, whether it came from co-creation. */
export interface CommitmentPageExtras {
  history: HistoryEntry[];
  irm: IrmRow[];
  changes: ChangeEntry[];
  memberId: number;
  cocreated: boolean;
}

/**
 * Everything the public commitment page shows, in one statement (issue 10, decision 062): the
 * commitment as `getCommitmentDetail` reads it, with its history, IRM assessments, changes, its plan's
 * member and whether a co-creation draft became it. Only when a milestone has progress updates or
 * contestations is there a second statement (`milestoneMonitoring`).
 */
export async function getCommitmentPage(db: Executor, id: number, now: Date): Promise<{ commitment: CommitmentDetail; extras: CommitmentPageExtras } | null> {
  const [row] = await runStatement<{ detail: DetailRow & { history: HistoryTuple[]; irm: Record<string, unknown>[]; changes: ChangeTuple[]; cocreated: boolean } }>(db, COMMITMENT_PAGE, [id]);
  if (!row) return null;
  const d = row.detail;
  return {
    commitment: await commitmentDetailOf(db, d, now),
    extras: {
      history: commitmentHistoryOf(d.history),
      irm: d.irm.map((r) => camelCase(r) as unknown as IrmRow),
      changes: changeHistoryOf(d.changes),
      memberId: d.plan.memberId,
      cocreated: d.cocreated === true,
    },
  };
}

/** A row as `to_jsonb` gives it (snake_case keys), with the keys drizzle gives it (camelCase). */
function camelCase(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in raw) out[k.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase())] = raw[k];
  return out;
}

async function commitmentDetailOf(db: Executor, row: DetailRow, now: Date): Promise<CommitmentDetail> {
  // to_jsonb(c) names the columns as the database does: snake_case.
  const c = camelCase(row.c as unknown as Record<string, unknown>) as unknown as DetailRow['c'];
  const { plan, lead, contact, source } = row;
  const ms = row.milestones;
  // No progress update or contestation: every milestone's status is the imported one (as milestoneMonitoring says).
  const monitoring = row.monitored
    ? await milestoneMonitoring(db, ms)
    : new Map<number, MilestoneMonitoring>(
        ms.map((m) => [m.id, { statusSource: m.status !== null ? 'self_assessment' : null, verified: null, pending: null, contestations: [], contested: false }]),
      );
  const ev = (list: { title: { es?: string; en?: string }; href: string }[]) => list.map((e) => ({ title: e.title, href: e.href }));
  return {
    id: c.id,
    number: c.number,
    ogpId: c.ogpId,
    generation: c.generation,
    plan: { id: plan.id, number: plan.number, title: plan.title, memberCode: plan.memberCode, practice: plan.practice === true },
    title: c.title,
    theme: c.theme,
    startMonth: c.startMonth,
    endMonth: c.endMonth,
    leadInstitution: lead ? { id: lead.id, name: lead.name } : null,
    contact:
      contact && contact.isPublic
        ? { name: contact.name, title: contact.title, email: contact.email, phone: contact.phone }
        : null,
    otherActors: { government: c.otherActorsGovernment, civilSociety: c.otherActorsCivilSociety },
    problem: c.problem,
    objective: c.objective,
    briefDescription: c.briefDescription,
    description: c.description,
    howItSolves: c.howItSolves,
    relevance: c.relevance,
    ambition: c.ambition,
    values: {
      accessToInformation: c.valueAccessToInformation,
      civicParticipation: c.valueCivicParticipation,
      publicAccountability: c.valuePublicAccountability,
      technologyInnovation: c.valueTechnologyInnovation,
    },
    policyAreas: row.areas,
    completion: c.completion,
    resultsDescription: c.resultsDescription,
    nextSteps: c.nextSteps,
    additionalInformation: c.additionalInformation,
    remainingChallenges: c.remainingChallenges,
    rollup: rollup(ms, now),
    milestones: ms.map((m) => ({
      id: m.id,
      number: m.number,
      title: m.title,
      subItems: m.subItems,
      plannedStart: m.plannedStart,
      plannedEnd: m.plannedEnd,
      status: m.status,
      delayed: isDelayed(m, now),
      reportedDelayed: m.reportedDelayed,
      delayNote: m.delayNote,
      narrative: m.narrative,
      ...provenance(monitoring.get(m.id), ev),
    })),
    source: source ? { importId: source.id, name: source.sourceName, format: source.format, importedAt: new Date(source.createdAt).toISOString() } : null,
    updatedAt: new Date(c.updatedAt).toISOString(),
  };
}

/** Milestone statuses and planned ends of many commitments at once, for roll-ups. */
export async function milestoneStatusesByCommitment(db: Executor, commitmentIds: number[]) {
  const byCommitment = new Map<number, { status: (typeof milestones.$inferSelect)['status']; plannedEnd: string | null }[]>();
  for (const id of commitmentIds) byCommitment.set(id, []);
  if (commitmentIds.length === 0) return byCommitment;
  const rows = await db
    .select({ commitmentId: milestones.commitmentId, status: milestones.status, plannedEnd: milestones.plannedEnd })
    .from(milestones)
    .where(and(inArray(milestones.commitmentId, commitmentIds), isNull(milestones.removedAt)))
    .orderBy(asc(milestones.commitmentId), asc(milestones.number));
  for (const r of rows) byCommitment.get(r.commitmentId)?.push({ status: r.status, plannedEnd: r.plannedEnd });
  return byCommitment;
}

function provenance(mon: MilestoneMonitoring | undefined, ev: (list: EvidenceItem[]) => { title: { es?: string; en?: string }; href: string }[]) {
  const v = mon?.verified ?? null;
  const p = mon?.pending ?? null;
  return {
    statusSource: mon?.statusSource ?? null,
    reportedBy: v?.reportedBy ?? null,
    reportedAt: v?.reportedAt ?? null,
    verifiedBy: v?.verifiedBy ?? null,
    verifiedAt: v?.verifiedAt ?? null,
    statusAsOf: v?.asOf ?? null,
    evidence: v ? ev(v.evidence) : [],
    pending: p ? { status: p.status, reportedBy: p.reportedBy, reportedAt: p.reportedAt, asOf: p.asOf, narrative: p.narrative, evidence: ev(p.evidence) } : null,
    contested: mon?.contested ?? false,
    contestations: (mon?.contestations ?? []).map((c) => ({
      id: c.id,
      state: c.state as 'open' | 'upheld' | 'dismissed',
      by: c.by,
      seat: c.seat,
      at: c.at,
      comment: c.comment,
      contestedStatus: c.contestedStatus,
      evidence: ev(c.evidence),
      resolution: c.resolution,
      resolvedAt: c.resolvedAt,
      replies: c.replies,
    })),
  };
}
