import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import type { CompletionLevel, PlanPhase } from '../../lib/levels.js';
import type { LocalizedText } from '../../lib/localized.js';
import { monthOf, type Month } from '../../lib/month.js';
import { emptyCounts, rollupFromCounts, type Rollup } from '../commitments/rollup.js';
import { commitmentConditions, contestedSql, delayedSql } from '../search/queries.js';
import { planRollups } from '../members/queries.js';
import type { OgpValue } from '../search/schemas.js';

/**
 * The API's lists at OGP's scale (issue 13): every list is filtered and paged in SQL (`LIMIT`/`OFFSET`
 * over a stable order), and the roll-ups are computed only for the page (decision 004's rule, in
 * `commitments/rollup.ts`).
 */

type Row = Record<string, unknown>;
async function rows(db: Executor, query: SQL): Promise<Row[]> {
  return ((await db.execute(query)) as unknown as { rows: Row[] }).rows;
}
const loc = (v: unknown): LocalizedText => (v && typeof v === 'object' ? (v as LocalizedText) : {});
const idList = (list: number[]) => sql.join(list.map((id) => sql`${id}::int`), sql`, `);
const where = (conditions: SQL[]) => (conditions.length > 0 ? sql` where ${sql.join(conditions, sql` and `)}` : sql``);

export interface Paging {
  limit: number;
  offset: number;
}

/** The roll-ups of some commitments, counted in SQL (decision 004's rule; delayed as `isDelayed`). */
async function commitmentRollups(db: Executor, commitmentIds: number[], now: Date): Promise<Map<number, Rollup>> {
  const out = new Map<number, Rollup>(commitmentIds.map((id) => [id, rollupFromCounts(emptyCounts(), 0)]));
  if (commitmentIds.length === 0) return out;
  for (const r of await rows(
    db,
    sql`select m.commitment_id, count(*)::int as total,
          count(*) filter (where m.status = 'not_started')::int as not_started,
          count(*) filter (where m.status = 'limited')::int as limited,
          count(*) filter (where m.status = 'substantial')::int as substantial,
          count(*) filter (where m.status = 'complete')::int as complete,
          count(*) filter (where m.planned_end is not null and m.status is distinct from 'complete' and m.planned_end < ${monthOf(now)})::int as delayed
        from milestones m where m.commitment_id in (${idList(commitmentIds)}) and m.removed_at is null group by m.commitment_id order by m.commitment_id`,
  )) {
    const counts = { not_started: Number(r.not_started), limited: Number(r.limited), substantial: Number(r.substantial), complete: Number(r.complete), not_reported: 0 };
    counts.not_reported = Number(r.total) - counts.not_started - counts.limited - counts.substantial - counts.complete;
    out.set(Number(r.commitment_id), rollupFromCounts(counts, Number(r.delayed)));
  }
  return out;
}

// ---------------------------------------------------------------- commitments

export interface CommitmentFilter {
  member?: string;
  plan?: number;
  institution?: number;
  theme?: string;
  value?: OgpValue;
  area?: string;
  status?: CompletionLevel | 'not_reported';
  delayed?: true;
  contested?: true;
}

export interface CommitmentListItem {
  id: number;
  number: string;
  ogpId: string | null;
  title: LocalizedText;
  theme: LocalizedText;
  plan: { id: number; number: number; title: LocalizedText };
  member: { code: string; name: LocalizedText };
  leadInstitution: { id: number; name: LocalizedText } | null;
  startMonth: string | null;
  endMonth: string | null;
  completion: CompletionLevel | null;
  values: { accessToInformation: boolean | null; civicParticipation: boolean | null; publicAccountability: boolean | null; technologyInnovation: boolean | null };
  policyAreas: string[];
  rollup: Rollup;
}

function commitmentWhere(f: CommitmentFilter, now: Date): SQL[] {
  const out = commitmentConditions(f);
  if (f.status === 'not_reported') out.push(sql`c.completion is null`);
  else if (f.status !== undefined) out.push(sql`c.completion = ${f.status}::completion_level`);
  if (f.delayed) out.push(sql`exists (select 1 from milestones dm where dm.commitment_id = c.id and ${delayedSql('dm', monthOf(now))})`);
  if (f.contested) out.push(sql`exists (select 1 from milestones dm where dm.commitment_id = c.id and ${contestedSql('dm')})`);
  return out;
}

/** Commitments by member code, plan's start, plan number and commitment position. */
export async function listCommitments(db: Executor, f: CommitmentFilter, paging: Paging, now: Date): Promise<{ total: number; items: CommitmentListItem[] }> {
  const from = sql`commitments c join action_plans p on p.id = c.plan_id join members mb on mb.id = p.member_id`;
  const w = where(commitmentWhere(f, now));
  const [countRow] = await rows(db, sql`select count(*)::int as n from ${from}${w}`);
  const page = await rows(
    db,
    sql`select c.id, c.number, c.ogp_id, c.title, c.theme, c.start_month, c.end_month, c.completion,
          c.value_access_to_information, c.value_civic_participation, c.value_public_accountability, c.value_technology_innovation,
          p.id as plan_id, p.number as plan_number, p.title as plan_title, mb.code, mb.name as member_name,
          i.id as lead_id, i.name as lead_name
        from ${from} left join institutions i on i.id = c.lead_institution_id${w}
        order by mb.code, p.start_month, p.number, c.position, c.number, c.id
        limit ${paging.limit} offset ${paging.offset}`,
  );
  const ids = page.map((r) => Number(r.id));
  const rollups = await commitmentRollups(db, ids, now);
  const areas = new Map<number, string[]>(ids.map((id) => [id, []]));
  if (ids.length > 0) {
    for (const r of await rows(db, sql`select commitment_id, policy_area_slug from commitment_policy_areas where commitment_id in (${idList(ids)}) order by commitment_id, policy_area_slug`)) {
      areas.get(Number(r.commitment_id))?.push(String(r.policy_area_slug));
    }
  }
  return {
    total: Number(countRow?.n ?? 0),
    items: page.map((r) => ({
      id: Number(r.id),
      number: String(r.number),
      ogpId: (r.ogp_id as string | null) ?? null,
      title: loc(r.title),
      theme: loc(r.theme),
      plan: { id: Number(r.plan_id), number: Number(r.plan_number), title: loc(r.plan_title) },
      member: { code: String(r.code), name: loc(r.member_name) },
      leadInstitution: r.lead_id === null || r.lead_id === undefined ? null : { id: Number(r.lead_id), name: loc(r.lead_name) },
      startMonth: (r.start_month as string | null) ?? null,
      endMonth: (r.end_month as string | null) ?? null,
      completion: (r.completion as CompletionLevel | null) ?? null,
      values: {
        accessToInformation: (r.value_access_to_information as boolean | null) ?? null,
        civicParticipation: (r.value_civic_participation as boolean | null) ?? null,
        publicAccountability: (r.value_public_accountability as boolean | null) ?? null,
        technologyInnovation: (r.value_technology_innovation as boolean | null) ?? null,
      },
      policyAreas: areas.get(Number(r.id)) ?? [],
      rollup: rollups.get(Number(r.id)) ?? rollupFromCounts(emptyCounts(), 0),
    })),
  };
}

// ---------------------------------------------------------------- institutions

export interface InstitutionListItem {
  id: number;
  name: LocalizedText;
  abbreviation: string | null;
  member: { code: string; name: LocalizedText };
  /** Commitments it leads. */
  commitmentCount: number;
}

export async function listInstitutions(db: Executor, f: { member?: string; name?: string }, paging: Paging): Promise<{ total: number; items: InstitutionListItem[] }> {
  const conditions: SQL[] = [];
  if (f.member !== undefined) conditions.push(sql`lower(mb.code) = lower(${f.member})`);
  if (f.name !== undefined) conditions.push(sql`strpos(i.name_key, abierto_fold(${f.name})) > 0`);
  const from = sql`institutions i join members mb on mb.id = i.member_id`;
  const w = where(conditions);
  const [countRow] = await rows(db, sql`select count(*)::int as n from ${from}${w}`);
  const page = await rows(
    db,
    sql`select i.id, i.name, i.abbreviation, mb.code, mb.name as member_name,
          (select count(*) from commitments c where c.lead_institution_id = i.id)::int as commitments
        from ${from}${w} order by mb.code, i.name_key, i.id limit ${paging.limit} offset ${paging.offset}`,
  );
  return {
    total: Number(countRow?.n ?? 0),
    items: page.map((r) => ({
      id: Number(r.id),
      name: loc(r.name),
      abbreviation: (r.abbreviation as string | null) ?? null,
      member: { code: String(r.code), name: loc(r.member_name) },
      commitmentCount: Number(r.commitments),
    })),
  };
}

// ---------------------------------------------------------------- members

export interface MemberListItem {
  id: number;
  code: string;
  name: LocalizedText;
  kind: 'national' | 'local';
  countryCode: string | null;
  planCount: number;
  commitmentCount: number;
  /** The plan with the latest start (null when it has none). */
  latestPlan: { id: number; number: number; title: LocalizedText; startMonth: string; endMonth: string; phase: PlanPhase } | null;
}

export async function listMembers(db: Executor, f: { kind?: 'national' | 'local' }, paging: Paging): Promise<{ total: number; items: MemberListItem[] }> {
  const w = where(f.kind ? [sql`mb.kind = ${f.kind}::member_kind`] : []);
  const [countRow] = await rows(db, sql`select count(*)::int as n from members mb${w}`);
  const page = await rows(
    db,
    sql`select mb.id, mb.code, mb.name, mb.kind, mb.country_code,
          (select count(*) from action_plans p where p.member_id = mb.id)::int as plans,
          (select count(*) from commitments c join action_plans p on p.id = c.plan_id where p.member_id = mb.id)::int as commitments,
          lp.id as lp_id, lp.number as lp_number, lp.title as lp_title, lp.start_month as lp_start, lp.end_month as lp_end, lp.phase as lp_phase
        from members mb
        left join lateral (select * from action_plans p where p.member_id = mb.id order by p.start_month desc, p.number desc, p.id desc limit 1) lp on true
        ${w} order by mb.code, mb.id limit ${paging.limit} offset ${paging.offset}`,
  );
  return {
    total: Number(countRow?.n ?? 0),
    items: page.map((r) => ({
      id: Number(r.id),
      code: String(r.code),
      name: loc(r.name),
      kind: r.kind as 'national' | 'local',
      countryCode: (r.country_code as string | null) ?? null,
      planCount: Number(r.plans),
      commitmentCount: Number(r.commitments),
      latestPlan:
        r.lp_id === null || r.lp_id === undefined
          ? null
          : { id: Number(r.lp_id), number: Number(r.lp_number), title: loc(r.lp_title), startMonth: String(r.lp_start), endMonth: String(r.lp_end), phase: r.lp_phase as PlanPhase },
    })),
  };
}

// ---------------------------------------------------------------- plans

export interface PlanListItem {
  id: number;
  number: number;
  ogpId: string | null;
  title: LocalizedText;
  member: { id: number; code: string; name: LocalizedText; kind: 'national' | 'local' };
  startMonth: Month;
  endMonth: Month;
  phase: PlanPhase;
  commitmentCount: number;
  rollup: Rollup;
  /** Milestones with an open contestation (decision 042). */
  contestedMilestones: number;
  /** A practice plan (decision 055). */
  practice: boolean;
}

/**
 * A page of plans in the order `/api/v1/plans` always had (member code, plan number), each with its
 * roll-up (every milestone of the plan weighing the same, as `combineRollups`).
 */
export async function listPlansPage(db: Executor, f: { member?: string; phase?: PlanPhase }, paging: Paging, now: Date): Promise<{ total: number; items: PlanListItem[] }> {
  const conditions: SQL[] = [];
  if (f.member !== undefined) conditions.push(sql`lower(mb.code) = lower(${f.member})`);
  if (f.phase !== undefined) conditions.push(sql`p.phase = ${f.phase}::plan_phase`);
  const from = sql`action_plans p join members mb on mb.id = p.member_id`;
  const w = where(conditions);
  const [countRow] = await rows(db, sql`select count(*)::int as n from ${from}${w}`);
  const page = await rows(
    db,
    sql`select p.id, p.number, p.ogp_id, p.title, p.start_month, p.end_month, p.phase, p.practice, mb.id as member_id, mb.code, mb.name as member_name, mb.kind
        from ${from}${w} order by mb.code, p.number, p.id limit ${paging.limit} offset ${paging.offset}`,
  );
  const facts = await planRollups(db, page.map((r) => Number(r.id)), now);
  return {
    total: Number(countRow?.n ?? 0),
    items: page.map((r) => {
      const f = facts.get(Number(r.id))!;
      return {
        id: Number(r.id),
        number: Number(r.number),
        ogpId: (r.ogp_id as string | null) ?? null,
        title: loc(r.title),
        member: { id: Number(r.member_id), code: String(r.code), name: loc(r.member_name), kind: r.kind as 'national' | 'local' },
        startMonth: r.start_month as Month,
        endMonth: r.end_month as Month,
        phase: r.phase as PlanPhase,
        commitmentCount: f.commitments,
        rollup: f.rollup,
        contestedMilestones: f.contested,
        practice: r.practice === true,
      };
    }),
  };
}
