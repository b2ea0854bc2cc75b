import { and, asc, eq } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client.js';
import { commitments, irmAssessments } from '../../db/schema/index.js';
import { recordAudit } from '../../lib/audit.js';
import { IRM_VARIABLE_NAMES, IRM_VARIABLES, type IrmAssessmentInput } from './variables.js';

/**
 * An IRM reviewer records (or corrects) the assessment of one report on a commitment: one row per
 * commitment per report kind; the previous values stay in the audit record. Variables of the other
 * methodology generation are never stored with it.
 */
export async function recordIrmAssessment(db: Database, input: { commitmentId: number; assessment: IrmAssessmentInput; actorId: number; now: Date }): Promise<{ id: number }> {
  const a = input.assessment;
  const values: Record<string, string | null> = { publicationYear: a.publicationYear };
  for (const name of IRM_VARIABLE_NAMES) {
    const belongs = IRM_VARIABLES[name].methodology === 'both' || IRM_VARIABLES[name].methodology === a.methodology;
    values[name] = belongs ? (a[name] ?? null) : null;
  }
  return db.transaction(async (tx) => {
    // The commitment's row lock: two first recordings at once do not both insert (issue 8).
    await tx.select({ id: commitments.id }).from(commitments).where(eq(commitments.id, input.commitmentId)).for('update');
    const before = (await tx.select().from(irmAssessments).where(and(eq(irmAssessments.commitmentId, input.commitmentId), eq(irmAssessments.reportKind, a.reportKind))).limit(1))[0];
    let id: number;
    if (before) {
      await tx.update(irmAssessments).set({ ...values, methodology: a.methodology, recordedBy: input.actorId, source: 'reviewer', updatedAt: input.now }).where(eq(irmAssessments.id, before.id));
      id = before.id;
    } else {
      const [row] = await tx
        .insert(irmAssessments)
        .values({ ...values, commitmentId: input.commitmentId, methodology: a.methodology, reportKind: a.reportKind, recordedBy: input.actorId, source: 'reviewer', createdAt: input.now, updatedAt: input.now })
        .returning({ id: irmAssessments.id });
      id = row!.id;
    }
    await recordAudit(tx, {
      actor: `user:${input.actorId}`,
      action: before ? 'irm_assessment.update' : 'irm_assessment.create',
      entityType: 'commitment',
      entityId: input.commitmentId,
      details: { irmAssessmentId: id, reportKind: a.reportKind, before: before ?? null, after: values },
    });
    return { id };
  });
}

export async function irmAssessmentsOf(db: Executor, commitmentId: number) {
  return db.select().from(irmAssessments).where(eq(irmAssessments.commitmentId, commitmentId)).orderBy(asc(irmAssessments.reportKind), asc(irmAssessments.id));
}
