import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import type { CompletionLevel } from '../../lib/levels.js';
import type { LocalizedText } from '../../lib/localized.js';
import { monthOf, type Month } from '../../lib/month.js';
import { sqlRows } from '../../lib/sql-rows.js';
import { runStatement, statement } from '../../lib/raw-query.js';
import { changeHistoryOf, changeHistorySql, phaseTimelineOf, phaseTimelineSql, type ChangeEntry, type ChangeTuple, type PhaseChange, type PhaseTuple } from '../authoring/queries.js';
import { combineRollups, rollupFromCounts, type Rollup } from '../commitments/rollup.js';
import type { PlanCommitment, PlanDetail, PlanSummary } from './schemas.js';

/**
 * Plans read in one statement each (issue 10): the milestone counts per status and the delayed ones
 * are counted in SQL (a milestone is delayed when its planned end month has ended and it is not
 * complete: `isDelayed`), and the commitments of a plan come as one JSON array, which PGlite and
 * node-postgres decode in one native `JSON.parse` instead of field by field.
 */

/** SQL text: the counts of the milestones `ms` (aliased) in the order `rollupOf` reads them; `month` is the current month (an SQL expression). */
const countsText = (month: string) => `count(*) filter (where ms.status = 'not_started')::int as n_not_started,
  count(*) filter (where ms.status = 'limited')::int as n_limited,
  count(*) filter (where ms.status = 'substantial')::int as n_substantial,
  count(*) filter (where ms.status = 'complete')::int as n_complete,
  count(*) filter (where ms.id is not null and ms.status is null)::int as n_not_reported,
  count(*) filter (where ms.planned_end is not null and ms.status is distinct from 'complete' and ms.planned_end < ${month})::int as n_delayed`;
const counts = (now: Date) => sql.raw(countsText(`'${monthOf(now)}'`));

type Counts = [number, number, number, number, number, number];

function rollupOf([notStarted, limited, substantial, complete, notReported, delayed]: Counts): Rollup {
  return rollupFromCounts({ not_started: notStarted, limited, substantial, complete, not_reported: notReported }, delayed);
}

interface PlanRow {
  id: number;
  number: number;
  ogp_id: string | null;
  title: LocalizedText;
  start_month: Month;
  end_month: Month;
  phase: PlanSummary['phase'];
  practice: boolean;
  member_id: number;
  member_code: string;
  member_name: LocalizedText;
  member_kind: PlanSummary['member']['kind'];
}

function summary(p: PlanRow, commitmentCount: number, r: Rollup, contestedMilestones: number): PlanSummary {
  return {
    id: p.id,
    number: p.number,
    ogpId: p.ogp_id,
    title: p.title,
    member: { id: p.member_id, code: p.member_code, name: p.member_name, kind: p.member_kind },
    startMonth: p.start_month,
    endMonth: p.end_month,
    phase: p.phase,
    commitmentCount,
    rollup: r,
    contestedMilestones,
    practice: p.practice,
  };
}

const PLAN_COLUMNS_TEXT = `p.id, p.number, p.ogp_id, p.title, p.start_month, p.end_month, p.phase, p.practice,
  m.id as member_id, m.code as member_code, m.name as member_name, m.kind as member_kind`;
const PLAN_COLUMNS = sql.raw(PLAN_COLUMNS_TEXT);

/** Every plan, newest first within each member, with its roll-up: one statement. Removed milestones (issue 9) do not count. */
export async function listPlans(db: Executor, now: Date): Promise<PlanSummary[]> {
  const rows = await sqlRows<PlanRow & { commitment_count: number; counts: Counts; contested: number }>(
    db,
    sql`select ${PLAN_COLUMNS},
      (select count(*)::int from commitments c where c.plan_id = p.id) as commitment_count,
      (select json_build_array(s.n_not_started, s.n_limited, s.n_substantial, s.n_complete, s.n_not_reported, s.n_delayed)
         from (select ${counts(now)} from milestones ms join commitments c on c.id = ms.commitment_id where c.plan_id = p.id and ms.removed_at is null) s) as counts,
      (select count(distinct co.milestone_id)::int from contestations co join milestones ms on ms.id = co.milestone_id join commitments c on c.id = ms.commitment_id
        where c.plan_id = p.id and co.state = 'open' and ms.removed_at is null) as contested
    from action_plans p join members m on m.id = p.member_id
    order by m.code, p.number, p.id`,
  );
  return rows.map((r) => summary(r, r.commitment_count, rollupOf(r.counts), r.contested));
}

/** One commitment of the plan page: [id, number, ogpId, title, start, end, completion, lead id, lead name, contested milestone numbers, ...counts]. */
type CommitmentTuple = [number, string, string | null, LocalizedText, Month | null, Month | null, CompletionLevel | null, number | null, LocalizedText | null, number[], ...Counts];

/** The plan statement's text: `$1` the plan's id, `$2` the current month; `extra` adds columns. */
function planDetailText(extra: string): string {
  return `select ${PLAN_COLUMNS_TEXT}, p.description,
      (select json_agg(json_build_array(c.id, c.number, c.ogp_id, c.title, c.start_month, c.end_month, c.completion, i.id, i.name,
                       case when k.any_open then (select coalesce(json_agg(x.number order by x.number), '[]') from (select distinct ms.number from contestations co join milestones ms on ms.id = co.milestone_id
                         where ms.commitment_id = c.id and co.state = 'open' and ms.removed_at is null) x) else '[]'::json end,
                       s.n_not_started, s.n_limited, s.n_substantial, s.n_complete, s.n_not_reported, s.n_delayed)
                       order by c.position, c.number, c.id)
         from commitments c
         left join institutions i on i.id = c.lead_institution_id
         cross join lateral (select ${countsText('$2')} from milestones ms where ms.commitment_id = c.id and ms.removed_at is null) s
        where c.plan_id = p.id) as commitments${extra}
    from action_plans p join members m on m.id = p.member_id
    -- Most plans have no open contestation: then the look-up per commitment is skipped.
    cross join lateral (select exists (select 1 from contestations co join milestones ms on ms.id = co.milestone_id join commitments cc on cc.id = ms.commitment_id
                                        where cc.plan_id = p.id and co.state = 'open') as any_open) k
    where p.id = $1`;
}

const PLAN_DETAIL = statement('abierto_plan_detail', planDetailText(''));
/** The public plan page's one statement: the plan, its phase timeline and its authoring changes. */
const PLAN_PAGE = statement('abierto_plan_page', planDetailText(`, ${phaseTimelineSql('p.id')} as timeline, ${changeHistorySql('action_plan', 'p.id')} as changes`));

type PlanDetailRow = PlanRow & { description: LocalizedText; commitments: CommitmentTuple[] | null };

function planDetailOf(row: PlanDetailRow): PlanDetail {
  const items: PlanCommitment[] = (row.commitments ?? []).map((t) => ({
    id: t[0],
    number: t[1],
    ogpId: t[2],
    title: t[3],
    leadInstitution: t[7] !== null ? { id: t[7], name: t[8] as LocalizedText } : null,
    startMonth: t[4],
    endMonth: t[5],
    completion: t[6],
    rollup: rollupOf(t.slice(10) as Counts),
    contestedMilestones: t[9],
  }));
  const contested = items.reduce((n, i) => n + i.contestedMilestones.length, 0);
  return { ...summary(row, items.length, combineRollups(items.map((i) => i.rollup)), contested), description: row.description, commitments: items };
}

/** A plan with its commitments and their roll-ups, in one statement. */
export async function getPlanDetail(db: Executor, id: number, now: Date): Promise<PlanDetail | null> {
  const [row] = await runStatement<PlanDetailRow>(db, PLAN_DETAIL, [id, monthOf(now)]);
  return row ? planDetailOf(row) : null;
}

/** Everything the public plan page shows, in one statement: the plan (as `getPlanDetail`), its phase timeline and its authoring changes. */
export async function getPlanPage(db: Executor, id: number, now: Date): Promise<{ plan: PlanDetail; timeline: PhaseChange[]; changes: ChangeEntry[] } | null> {
  const [row] = await runStatement<PlanDetailRow & { timeline: PhaseTuple[]; changes: ChangeTuple[] }>(db, PLAN_PAGE, [id, monthOf(now)]);
  if (!row) return null;
  return { plan: planDetailOf(row), timeline: phaseTimelineOf(row.timeline), changes: changeHistoryOf(row.changes) };
}
