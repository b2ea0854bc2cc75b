import { and, asc, desc, eq, max } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client.js';
import {
  actionPlans,
  agreements,
  commitments,
  documents,
  forums,
  meetingAgendaItems,
  meetingAttendance,
  meetingCommitments,
  meetingInvitees,
  meetingMinutes,
  meetings,
  minutesComments,
  users,
} from '../../db/schema/index.js';
import { messages } from '../../i18n/index.js';
import { recordAudit } from '../../lib/audit.js';
import { storeFile } from '../../lib/files.js';
import type { LocalizedText } from '../../lib/localized.js';
import { queueMail } from '../../lib/mail.js';
import { minutesOutline, minutesPdf } from './render.js';

/**
 * Meetings (decision 073): of a forum (`kind: 'forum'`) or of anything else that owns one by
 * `subjectType`/`subjectId` (co-creation's working tables, `kind: 'working_table'`). Every command
 * takes the database, the actor (`user:N` for the audit log) and its input.
 */
export type MeetingErrorCode = 'not_found' | 'wrong_state' | 'not_attendee';

export class MeetingError extends Error {
  constructor(readonly code: MeetingErrorCode) {
    super(`meeting error: ${code}`);
    this.name = 'MeetingError';
  }
}

export interface AgendaItemInput {
  title: string;
  minutes: number;
  presenter: string;
  commitmentId?: number | null;
}

export interface MeetingInput {
  forumId?: number | null;
  subjectType?: string | null;
  subjectId?: number | null;
  kind: 'forum' | 'working_table';
  title: LocalizedText;
  startsAt: Date;
  endsAt: Date;
  place: string;
  link?: string | null;
  agenda: AgendaItemInput[];
  /** Commitments reviewed at the meeting. */
  commitmentIds?: number[];
  invitees: { name: string; email: string; userId?: number | null }[];
  /** Where invitees find the meeting (absolute URL of its page), for the e-mail. */
  pageUrl?: (meetingId: number) => string;
  now: Date;
}

/** Convenes a meeting: its agenda, the commitments it reviews, its invitees — each invitee is notified (outbox). */
export async function createMeeting(db: Database, actor: string, input: MeetingInput): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const [m] = await tx
      .insert(meetings)
      .values({
        forumId: input.forumId ?? null,
        subjectType: input.subjectType ?? null,
        subjectId: input.subjectId ?? null,
        kind: input.kind,
        title: input.title,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        place: input.place,
        link: input.link ?? null,
        createdBy: actor.startsWith('user:') ? Number(actor.slice(5)) : null,
        createdAt: input.now,
        updatedAt: input.now,
      })
      .returning({ id: meetings.id });
    const id = m!.id;
    let position = 0;
    for (const a of input.agenda) {
      position += 1;
      await tx.insert(meetingAgendaItems).values({ meetingId: id, position, title: a.title, minutes: a.minutes, presenter: a.presenter, commitmentId: a.commitmentId ?? null });
    }
    for (const c of [...new Set(input.commitmentIds ?? [])]) await tx.insert(meetingCommitments).values({ meetingId: id, commitmentId: c });
    const seen = new Set<string>();
    for (const inv of input.invitees) {
      const email = inv.email.trim().toLowerCase();
      if (seen.has(email)) continue;
      seen.add(email);
      const [u] = await tx.select({ id: users.id, locale: users.locale }).from(users).where(eq(users.email, email));
      await tx.insert(meetingInvitees).values({ meetingId: id, name: inv.name, email, userId: inv.userId ?? u?.id ?? null });
      const t = messages(u?.locale === 'en' ? 'en' : 'es').meetings.invitation;
      const title = input.title[u?.locale === 'en' ? 'en' : 'es'] ?? input.title.es ?? input.title.en ?? '';
      await queueMail(
        tx,
        { to: email, subject: t.subject(title), text: t.text(title, input.startsAt.toISOString(), input.place || input.link || '', input.pageUrl ? input.pageUrl(id) : `/meetings/${id}`), userId: u?.id ?? null, meta: { kind: 'meeting_invitation', meetingId: id } },
        input.now,
      );
    }
    await recordAudit(tx, { actor, action: 'meeting.create', entityType: 'meeting', entityId: id, details: { kind: input.kind, forumId: input.forumId ?? null, invitees: seen.size } });
    return { id };
  });
}

/** Records who attended (replacing a previous list, while the minutes are not approved). */
export async function recordAttendance(db: Database, actor: string, input: { meetingId: number; attendees: { personName: string; userId?: number | null; onBehalfOf: string; sectorCode?: string | null; voting: boolean }[] }): Promise<void> {
  await db.transaction(async (tx) => {
    const [m] = await tx.select({ id: meetings.id }).from(meetings).where(eq(meetings.id, input.meetingId)).for('update');
    if (!m) throw new MeetingError('not_found');
    const approved = await tx.select({ id: meetingMinutes.id }).from(meetingMinutes).where(and(eq(meetingMinutes.meetingId, m.id), eq(meetingMinutes.state, 'approved'))).limit(1);
    if (approved.length > 0) throw new MeetingError('wrong_state');
    await tx.delete(meetingAttendance).where(eq(meetingAttendance.meetingId, m.id));
    for (const a of input.attendees) {
      await tx.insert(meetingAttendance).values({ meetingId: m.id, personName: a.personName, userId: a.userId ?? null, onBehalfOf: a.onBehalfOf, sectorCode: a.sectorCode ?? null, voting: a.voting });
    }
    await recordAudit(tx, { actor, action: 'meeting.attendance', entityType: 'meeting', entityId: m.id, details: { attendees: input.attendees.length } });
  });
}

/**
 * Records what an institution presented on a commitment reviewed at the meeting (linking it when it
 * was only on the agenda). Under the meeting's row lock; refused once minutes are approved (what
 * was presented is part of what the approved minutes record), and for a commitment of another
 * member's plans.
 */
export async function recordCommitmentReview(db: Database, actor: string, input: { meetingId: number; commitmentId: number; presented: string }): Promise<void> {
  await db.transaction(async (tx) => {
    const [m] = await tx.select({ id: meetings.id, forumId: meetings.forumId }).from(meetings).where(eq(meetings.id, input.meetingId)).for('update');
    if (!m) throw new MeetingError('not_found');
    if (m.forumId !== null) {
      const [ok] = await tx
        .select({ id: commitments.id })
        .from(commitments)
        .innerJoin(actionPlans, eq(actionPlans.id, commitments.planId))
        .innerJoin(forums, eq(forums.memberId, actionPlans.memberId))
        .where(and(eq(commitments.id, input.commitmentId), eq(forums.id, m.forumId)));
      if (!ok) throw new MeetingError('not_found');
    }
    const approved = await tx.select({ id: meetingMinutes.id }).from(meetingMinutes).where(and(eq(meetingMinutes.meetingId, m.id), eq(meetingMinutes.state, 'approved'))).limit(1);
    if (approved.length > 0) throw new MeetingError('wrong_state');
    await tx
      .insert(meetingCommitments)
      .values({ meetingId: input.meetingId, commitmentId: input.commitmentId, presented: input.presented })
      .onConflictDoUpdate({ target: [meetingCommitments.meetingId, meetingCommitments.commitmentId], set: { presented: input.presented } });
    await recordAudit(tx, { actor, action: 'meeting.commitment_review', entityType: 'meeting', entityId: input.meetingId, details: { commitmentId: input.commitmentId, presented: input.presented.length } });
  });
}

export async function addAgreement(db: Database, actor: string, input: { meetingId: number; text: string; owner: string; dueOn: string | null; commitmentId?: number | null; now: Date }): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const [a] = await tx
      .insert(agreements)
      .values({ meetingId: input.meetingId, text: input.text, owner: input.owner, dueOn: input.dueOn, commitmentId: input.commitmentId ?? null, createdAt: input.now, updatedAt: input.now })
      .returning({ id: agreements.id });
    await recordAudit(tx, { actor, action: 'agreement.add', entityType: 'agreement', entityId: a!.id, details: { meetingId: input.meetingId, owner: input.owner, dueOn: input.dueOn } });
    return a!;
  });
}

/** Moves an agreement on (`from` must be its state now: a conditional update, the loser is told). */
export async function setAgreementState(db: Database, actor: string, input: { agreementId: number; from: 'open' | 'in_progress' | 'done' | 'dropped'; to: 'open' | 'in_progress' | 'done' | 'dropped'; now: Date }): Promise<void> {
  await db.transaction(async (tx) => {
    const rows = await tx
      .update(agreements)
      .set({ state: input.to, updatedAt: input.now })
      .where(and(eq(agreements.id, input.agreementId), eq(agreements.state, input.from)))
      .returning({ id: agreements.id });
    if (!rows[0]) throw new MeetingError('wrong_state');
    await recordAudit(tx, { actor, action: 'agreement.state', entityType: 'agreement', entityId: input.agreementId, details: { from: input.from, to: input.to } });
  });
}

async function latestMinutes(tx: Executor, meetingId: number) {
  const [row] = await tx.select().from(meetingMinutes).where(eq(meetingMinutes.meetingId, meetingId)).orderBy(desc(meetingMinutes.version)).limit(1).for('update');
  return row ?? null;
}

/**
 * Writes the secretariat's draft: edits the current draft, or starts version 1. After approval a new
 * text is a correction: a new version that needs `correctionReason`.
 */
export async function saveMinutesDraft(db: Database, actor: string, input: { meetingId: number; body: string; correctionReason?: string | null; now: Date }): Promise<{ id: number; version: number }> {
  return db.transaction(async (tx) => {
    const [m] = await tx.select({ id: meetings.id }).from(meetings).where(eq(meetings.id, input.meetingId)).for('update');
    if (!m) throw new MeetingError('not_found');
    const latest = await latestMinutes(tx, m.id);
    let out: { id: number; version: number };
    if (latest && latest.state === 'draft') {
      await tx.update(meetingMinutes).set({ body: input.body, updatedAt: input.now }).where(and(eq(meetingMinutes.id, latest.id), eq(meetingMinutes.state, 'draft')));
      out = { id: latest.id, version: latest.version };
    } else if (latest && latest.state === 'in_review') {
      throw new MeetingError('wrong_state');
    } else {
      const version = (latest?.version ?? 0) + 1;
      if (version > 1 && !input.correctionReason?.trim()) throw new MeetingError('wrong_state');
      const [row] = await tx
        .insert(meetingMinutes)
        .values({ meetingId: m.id, version, body: input.body, correctionReason: version > 1 ? input.correctionReason!.trim() : null, createdAt: input.now, updatedAt: input.now })
        .returning({ id: meetingMinutes.id });
      out = { id: row!.id, version };
    }
    await recordAudit(tx, { actor, action: 'minutes.draft', entityType: 'meeting_minutes', entityId: out.id, details: { meetingId: m.id, version: out.version } });
    return out;
  });
}

/** Sends the draft to the attendees for review (draft → in review); attendees with an account are notified. */
export async function submitMinutesForReview(db: Database, actor: string, input: { minutesId: number; now: Date }): Promise<void> {
  await db.transaction(async (tx) => {
    const rows = await tx
      .update(meetingMinutes)
      .set({ state: 'in_review', updatedAt: input.now })
      .where(and(eq(meetingMinutes.id, input.minutesId), eq(meetingMinutes.state, 'draft')))
      .returning({ meetingId: meetingMinutes.meetingId });
    if (!rows[0]) throw new MeetingError('wrong_state');
    const attendees = await tx
      .select({ id: users.id, email: users.email, locale: users.locale })
      .from(meetingAttendance)
      .innerJoin(users, eq(users.id, meetingAttendance.userId))
      .where(eq(meetingAttendance.meetingId, rows[0].meetingId))
      .orderBy(asc(users.id));
    for (const u of attendees) {
      const t = messages(u.locale === 'en' ? 'en' : 'es').meetings.review;
      await queueMail(tx, { to: u.email, subject: t.subject, text: t.text(`/meetings/${rows[0].meetingId}`), userId: u.id, meta: { kind: 'minutes_review', meetingId: rows[0].meetingId } }, input.now);
    }
    await recordAudit(tx, { actor, action: 'minutes.submit', entityType: 'meeting_minutes', entityId: input.minutesId, details: {} });
  });
}

/** An attendee comments on minutes under review. */
export async function commentOnMinutes(db: Database, input: { minutesId: number; authorId: number; authorName: string; body: string; now: Date }): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const [mm] = await tx.select().from(meetingMinutes).where(eq(meetingMinutes.id, input.minutesId)).for('update');
    if (!mm) throw new MeetingError('not_found');
    if (mm.state !== 'in_review') throw new MeetingError('wrong_state');
    const [c] = await tx.insert(minutesComments).values({ minutesId: mm.id, authorId: input.authorId, authorName: input.authorName, body: input.body, createdAt: input.now }).returning({ id: minutesComments.id });
    await recordAudit(tx, { actor: `user:${input.authorId}`, action: 'minutes.comment', entityType: 'meeting_minutes', entityId: mm.id, details: { commentId: c!.id } });
    return c!;
  });
}

/** Returns minutes under review to draft (to take the comments in). */
export async function reopenMinutesDraft(db: Database, actor: string, input: { minutesId: number; now: Date }): Promise<void> {
  await db.transaction(async (tx) => {
    const rows = await tx.update(meetingMinutes).set({ state: 'draft', updatedAt: input.now }).where(and(eq(meetingMinutes.id, input.minutesId), eq(meetingMinutes.state, 'in_review'))).returning({ id: meetingMinutes.id });
    if (!rows[0]) throw new MeetingError('wrong_state');
    await recordAudit(tx, { actor, action: 'minutes.reopen', entityType: 'meeting_minutes', entityId: input.minutesId, details: {} });
  });
}

/**
 * Approves minutes under review (who, when) and publishes them in the repository as PDF (the HTML is
 * the meeting's page), in the
 * same transaction. From then on the database refuses any change to them (trigger).
 */
export async function approveMinutes(db: Database, actor: string, input: { minutesId: number; approverId: number; approverName: string; now: Date }): Promise<{ documentId: number }> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(meetingMinutes)
      .set({ state: 'approved', approvedBy: input.approverId, approvedByName: input.approverName, approvedAt: input.now, updatedAt: input.now })
      .where(and(eq(meetingMinutes.id, input.minutesId), eq(meetingMinutes.state, 'in_review')))
      .returning();
    const mm = rows[0];
    if (!mm) throw new MeetingError('wrong_state');
    const [m] = await tx.select({ meeting: meetings, forumName: forums.name }).from(meetings).leftJoin(forums, eq(forums.id, meetings.forumId)).where(eq(meetings.id, mm.meetingId));
    const attendance = await tx.select().from(meetingAttendance).where(eq(meetingAttendance.meetingId, mm.meetingId)).orderBy(asc(meetingAttendance.id));
    const agreed = await tx.select().from(agreements).where(eq(agreements.meetingId, mm.meetingId)).orderBy(asc(agreements.id));
    const pdf = await minutesPdf(minutesOutline({ meeting: m!.meeting, forumName: m!.forumName, minutes: mm, attendance, agreements: agreed }));
    const stored = await storeFile(tx, pdf, `acta-${mm.meetingId}-v${mm.version}.pdf`, { maxBytes: 50 * 1024 * 1024 });
    const day = m!.meeting.startsAt.toISOString().slice(0, 10);
    const [doc] = await tx
      .insert(documents)
      .values({
        type: 'minutes',
        title: { es: `Acta: ${m!.meeting.title.es ?? m!.meeting.title.en ?? ''} (versión ${mm.version})`, en: `Minutes: ${m!.meeting.title.en ?? m!.meeting.title.es ?? ''} (version ${mm.version})` },
        description: mm.correctionReason ? { es: `Corrección: ${mm.correctionReason}`, en: `Correction: ${mm.correctionReason}` } : {},
        documentDate: day,
        fileSha256: stored.sha256,
        fileName: `acta-${mm.meetingId}-v${mm.version}.pdf`,
        subjectType: 'meeting_minutes',
        subjectId: mm.id,
        publishedAt: input.now,
        createdBy: input.approverId,
        createdAt: input.now,
        updatedAt: input.now,
      })
      .returning({ id: documents.id });
    await tx.update(meetingMinutes).set({ documentId: doc!.id }).where(eq(meetingMinutes.id, mm.id));
    await recordAudit(tx, { actor, action: 'minutes.approve', entityType: 'meeting_minutes', entityId: mm.id, details: { meetingId: mm.meetingId, version: mm.version, documentId: doc!.id } });
    return { documentId: doc!.id };
  });
}

/** The highest version number of a meeting's minutes (0 when none). */
export async function minutesVersions(db: Executor, meetingId: number): Promise<number> {
  const [r] = await db.select({ v: max(meetingMinutes.version) }).from(meetingMinutes).where(eq(meetingMinutes.meetingId, meetingId));
  return r?.v ?? 0;
}
