import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import type { PlanPhase } from '../../lib/levels.js';
import type { LocalizedText } from '../../lib/localized.js';
import { monthOf, type Month } from '../../lib/month.js';
import { combineRollups, rollupFromCounts, type Rollup } from '../commitments/rollup.js';
import { VersionedCache } from '../../lib/write-version.js';

type Row = Record<string, unknown>;
async function rows(db: Executor, query: SQL): Promise<Row[]> {
  return ((await db.execute(query)) as unknown as { rows: Row[] }).rows;
}
const loc = (v: unknown): LocalizedText => (v && typeof v === 'object' ? (v as LocalizedText) : {});
const idList = (list: number[]) => sql.join(list.map((id) => sql`${id}::int`), sql`, `);

export interface PlanLine {
  id: number;
  number: number;
  title: LocalizedText;
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

export interface MemberLine {
  id: number;
  code: string;
  name: LocalizedText;
  kind: 'national' | 'local';
  /** OGP's region as written in OGP's data for this member; null when not known. */
  region: string | null;
  planCount: number;
  latestPlan: PlanLine | null;
}

type PlanFacts = { commitments: number; rollup: Rollup; contested: number };

/** Plans' roll-ups kept until the next write to the database (decision 061), by plan and month. */
const kept = new VersionedCache<PlanFacts>();

/**
 * Roll-ups of some plans (issue 13): the counts per status, the delayed and the contested milestones
 * summed per plan in one statement — a plan's roll-up is the sum of its commitments' counts
 * (decision 004: every milestone weighs the same, `combineRollups`), so nothing is fetched per
 * commitment or per milestone. Delayed follows `isDelayed`; contested, decision 042. What was
 * computed is kept until anything is written to the database (decision 061), so a page of 300 plans
 * does not count 24,000 milestones on every request, and is exact right after a write.
 */
export async function planRollups(db: Executor, planIds: number[], now: Date): Promise<Map<number, PlanFacts>> {
  const out = new Map<number, PlanFacts>();
  if (planIds.length === 0) return out;
  const month = monthOf(now);
  const ids = [...new Set(planIds)];
  const found = await kept.readMany(db, ids.map((id) => `${id}|${month}`), async (missing) => {
    const computed = await computePlanRollups(db, missing.map((key) => Number(key.split('|')[0])), month);
    return new Map([...computed].map(([id, facts]) => [`${id}|${month}`, facts]));
  });
  for (const id of ids) out.set(id, found.get(`${id}|${month}`) ?? { commitments: 0, rollup: combineRollups([]), contested: 0 });
  return out;
}

async function computePlanRollups(db: Executor, planIds: number[], month: Month): Promise<Map<number, PlanFacts>> {
  const out = new Map<number, PlanFacts>();
  for (const id of planIds) out.set(id, { commitments: 0, rollup: combineRollups([]), contested: 0 });
  const perPlan = await rows(
    db,
    sql`select c.plan_id, count(*)::int as commitments, sum(x.total)::int as total, sum(x.not_started)::int as not_started, sum(x.limited)::int as limited,
          sum(x.substantial)::int as substantial, sum(x.complete)::int as complete, sum(x.delayed)::int as delayed, sum(x.contested)::int as contested
        from commitments c cross join lateral (
          select count(*) as total,
            count(*) filter (where m.status = 'not_started') as not_started,
            count(*) filter (where m.status = 'limited') as limited,
            count(*) filter (where m.status = 'substantial') as substantial,
            count(*) filter (where m.status = 'complete') as complete,
            count(*) filter (where m.planned_end is not null and m.status is distinct from 'complete' and m.planned_end < ${month}) as delayed,
            count(*) filter (where exists (select 1 from contestations ct where ct.milestone_id = m.id and ct.state = 'open')) as contested
          from milestones m where m.commitment_id = c.id and m.removed_at is null) x
        where c.plan_id in (${idList(planIds)}) group by c.plan_id order by c.plan_id`,
  );
  for (const r of perPlan) {
    const n = (v: unknown) => Number(v ?? 0);
    const counts = { not_started: n(r.not_started), limited: n(r.limited), substantial: n(r.substantial), complete: n(r.complete), not_reported: 0 };
    counts.not_reported = n(r.total) - counts.not_started - counts.limited - counts.substantial - counts.complete;
    out.set(Number(r.plan_id), { commitments: n(r.commitments), rollup: rollupFromCounts(counts, n(r.delayed)), contested: n(r.contested) });
  }
  return out;
}

function planLine(r: Row, facts: { commitments: number; rollup: Rollup; contested: number } | undefined, prefix = ''): PlanLine {
  return {
    id: Number(r[`${prefix}id`]),
    number: Number(r[`${prefix}number`]),
    title: loc(r[`${prefix}title`]),
    startMonth: r[`${prefix}start_month`] as Month,
    endMonth: r[`${prefix}end_month`] as Month,
    phase: r[`${prefix}phase`] as PlanPhase,
    practice: r[`${prefix}practice`] === true,
    commitmentCount: facts?.commitments ?? 0,
    rollup: facts?.rollup ?? combineRollups([]),
    contestedMilestones: facts?.contested ?? 0,
  };
}

const REGION = sql`(select r.raw->>'Region' from ogp_commitment_records r join commitments rc on rc.id = r.commitment_id join action_plans rp on rp.id = rc.plan_id
  where rp.member_id = mb.id and coalesce(r.raw->>'Region', '') <> '' order by r.commitment_id limit 1)`;

/** Every member with its latest plan (and that plan's roll-up), for the home page. */
export async function membersWithLatestPlan(db: Executor, now: Date): Promise<MemberLine[]> {
  const list = await rows(
    db,
    sql`select mb.id, mb.code, mb.name, mb.kind, reg.region,
          (select count(*) from action_plans p where p.member_id = mb.id)::int as plans,
          lp.id as lp_id, lp.number as lp_number, lp.title as lp_title, lp.start_month as lp_start_month, lp.end_month as lp_end_month, lp.phase as lp_phase, lp.practice as lp_practice
        from members mb
        left join lateral (select * from action_plans p where p.member_id = mb.id order by p.start_month desc, p.number desc, p.id desc limit 1) lp on true
        left join (select distinct on (rp.member_id) rp.member_id, r.raw->>'Region' as region
                   from ogp_commitment_records r join commitments rc on rc.id = r.commitment_id join action_plans rp on rp.id = rc.plan_id
                   where coalesce(r.raw->>'Region', '') <> '' order by rp.member_id, r.commitment_id) reg on reg.member_id = mb.id
        order by mb.code, mb.id`,
  );
  const facts = await planRollups(
    db,
    list.filter((r) => r.lp_id !== null && r.lp_id !== undefined).map((r) => Number(r.lp_id)),
    now,
  );
  return list.map((r) => ({
    id: Number(r.id),
    code: String(r.code),
    name: loc(r.name),
    kind: r.kind as 'national' | 'local',
    region: (r.region as string | null) ?? null,
    planCount: Number(r.plans),
    latestPlan: r.lp_id === null || r.lp_id === undefined ? null : planLine(r, facts.get(Number(r.lp_id)), 'lp_'),
  }));
}

export interface CurrentPlan extends PlanLine {
  member: { code: string; name: LocalizedText };
}

/** Plans being carried out now: not closed and not yet ended (by their end month), latest start first. */
export async function currentPlans(db: Executor, now: Date): Promise<CurrentPlan[]> {
  const list = await rows(
    db,
    sql`select p.id, p.number, p.title, p.start_month, p.end_month, p.phase, p.practice, mb.code, mb.name as member_name
        from action_plans p join members mb on mb.id = p.member_id
        where p.phase <> 'closed' and p.end_month >= ${monthOf(now)} and p.start_month <= ${monthOf(now)}
        order by p.start_month desc, mb.code, p.number, p.id limit 200`,
  );
  const facts = await planRollups(
    db,
    list.map((r) => Number(r.id)),
    now,
  );
  return list.map((r) => ({ ...planLine(r, facts.get(Number(r.id))), member: { code: String(r.code), name: loc(r.member_name) } }));
}

export interface MemberDetail {
  id: number;
  code: string;
  name: LocalizedText;
  kind: 'national' | 'local';
  region: string | null;
  /** Newest first. */
  plans: PlanLine[];
  institutionCount: number;
}

export async function memberByCode(db: Executor, code: string, now: Date): Promise<MemberDetail | null> {
  const [m] = await rows(db, sql`select mb.id, mb.code, mb.name, mb.kind, ${REGION} as region from members mb where lower(mb.code) = lower(${code}) order by mb.id limit 1`);
  if (!m) return null;
  const plans = await rows(db, sql`select p.id, p.number, p.title, p.start_month, p.end_month, p.phase, p.practice from action_plans p where p.member_id = ${Number(m.id)} order by p.start_month desc, p.number desc, p.id desc`);
  const facts = await planRollups(
    db,
    plans.map((r) => Number(r.id)),
    now,
  );
  const [inst] = await rows(db, sql`select count(*)::int as n from institutions where member_id = ${Number(m.id)}`);
  return {
    id: Number(m.id),
    code: String(m.code),
    name: loc(m.name),
    kind: m.kind as 'national' | 'local',
    region: (m.region as string | null) ?? null,
    plans: plans.map((r) => planLine(r, facts.get(Number(r.id)))),
    institutionCount: Number(inst?.n ?? 0),
  };
}
