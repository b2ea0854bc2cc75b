import { and, asc, eq, inArray, max } from 'drizzle-orm';
import type { Locale } from '../../lib/levels.js';
import { formatDate } from '../../ui/format.js';
import type { Database, Executor } from '../../db/client.js';
import { actionPlans, commitments, contestations, documents, followUpReportMilestones, followUpReports, members, milestones, selfAssessmentSections } from '../../db/schema/index.js';
import { recordAudit } from '../../lib/audit.js';
import { storeFile } from '../../lib/files.js';
import type { LocalizedText } from '../../lib/localized.js';
import { messages } from '../../i18n/index.js';
import { isDelayed } from '../milestones/rules.js';
import { milestoneMonitoring, type MilestoneMonitoring } from '../monitoring/queries.js';
import { buildFollowUpReport } from './follow-up.js';
import { getFollowUpReport, getSelfAssessmentData } from './queries.js';
import { renderDocx, renderPdf } from './render-lazy.js';
import type { SelfAssessmentKind } from './schemas.js';
import { buildSelfAssessment, SECTION_KEYS, selfAssessmentSubject, type SectionTexts } from './self-assessment.js';

export class ReportError extends Error {
  constructor(
    readonly code: 'plan_not_found' | 'cut_off_before_previous' | 'cut_off_in_future',
    readonly params: Record<string, string | number> = {},
  ) {
    super(`report error: ${code}`);
    this.name = 'ReportError';
  }
}

/** Saves the secretariat's sections of a self-assessment (created on first save); the previous texts go to the audit log. */
export async function saveSelfAssessmentSections(
  db: Database,
  input: { planId: number; kind: SelfAssessmentKind; sections: SectionTexts; userId: number | null; actor: string; now: Date },
) {
  return db.transaction(async (tx) => {
    // The plan's row lock: two first saves at once do not both insert (issue 8).
    const plan = await tx.select({ id: actionPlans.id }).from(actionPlans).where(eq(actionPlans.id, input.planId)).limit(1).for('update');
    if (!plan[0]) throw new ReportError('plan_not_found', { id: input.planId });
    const found = await tx
      .select()
      .from(selfAssessmentSections)
      .where(and(eq(selfAssessmentSections.planId, input.planId), eq(selfAssessmentSections.kind, input.kind)))
      .limit(1);
    const before = found[0] ?? null;
    const values = Object.fromEntries(SECTION_KEYS.map((k) => [k, input.sections[k]])) as SectionTexts;
    let id: number;
    if (before) {
      await tx.update(selfAssessmentSections).set({ ...values, updatedBy: input.userId, updatedAt: input.now }).where(eq(selfAssessmentSections.id, before.id));
      id = before.id;
    } else {
      const [created] = await tx
        .insert(selfAssessmentSections)
        .values({ ...values, planId: input.planId, kind: input.kind, updatedBy: input.userId, createdAt: input.now, updatedAt: input.now })
        .returning({ id: selfAssessmentSections.id });
      if (!created) throw new Error('insert returned nothing');
      id = created.id;
    }
    await recordAudit(tx, {
      actor: input.actor,
      action: before ? 'self_assessment_sections.update' : 'self_assessment_sections.create',
      entityType: 'self_assessment_sections',
      entityId: id,
      details: {
        planId: input.planId,
        kind: input.kind,
        before: before ? Object.fromEntries(SECTION_KEYS.map((k) => [k, before[k]])) : null,
        after: values,
      },
    });
    return { id };
  });
}

export type SnapshotRowInput = Omit<typeof followUpReportMilestones.$inferInsert, 'reportId' | 'id'>;

/** Every milestone of a plan as it stands now, with "delayed" computed at the cut-off date (a commitment with none is one row). */
export async function currentSnapshot(tx: Executor, planId: number, cutOffDate: string): Promise<SnapshotRowInput[]> {
  const cs = await tx
    .select()
    .from(commitments)
    .where(eq(commitments.planId, planId))
    .orderBy(asc(commitments.position), asc(commitments.number), asc(commitments.id));
  const ms =
    cs.length === 0
      ? []
      : await tx
          .select()
          .from(milestones)
          .where(inArray(milestones.commitmentId, cs.map((c) => c.id)))
          .orderBy(asc(milestones.commitmentId), asc(milestones.number), asc(milestones.id));
  const cutOff = endOfDay(cutOffDate);
  // Contested at the cut-off: contested by then and not resolved by then (decision 042).
  const cons =
    ms.length === 0
      ? []
      : await tx
          .select({ milestoneId: contestations.milestoneId, createdAt: contestations.createdAt, resolvedAt: contestations.resolvedAt })
          .from(contestations)
          .where(inArray(contestations.milestoneId, ms.map((m) => m.id)))
          .orderBy(asc(contestations.id));
  const contested = new Set(cons.filter((c) => c.createdAt <= cutOff && (c.resolvedAt === null || c.resolvedAt > cutOff)).map((c) => c.milestoneId));
  // The verified narrative, as the pages and the self-assessment show it (the same query: milestoneMonitoring).
  const monitoring = await milestoneMonitoring(tx, ms);
  const rows: SnapshotRowInput[] = [];
  for (const c of cs) {
    const base = {
      commitmentId: c.id,
      commitmentNumber: c.number,
      commitmentPosition: c.position,
      commitmentTitle: c.title,
      commitmentCompletion: c.completion,
    };
    const own = ms.filter((m) => m.commitmentId === c.id);
    if (own.length === 0) rows.push({ ...base, milestoneId: null, milestoneNumber: null });
    for (const m of own) {
      rows.push({
        ...base,
        milestoneId: m.id,
        milestoneNumber: m.number,
        milestoneTitle: m.title,
        plannedStart: m.plannedStart,
        plannedEnd: m.plannedEnd,
        status: m.status,
        delayed: isDelayed(m, cutOff),
        contested: contested.has(m.id),
        subItems: m.subItems.map((s) => s.title),
        ...verifiedFields(monitoring.get(m.id)),
      });
    }
  }
  return rows;
}

/** The newest verified report's public narrative, as-of date and evidence (nothing when the status is not from a verified report). */
function verifiedFields(mon: MilestoneMonitoring | undefined): Pick<SnapshotRowInput, 'verifiedNarrative' | 'verifiedAsOf' | 'verifiedEvidence'> {
  const v = mon?.verified;
  if (!v) return { verifiedNarrative: {}, verifiedAsOf: null, verifiedEvidence: [] };
  return { verifiedNarrative: v.narrative, verifiedAsOf: v.asOf, verifiedEvidence: v.evidence.map((e) => ({ title: e.title, href: e.href })) };
}

/** The end of a day (UTC): "delayed" at a cut-off date counts that whole day. */
export function endOfDay(date: string): Date {
  return new Date(`${date}T23:59:59.999Z`);
}

/**
 * Publishes "Reporte de seguimiento n° N": snapshots every milestone of the plan as it stands
 * (status, planned months, delayed at the cut-off date) in one transaction, stores its PDF in the
 * document repository, and audits it. Nothing of it can change afterwards (database triggers).
 */
export async function publishFollowUpReport(
  db: Database,
  input: { planId: number; cutOffDate: string; note: LocalizedText; userId: number | null; actor: string; now: Date },
): Promise<{ id: number; number: number }> {
  const today = input.now.toISOString().slice(0, 10);
  if (input.cutOffDate > today) throw new ReportError('cut_off_in_future');
  const result = await db.transaction(async (tx) => {
    const plans = await tx
      .select({ plan: actionPlans, memberName: members.name, secretariat: members.secretariatInstitution })
      .from(actionPlans)
      .innerJoin(members, eq(members.id, actionPlans.memberId))
      .where(eq(actionPlans.id, input.planId))
      .limit(1)
      // The plan's row lock: two publications at once get numbers one after the other (issue 8).
      .for('update', { of: actionPlans });
    const found = plans[0];
    if (!found) throw new ReportError('plan_not_found', { id: input.planId });
    const { plan } = found;
    const last = await tx
      .select({ number: max(followUpReports.number), cutOff: max(followUpReports.cutOffDate) })
      .from(followUpReports)
      .where(eq(followUpReports.planId, plan.id));
    const previousCutOff = last[0]?.cutOff ?? null;
    if (previousCutOff && input.cutOffDate < previousCutOff) throw new ReportError('cut_off_before_previous', { date: previousCutOff });
    const number = (last[0]?.number ?? 0) + 1;
    const [report] = await tx
      .insert(followUpReports)
      .values({ planId: plan.id, number, cutOffDate: input.cutOffDate, note: input.note, planTitle: plan.title, publishedAt: input.now, publishedBy: input.userId })
      .returning();
    if (!report) throw new Error('insert returned nothing');

    const rows = (await currentSnapshot(tx, plan.id, input.cutOffDate)).map((r) => ({ ...r, reportId: report.id }));
    for (let i = 0; i < rows.length; i += 500) await tx.insert(followUpReportMilestones).values(rows.slice(i, i + 500));

    // The published report goes into the public repository as a PDF (Spanish, the plan's language).
    const data = await getFollowUpReport(tx, report.id);
    if (!data) throw new Error('report vanished');
    const doc = buildFollowUpReport({ ...data, memberName: found.memberName.es ?? found.memberName.en ?? '', secretariat: found.secretariat }, messages('es'), 'es');
    const pdf = await renderPdf(doc);
    const stored = await storeFile(tx, pdf, `${doc.fileStem}.pdf`, { maxBytes: 50 * 1024 * 1024 });
    const t = { es: messages('es'), en: messages('en') };
    const [document] = await tx
      .insert(documents)
      .values({
        planId: plan.id,
        type: 'follow_up_report',
        title: { es: t.es.reports.followUp.title(number), en: t.en.reports.followUp.title(number) },
        description: input.note,
        documentDate: input.cutOffDate,
        fileSha256: stored.sha256,
        fileName: `${doc.fileStem}.pdf`,
        subjectType: 'follow_up_report',
        subjectId: report.id,
        publishedAt: input.now,
        createdBy: input.userId,
        createdAt: input.now,
        updatedAt: input.now,
      })
      .returning({ id: documents.id });
    await recordAudit(tx, {
      actor: input.actor,
      action: 'follow_up_report.publish',
      entityType: 'follow_up_report',
      entityId: report.id,
      details: { planId: plan.id, number, cutOffDate: input.cutOffDate, milestones: rows.length, documentId: document?.id ?? null, file: stored.sha256 },
    });
    return { id: report.id, number };
  });
  return result;
}

/**
 * Publishes a self-assessment in the repository (OGP minimum requirement 2.2): generates its PDF and
 * DOCX in Spanish — and in English when any section has an English text — stores the files and adds
 * one published `documents` row per file, all of them one new version. Earlier versions stay.
 */
export async function publishSelfAssessment(
  db: Database,
  input: { planId: number; kind: SelfAssessmentKind; userId: number | null; actor: string; now: Date },
): Promise<{ version: number; documentIds: number[] }> {
  return db.transaction(async (tx) => {
    // The plan's row lock: two publications at once get versions one after the other (issue 8).
    if ((await tx.select({ id: actionPlans.id }).from(actionPlans).where(eq(actionPlans.id, input.planId)).for('update')).length === 0) throw new ReportError('plan_not_found', { id: input.planId });
    const data = await getSelfAssessmentData(tx, input.planId, input.kind, input.now);
    if (!data) throw new ReportError('plan_not_found', { id: input.planId });
    const subject = selfAssessmentSubject(input.kind);
    const earlier = await tx
      .selectDistinct({ publishedAt: documents.publishedAt })
      .from(documents)
      .where(and(eq(documents.planId, input.planId), eq(documents.type, 'self_assessment'), eq(documents.subjectType, subject)))
      .orderBy(asc(documents.publishedAt));
    const version = earlier.length + 1;
    const locales: Locale[] = SECTION_KEYS.some((k) => data.sections[k].en) ? ['es', 'en'] : ['es'];
    const t = { es: messages('es'), en: messages('en') };
    const documentDate = input.now.toISOString().slice(0, 10);
    const documentIds: number[] = [];
    const stored: { locale: Locale; format: string; sha256: string; size: number }[] = [];
    for (const locale of locales) {
      const doc = buildSelfAssessment(data, t[locale], locale);
      for (const format of ['pdf', 'docx'] as const) {
        const bytes = format === 'pdf' ? await renderPdf(doc) : await renderDocx(doc);
        const fileName = `${doc.fileStem}-v${version}.${format}`;
        const file = await storeFile(tx, bytes, fileName, { maxBytes: 50 * 1024 * 1024 });
        const title = (lang: Locale) =>
          t[lang].reports.publish.documentTitle(t[lang].reports.kind[input.kind], version, format.toUpperCase(), locale === 'es' ? t[lang].reports.languageEs : t[lang].reports.languageEn);
        const [row] = await tx
          .insert(documents)
          .values({
            planId: input.planId,
            type: 'self_assessment',
            title: { es: title('es'), en: title('en') },
            description: { es: t.es.reports.publish.description(version, formatDate(input.now, 'es')), en: t.en.reports.publish.description(version, formatDate(input.now, 'en')) },
            documentDate,
            fileSha256: file.sha256,
            fileName,
            subjectType: subject,
            subjectId: input.planId,
            publishedAt: input.now,
            createdBy: input.userId,
            createdAt: input.now,
            updatedAt: input.now,
          })
          .returning({ id: documents.id });
        if (!row) throw new Error('insert returned nothing');
        documentIds.push(row.id);
        stored.push({ locale, format, sha256: file.sha256, size: file.size });
      }
    }
    await recordAudit(tx, {
      actor: input.actor,
      action: 'self_assessment.publish',
      entityType: 'self_assessment',
      entityId: input.planId,
      details: { planId: input.planId, kind: input.kind, version, documentIds, files: stored },
    });
    return { version, documentIds };
  });
}
