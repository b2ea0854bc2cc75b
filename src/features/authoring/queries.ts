import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { actionPlans, auditLog, commitmentPolicyAreas, commitments, contacts, institutions, members, milestones, policyAreas } from '../../db/schema/index.js';
import type { PlanPhase } from '../../lib/levels.js';
import { personNames } from '../monitoring/queries.js';
import { millisSql, personNameSql, runStatement, statement } from '../../lib/raw-query.js';

export async function memberById(db: Executor, id: number) {
  return (await db.select().from(members).where(eq(members.id, id)).limit(1))[0] ?? null;
}

export async function membersIn(db: Executor, scope: number[] | 'all') {
  const rows = await db.select().from(members).orderBy(asc(members.code), asc(members.id));
  return scope === 'all' ? rows : rows.filter((m) => scope.includes(m.id));
}

export async function planById(db: Executor, id: number) {
  return (await db.select().from(actionPlans).where(eq(actionPlans.id, id)).limit(1))[0] ?? null;
}

/** A commitment as the edit form needs it: the row, its plan's member and its policy areas. */
export async function commitmentForEdit(db: Executor, id: number) {
  const rows = await db
    .select({ c: commitments, memberId: actionPlans.memberId, planTitle: actionPlans.title, phase: actionPlans.phase })
    .from(commitments)
    .innerJoin(actionPlans, eq(actionPlans.id, commitments.planId))
    .where(eq(commitments.id, id))
    .limit(1);
  const r = rows[0];
  if (!r) return null;
  const areas = await db.select({ slug: commitmentPolicyAreas.policyAreaSlug }).from(commitmentPolicyAreas).where(eq(commitmentPolicyAreas.commitmentId, id)).orderBy(asc(commitmentPolicyAreas.policyAreaSlug));
  return { ...r, policyAreas: areas.map((a) => a.slug) };
}

/** The member's institutions with their contact people, for the lead-institution and contact choices. */
export async function institutionsOfMember(db: Executor, memberId: number) {
  const list = await db.select().from(institutions).where(eq(institutions.memberId, memberId)).orderBy(asc(institutions.nameKey), asc(institutions.id));
  const people = list.length === 0 ? [] : await db.select().from(contacts).where(inArray(contacts.institutionId, list.map((i) => i.id))).orderBy(asc(contacts.name), asc(contacts.id));
  return list.map((i) => ({ ...i, contacts: people.filter((p) => p.institutionId === i.id) }));
}

export async function institutionById(db: Executor, id: number) {
  return (await db.select().from(institutions).where(eq(institutions.id, id)).limit(1))[0] ?? null;
}

export async function contactById(db: Executor, id: number) {
  const rows = await db.select({ p: contacts, memberId: institutions.memberId }).from(contacts).innerJoin(institutions, eq(institutions.id, contacts.institutionId)).where(eq(contacts.id, id)).limit(1);
  return rows[0] ?? null;
}

export async function contactsOf(db: Executor, institutionId: number) {
  return db.select().from(contacts).where(eq(contacts.institutionId, institutionId)).orderBy(asc(contacts.name), asc(contacts.id));
}

export async function policyAreaOptions(db: Executor) {
  return db.select().from(policyAreas).orderBy(asc(policyAreas.position), asc(policyAreas.slug));
}

/** Every milestone of a commitment, removed ones included (they stay in the history), by number. */
export async function milestonesOf(db: Executor, commitmentId: number) {
  return db.select().from(milestones).where(eq(milestones.commitmentId, commitmentId)).orderBy(asc(milestones.number), asc(milestones.id));
}

export async function milestoneById(db: Executor, id: number) {
  const rows = await db
    .select({ m: milestones, commitmentNumber: commitments.number, memberId: actionPlans.memberId })
    .from(milestones)
    .innerJoin(commitments, eq(commitments.id, milestones.commitmentId))
    .innerJoin(actionPlans, eq(actionPlans.id, commitments.planId))
    .where(eq(milestones.id, id))
    .limit(1);
  return rows[0] ?? null;
}

function actorName(actor: string, names: Map<number, string>): string {
  const m = /^(?:api:)?user:(\d+)$/.exec(actor);
  return m ? (names.get(Number(m[1])) ?? actor) : actor;
}

async function namesOf(db: Executor, actors: string[]) {
  const ids = actors.map((a) => /^(?:api:)?user:(\d+)$/.exec(a)).filter((m): m is RegExpExecArray => !!m).map((m) => Number(m[1]));
  return personNames(db, [...new Set(ids)]);
}

/** One phase change as the timeline statement returns it: [from, to, changed by, at (ms), the person's name]. */
export type PhaseTuple = [PlanPhase | null, PlanPhase, string, number, string | null];
export type PhaseChange = { from: PlanPhase | null; to: PlanPhase; by: string; at: string };

/** SQL text: a plan's phase changes, oldest first, as a JSON array of `PhaseTuple` (`planId` is an SQL expression). */
export function phaseTimelineSql(planId: string): string {
  return `coalesce((select json_agg(json_build_array(pc.from_phase, pc.to_phase, pc.changed_by, ${millisSql('pc.changed_at')}, ${personNameSql('pc.changed_by', true)})
    order by pc.changed_at, pc.id) from plan_phase_changes pc where pc.plan_id = ${planId}), '[]')`;
}

export function phaseTimelineOf(rows: PhaseTuple[]): PhaseChange[] {
  return rows.map(([from, to, changedBy, at, name]) => ({ from, to, by: name ?? changedBy, at: new Date(at).toISOString() }));
}

const PHASE_TIMELINE = statement('abierto_phase_timeline', `select ${phaseTimelineSql('$1')} as t`);

/** The dated public timeline of a plan's phases, oldest first. */
export async function phaseTimeline(db: Executor, planId: number): Promise<PhaseChange[]> {
  const [row] = await runStatement<{ t: PhaseTuple[] }>(db, PHASE_TIMELINE, [planId]);
  return phaseTimelineOf(row?.t ?? []);
}

export interface ChangeEntry {
  at: string;
  by: string;
  action: string;
  entityType: string;
  /** The milestone's number, for milestone entries. */
  number: number | null;
  changes: { field: string; before: unknown; after: unknown }[];
}

const AUTHORING_ACTIONS = ['plan.update', 'commitment.create', 'commitment.update', 'milestone.create', 'milestone.update', 'milestone.move', 'milestone.remove', 'institution.update', 'contact.update', 'member.update'];
const AUTHORING_ACTIONS_SQL = AUTHORING_ACTIONS.map((a) => `'${a}'`).join(', ');

/** Fields never shown in the public history (personal data of contacts is shown only when public). */
const HIDDEN = new Set(['nameKey', 'position', 'sourceImportId', 'removedAt', 'id', 'planId', 'memberId', 'commitmentId']);

/** One audit record as the change-history statement returns it: [at (ms), actor, action, entity type, entity id, details, the actor's name, the milestone's number]. */
export type ChangeTuple = [number, string, string, string, string, Record<string, unknown>, string | null, number | null];

/**
 * SQL text: the authoring changes of a plan, a commitment with its milestones (removed ones too) or
 * an institution, newest first (at most 500), as a JSON array of `ChangeTuple` (`id` is an SQL expression).
 */
export function changeHistorySql(type: 'action_plan' | 'commitment' | 'institution', id: string): string {
  const ofMilestones =
    type === 'commitment'
      ? ` or (a.entity_type = 'milestone' and a.entity_id in (select m.id::text from milestones m where m.commitment_id = ${id}) and a.action in (${AUTHORING_ACTIONS_SQL}))`
      : '';
  return `coalesce((select json_agg(json_build_array(${millisSql('a.occurred_at')}, a.actor, a.action, a.entity_type, a.entity_id, a.details, ${personNameSql('a.actor', true)}, mn.number)
      order by a.occurred_at desc, a.id desc)
    from (select a.* from audit_log a
           where (a.entity_type = '${type}' and a.entity_id = (${id})::text and a.action in (${AUTHORING_ACTIONS_SQL}))${ofMilestones}
           order by a.occurred_at desc, a.id desc limit 500) a
    left join milestones mn on mn.id = case when a.entity_type = 'milestone' and a.entity_id ~ '^[0-9]{1,18}$' then a.entity_id::bigint end), '[]')`;
}

export function changeHistoryOf(rows: ChangeTuple[]): ChangeEntry[] {
  return rows.map(([at, actor, action, entityType, , details, name, milestoneNumber]) => {
    const d = details as { before?: Record<string, unknown>; after?: Record<string, unknown>; number?: unknown };
    const after = d.after ?? {};
    const before = d.before ?? {};
    const fields = action.endsWith('.create') ? [] : Object.keys(after).filter((f) => !HIDDEN.has(f));
    return {
      at: new Date(at).toISOString(),
      by: name ?? actor,
      action,
      entityType,
      number: entityType === 'milestone' ? (typeof d.number === 'number' ? d.number : typeof after.number === 'number' && action === 'milestone.create' ? after.number : milestoneNumber) : null,
      changes: fields.map((f) => ({ field: f, before: before[f] ?? null, after: after[f] ?? null })),
    };
  });
}

const CHANGE_HISTORY = {
  action_plan: statement('abierto_changes_plan', `select ${changeHistorySql('action_plan', '$1::int')} as t`),
  commitment: statement('abierto_changes_commitment', `select ${changeHistorySql('commitment', '$1::int')} as t`),
  institution: statement('abierto_changes_institution', `select ${changeHistorySql('institution', '$1::int')} as t`),
};

/**
 * The public history of authoring changes (before → after, who, when with time), newest first,
 * from the append-only audit log: for a plan, a commitment with its milestones (removed ones too),
 * an institution. One statement.
 */
export async function changeHistory(db: Executor, target: { type: 'action_plan' | 'commitment' | 'institution'; id: number }): Promise<ChangeEntry[]> {
  const [row] = await runStatement<{ t: ChangeTuple[] }>(db, CHANGE_HISTORY[target.type], [target.id]);
  return changeHistoryOf(row?.t ?? []);
}

/** The last change of a row, for the "someone else saved" message. */
export async function lastChange(db: Executor, entityType: string, id: number) {
  const [row] = await db.select().from(auditLog).where(and(eq(auditLog.entityType, entityType), eq(auditLog.entityId, String(id)))).orderBy(desc(auditLog.occurredAt), desc(auditLog.id)).limit(1);
  if (!row) return null;
  const names = await namesOf(db, [row.actor]);
  return { by: actorName(row.actor, names), at: row.occurredAt.toISOString(), details: row.details as { before?: Record<string, unknown>; after?: Record<string, unknown> } };
}

/**
 * The secretariat's plans with their pending work, for `/work`: commitments, milestones, open
 * periods, reports waiting for verification, milestones without any published status. Closed plans
 * last.
 */
export async function secretariatPlans(db: Executor, scope: number[] | 'all') {
  const plans = await db
    .select({ id: actionPlans.id, title: actionPlans.title, phase: actionPlans.phase, memberId: actionPlans.memberId, memberName: members.name, startMonth: actionPlans.startMonth, endMonth: actionPlans.endMonth })
    .from(actionPlans)
    .innerJoin(members, eq(members.id, actionPlans.memberId))
    .orderBy(asc(members.code), desc(actionPlans.number), asc(actionPlans.id));
  const mine = scope === 'all' ? plans : plans.filter((p) => scope.includes(p.memberId));
  if (mine.length === 0) return [];
  const ids = mine.map((p) => p.id);
  const counts = await db.execute(sql`
    SELECT p.id AS plan_id,
      (SELECT count(*) FROM commitments c WHERE c.plan_id = p.id)::int AS commitments,
      (SELECT count(*) FROM milestones m JOIN commitments c ON c.id = m.commitment_id WHERE c.plan_id = p.id AND m.removed_at IS NULL)::int AS milestones,
      (SELECT count(*) FROM milestones m JOIN commitments c ON c.id = m.commitment_id WHERE c.plan_id = p.id AND m.removed_at IS NULL AND m.status IS NULL)::int AS not_reported,
      (SELECT count(*) FROM reporting_periods r WHERE r.plan_id = p.id AND r.closed_at IS NULL)::int AS open_periods,
      (SELECT count(*) FROM progress_updates u JOIN milestones m ON m.id = u.milestone_id JOIN commitments c ON c.id = m.commitment_id WHERE c.plan_id = p.id AND u.state = 'submitted')::int AS to_verify
    FROM action_plans p WHERE p.id IN (${sql.join(ids.map((i) => sql`${i}`), sql`, `)}) ORDER BY p.id`);
  const rows = (counts as unknown as { rows: Record<string, number>[] }).rows;
  const byPlan = new Map(rows.map((r) => [Number(r.plan_id), r]));
  const order: Record<PlanPhase, number> = { co_creation: 0, implementation: 0, closed: 1 };
  return mine
    .map((p) => {
      const r = byPlan.get(p.id) ?? {};
      return { ...p, commitments: Number(r.commitments ?? 0), milestones: Number(r.milestones ?? 0), notReported: Number(r.not_reported ?? 0), openPeriods: Number(r.open_periods ?? 0), toVerify: Number(r.to_verify ?? 0) };
    })
    .sort((a, b) => order[a.phase] - order[b.phase]);
}
