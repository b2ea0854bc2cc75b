import { and, asc, desc, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { Database, Transaction } from '../../db/client.js';
import {
  actionPlans,
  auditLog,
  commitments,
  contestationReplies,
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
import { publishSubscriptionEvent } from '../subscriptions/events.js';
import { localeOf, noticeLinks, type NoticeSubject } from './notice.js';

export type MonitoringErrorCode = 'not_found' | 'wrong_state' | 'period_closed' | 'period_other_plan' | 'already_decided' | 'already_contested';

/** Who decided a report (or a contestation) first, for the loser of a race: "already verified by X at T". */
export interface Decided {
  state: string;
  by: string | null;
  at: string | null;
}

export class MonitoringError extends Error {
  constructor(
    readonly code: MonitoringErrorCode,
    readonly decided: Decided | null = null,
  ) {
    super(`monitoring error: ${code}`);
    this.name = 'MonitoringError';
  }
}

/** The error for a report whose conditional update found it no longer in the expected state. */
async function alreadyDecided(tx: Transaction, updateId: number): Promise<MonitoringError> {
  const u = (await tx.select().from(progressUpdates).where(eq(progressUpdates.id, updateId)).limit(1))[0];
  if (!u) return new MonitoringError('not_found');
  let byId: number | null = u.decidedBy;
  let at: Date | null = u.decidedAt;
  if (u.state === 'superseded' && u.supersededBy) {
    const newer = (await tx.select().from(progressUpdates).where(eq(progressUpdates.id, u.supersededBy)).limit(1))[0];
    byId = newer?.authorId ?? null;
    at = newer?.submittedAt ?? u.updatedAt;
  } else if (u.state === 'submitted') {
    byId = u.authorId;
    at = u.submittedAt;
  }
  const by = byId === null ? null : ((await tx.select({ name: users.name }).from(users).where(eq(users.id, byId)).limit(1))[0]?.name ?? null);
  return new MonitoringError('already_decided', { state: u.state, by, at: at ? at.toISOString() : null });
}

/**
 * The report a milestone's public status comes from (decision 040): its newest verified report, by the
 * date the report is "as of", then by submission.
 */
export async function newestVerified(tx: Transaction | Database, milestoneId: number) {
  return (
    await tx
      .select()
      .from(progressUpdates)
      .where(and(eq(progressUpdates.milestoneId, milestoneId), eq(progressUpdates.state, 'verified')))
      .orderBy(desc(progressUpdates.asOf), sql`${progressUpdates.submittedAt} desc nulls last`, desc(progressUpdates.id))
      .limit(1)
  )[0];
}

/**
 * Marks the milestone's report awaiting verification, if any (other than `keepId`), as superseded by
 * `newId`: one pending report per milestone (decision 040). The caller holds the milestone's row lock.
 */
async function supersedePending(tx: Transaction, input: { milestoneId: number; exceptId: number | null; actor: string; now: Date }) {
  const conditions = [eq(progressUpdates.milestoneId, input.milestoneId), eq(progressUpdates.state, 'submitted')];
  if (input.exceptId !== null) conditions.push(ne(progressUpdates.id, input.exceptId));
  return tx.update(progressUpdates).set({ state: 'superseded', updatedAt: input.now }).where(and(...conditions)).returning({ id: progressUpdates.id, authorId: progressUpdates.authorId });
}

/**
 * A returned or superseded report's evidence is no longer public (decision 043): it is never listed in
 * the repository nor presented as evidence for the public status. Resubmitting publishes it again.
 */
async function unpublishEvidence(tx: Transaction, updateIds: number[], now: Date) {
  if (updateIds.length === 0) return;
  await tx
    .update(documents)
    .set({ publishedAt: null, updatedAt: now })
    .where(and(eq(documents.subjectType, 'progress_update'), inArray(documents.subjectId, updateIds)));
}

async function markSuperseded(tx: Transaction, olds: { id: number }[], newId: number, milestoneId: number, actor: string) {
  await unpublishEvidence(tx, olds.map((o) => o.id), new Date());
  for (const old of olds) {
    await tx.update(progressUpdates).set({ supersededBy: newId }).where(eq(progressUpdates.id, old.id));
    await recordAudit(tx, { actor, action: 'progress_update.supersede', entityType: 'milestone', entityId: milestoneId, details: { progressUpdateId: old.id, supersededBy: newId } });
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

/**
 * A milestone with its commitment and plan. `lock` takes the milestone's row lock (`FOR UPDATE`): every
 * command that changes what is pending or public on a milestone takes it first, so they run one after
 * the other per milestone, on PostgreSQL as on PGlite.
 */
async function milestoneWithPlan(tx: Transaction, milestoneId: number, options: { lock?: boolean } = {}) {
  const query = tx
    .select({ m: milestones, commitmentId: commitments.id, commitmentNumber: commitments.number, commitmentTitle: commitments.title, planId: actionPlans.id, planTitle: actionPlans.title, memberId: actionPlans.memberId, leadInstitutionId: commitments.leadInstitutionId })
    .from(milestones)
    .innerJoin(commitments, eq(commitments.id, milestones.commitmentId))
    .innerJoin(actionPlans, eq(actionPlans.id, commitments.planId))
    .where(eq(milestones.id, milestoneId))
    .limit(1);
  const rows = options.lock ? await query.for('update', { of: milestones }) : await query;
  const row = rows[0];
  if (!row) throw new MonitoringError('not_found');
  return row;
}

type MilestoneContextRow = Awaited<ReturnType<typeof milestoneWithPlan>>;

/** What a message about this milestone names and links (issue 8, item 11). */
function aboutMilestone(ctx: MilestoneContextRow, contestationId?: number): NoticeSubject & { memberId: number; milestoneId: number } {
  return {
    planId: ctx.planId,
    planTitle: ctx.planTitle,
    memberId: ctx.memberId,
    commitmentId: ctx.commitmentId,
    commitmentNumber: ctx.commitmentNumber,
    commitmentTitle: ctx.commitmentTitle,
    milestoneId: ctx.m.id,
    milestoneNumber: ctx.m.number,
    ...(contestationId !== undefined ? { contestationId } : {}),
  };
}

/** E-mails (and in-app notifications) to the people following a commitment, in each one's language. */
async function notifyFollowers(
  tx: Transaction,
  about: NoticeSubject & { memberId: number; milestoneId: number },
  kind: string,
  exceptUserId: number | null,
  compose: (t: ReturnType<typeof messages>['monitoring']) => { subject: string; text: string },
  now: Date,
  alreadyTold: Set<number> = new Set(),
): Promise<void> {
  const commitmentId = about.commitmentId;
  const rows = await tx
    .select({ id: users.id, email: users.email, locale: users.locale })
    .from(follows)
    .innerJoin(users, eq(users.id, follows.userId))
    .where(eq(follows.commitmentId, commitmentId))
    .orderBy(asc(users.id));
  for (const u of rows) {
    if (u.id === exceptUserId || alreadyTold.has(u.id)) continue;
    const m = compose(messages(localeOf(u.locale)).monitoring);
    await queueMail(tx, { to: u.email, subject: m.subject, text: m.text, userId: u.id, links: noticeLinks(about, localeOf(u.locale)), meta: { kind: 'commitment_change', commitmentId, planId: about.planId } }, now);
  }
  // The public's e-mail subscriptions get the same events (issue 13, item 7): at once, or in their digest.
  const es = compose(messages('es').monitoring);
  const en = compose(messages('en').monitoring);
  await publishSubscriptionEvent(
    tx,
    {
      kind,
      commitmentId,
      milestoneId: about.milestoneId,
      planId: about.planId,
      memberId: about.memberId,
      subject: { es: es.subject, en: en.subject },
      text: { es: es.text, en: en.text },
      links: { es: noticeLinks(about, 'es'), en: noticeLinks(about, 'en') },
      path: `/commitments/${commitmentId}#milestone-${about.milestoneNumber}`,
    },
    now,
  );
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
  /** Evidence (document ids) to remove from a draft or returned report (decision 043). */
  removeEvidence?: number[];
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
    const ctx = await milestoneWithPlan(tx, input.milestoneId, { lock: input.submit });
    await checkPeriod(tx, input.periodId, ctx.planId);
    const olds = input.submit ? await supersedePending(tx, { milestoneId: input.milestoneId, exceptId: null, actor: `user:${input.authorId}`, now: input.now }) : [];
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
    await markSuperseded(tx, olds, row!.id, input.milestoneId, `user:${input.authorId}`);
    if (input.submit) await notifySecretariat(tx, ctx, input.now);
    return { id: row!.id };
  };
  return existingTx ? run(existingTx) : db.transaction(run);
}

async function notifySecretariat(tx: Transaction, ctx: MilestoneContextRow, now: Date) {
  const { memberId, commitmentId, commitmentNumber } = ctx;
  const milestoneNumber = ctx.m.number;
  const rows = await tx
    .selectDistinct({ id: users.id, email: users.email, locale: users.locale })
    .from(roleGrants)
    .innerJoin(users, eq(users.id, roleGrants.userId))
    .where(and(eq(roleGrants.role, 'secretariat'), eq(roleGrants.memberId, memberId)))
    .orderBy(asc(users.id));
  for (const u of rows) {
    const t = messages(localeOf(u.locale)).monitoring.mail;
    await queueMail(
      tx,
      { to: u.email, subject: t.toVerifySubject(commitmentNumber, milestoneNumber), text: t.toVerifyText(commitmentNumber, milestoneNumber), userId: u.id, links: [...noticeLinks(aboutMilestone(ctx), localeOf(u.locale)), { label: t.aboutWork, path: '/work' }], meta: { kind: 'to_verify', commitmentId, planId: ctx.planId } },
      now,
    );
  }
}

/**
 * Edits a draft or returned update (its author); submitting sends it to verification again. The write
 * is conditional on the state read (draft or returned): of two edits at once, the second finds the
 * report already submitted and is refused.
 */
export async function editProgressUpdate(db: Database, input: UpdateInput & { updateId: number; authorId: number; now: Date }): Promise<void> {
  await db.transaction(async (tx) => {
    const first = (await tx.select().from(progressUpdates).where(eq(progressUpdates.id, input.updateId)).limit(1))[0];
    if (!first || first.authorId !== input.authorId) throw new MonitoringError('not_found');
    const ctx = await milestoneWithPlan(tx, first.milestoneId, { lock: input.submit });
    const before = (await tx.select().from(progressUpdates).where(eq(progressUpdates.id, input.updateId)).limit(1))[0]!;
    if (before.state !== 'draft' && before.state !== 'returned') throw await alreadyDecided(tx, before.id);
    await checkPeriod(tx, input.periodId, ctx.planId);
    const narrative: LocalizedText = { ...before.narrative };
    if (input.narrative.trim()) narrative[input.locale] = input.narrative.trim();
    else delete narrative[input.locale];
    const olds = input.submit ? await supersedePending(tx, { milestoneId: before.milestoneId, exceptId: before.id, actor: `user:${input.authorId}`, now: input.now }) : [];
    const changed = await tx
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
      .where(and(eq(progressUpdates.id, input.updateId), eq(progressUpdates.authorId, input.authorId), eq(progressUpdates.state, before.state)))
      .returning({ id: progressUpdates.id });
    if (changed.length === 0) throw await alreadyDecided(tx, before.id);
    await markSuperseded(tx, olds, before.id, before.milestoneId, `user:${input.authorId}`);
    // A draft's or returned report's evidence can be removed (decision 043): only this report's own.
    const removed =
      input.removeEvidence && input.removeEvidence.length > 0
        ? (
            await tx
              .delete(documents)
              .where(and(eq(documents.subjectType, 'progress_update'), eq(documents.subjectId, before.id), eq(documents.type, 'evidence'), inArray(documents.id, input.removeEvidence)))
              .returning({ id: documents.id, title: documents.title, url: documents.url, fileName: documents.fileName })
          ).map((d) => ({ id: d.id, url: d.url, fileName: d.fileName }))
        : [];
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
        removedEvidence: removed,
      },
    });
    if (input.submit) await notifySecretariat(tx, ctx, input.now);
  });
}

/**
 * Verifies a submitted update (a conditional update: of two decisions at once, exactly one wins). If it
 * is now the milestone's newest verified report (by as-of date, then submission; decision 040), its
 * status, narrative and as-of date become the milestone's public ones (decision 041) and followers are
 * told; an older report is recorded as verified in the history but changes nothing public. The author
 * is told either way.
 */
export async function verifyProgressUpdate(db: Database, input: { updateId: number; actorId: number; now: Date }): Promise<{ current: boolean }> {
  return db.transaction(async (tx) => {
    const first = (await tx.select({ milestoneId: progressUpdates.milestoneId }).from(progressUpdates).where(eq(progressUpdates.id, input.updateId)).limit(1))[0];
    if (!first) throw new MonitoringError('not_found');
    const ctx = await milestoneWithPlan(tx, first.milestoneId, { lock: true });
    const previous = ctx.m.status;
    const [u] = await tx
      .update(progressUpdates)
      .set({ state: 'verified', decidedBy: input.actorId, decidedAt: input.now, previousStatus: previous, updatedAt: input.now })
      .where(and(eq(progressUpdates.id, input.updateId), eq(progressUpdates.state, 'submitted')))
      .returning();
    if (!u) throw await alreadyDecided(tx, input.updateId);
    const newest = await newestVerified(tx, u.milestoneId);
    const current = newest?.id === u.id;
    const narrativeBefore = ctx.m.narrative;
    const hasText = Object.values(u.narrative).some((v) => typeof v === 'string' && v.trim() !== '');
    if (current) {
      await tx
        .update(milestones)
        .set({ status: u.status, ...(hasText ? { narrative: u.narrative } : {}), updatedAt: input.now })
        .where(eq(milestones.id, u.milestoneId));
      await tx.update(commitments).set({ updatedAt: input.now }).where(eq(commitments.id, ctx.commitmentId));
    }
    await recordAudit(tx, {
      actor: `user:${input.actorId}`,
      action: 'progress_update.verify',
      entityType: 'milestone',
      entityId: u.milestoneId,
      details: {
        progressUpdateId: u.id,
        commitmentId: ctx.commitmentId,
        authorId: u.authorId,
        current,
        asOf: u.asOf,
        reported: { status: u.status, narrative: u.narrative },
        before: { status: previous, narrative: narrativeBefore },
        after: current ? { status: u.status, narrative: hasText ? u.narrative : narrativeBefore } : { status: previous, narrative: narrativeBefore },
      },
    });
    const author = (await tx.select().from(users).where(eq(users.id, u.authorId)).limit(1))[0];
    if (author) {
      const t = messages(localeOf(author.locale)).monitoring.mail;
      await queueMail(
        tx,
        {
          to: author.email,
          subject: t.verifiedSubject(ctx.commitmentNumber, ctx.m.number),
          text: current ? t.verifiedText(ctx.commitmentNumber, ctx.m.number) : t.verifiedOlderText(ctx.commitmentNumber, ctx.m.number),
          userId: author.id,
          links: noticeLinks(aboutMilestone(ctx), localeOf(author.locale)),
          meta: { kind: 'verified', commitmentId: ctx.commitmentId, planId: ctx.planId },
        },
        input.now,
      );
    }
    if (current && previous !== u.status) {
      await notifyFollowers(
        tx,
        aboutMilestone(ctx),
        'status_changed',
        input.actorId,
        (t) => ({
          subject: t.mail.changeSubject(ctx.commitmentNumber),
          text: t.mail.statusChangedText(ctx.commitmentNumber, ctx.m.number, previous ? t.statusName[previous] : t.statusName.not_reported, t.statusName[u.status]),
        }),
        input.now,
      );
    }
    return { current };
  });
}

/** Returns a submitted update to its author with a reason (a conditional update); the author may edit and submit it again. */
export async function returnProgressUpdate(db: Database, input: { updateId: number; actorId: number; reason: string; now: Date }): Promise<void> {
  await db.transaction(async (tx) => {
    const [u] = await tx
      .update(progressUpdates)
      .set({ state: 'returned', decidedBy: input.actorId, decidedAt: input.now, returnReason: input.reason, updatedAt: input.now })
      .where(and(eq(progressUpdates.id, input.updateId), eq(progressUpdates.state, 'submitted')))
      .returning();
    if (!u) throw await alreadyDecided(tx, input.updateId);
    const ctx = await milestoneWithPlan(tx, u.milestoneId);
    await unpublishEvidence(tx, [u.id], input.now);
    await recordAudit(tx, {
      actor: `user:${input.actorId}`,
      action: 'progress_update.return',
      entityType: 'milestone',
      entityId: u.milestoneId,
      details: { progressUpdateId: u.id, commitmentId: ctx.commitmentId, authorId: u.authorId, status: u.status, reason: input.reason },
    });
    const author = (await tx.select().from(users).where(eq(users.id, u.authorId)).limit(1))[0];
    if (author) {
      const t = messages(localeOf(author.locale)).monitoring.mail;
      await queueMail(
        tx,
        {
          to: author.email,
          subject: t.returnedSubject(ctx.commitmentNumber, ctx.m.number),
          text: t.returnedText(ctx.commitmentNumber, ctx.m.number, input.reason),
          userId: author.id,
          links: [...noticeLinks(aboutMilestone(ctx), localeOf(author.locale)), { label: t.aboutWork, path: '/work' }],
          meta: { kind: 'returned', commitmentId: ctx.commitmentId, planId: ctx.planId },
        },
        input.now,
      );
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
    const latest = await newestVerified(tx, input.milestoneId);
    // One open contestation per person and milestone (a partial unique index): of two at once, one wins.
    const [row] = await tx
      .insert(contestations)
      .values({ milestoneId: input.milestoneId, progressUpdateId: latest?.id ?? null, contestedStatus: ctx.m.status, authorId: input.authorId, comment: input.comment, createdAt: input.now })
      .onConflictDoNothing()
      .returning();
    if (!row) {
      const open = (await tx.select().from(contestations).where(and(eq(contestations.milestoneId, input.milestoneId), eq(contestations.authorId, input.authorId), eq(contestations.state, 'open'))).limit(1))[0];
      const name = (await tx.select({ name: users.name }).from(users).where(eq(users.id, input.authorId)).limit(1))[0]?.name ?? null;
      throw new MonitoringError('already_contested', { state: 'open', by: name, at: open?.createdAt.toISOString() ?? null });
    }
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
      details: { contestationId: row.id, commitmentId: ctx.commitmentId, status: ctx.m.status, comment: input.comment, evidence },
    });
    const notified = await notifyAnswerers(
      tx,
      { memberId: ctx.memberId, institutionId: ctx.leadInstitutionId, exceptUserId: input.authorId },
      aboutMilestone(ctx, row.id),
      (t) => ({ subject: t.mail.contestedToAnswerSubject(ctx.commitmentNumber, ctx.m.number), text: t.mail.contestedToAnswerText(ctx.commitmentNumber, ctx.m.number, input.comment) }),
      { kind: 'contested', commitmentId: ctx.commitmentId, contestationId: row.id },
      input.now,
    );
    await notifyFollowers(
      tx,
      aboutMilestone(ctx, row.id),
      'contested',
      input.authorId,
      (t) => ({ subject: t.mail.changeSubject(ctx.commitmentNumber), text: t.mail.contestedText(ctx.commitmentNumber, ctx.m.number, input.comment) }),
      input.now,
      notified,
    );
    return { id: row.id };
  });
}

/**
 * The people who answer a contestation (decision 042): the member's secretariat and the contacts of the
 * commitment's lead institution, each in their language. Returns whom it told.
 */
async function notifyAnswerers(
  tx: Transaction,
  who: { memberId: number; institutionId: number | null; exceptUserId: number | null },
  about: NoticeSubject,
  compose: (t: ReturnType<typeof messages>['monitoring']) => { subject: string; text: string },
  meta: Record<string, unknown>,
  now: Date,
): Promise<Set<number>> {
  const roles = [and(eq(roleGrants.role, 'secretariat'), eq(roleGrants.memberId, who.memberId))];
  if (who.institutionId !== null) roles.push(and(eq(roleGrants.role, 'institution_contact'), eq(roleGrants.memberId, who.memberId), eq(roleGrants.institutionId, who.institutionId)));
  const rows = await tx
    .selectDistinct({ id: users.id, email: users.email, locale: users.locale })
    .from(roleGrants)
    .innerJoin(users, eq(users.id, roleGrants.userId))
    .where(or(...roles))
    .orderBy(asc(users.id));
  const told = new Set<number>();
  for (const u of rows) {
    if (u.id === who.exceptUserId || told.has(u.id)) continue;
    const m = compose(messages(localeOf(u.locale)).monitoring);
    await queueMail(tx, { to: u.email, subject: m.subject, text: m.text, userId: u.id, links: noticeLinks(about, localeOf(u.locale)), meta: { ...meta, planId: about.planId } }, now);
    told.add(u.id);
  }
  return told;
}

/** A contestation with a row lock, or `not_found`. */
async function lockedContestation(tx: Transaction, contestationId: number) {
  const row = (await tx.select().from(contestations).where(eq(contestations.id, contestationId)).for('update').limit(1))[0];
  if (!row) throw new MonitoringError('not_found');
  return row;
}

async function contestationDecided(tx: Transaction, c: typeof contestations.$inferSelect): Promise<MonitoringError> {
  const by = c.resolvedBy === null ? null : ((await tx.select({ name: users.name }).from(users).where(eq(users.id, c.resolvedBy)).limit(1))[0]?.name ?? null);
  return new MonitoringError('already_decided', { state: c.state, by, at: c.resolvedAt?.toISOString() ?? null });
}

/**
 * A public reply to an open contestation, by the secretariat, a contact of the lead institution or the
 * person who contested (the caller says in which capacity, from the policy). The contestation's row
 * lock orders replies against its resolution: no reply lands on a resolved contestation.
 */
export async function replyToContestation(
  db: Database,
  input: { contestationId: number; authorId: number; capacity: 'secretariat' | 'institution' | 'author'; body: string; now: Date },
): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const c = await lockedContestation(tx, input.contestationId);
    if (c.state !== 'open') throw await contestationDecided(tx, c);
    const ctx = await milestoneWithPlan(tx, c.milestoneId);
    const [row] = await tx
      .insert(contestationReplies)
      .values({ contestationId: c.id, authorId: input.authorId, capacity: input.capacity, body: input.body, createdAt: input.now })
      .returning();
    await recordAudit(tx, {
      actor: `user:${input.authorId}`,
      action: 'contestation.reply',
      entityType: 'milestone',
      entityId: c.milestoneId,
      details: { contestationId: c.id, replyId: row!.id, commitmentId: ctx.commitmentId, capacity: input.capacity, body: input.body },
    });
    const told = await notifyAnswerers(
      tx,
      { memberId: ctx.memberId, institutionId: ctx.leadInstitutionId, exceptUserId: input.authorId },
      aboutMilestone(ctx, c.id),
      (t) => ({ subject: t.mail.contestationReplySubject(ctx.commitmentNumber, ctx.m.number), text: t.mail.contestationReplyText(ctx.commitmentNumber, ctx.m.number, input.body) }),
      { kind: 'contestation_reply', commitmentId: ctx.commitmentId, contestationId: c.id },
      input.now,
    );
    if (c.authorId !== input.authorId && !told.has(c.authorId)) {
      const author = (await tx.select().from(users).where(eq(users.id, c.authorId)).limit(1))[0];
      if (author) {
        const t = messages(localeOf(author.locale)).monitoring.mail;
        await queueMail(
          tx,
          {
            to: author.email,
            subject: t.contestationReplySubject(ctx.commitmentNumber, ctx.m.number),
            text: t.contestationReplyText(ctx.commitmentNumber, ctx.m.number, input.body),
            userId: author.id,
            links: noticeLinks(aboutMilestone(ctx, c.id), localeOf(author.locale)),
            meta: { kind: 'contestation_reply', commitmentId: ctx.commitmentId, planId: ctx.planId, contestationId: c.id },
          },
          input.now,
        );
      }
    }
    return { id: row!.id };
  });
}

/**
 * The secretariat resolves an open contestation (a conditional update on `state = 'open'`), with a
 * public reason (decision 042):
 * - `dismissed`: nothing else changes;
 * - `upheld`: the status goes to verification again — the contested verified report goes back to the
 *   verification queue (or, when another report is already pending, is superseded by it), and the public
 *   status, narrative and as-of date are those of the newest verified report that remains, else the
 *   status and narrative from before that report was verified. An upheld contestation of an imported
 *   status asks the lead institution for a report.
 * The person who contested, the secretariat, the lead institution's contacts and the followers are told.
 */
export async function resolveContestation(
  db: Database,
  input: { contestationId: number; actorId: number; outcome: 'upheld' | 'dismissed'; reason: string; now: Date },
): Promise<{ reverted: boolean }> {
  return db.transaction(async (tx) => {
    const first = (await tx.select({ milestoneId: contestations.milestoneId }).from(contestations).where(eq(contestations.id, input.contestationId)).limit(1))[0];
    if (!first) throw new MonitoringError('not_found');
    const ctx = await milestoneWithPlan(tx, first.milestoneId, { lock: true });
    const [c] = await tx
      .update(contestations)
      .set({ state: input.outcome, resolvedBy: input.actorId, resolvedAt: input.now, resolution: input.reason })
      .where(and(eq(contestations.id, input.contestationId), eq(contestations.state, 'open')))
      .returning();
    if (!c) throw await contestationDecided(tx, (await tx.select().from(contestations).where(eq(contestations.id, input.contestationId)).limit(1))[0]!);
    const before = { status: ctx.m.status, narrative: ctx.m.narrative };
    let after = before;
    let reverted = false;
    if (input.outcome === 'upheld' && c.progressUpdateId !== null) {
      const contested = (await tx.select().from(progressUpdates).where(eq(progressUpdates.id, c.progressUpdateId)).limit(1))[0];
      if (contested && contested.state === 'verified') {
        const wasPublic = (await newestVerified(tx, c.milestoneId))?.id === contested.id;
        const pending = (await tx.select().from(progressUpdates).where(and(eq(progressUpdates.milestoneId, c.milestoneId), eq(progressUpdates.state, 'submitted'))).limit(1))[0];
        await tx
          .update(progressUpdates)
          .set(pending ? { state: 'superseded', supersededBy: pending.id, updatedAt: input.now } : { state: 'submitted', decidedBy: null, decidedAt: null, updatedAt: input.now })
          .where(and(eq(progressUpdates.id, contested.id), eq(progressUpdates.state, 'verified')));
        if (pending) await unpublishEvidence(tx, [contested.id], input.now);
        reverted = true;
        if (wasPublic) {
          const next = await newestVerified(tx, c.milestoneId);
          if (next) {
            const hasText = Object.values(next.narrative).some((v) => typeof v === 'string' && v.trim() !== '');
            after = { status: next.status, narrative: hasText ? next.narrative : before.narrative };
          } else {
            // Back to what was public before the contested report was verified (its verification's audit record).
            const audits = await tx
              .select()
              .from(auditLog)
              .where(and(eq(auditLog.action, 'progress_update.verify'), eq(auditLog.entityType, 'milestone'), eq(auditLog.entityId, String(c.milestoneId))))
              .orderBy(desc(auditLog.id));
            const record = audits.find((a) => (a.details as { progressUpdateId?: number }).progressUpdateId === contested.id);
            const was = (record?.details as { before?: { narrative?: LocalizedText } } | undefined)?.before;
            after = { status: contested.previousStatus, narrative: was?.narrative ?? before.narrative };
          }
          await tx.update(milestones).set({ status: after.status, narrative: after.narrative, updatedAt: input.now }).where(eq(milestones.id, c.milestoneId));
          await tx.update(commitments).set({ updatedAt: input.now }).where(eq(commitments.id, ctx.commitmentId));
        }
        if (!pending) await notifySecretariat(tx, ctx, input.now);
      }
    }
    await recordAudit(tx, {
      actor: `user:${input.actorId}`,
      action: 'contestation.resolve',
      entityType: 'milestone',
      entityId: c.milestoneId,
      details: { contestationId: c.id, commitmentId: ctx.commitmentId, outcome: input.outcome, reason: input.reason, progressUpdateId: c.progressUpdateId, reverted, before, after },
    });
    const compose = (t: ReturnType<typeof messages>['monitoring']) => ({
      subject: t.mail.contestationResolvedSubject(ctx.commitmentNumber, ctx.m.number),
      text: t.mail.contestationResolvedText(ctx.commitmentNumber, ctx.m.number, input.outcome, input.reason),
    });
    const about = aboutMilestone(ctx, c.id);
    const told = await notifyAnswerers(tx, { memberId: ctx.memberId, institutionId: ctx.leadInstitutionId, exceptUserId: input.actorId }, about, compose, { kind: 'contestation_resolved', commitmentId: ctx.commitmentId, contestationId: c.id }, input.now);
    const author = (await tx.select().from(users).where(eq(users.id, c.authorId)).limit(1))[0];
    if (author && !told.has(author.id) && author.id !== input.actorId) {
      const m = compose(messages(localeOf(author.locale)).monitoring);
      await queueMail(
        tx,
        { to: author.email, subject: m.subject, text: m.text, userId: author.id, links: noticeLinks(about, localeOf(author.locale)), meta: { kind: 'contestation_resolved', commitmentId: ctx.commitmentId, planId: ctx.planId, contestationId: c.id } },
        input.now,
      );
      told.add(author.id);
    }
    await notifyFollowers(tx, about, 'contestation_resolved', input.actorId, compose, input.now, told);
    return { reverted };
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
    const closed = await tx
      .update(reportingPeriods)
      .set({ closedAt: input.now, updatedAt: input.now })
      .where(and(eq(reportingPeriods.id, input.periodId), isNull(reportingPeriods.closedAt)))
      .returning({ id: reportingPeriods.id });
    if (closed.length === 0) throw new MonitoringError('wrong_state');
    await recordAudit(tx, { actor: `user:${input.actorId}`, action: 'reporting_period.close', entityType: 'reporting_period', entityId: input.periodId, details: { before: { closedAt: null }, after: { closedAt: input.now.toISOString() } } });
  });
}

/** Every progress update of some milestones, oldest first. */
export async function updatesOf(db: Database, milestoneIds: number[]) {
  if (milestoneIds.length === 0) return [];
  return db.select().from(progressUpdates).where(inArray(progressUpdates.milestoneId, milestoneIds)).orderBy(asc(progressUpdates.id));
}
