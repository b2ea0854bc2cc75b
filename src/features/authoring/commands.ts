import { and, asc, eq, gt, inArray, isNull, lt, desc, sql, max } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Executor, Transaction } from '../../db/client.js';
import { actionPlans, commitmentPolicyAreas, commitments, contacts, institutions, members, milestones, planPhaseChanges, policyAreas } from '../../db/schema/index.js';
import { recordAudit } from '../../lib/audit.js';
import type { PlanPhase, TemplateGeneration } from '../../lib/levels.js';
import type { LocalizedText } from '../../lib/localized.js';
import type { Month } from '../../lib/month.js';
import { commitmentPosition, nameKey } from '../../lib/text.js';

/**
 * The secretariat's authoring commands (decision 050). Each takes the database and an actor
 * (`user:42`, `cli`, `api:user:42` …), runs in one transaction, writes an audit record with the
 * fields that changed (before → after), and edits only when the caller saw the current `version`:
 * `UPDATE … WHERE id = $id AND version = $seen`. The loser of a race gets a ConflictError with the
 * row as it is now. Forms, the API and co-creation all call these.
 */

export type AuthoringErrorCode = 'not_found' | 'duplicate' | 'invalid';

export class AuthoringError extends Error {
  constructor(
    readonly code: AuthoringErrorCode,
    /** The form field the problem is about. */
    readonly field: string = '_form',
  ) {
    super(`${code}${field === '_form' ? '' : ` (${field})`}`);
  }
}

/** The row changed since the person loaded it: `current` is what it is now. */
export class ConflictError<T = Record<string, unknown>> extends Error {
  constructor(readonly current: T) {
    super('conflict');
  }
}

interface Db {
  transaction: <R>(fn: (tx: Transaction) => Promise<R>) => Promise<R>;
}

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

/** Runs a command; a unique violation that slipped past the checks (a race) becomes `duplicate`. */
async function run<R>(db: Db, field: string, fn: (tx: Transaction) => Promise<R>): Promise<R> {
  try {
    return await db.transaction(fn);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AuthoringError('duplicate', field);
    throw error;
  }
}

/** The fields whose values differ, as `{ before, after }` for the audit record and the public history. */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (key === 'version' || key === 'updatedAt' || key === 'createdAt') continue;
    if (JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null)) {
      b[key] = before[key] ?? null;
      a[key] = after[key] ?? null;
    }
  }
  return { before: b, after: a };
}

type Versioned = PgTable & { id: PgColumn; version: PgColumn; updatedAt: PgColumn };

/**
 * The conditional update every edit goes through. Returns the new row; throws ConflictError with the
 * current row when the version moved on, AuthoringError('not_found') when the row is gone.
 */
async function updateVersioned<T extends Record<string, unknown>>(tx: Executor, table: Versioned, id: number, version: number, values: Record<string, unknown>, now: Date): Promise<T> {
  const rows = (await tx
    .update(table)
    .set({ ...values, version: sql`${table.version} + 1`, updatedAt: now })
    .where(and(eq(table.id, id), eq(table.version, version)))
    .returning()) as unknown as T[];
  if (rows[0]) return rows[0];
  const current = (await tx.select().from(table).where(eq(table.id, id)).limit(1)) as unknown as T[];
  if (!current[0]) throw new AuthoringError('not_found');
  throw new ConflictError(current[0]);
}

async function one<T>(rows: Promise<T[]>): Promise<T> {
  const r = (await rows)[0];
  if (!r) throw new AuthoringError('not_found');
  return r;
}

// ——— members ———

export interface MemberFields {
  code: string;
  name: LocalizedText;
  /** The institution that holds the member's secretariat (the author of its reports). */
  secretariatInstitution?: LocalizedText;
  kind: 'national' | 'local';
  countryCode: string | null;
}

export async function createMember(db: Db, input: MemberFields, actor: string, now: Date) {
  return run(db, 'code', async (tx) => {
    const taken = await tx.select({ id: members.id }).from(members).where(eq(members.code, input.code)).limit(1);
    if (taken[0]) throw new AuthoringError('duplicate', 'code');
    const created = await one(tx.insert(members).values({ ...input, createdAt: now, updatedAt: now }).returning());
    await recordAudit(tx, { actor, action: 'member.create', entityType: 'member', entityId: created.id, details: { after: created } });
    return created;
  });
}

/** Edits a member's name, kind and country (its code is its identity in URLs and imports). */
export async function updateMember(db: Db, id: number, version: number, input: Omit<MemberFields, 'code'>, actor: string, now: Date) {
  return run(db, '_form', async (tx) => {
    const before = await one(tx.select().from(members).where(eq(members.id, id)).limit(1));
    const after = await updateVersioned<typeof members.$inferSelect>(tx, members as unknown as Versioned, id, version, input as unknown as Record<string, unknown>, now);
    await recordAudit(tx, { actor, action: 'member.update', entityType: 'member', entityId: id, details: diff(before, after) });
    return after;
  });
}

// ——— action plans ———

export interface PlanFields {
  number: number;
  title: LocalizedText;
  startMonth: Month;
  endMonth: Month;
  phase: PlanPhase;
  description: LocalizedText;
  ogpId: string | null;
}

async function recordPhase(tx: Executor, planId: number, from: PlanPhase | null, to: PlanPhase, actor: string, now: Date) {
  await tx.insert(planPhaseChanges).values({ planId, fromPhase: from, toPhase: to, changedBy: actor, changedAt: now });
}

async function checkPlanUnique(tx: Executor, memberId: number, input: Pick<PlanFields, 'number' | 'ogpId'>, exceptId: number | null) {
  const sameNumber = await tx.select({ id: actionPlans.id }).from(actionPlans).where(and(eq(actionPlans.memberId, memberId), eq(actionPlans.number, input.number))).orderBy(asc(actionPlans.id));
  if (sameNumber.some((r) => r.id !== exceptId)) throw new AuthoringError('duplicate', 'number');
  if (input.ogpId) {
    const sameOgp = await tx.select({ id: actionPlans.id }).from(actionPlans).where(eq(actionPlans.ogpId, input.ogpId)).orderBy(asc(actionPlans.id));
    if (sameOgp.some((r) => r.id !== exceptId)) throw new AuthoringError('duplicate', 'ogpId');
  }
}

export async function createPlan(db: Db, memberId: number, input: PlanFields, actor: string, now: Date) {
  return run(db, 'number', async (tx) => {
    await one(tx.select({ id: members.id }).from(members).where(eq(members.id, memberId)).limit(1));
    await checkPlanUnique(tx, memberId, input, null);
    const created = await one(tx.insert(actionPlans).values({ ...input, memberId, createdAt: now, updatedAt: now }).returning());
    await recordPhase(tx, created.id, null, created.phase, actor, now);
    await recordAudit(tx, { actor, action: 'plan.create', entityType: 'action_plan', entityId: created.id, details: { after: created } });
    return created;
  });
}

/** Edits a plan; a phase change is also written to the plan's public, dated phase timeline. */
export async function updatePlan(db: Db, id: number, version: number, input: PlanFields, actor: string, now: Date) {
  return run(db, 'number', async (tx) => {
    const before = await one(tx.select().from(actionPlans).where(eq(actionPlans.id, id)).limit(1));
    await checkPlanUnique(tx, before.memberId, input, id);
    const after = await updateVersioned<typeof actionPlans.$inferSelect>(tx, actionPlans as unknown as Versioned, id, version, input as unknown as Record<string, unknown>, now);
    if (after.phase !== before.phase) await recordPhase(tx, id, before.phase, after.phase, actor, now);
    await recordAudit(tx, { actor, action: 'plan.update', entityType: 'action_plan', entityId: id, details: diff(before, after) });
    return after;
  });
}

// ——— institutions and contact people ———

export interface InstitutionFields {
  name: LocalizedText;
  abbreviation: string | null;
  website: string | null;
}

function institutionKey(name: LocalizedText): string {
  return nameKey(name.es?.trim() || name.en?.trim() || '');
}

async function checkInstitutionUnique(tx: Executor, memberId: number, key: string, exceptId: number | null) {
  const same = await tx.select({ id: institutions.id }).from(institutions).where(and(eq(institutions.memberId, memberId), eq(institutions.nameKey, key))).orderBy(asc(institutions.id));
  if (same.some((r) => r.id !== exceptId)) throw new AuthoringError('duplicate', 'nameEs');
}

export async function createInstitutionIn(tx: Executor, memberId: number, input: InstitutionFields, actor: string, now: Date) {
  const key = institutionKey(input.name);
  if (key === '') throw new AuthoringError('invalid', 'nameEs');
  await checkInstitutionUnique(tx, memberId, key, null);
  const created = await one(tx.insert(institutions).values({ ...input, memberId, nameKey: key, createdAt: now, updatedAt: now }).returning());
  await recordAudit(tx, { actor, action: 'institution.create', entityType: 'institution', entityId: created.id, details: { after: created } });
  return created;
}

export async function createInstitution(db: Db, memberId: number, input: InstitutionFields, actor: string, now: Date) {
  return run(db, 'nameEs', async (tx) => {
    await one(tx.select({ id: members.id }).from(members).where(eq(members.id, memberId)).limit(1));
    return createInstitutionIn(tx, memberId, input, actor, now);
  });
}

export async function updateInstitution(db: Db, id: number, version: number, input: InstitutionFields, actor: string, now: Date) {
  return run(db, 'nameEs', async (tx) => {
    const before = await one(tx.select().from(institutions).where(eq(institutions.id, id)).limit(1));
    const key = institutionKey(input.name);
    if (key === '') throw new AuthoringError('invalid', 'nameEs');
    await checkInstitutionUnique(tx, before.memberId, key, id);
    const after = await updateVersioned<typeof institutions.$inferSelect>(tx, institutions as unknown as Versioned, id, version, { ...input, nameKey: key }, now);
    await recordAudit(tx, { actor, action: 'institution.update', entityType: 'institution', entityId: id, details: diff(before, after) });
    return after;
  });
}

export interface ContactFields {
  name: string;
  title: LocalizedText;
  email: string | null;
  phone: string | null;
  isPublic: boolean;
}

export async function createContact(db: Db, institutionId: number, input: ContactFields, actor: string, now: Date) {
  return run(db, 'name', async (tx) => {
    await one(tx.select({ id: institutions.id }).from(institutions).where(eq(institutions.id, institutionId)).limit(1));
    const same = await tx.select({ id: contacts.id }).from(contacts).where(and(eq(contacts.institutionId, institutionId), eq(contacts.name, input.name))).limit(1);
    if (same[0]) throw new AuthoringError('duplicate', 'name');
    const created = await one(tx.insert(contacts).values({ ...input, institutionId, createdAt: now, updatedAt: now }).returning());
    await recordAudit(tx, { actor, action: 'contact.create', entityType: 'contact', entityId: created.id, details: { after: created } });
    return created;
  });
}

export async function updateContact(db: Db, id: number, version: number, input: ContactFields, actor: string, now: Date) {
  return run(db, 'name', async (tx) => {
    const before = await one(tx.select().from(contacts).where(eq(contacts.id, id)).limit(1));
    const same = await tx.select({ id: contacts.id }).from(contacts).where(and(eq(contacts.institutionId, before.institutionId), eq(contacts.name, input.name))).orderBy(asc(contacts.id));
    if (same.some((r) => r.id !== id)) throw new AuthoringError('duplicate', 'name');
    const after = await updateVersioned<typeof contacts.$inferSelect>(tx, contacts as unknown as Versioned, id, version, input as unknown as Record<string, unknown>, now);
    await recordAudit(tx, { actor, action: 'contact.update', entityType: 'contact', entityId: id, details: diff(before, after) });
    return after;
  });
}

// ——— commitments ———

export interface CommitmentFields {
  number: string;
  ogpId: string | null;
  generation: TemplateGeneration;
  title: LocalizedText;
  theme: LocalizedText;
  startMonth: Month | null;
  endMonth: Month | null;
  /** An existing institution of the plan's member … */
  leadInstitutionId: number | null;
  /** … or one created with this name (es/en) in the same transaction. */
  newLeadInstitution: LocalizedText | null;
  contactId: number | null;
  otherActorsGovernment: LocalizedText[];
  otherActorsCivilSociety: LocalizedText[];
  problem: LocalizedText;
  objective: LocalizedText;
  briefDescription: LocalizedText;
  description: LocalizedText;
  howItSolves: LocalizedText;
  relevance: LocalizedText;
  ambition: LocalizedText;
  valueAccessToInformation: boolean | null;
  valueCivicParticipation: boolean | null;
  valuePublicAccountability: boolean | null;
  valueTechnologyInnovation: boolean | null;
  resultsDescription: LocalizedText;
  nextSteps: LocalizedText[];
  additionalInformation: LocalizedText;
  remainingChallenges: LocalizedText;
  policyAreas: string[];
}

/** Resolves the lead institution, contact and policy areas of a commitment of `memberId`; the row values to store. */
async function commitmentValues(tx: Executor, memberId: number, input: CommitmentFields, actor: string, now: Date) {
  let leadInstitutionId = input.leadInstitutionId;
  if (input.newLeadInstitution && (input.newLeadInstitution.es?.trim() || input.newLeadInstitution.en?.trim())) {
    const key = institutionKey(input.newLeadInstitution);
    const found = await tx.select().from(institutions).where(and(eq(institutions.memberId, memberId), eq(institutions.nameKey, key))).limit(1);
    leadInstitutionId = (found[0] ?? (await createInstitutionIn(tx, memberId, { name: input.newLeadInstitution, abbreviation: null, website: null }, actor, now))).id;
  } else if (leadInstitutionId !== null) {
    const found = await tx.select({ id: institutions.id }).from(institutions).where(and(eq(institutions.id, leadInstitutionId), eq(institutions.memberId, memberId))).limit(1);
    if (!found[0]) throw new AuthoringError('invalid', 'leadInstitutionId');
  }
  if (input.contactId !== null) {
    const found = await tx.select({ institutionId: contacts.institutionId }).from(contacts).where(eq(contacts.id, input.contactId)).limit(1);
    if (!found[0] || found[0].institutionId !== leadInstitutionId) throw new AuthoringError('invalid', 'contactId');
  }
  const slugs = [...new Set(input.policyAreas)].sort();
  if (slugs.length > 0) {
    const known = await tx.select({ slug: policyAreas.slug }).from(policyAreas).where(inArray(policyAreas.slug, slugs)).orderBy(asc(policyAreas.slug));
    if (known.length !== slugs.length) throw new AuthoringError('invalid', 'policyAreas');
  }
  const { newLeadInstitution: _n, policyAreas: _p, ...rest } = input;
  return { values: { ...rest, leadInstitutionId, position: commitmentPosition(input.number) }, slugs };
}

async function areasOf(tx: Executor, commitmentId: number): Promise<string[]> {
  const rows = await tx.select({ slug: commitmentPolicyAreas.policyAreaSlug }).from(commitmentPolicyAreas).where(eq(commitmentPolicyAreas.commitmentId, commitmentId)).orderBy(asc(commitmentPolicyAreas.policyAreaSlug));
  return rows.map((r) => r.slug);
}

async function setAreas(tx: Executor, commitmentId: number, slugs: string[]) {
  await tx.delete(commitmentPolicyAreas).where(eq(commitmentPolicyAreas.commitmentId, commitmentId));
  if (slugs.length > 0) await tx.insert(commitmentPolicyAreas).values(slugs.map((policyAreaSlug) => ({ commitmentId, policyAreaSlug })));
}

async function checkCommitmentUnique(tx: Executor, planId: number, input: Pick<CommitmentFields, 'number' | 'ogpId'>, exceptId: number | null) {
  const same = await tx.select({ id: commitments.id }).from(commitments).where(and(eq(commitments.planId, planId), eq(commitments.number, input.number))).orderBy(asc(commitments.id));
  if (same.some((r) => r.id !== exceptId)) throw new AuthoringError('duplicate', 'number');
  if (input.ogpId) {
    const sameOgp = await tx.select({ id: commitments.id }).from(commitments).where(eq(commitments.ogpId, input.ogpId)).orderBy(asc(commitments.id));
    if (sameOgp.some((r) => r.id !== exceptId)) throw new AuthoringError('duplicate', 'ogpId');
  }
}

export async function createCommitment(db: Db, planId: number, input: CommitmentFields, actor: string, now: Date) {
  return run(db, 'number', async (tx) => {
    const plan = await one(tx.select().from(actionPlans).where(eq(actionPlans.id, planId)).limit(1));
    await checkCommitmentUnique(tx, planId, input, null);
    const { values, slugs } = await commitmentValues(tx, plan.memberId, input, actor, now);
    const created = await one(tx.insert(commitments).values({ ...values, planId, createdAt: now, updatedAt: now }).returning());
    await setAreas(tx, created.id, slugs);
    await recordAudit(tx, { actor, action: 'commitment.create', entityType: 'commitment', entityId: created.id, details: { after: { ...created, policyAreas: slugs } } });
    return created;
  });
}

export async function updateCommitment(db: Db, id: number, version: number, input: CommitmentFields, actor: string, now: Date) {
  return run(db, 'number', async (tx) => {
    const before = await one(tx.select().from(commitments).where(eq(commitments.id, id)).limit(1));
    const plan = await one(tx.select().from(actionPlans).where(eq(actionPlans.id, before.planId)).limit(1));
    await checkCommitmentUnique(tx, before.planId, input, id);
    const { values, slugs } = await commitmentValues(tx, plan.memberId, input, actor, now);
    const beforeAreas = await areasOf(tx, id);
    const after = await updateVersioned<typeof commitments.$inferSelect>(tx, commitments as unknown as Versioned, id, version, values, now);
    await setAreas(tx, id, slugs);
    await recordAudit(tx, { actor, action: 'commitment.update', entityType: 'commitment', entityId: id, details: diff({ ...before, policyAreas: beforeAreas }, { ...after, policyAreas: slugs }) });
    return after;
  });
}

// ——— milestones ———

export interface MilestoneFields {
  title: LocalizedText;
  plannedStart: Month | null;
  plannedEnd: Month | null;
}

/** Adds a milestone at the end; its number is one more than any the commitment ever had (removed ones keep theirs). */
export async function createMilestone(db: Db, commitmentId: number, input: MilestoneFields, actor: string, now: Date) {
  return run(db, '_form', async (tx) => {
    // Lock the commitment: two additions at once get different numbers.
    await one(tx.select({ id: commitments.id }).from(commitments).where(eq(commitments.id, commitmentId)).limit(1).for('update'));
    const [top] = await tx.select({ n: max(milestones.number) }).from(milestones).where(eq(milestones.commitmentId, commitmentId));
    const number = (top?.n ?? 0) + 1;
    const created = await one(tx.insert(milestones).values({ ...input, commitmentId, number, createdAt: now, updatedAt: now }).returning());
    await recordAudit(tx, { actor, action: 'milestone.create', entityType: 'milestone', entityId: created.id, details: { commitmentId, after: { number, ...input } } });
    return created;
  });
}

/** Edits a milestone's title and months. Its status is not editable here (decision 031). */
export async function updateMilestone(db: Db, id: number, version: number, input: MilestoneFields, actor: string, now: Date) {
  return run(db, '_form', async (tx) => {
    const before = await one(tx.select().from(milestones).where(eq(milestones.id, id)).limit(1));
    if (before.removedAt) throw new AuthoringError('not_found');
    const after = await updateVersioned<typeof milestones.$inferSelect>(tx, milestones as unknown as Versioned, id, version, input as unknown as Record<string, unknown>, now);
    await recordAudit(tx, { actor, action: 'milestone.update', entityType: 'milestone', entityId: id, details: { commitmentId: before.commitmentId, number: before.number, ...diff(before, after) } });
    return after;
  });
}

/**
 * Moves a milestone one place up or down among the commitment's milestones that are not removed: it
 * swaps numbers with its neighbour. Reports stay with their milestone (they point at its id).
 */
export async function moveMilestone(db: Db, id: number, version: number, direction: 'up' | 'down', actor: string, now: Date) {
  return run(db, '_form', async (tx) => {
    const me = await one(tx.select().from(milestones).where(eq(milestones.id, id)).limit(1));
    await tx.select({ id: commitments.id }).from(commitments).where(eq(commitments.id, me.commitmentId)).for('update');
    const [neighbour] = await tx
      .select()
      .from(milestones)
      .where(and(eq(milestones.commitmentId, me.commitmentId), isNull(milestones.removedAt), direction === 'up' ? lt(milestones.number, me.number) : gt(milestones.number, me.number)))
      .orderBy(direction === 'up' ? desc(milestones.number) : asc(milestones.number))
      .limit(1);
    if (me.removedAt) throw new AuthoringError('not_found');
    if (!neighbour) return me;
    // Park mine on a free number first (the pair (commitment, number) is unique).
    const parked = me.number + neighbour.number + 1_000_000;
    const moved = await updateVersioned<typeof milestones.$inferSelect>(tx, milestones as unknown as Versioned, id, version, { number: parked }, now);
    await tx.update(milestones).set({ number: me.number, version: sql`${milestones.version} + 1`, updatedAt: now }).where(eq(milestones.id, neighbour.id));
    const [after] = await tx.update(milestones).set({ number: neighbour.number }).where(eq(milestones.id, moved.id)).returning();
    await recordAudit(tx, { actor, action: 'milestone.move', entityType: 'milestone', entityId: id, details: { commitmentId: me.commitmentId, number: me.number, before: { number: me.number }, after: { number: neighbour.number }, swappedWith: neighbour.id } });
    return after!;
  });
}

/** Removes a milestone from the commitment: it stays in the database and the history with its reports. */
export async function removeMilestone(db: Db, id: number, version: number, actor: string, now: Date) {
  return run(db, '_form', async (tx) => {
    const before = await one(tx.select().from(milestones).where(eq(milestones.id, id)).limit(1));
    if (before.removedAt) throw new AuthoringError('not_found');
    const after = await updateVersioned<typeof milestones.$inferSelect>(tx, milestones as unknown as Versioned, id, version, { removedAt: now }, now);
    await recordAudit(tx, { actor, action: 'milestone.remove', entityType: 'milestone', entityId: id, details: { commitmentId: before.commitmentId, number: before.number, title: before.title } });
    return after;
  });
}
