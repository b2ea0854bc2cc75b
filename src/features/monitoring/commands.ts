import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database, Transaction } from '../../db/client.js';
import {
  actionPlans,
  commitments,
  contestations,
  documents,
  follows,
  milestones,
  progressUpdates,
  reportingPeriods,
  roleGrants,
  users,
} from '../../db/schema/index.js';
import { messages } from '../../i18n/index.js';
import { recordAudit } from '../../lib/audit.js';
import type { CompletionLevel, Locale } from '../../lib/levels.js';
import type { LocalizedText } from '../../lib/localized.js';
import { queueMail } from '../../lib/mail.js';
import { storeFile } from '../../lib/files.js';

export type MonitoringErrorCode = 'not_found' | 'wrong_state' | 'period_closed' | 'period_other_plan';

export class MonitoringError extends Error {
  constructor(readonly code: MonitoringErrorCode) {
    super(`monitoring error: ${code}`);
    this.name = 'MonitoringError';
  }
}

export interface EvidenceInput {
  files: { name: string; bytes: Uint8Array }[];
  links: string[];
}

export const MAX_EVIDENCE_FILES = 5;
export const MAX_EVIDENCE_LINKS = 10;

/** Evidence files are stored (checked by content and size) and listed in the repository as `evidence`. */
async function attachEvidence(
  tx: Transaction,
  input: { planId: number; subjectType: 'progress_update' | 'contestation'; subjectId: number; date: string; evidence: EvidenceInput; userId: number; locale: Locale; publishedAt: Date | null; now: Date },
): Promise<number> {
  let n = 0;
  for (const f of input.evidence.files) {
    const stored = await storeFile(tx, f.bytes, f.name);
    await tx.insert(documents).values({
      planId: input.planId,
      type: 'evidence',
      title: { [input.locale]: f.name },
      documentDate: input.date,
      fileSha256: stored.sha256,
      fileName: f.name,
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      publishedAt: input.publishedAt,
      createdBy: input.userId,
      createdAt: input.now,
      updatedAt: input.now,
    });
    n += 1;
  }
  for (const url of input.evidence.links) {
    await tx.insert(documents).values({
      planId: input.planId,
      type: 'evidence',
      title: { [input.locale]: url },
      documentDate: input.date,
      url,
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      publishedAt: input.publishedAt,
      createdBy: input.userId,
      createdAt: input.now,
      updatedAt: input.now,
    });
    n += 1;
  }
  return n;
}

async function milestoneWithPlan(tx: Transaction, milestoneId: number) {
  const rows = await tx
    .select({ m: milestones, commitmentId: commitments.id, commitmentNumber: commitments.number, commitmentTitle: commitments.title, planId: actionPlans.id, memberId: actionPlans.memberId })
    .from(milestones)
    .innerJoin(commitments, eq(commitments.id, milestones.commitmentId))
    .innerJoin(actionPlans, eq(actionPlans.id, commitments.planId))
    .where(eq(milestones.id, milestoneId))
    .limit(1);
  const row = rows[0];
  if (!row) throw new MonitoringError('not_found');
  return row;
}

/** E-mails (and in-app notifications) to the people following a commitment, in each one's language. */
async function notifyFollowers(
  tx: Transaction,
  commitmentId: number,
  exceptUserId: number | null,
  compose: (t: ReturnType<typeof messages>['monitoring']) => { subject: string; text: string },
  now: Date,
): Promise<void> {
  const rows = await tx
    .select({ id: users.id, email: users.email, locale: users.locale })
    .from(follows)
    .innerJoin(users, eq(users.id, follows.userId))
    .where(eq(follows.commitmentId, commitmentId))
    .orderBy(asc(users.id));
  for (const u of rows) {
    if (u.id === exceptUserId) continue;
    const m = compose(messages(u.locale === 'en' ? 'en' : 'es').monitoring);
    await queueMail(tx, { to: u.email, subject: m.subject, text: m.text, userId: u.id, meta: { kind: 'commitment_change', commitmentId } }, now);
  }
}

export interface UpdateInput {
  status: CompletionLevel;
  narrative: string;
  asOf: string;
  periodId: number | null;
  locale: Locale;
  evidence: EvidenceInput;
  /** Submit for verification now (else it stays a draft). */
  submit: boolean;
}

async function checkPeriod(tx: Transaction, periodId: number | null, planId: number) {
  if (periodId === null) return;
  const p = (await tx.select().from(reportingPeriods).where(eq(reportingPeriods.id, periodId)).limit(1))[0];
  if (!p || p.planId !== planId) throw new MonitoringError('period_other_plan');
  if (p.closedAt) throw new MonitoringError('period_closed');
}

/** Files a new progress update on a milestone (a draft, or submitted at once). Permission is checked by the caller. */
export async function createProgressUpdate(
  db: Database,
  input: UpdateInput & { milestoneId: number; authorId: number; source?: 'form' | 'spreadsheet'; now: Date },
  existingTx?: Transaction,
): Promise<{ id: number }> {
  const run = async (tx: Transaction) => {
    const ctx = await milestoneWithPlan(tx, input.milestoneId);
    await checkPeriod(tx, input.periodId, ctx.planId);
    const [row] = await tx
      .insert(progressUpdates)
      .values({
        milestoneId: input.milestoneId,
        periodId: input.periodId,
        authorId: input.authorId,
        status: input.status,
        narrative: input.narrative.trim() ? { [input.locale]: input.narrative.trim() } : {},
        asOf: input.asOf,
        state: input.submit ? 'submitted' : 'draft',
        source: input.source ?? 'form',
        submittedAt: input.submit ? input.now : null,
        createdAt: input.now,
        updatedAt: input.now,
      })
      .returning();
    const evidence = await attachEvidence(tx, {
      planId: ctx.planId,
      subjectType: 'progress_update',
      subjectId: row!.id,
      date: input.asOf,
      evidence: input.evidence,
      userId: input.authorId,
      locale: input.locale,
      publishedAt: input.submit ? input.now : null,
      now: input.now,
    });
    await recordAudit(tx, {
      actor: `user:${input.authorId}`,
      action: input.submit ? 'progress_update.submit' : 'progress_update.create',
      entityType: 'milestone',
      entityId: input.milestoneId,
      details: { progressUpdateId: row!.id, commitmentId: ctx.commitmentId, status: input.status, asOf: input.asOf, source: input.source ?? 'form', evidence },
    });
    if (input.submit) await notifySecretariat(tx, ctx.memberId, ctx.commitmentId, ctx.commitmentNumber, ctx.m.number, input.now);
    return { id: row!.id };
  };
  return existingTx ? run(existingTx) : db.transaction(run);
}

async function notifySecretariat(tx: Transaction, memberId: number, commitmentId: number, commitmentNumber: string, milestoneNumber: number, now: Date) {
  const rows = await tx
    .selectDistinct({ id: users.id, email: users.email, locale: users.locale })
    .from(roleGrants)
    .innerJoin(users, eq(users.id, roleGrants.userId))
    .where(and(eq(roleGrants.role, 'secretariat'), eq(roleGrants.memberId, memberId)))
    .orderBy(asc(users.id));
  for (const u of rows) {
    const t = messages(u.locale === 'en' ? 'en' : 'es').monitoring.mail;
    await queueMail(tx, { to: u.email, subject: t.toVerifySubject(commitmentNumber, milestoneNumber), text: t.toVerifyText(commitmentNumber, milestoneNumber), userId: u.id, meta: { kind: 'to_verify', commitmentId } }, now);
  }
}

/** Edits a draft or returned update (its author); submitting sends it to verification again. */
export async function editProgressUpdate(db: Database, input: UpdateInput & { updateId: number; authorId: number; now: Date }): Promise<void> {
  await db.transaction(async (tx) => {
    const before = (await tx.select().from(progressUpdates).where(eq(progressUpdates.id, input.updateId)).limit(1))[0];
    if (!before || before.authorId !== input.authorId) throw new MonitoringError('not_found');
    if (before.state !== 'draft' && before.state !== 'returned') throw new MonitoringError('wrong_state');
    const ctx = await milestoneWithPlan(tx, before.milestoneId);
    await checkPeriod(tx, input.periodId, ctx.planId);
    const narrative: LocalizedText = { ...before.narrative };
    if (input.narrative.trim()) narrative[input.locale] = input.narrative.trim();
    else delete narrative[input.locale];
    await tx
      .update(progressUpdates)
      .set({
        status: input.status,
        narrative,
        asOf: input.asOf,
        periodId: input.periodId,
        state: input.submit ? 'submitted' : before.state,
        submittedAt: input.submit ? input.now : before.submittedAt,
        updatedAt: input.now,
      })
      .where(eq(progressUpdates.id, input.updateId));
    const evidence = await attachEvidence(tx, {
      planId: ctx.planId,
      subjectType: 'progress_update',
      subjectId: before.id,
      date: input.asOf,
      evidence: input.evidence,
      userId: input.authorId,
      locale: input.locale,
      publishedAt: input.submit ? input.now : null,
      now: input.now,
    });
    if (input.submit) {
      await tx.update(documents).set({ publishedAt: input.now, updatedAt: input.now }).where(and(eq(documents.subjectType, 'progress_update'), eq(documents.subjectId, before.id)));
    }
    await recordAudit(tx, {
      actor: `user:${input.authorId}`,
      action: input.submit ? 'progress_update.submit' : 'progress_update.edit',
      entityType: 'milestone',
      entityId: before.milestoneId,
      details: {
        progressUpdateId: before.id,
        commitmentId: ctx.commitmentId,
        before: { status: before.status, narrative: before.narrative, asOf: before.asOf, state: before.state, periodId: before.periodId },
        after: { status: input.status, narrative, asOf: input.asOf, state: input.submit ? 'submitted' : before.state, periodId: input.periodId },
        status: input.status,
        evidence,
      },
    });
    if (input.submit) await notifySecretariat(tx, ctx.memberId, ctx.commitmentId, ctx.commitmentNumber, ctx.m.number, input.now);
  });
}

/**
 * Verifies a submitted update: its status becomes the milestone's public status (decision 031),
 * the previous status is kept on the update and in the audit record, the author and the
 * commitment's followers are told.
 */
export async function verifyProgressUpdate(db: Database, input: { updateId: number; actorId: number; now: Date }): Promise<void> {
  await db.transaction(async (tx) => {
    const u = (await tx.select().from(progressUpdates).where(eq(progressUpdates.id, input.updateId)).limit(1))[0];
    if (!u) throw new MonitoringError('not_found');
    if (u.state !== 'submitted') throw new MonitoringError('wrong_state');
    const ctx = await milestoneWithPlan(tx, u.milestoneId);
    const previous = ctx.m.status;
    await tx
      .update(progressUpdates)
      .set({ state: 'verified', decidedBy: input.actorId, decidedAt: input.now, previousStatus: previous, updatedAt: input.now })
      .where(eq(progressUpdates.id, u.id));
    await tx.update(milestones).set({ status: u.status, updatedAt: input.now }).where(eq(milestones.id, u.milestoneId));
    await tx.update(commitments).set({ updatedAt: input.now }).where(eq(commitments.id, ctx.commitmentId));
    await recordAudit(tx, {
      actor: `user:${input.actorId}`,
      action: 'progress_update.verify',
      entityType: 'milestone',
      entityId: u.milestoneId,
      details: { progressUpdateId: u.id, commitmentId: ctx.commitmentId, authorId: u.authorId, before: { status: previous }, after: { status: u.status } },
    });
    const author = (await tx.select().from(users).where(eq(users.id, u.authorId)).limit(1))[0];
    if (author) {
      const t = messages(author.locale === 'en' ? 'en' : 'es').monitoring.mail;
      await queueMail(tx, { to: author.email, subject: t.verifiedSubject(ctx.commitmentNumber, ctx.m.number), text: t.verifiedText(ctx.commitmentNumber, ctx.m.number), userId: author.id, meta: { kind: 'verified', commitmentId: ctx.commitmentId } }, input.now);
    }
    await notifyFollowers(
      tx,
      ctx.commitmentId,
      input.actorId,
      (t) => ({
        subject: t.mail.changeSubject(ctx.commitmentNumber),
        text: t.mail.statusChangedText(ctx.commitmentNumber, ctx.m.number, previous ? t.statusName[previous] : t.statusName.not_reported, t.statusName[u.status]),
      }),
      input.now,
    );
  });
}

/** Returns a submitted update to its author with a reason; the author may edit and submit it again. */
export async function returnProgressUpdate(db: Database, input: { updateId: number; actorId: number; reason: string; now: Date }): Promise<void> {
  await db.transaction(async (tx) => {
    const u = (await tx.select().from(progressUpdates).where(eq(progressUpdates.id, input.updateId)).limit(1))[0];
    if (!u) throw new MonitoringError('not_found');
    if (u.state !== 'submitted') throw new MonitoringError('wrong_state');
    const ctx = await milestoneWithPlan(tx, u.milestoneId);
    await tx
      .update(progressUpdates)
      .set({ state: 'returned', decidedBy: input.actorId, decidedAt: input.now, returnReason: input.reason, updatedAt: input.now })
      .where(eq(progressUpdates.id, u.id));
    await recordAudit(tx, {
      actor: `user:${input.actorId}`,
      action: 'progress_update.return',
      entityType: 'milestone',
      entityId: u.milestoneId,
      details: { progressUpdateId: u.id, commitmentId: ctx.commitmentId, authorId: u.authorId, status: u.status, reason: input.reason },
    });
    const author = (await tx.select().from(users).where(eq(users.id, u.authorId)).limit(1))[0];
    if (author) {
      const t = messages(author.locale === 'en' ? 'en' : 'es').monitoring.mail;
      await queueMail(tx, { to: author.email, subject: t.returnedSubject(ctx.commitmentNumber, ctx.m.number), text: t.returnedText(ctx.commitmentNumber, ctx.m.number, input.reason), userId: author.id, meta: { kind: 'returned', commitmentId: ctx.commitmentId } }, input.now);
    }
  });
}

/** A forum member contests a milestone's public status, publicly, with a comment and evidence. */
export async function contestMilestone(
  db: Database,
  input: { milestoneId: number; authorId: number; comment: string; locale: Locale; evidence: EvidenceInput; now: Date },
): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const ctx = await milestoneWithPlan(tx, input.milestoneId);
    const latest = await tx
      .select({ id: progressUpdates.id })
      .from(progressUpdates)
      .where(and(eq(progressUpdates.milestoneId, input.milestoneId), eq(progressUpdates.state, 'verified')))
      .orderBy(asc(progressUpdates.decidedAt), asc(progressUpdates.id));
    const [row] = await tx
      .insert(contestations)
      .values({ milestoneId: input.milestoneId, progressUpdateId: latest[latest.length - 1]?.id ?? null, contestedStatus: ctx.m.status, authorId: input.authorId, comment: input.comment, createdAt: input.now })
      .returning();
    const evidence = await attachEvidence(tx, {
      planId: ctx.planId,
      subjectType: 'contestation',
      subjectId: row!.id,
      date: input.now.toISOString().slice(0, 10),
      evidence: input.evidence,
      userId: input.authorId,
      locale: input.locale,
      publishedAt: input.now,
      now: input.now,
    });
    await recordAudit(tx, {
      actor: `user:${input.authorId}`,
      action: 'milestone.contest',
      entityType: 'milestone',
      entityId: input.milestoneId,
      details: { contestationId: row!.id, commitmentId: ctx.commitmentId, status: ctx.m.status, comment: input.comment, evidence },
    });
    await notifyFollowers(tx, ctx.commitmentId, input.authorId, (t) => ({ subject: t.mail.changeSubject(ctx.commitmentNumber), text: t.mail.contestedText(ctx.commitmentNumber, ctx.m.number, input.comment) }), input.now);
    return { id: row!.id };
  });
}

export async function setFollow(db: Database, input: { userId: number; commitmentId: number; follow: boolean; now: Date }): Promise<void> {
  await db.transaction(async (tx) => {
    if (input.follow) {
      const inserted = await tx.insert(follows).values({ userId: input.userId, commitmentId: input.commitmentId, createdAt: input.now }).onConflictDoNothing().returning();
      if (inserted.length === 0) return;
    } else {
      const deleted = await tx.delete(follows).where(and(eq(follows.userId, input.userId), eq(follows.commitmentId, input.commitmentId))).returning();
      if (deleted.length === 0) return;
    }
    await recordAudit(tx, { actor: `user:${input.userId}`, action: input.follow ? 'commitment.follow' : 'commitment.unfollow', entityType: 'commitment', entityId: input.commitmentId });
  });
}

export async function openPeriod(db: Database, input: { planId: number; name: string; locale: Locale; deadline: string; actorId: number; now: Date }): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(reportingPeriods)
      .values({ planId: input.planId, name: { [input.locale]: input.name }, deadline: input.deadline, createdBy: input.actorId, createdAt: input.now, updatedAt: input.now })
      .returning();
    await recordAudit(tx, { actor: `user:${input.actorId}`, action: 'reporting_period.open', entityType: 'reporting_period', entityId: row!.id, details: { after: row } });
    return { id: row!.id };
  });
}

export async function closePeriod(db: Database, input: { periodId: number; actorId: number; now: Date }): Promise<void> {
  await db.transaction(async (tx) => {
    const before = (await tx.select().from(reportingPeriods).where(eq(reportingPeriods.id, input.periodId)).limit(1))[0];
    if (!before) throw new MonitoringError('not_found');
    if (before.closedAt) throw new MonitoringError('wrong_state');
    await tx.update(reportingPeriods).set({ closedAt: input.now, updatedAt: input.now }).where(eq(reportingPeriods.id, input.periodId));
    await recordAudit(tx, { actor: `user:${input.actorId}`, action: 'reporting_period.close', entityType: 'reporting_period', entityId: input.periodId, details: { before: { closedAt: null }, after: { closedAt: input.now.toISOString() } } });
  });
}

/** Every progress update of some milestones, oldest first. */
export async function updatesOf(db: Database, milestoneIds: number[]) {
  if (milestoneIds.length === 0) return [];
  return db.select().from(progressUpdates).where(inArray(progressUpdates.milestoneId, milestoneIds)).orderBy(asc(progressUpdates.id));
}
