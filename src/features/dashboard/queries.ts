import { and, asc, desc, eq, gte, inArray, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { actionPlans, commitments, contestations, institutions, milestones, progressUpdates, reportingPeriods, roleGrants, users } from '../../db/schema/index.js';
import type { CompletionLevel, PlanPhase } from '../../lib/levels.js';
import type { LocalizedText } from '../../lib/localized.js';
import { isDelayed } from '../milestones/rules.js';

/** Where a milestone stands in a reporting period (decision 053). */
export const PERIOD_STATES = ['not_reported', 'draft', 'submitted', 'verified', 'returned'] as const;
export type PeriodState = (typeof PERIOD_STATES)[number];

export interface DashboardMilestone {
  id: number;
  number: number;
  title: LocalizedText;
  commitmentId: number;
  commitmentNumber: string;
  state: PeriodState;
  status: CompletionLevel | null;
  contested: boolean;
  /** The deadline has passed and nothing was submitted, or the milestone's planned end passed and it is not complete. */
  overdue: boolean;
}

export interface DashboardInstitution {
  id: number | null;
  name: LocalizedText;
  milestones: DashboardMilestone[];
  counts: Record<PeriodState, number> & { contested: number; overdue: number };
}

export interface Dashboard {
  period: { id: number; name: LocalizedText; deadline: string; closedAt: Date | null; createdAt: Date };
  plan: { id: number; title: LocalizedText; memberId: number; phase: PlanPhase };
  institutions: DashboardInstitution[];
  totals: Record<PeriodState, number> & { contested: number; overdue: number };
}

const emptyCounts = () => ({ not_reported: 0, draft: 0, submitted: 0, verified: 0, returned: 0, contested: 0, overdue: 0 });

/**
 * The reporting-period dashboard: for each institution leading commitments of the period's plan,
 * each live milestone's state in the period — the latest update filed for the period (draft,
 * submitted, verified, returned) or not yet reported — whether it was contested since the period
 * opened, and whether it is overdue.
 */
export async function periodDashboard(db: Executor, periodId: number, now: Date): Promise<Dashboard | null> {
  const [row] = await db
    .select({ p: reportingPeriods, plan: { id: actionPlans.id, title: actionPlans.title, memberId: actionPlans.memberId, phase: actionPlans.phase } })
    .from(reportingPeriods)
    .innerJoin(actionPlans, eq(actionPlans.id, reportingPeriods.planId))
    .where(eq(reportingPeriods.id, periodId))
    .limit(1);
  if (!row) return null;
  const ms = await db
    .select({ m: milestones, c: { id: commitments.id, number: commitments.number, position: commitments.position }, inst: { id: institutions.id, name: institutions.name, nameKey: institutions.nameKey } })
    .from(milestones)
    .innerJoin(commitments, eq(commitments.id, milestones.commitmentId))
    .leftJoin(institutions, eq(institutions.id, commitments.leadInstitutionId))
    .where(and(eq(commitments.planId, row.plan.id), isNull(milestones.removedAt)))
    .orderBy(asc(institutions.nameKey), asc(commitments.position), asc(commitments.id), asc(milestones.number));
  const ids = ms.map((r) => r.m.id);
  const [updates, contested] = ids.length === 0
    ? [[], []]
    : await Promise.all([
        db.select({ milestoneId: progressUpdates.milestoneId, state: progressUpdates.state }).from(progressUpdates).where(and(inArray(progressUpdates.milestoneId, ids), eq(progressUpdates.periodId, periodId))).orderBy(desc(progressUpdates.updatedAt), desc(progressUpdates.id)),
        db.select({ milestoneId: contestations.milestoneId }).from(contestations).where(and(inArray(contestations.milestoneId, ids), gte(contestations.createdAt, row.p.createdAt))).orderBy(asc(contestations.id)),
      ]);
  const latest = new Map<number, PeriodState>();
  for (const u of updates) if (!latest.has(u.milestoneId)) latest.set(u.milestoneId, u.state as PeriodState);
  const contestedIds = new Set(contested.map((c) => c.milestoneId));
  const today = now.toISOString().slice(0, 10);
  const pastDeadline = today > row.p.deadline;
  const byInstitution = new Map<string, DashboardInstitution>();
  const totals = emptyCounts();
  for (const r of ms) {
    const key = r.inst ? String(r.inst.id) : 'none';
    let inst = byInstitution.get(key);
    if (!inst) {
      inst = { id: r.inst?.id ?? null, name: r.inst?.name ?? {}, milestones: [], counts: emptyCounts() };
      byInstitution.set(key, inst);
    }
    const state = latest.get(r.m.id) ?? 'not_reported';
    const overdue = (pastDeadline && (state === 'not_reported' || state === 'draft' || state === 'returned')) || isDelayed(r.m, now);
    const m: DashboardMilestone = { id: r.m.id, number: r.m.number, title: r.m.title, commitmentId: r.c.id, commitmentNumber: r.c.number, state, status: r.m.status, contested: contestedIds.has(r.m.id), overdue };
    inst.milestones.push(m);
    for (const counts of [inst.counts, totals]) {
      counts[state] += 1;
      if (m.contested) counts.contested += 1;
      if (m.overdue) counts.overdue += 1;
    }
  }
  return { period: { id: row.p.id, name: row.p.name, deadline: row.p.deadline, closedAt: row.p.closedAt, createdAt: row.p.createdAt }, plan: row.plan, institutions: [...byInstitution.values()], totals };
}

/** The institutions that still have something to file in the period (not reported, draft or returned). */
export function institutionsToRemind(d: Dashboard): number[] {
  return d.institutions.filter((i) => i.id !== null && (i.counts.not_reported > 0 || i.counts.draft > 0 || i.counts.returned > 0)).map((i) => i.id!);
}

/** The active contact accounts of some institutions of a member, with their language. */
export async function contactsOfInstitutions(db: Executor, memberId: number, institutionIds: number[]) {
  if (institutionIds.length === 0) return [];
  return db
    .select({ userId: users.id, email: users.email, name: users.name, locale: users.locale, institutionId: roleGrants.institutionId })
    .from(roleGrants)
    .innerJoin(users, eq(users.id, roleGrants.userId))
    .where(and(eq(roleGrants.role, 'institution_contact'), eq(roleGrants.memberId, memberId), inArray(roleGrants.institutionId, institutionIds), isNull(users.disabledAt)))
    .orderBy(asc(users.id), asc(roleGrants.id));
}
