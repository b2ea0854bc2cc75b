import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import {
  actionPlans,
  commitmentPolicyAreas,
  commitments,
  contacts,
  imports,
  institutions,
  members,
  milestones,
  policyAreas,
} from '../../db/schema/index.js';
import { isDelayed } from '../milestones/rules.js';
import { milestoneMonitoring, type EvidenceItem, type MilestoneMonitoring } from '../monitoring/queries.js';
import { rollup } from './rollup.js';
import type { CommitmentDetail } from './schemas.js';

/** Everything public about one commitment, milestones in order, with computed delay and roll-up. */
export async function getCommitmentDetail(db: Executor, id: number, now: Date): Promise<CommitmentDetail | null> {
  const rows = await db
    .select({ c: commitments, plan: actionPlans, memberCode: members.code, lead: institutions, contact: contacts, source: imports })
    .from(commitments)
    .innerJoin(actionPlans, eq(actionPlans.id, commitments.planId))
    .innerJoin(members, eq(members.id, actionPlans.memberId))
    .leftJoin(institutions, eq(institutions.id, commitments.leadInstitutionId))
    .leftJoin(contacts, eq(contacts.id, commitments.contactId))
    .leftJoin(imports, eq(imports.id, commitments.sourceImportId))
    .where(eq(commitments.id, id))
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  const [ms, areas] = await Promise.all([
    db.select().from(milestones).where(and(eq(milestones.commitmentId, id), isNull(milestones.removedAt))).orderBy(asc(milestones.number), asc(milestones.id)),
    db
      .select({ slug: policyAreas.slug, name: policyAreas.name })
      .from(commitmentPolicyAreas)
      .innerJoin(policyAreas, eq(policyAreas.slug, commitmentPolicyAreas.policyAreaSlug))
      .where(eq(commitmentPolicyAreas.commitmentId, id))
      .orderBy(asc(policyAreas.position), asc(policyAreas.slug)),
  ]);
  const { c, plan, lead, contact, source } = row;
  const monitoring = await milestoneMonitoring(db, ms);
  const ev = (list: { title: { es?: string; en?: string }; href: string }[]) => list.map((e) => ({ title: e.title, href: e.href }));
  return {
    id: c.id,
    number: c.number,
    ogpId: c.ogpId,
    generation: c.generation,
    plan: { id: plan.id, number: plan.number, title: plan.title, memberCode: row.memberCode },
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
    policyAreas: areas,
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
    source: source
      ? { importId: source.id, name: source.sourceName, format: source.format, importedAt: source.createdAt.toISOString() }
      : null,
    updatedAt: c.updatedAt.toISOString(),
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
