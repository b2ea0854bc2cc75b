import { asc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { actionPlans, commitments, institutions, members } from '../../db/schema/index.js';
import { combineRollups, rollup } from '../commitments/rollup.js';
import { milestoneStatusesByCommitment } from '../commitments/queries.js';
import { contestedMilestonesByCommitment } from '../monitoring/queries.js';
import type { PlanCommitment, PlanDetail, PlanSummary } from './schemas.js';

type PlanRow = typeof actionPlans.$inferSelect;
type MemberRow = typeof members.$inferSelect;

function memberOf(m: MemberRow) {
  return { id: m.id, code: m.code, name: m.name, kind: m.kind };
}

async function commitmentsOfPlans(db: Executor, planIds: number[], now: Date): Promise<Map<number, PlanCommitment[]>> {
  const byPlan = new Map<number, PlanCommitment[]>(planIds.map((id) => [id, []]));
  if (planIds.length === 0) return byPlan;
  const rows = await db
    .select({ c: commitments, lead: { id: institutions.id, name: institutions.name } })
    .from(commitments)
    .leftJoin(institutions, eq(institutions.id, commitments.leadInstitutionId))
    .where(inArray(commitments.planId, planIds))
    .orderBy(asc(commitments.planId), asc(commitments.position), asc(commitments.number), asc(commitments.id));
  const statuses = await milestoneStatusesByCommitment(
    db,
    rows.map((r) => r.c.id),
  );
  const contested = await contestedMilestonesByCommitment(
    db,
    rows.map((r) => r.c.id),
  );
  for (const { c, lead } of rows) {
    byPlan.get(c.planId)?.push({
      id: c.id,
      number: c.number,
      ogpId: c.ogpId,
      title: c.title,
      leadInstitution: lead && lead.id !== null ? { id: lead.id, name: lead.name } : null,
      startMonth: c.startMonth,
      endMonth: c.endMonth,
      completion: c.completion,
      rollup: rollup(statuses.get(c.id) ?? [], now),
      contestedMilestones: contested.get(c.id) ?? [],
    });
  }
  return byPlan;
}

function summary(plan: PlanRow, member: MemberRow, items: PlanCommitment[]): PlanSummary {
  return {
    id: plan.id,
    number: plan.number,
    ogpId: plan.ogpId,
    title: plan.title,
    member: memberOf(member),
    startMonth: plan.startMonth,
    endMonth: plan.endMonth,
    phase: plan.phase,
    commitmentCount: items.length,
    rollup: combineRollups(items.map((i) => i.rollup)),
    contestedMilestones: items.reduce((n, i) => n + i.contestedMilestones.length, 0),
  };
}

/** Every plan, newest first within each member. */
export async function listPlans(db: Executor, now: Date): Promise<PlanSummary[]> {
  const rows = await db
    .select({ plan: actionPlans, member: members })
    .from(actionPlans)
    .innerJoin(members, eq(members.id, actionPlans.memberId))
    .orderBy(asc(members.code), asc(actionPlans.number), asc(actionPlans.id));
  const items = await commitmentsOfPlans(
    db,
    rows.map((r) => r.plan.id),
    now,
  );
  return rows.map((r) => summary(r.plan, r.member, items.get(r.plan.id) ?? []));
}

export async function getPlanDetail(db: Executor, id: number, now: Date): Promise<PlanDetail | null> {
  const rows = await db
    .select({ plan: actionPlans, member: members })
    .from(actionPlans)
    .innerJoin(members, eq(members.id, actionPlans.memberId))
    .where(eq(actionPlans.id, id))
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  const items = (await commitmentsOfPlans(db, [id], now)).get(id) ?? [];
  return { ...summary(row.plan, row.member, items), description: row.plan.description, commitments: items };
}
