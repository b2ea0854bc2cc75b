import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, commitmentPolicyAreas, institutions, milestones, planPhaseChanges, progressUpdates } from '../../db/schema/index.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { NOW } from '../../../tests/support/factories.js';
import { createUser } from '../../../tests/support/auth.js';
import { commitmentFields } from '../../../tests/support/authoring.js';
import {
  AuthoringError,
  ConflictError,
  createCommitment,
  createMember,
  createMilestone,
  createPlan,
  moveMilestone,
  removeMilestone,
  updateCommitment,
  updateMilestone,
  updatePlan,
} from './commands.js';

let t: TestDatabase;

beforeAll(async () => {
  t = await testDatabase();
});
afterAll(() => t.dispose());

describe('authoring commands', () => {
  it('create a member, a plan, a commitment with a new lead institution, milestones; every change audited', async () => {
    const member = await createMember(t.db, { code: 'XA', name: { es: 'Xanadú', en: 'Xanadu' }, kind: 'national', countryCode: null }, 'user:1', NOW);
    await expect(createMember(t.db, { code: 'XA', name: { es: 'Otro' }, kind: 'national', countryCode: null }, 'user:1', NOW)).rejects.toMatchObject({ code: 'duplicate', field: 'code' });
    const plan = await createPlan(t.db, member.id, { number: 1, title: { es: 'Primer plan' }, startMonth: '2026-01', endMonth: '2027-12', phase: 'co_creation', description: {}, ogpId: null }, 'user:1', NOW);
    await expect(createPlan(t.db, member.id, { number: 1, title: { es: 'Otra vez' }, startMonth: '2026-01', endMonth: '2027-12', phase: 'co_creation', description: {}, ogpId: null }, 'user:1', NOW)).rejects.toMatchObject({ code: 'duplicate', field: 'number' });

    const c = await createCommitment(t.db, plan.id, commitmentFields(), 'user:1', NOW);
    expect(c.leadInstitutionId).not.toBeNull();
    const [inst] = await t.db.select().from(institutions).where(eq(institutions.id, c.leadInstitutionId!));
    expect(inst!.name).toEqual({ es: 'Dirección de Compras', en: 'Procurement Directorate' });
    // The same name again finds the same institution.
    const c2 = await createCommitment(t.db, plan.id, commitmentFields({ number: '2', newLeadInstitution: { es: 'direccion de compras' } }), 'user:1', NOW);
    expect(c2.leadInstitutionId).toBe(c.leadInstitutionId);
    await expect(createCommitment(t.db, plan.id, commitmentFields({ number: '2' }), 'user:1', NOW)).rejects.toMatchObject({ code: 'duplicate', field: 'number' });
    await expect(createCommitment(t.db, plan.id, commitmentFields({ number: '3', policyAreas: ['no-such-area'] }), 'user:1', NOW)).rejects.toMatchObject({ code: 'invalid', field: 'policyAreas' });

    const m1 = await createMilestone(t.db, c.id, { title: { es: 'Diseño' }, plannedStart: '2026-01', plannedEnd: '2026-03' }, 'user:1', NOW);
    const m2 = await createMilestone(t.db, c.id, { title: { es: 'Publicación' }, plannedStart: '2026-04', plannedEnd: '2026-12' }, 'user:1', NOW);
    expect([m1.number, m2.number]).toEqual([1, 2]);

    const actions = (await t.db.select().from(auditLog).orderBy(asc(auditLog.id))).map((a) => a.action);
    expect(actions.filter((a) => a === 'commitment.create')).toHaveLength(2);
    expect(actions.filter((a) => a === 'milestone.create')).toHaveLength(2);
    expect(actions).toContain('institution.create');
    expect(actions).toContain('plan.create');
  });

  it('the second of two edits from the same version is refused with the current row; nothing is overwritten', async () => {
    const member = await createMember(t.db, { code: 'XB', name: { es: 'B' }, kind: 'national', countryCode: null }, 'user:1', NOW);
    const plan = await createPlan(t.db, member.id, { number: 1, title: { es: 'Plan' }, startMonth: '2026-01', endMonth: '2027-12', phase: 'implementation', description: {}, ogpId: null }, 'user:1', NOW);
    const c = await createCommitment(t.db, plan.id, commitmentFields(), 'user:1', NOW);
    const seen = c.version;
    const results = await Promise.allSettled([
      updateCommitment(t.db, c.id, seen, commitmentFields({ title: { es: 'Versión de Ana' } }), 'user:1', NOW),
      updateCommitment(t.db, c.id, seen, commitmentFields({ title: { es: 'Versión de Beto' } }), 'user:2', NOW),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(ConflictError);
    const winner = (won[0] as PromiseFulfilledResult<{ title: { es?: string }; version: number }>).value;
    expect((lost[0]!.reason as ConflictError<{ title: { es?: string } }>).current.title.es).toBe(winner.title.es);
    expect(winner.version).toBe(seen + 1);
    const updates = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'commitment.update'), eq(auditLog.entityId, String(c.id))));
    expect(updates).toHaveLength(1);
    expect(updates[0]!.details).toMatchObject({ before: { title: { es: 'Datos abiertos de compras', en: 'Open procurement data' } }, after: { title: winner.title } });
  });

  it('a phase change is dated in the plan timeline; a stale version is refused', async () => {
    const member = await createMember(t.db, { code: 'XC', name: { es: 'C' }, kind: 'national', countryCode: null }, 'user:1', NOW);
    const fields = { number: 1, title: { es: 'Plan' }, startMonth: '2026-01' as const, endMonth: '2027-12' as const, phase: 'co_creation' as const, description: {}, ogpId: null };
    const plan = await createPlan(t.db, member.id, fields, 'user:1', NOW);
    const later = new Date(NOW.getTime() + 3_600_000);
    const updated = await updatePlan(t.db, plan.id, plan.version, { ...fields, phase: 'implementation' }, 'user:7', later);
    await expect(updatePlan(t.db, plan.id, plan.version, { ...fields, phase: 'closed' }, 'user:8', later)).rejects.toBeInstanceOf(ConflictError);
    const changes = await t.db.select().from(planPhaseChanges).where(eq(planPhaseChanges.planId, plan.id)).orderBy(asc(planPhaseChanges.id));
    expect(changes.map((ch) => [ch.fromPhase, ch.toPhase, ch.changedBy])).toEqual([
      [null, 'co_creation', 'user:1'],
      ['co_creation', 'implementation', 'user:7'],
    ]);
    expect(changes[1]!.changedAt.toISOString()).toBe(later.toISOString());
    expect(updated.phase).toBe('implementation');
  });

  it('milestones: reorder swaps numbers, removal keeps the row and its reports, new numbers never reuse a removed one', async () => {
    const member = await createMember(t.db, { code: 'XD', name: { es: 'D' }, kind: 'national', countryCode: null }, 'user:1', NOW);
    const plan = await createPlan(t.db, member.id, { number: 1, title: { es: 'Plan' }, startMonth: '2026-01', endMonth: '2027-12', phase: 'implementation', description: {}, ogpId: null }, 'user:1', NOW);
    const c = await createCommitment(t.db, plan.id, commitmentFields(), 'user:1', NOW);
    const a = await createMilestone(t.db, c.id, { title: { es: 'A' }, plannedStart: null, plannedEnd: null }, 'user:1', NOW);
    const b = await createMilestone(t.db, c.id, { title: { es: 'B' }, plannedStart: null, plannedEnd: null }, 'user:1', NOW);
    const cc = await createMilestone(t.db, c.id, { title: { es: 'C' }, plannedStart: null, plannedEnd: null }, 'user:1', NOW);
    const author = await createUser(t.db);
    await t.db.insert(progressUpdates).values({ milestoneId: b.id, authorId: author.id, status: 'limited', asOf: '2026-05-01', state: 'verified' });

    const movedC = await moveMilestone(t.db, cc.id, cc.version, 'up', 'user:1', NOW);
    expect(movedC.number).toBe(2);
    const order = async () => (await t.db.select().from(milestones).where(eq(milestones.commitmentId, c.id)).orderBy(asc(milestones.number))).map((m) => [m.title.es, m.number, m.removedAt !== null]);
    expect(await order()).toEqual([['A', 1, false], ['C', 2, false], ['B', 3, false]]);
    // A stale version of B (it was renumbered) is refused.
    await expect(removeMilestone(t.db, b.id, b.version, 'user:1', NOW)).rejects.toBeInstanceOf(ConflictError);
    const [bNow] = await t.db.select().from(milestones).where(eq(milestones.id, b.id));
    await removeMilestone(t.db, b.id, bNow!.version, 'user:1', NOW);
    expect(await order()).toEqual([['A', 1, false], ['C', 2, false], ['B', 3, true]]);
    expect(await t.db.select().from(progressUpdates).where(eq(progressUpdates.milestoneId, b.id))).toHaveLength(1);
    // Moving C down past a removed milestone does nothing; a new one gets number 4.
    const [cNow] = await t.db.select().from(milestones).where(eq(milestones.id, cc.id));
    expect((await moveMilestone(t.db, cc.id, cNow!.version, 'down', 'user:1', NOW)).number).toBe(2);
    const d = await createMilestone(t.db, c.id, { title: { es: 'D' }, plannedStart: null, plannedEnd: null }, 'user:1', NOW);
    expect(d.number).toBe(4);
    // A removed milestone is not edited again.
    await expect(updateMilestone(t.db, b.id, bNow!.version + 1, { title: { es: 'B2' }, plannedStart: null, plannedEnd: null }, 'user:1', NOW)).rejects.toBeInstanceOf(AuthoringError);
    const removal = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'milestone.remove'), eq(auditLog.entityId, String(b.id))));
    expect(removal).toHaveLength(1);
  });

  it('policy areas are stored and their change is audited', async () => {
    const member = await createMember(t.db, { code: 'XE', name: { es: 'E' }, kind: 'national', countryCode: null }, 'user:1', NOW);
    const plan = await createPlan(t.db, member.id, { number: 1, title: { es: 'Plan' }, startMonth: '2026-01', endMonth: '2027-12', phase: 'implementation', description: {}, ogpId: null }, 'user:1', NOW);
    const areas = await t.db.query.policyAreas.findMany({ limit: 2, orderBy: (p, { asc: a }) => [a(p.slug)] });
    expect(areas.length).toBe(2);
    const c = await createCommitment(t.db, plan.id, commitmentFields({ policyAreas: [areas[0]!.slug] }), 'user:1', NOW);
    await updateCommitment(t.db, c.id, c.version, commitmentFields({ policyAreas: [areas[1]!.slug] }), 'user:1', NOW);
    const stored = await t.db.select().from(commitmentPolicyAreas).where(eq(commitmentPolicyAreas.commitmentId, c.id));
    expect(stored.map((s) => s.policyAreaSlug)).toEqual([areas[1]!.slug]);
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'commitment.update'), eq(auditLog.entityId, String(c.id))));
    expect(audit!.details).toEqual({ before: { policyAreas: [areas[0]!.slug] }, after: { policyAreas: [areas[1]!.slug] } });
  });
});
