import { and, asc, desc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { actionPlans, commitments, members, followUpReportMilestones, followUpReports, selfAssessmentSections } from '../../db/schema/index.js';
import { getCommitmentDetail } from '../commitments/queries.js';
import type { CommitmentDetail } from '../commitments/schemas.js';
import { getPlanDetail } from '../plans/queries.js';
import type { SelfAssessmentKind } from './schemas.js';
import { SECTION_KEYS, type SectionTexts, type SelfAssessmentData } from './self-assessment.js';

export function emptySections(): SectionTexts {
  return { introduction: {}, coCreation: {}, irmRecommendations: {}, lessons: {}, conclusions: {} };
}

export async function getSections(db: Executor, planId: number, kind: SelfAssessmentKind) {
  const rows = await db
    .select()
    .from(selfAssessmentSections)
    .where(and(eq(selfAssessmentSections.planId, planId), eq(selfAssessmentSections.kind, kind)))
    .orderBy(asc(selfAssessmentSections.id))
    .limit(1);
  return rows[0] ?? null;
}

/** Every commitment of a plan in full, in the plan's order. */
export async function planCommitmentDetails(db: Executor, planId: number, now: Date): Promise<CommitmentDetail[]> {
  const ids = await db
    .select({ id: commitments.id })
    .from(commitments)
    .where(eq(commitments.planId, planId))
    .orderBy(asc(commitments.position), asc(commitments.number), asc(commitments.id));
  const out: CommitmentDetail[] = [];
  for (const { id } of ids) {
    const detail = await getCommitmentDetail(db, id, now);
    if (detail) out.push(detail);
  }
  return out;
}

/** What the self-assessment of a plan is generated from; null when there is no such plan. */
export async function getSelfAssessmentData(db: Executor, planId: number, kind: SelfAssessmentKind, now: Date): Promise<SelfAssessmentData | null> {
  const plan = await getPlanDetail(db, planId, now);
  if (!plan) return null;
  const [row, details] = [await getSections(db, planId, kind), await planCommitmentDetails(db, planId, now)];
  const sections = emptySections();
  if (row) for (const key of SECTION_KEYS) sections[key] = row[key];
  const member = await db.select({ secretariat: members.secretariatInstitution }).from(members).where(eq(members.id, plan.member.id)).limit(1);
  return { plan, kind, sections, commitments: details, generatedAt: now, secretariat: member[0]?.secretariat ?? null };
}

export async function listFollowUpReports(db: Executor, planId: number) {
  return db.select().from(followUpReports).where(eq(followUpReports.planId, planId)).orderBy(desc(followUpReports.number), desc(followUpReports.id));
}

export async function getFollowUpReport(db: Executor, id: number) {
  const rows = await db.select().from(followUpReports).where(eq(followUpReports.id, id)).limit(1);
  const report = rows[0];
  if (!report) return null;
  const snapshot = await snapshotRows(db, report.id);
  const previous = await db
    .select()
    .from(followUpReports)
    .where(and(eq(followUpReports.planId, report.planId), eq(followUpReports.number, report.number - 1)))
    .limit(1);
  const prev = previous[0] ?? null;
  return { report, snapshot, previous: prev ? { report: prev, snapshot: await snapshotRows(db, prev.id) } : null };
}

export async function snapshotRows(db: Executor, reportId: number) {
  return db
    .select()
    .from(followUpReportMilestones)
    .where(eq(followUpReportMilestones.reportId, reportId))
    .orderBy(asc(followUpReportMilestones.commitmentPosition), asc(followUpReportMilestones.commitmentNumber), asc(followUpReportMilestones.milestoneNumber), asc(followUpReportMilestones.id));
}

export async function latestFollowUpReport(db: Executor, planId: number) {
  const rows = await db.select().from(followUpReports).where(eq(followUpReports.planId, planId)).orderBy(desc(followUpReports.number)).limit(1);
  return rows[0] ?? null;
}

export async function planExists(db: Executor, id: number): Promise<boolean> {
  const rows = await db.select({ id: actionPlans.id }).from(actionPlans).where(eq(actionPlans.id, id)).orderBy(asc(actionPlans.id)).limit(1);
  return rows.length > 0;
}
