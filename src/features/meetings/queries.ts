import { and, asc, count, desc, eq, gte, inArray, isNotNull, lt } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { actionPlans, agreements, commitments, forums, forumMemberships, forumSeats, forumSectors, meetingAgendaItems, meetingAttendance, meetingCommitments, meetingInvitees, meetingMinutes, meetings, minutesComments } from '../../db/schema/index.js';

/** A forum's meetings, soonest last (calendar order). */
export async function meetingsOfForum(db: Executor, forumId: number) {
  return db.select().from(meetings).where(and(eq(meetings.forumId, forumId), eq(meetings.kind, 'forum'))).orderBy(asc(meetings.startsAt), asc(meetings.id));
}

/** OGP minimum requirement 1.1: did the forum meet (a meeting held, not cancelled) in the six months before `now`? */
export function metInLastSixMonths(list: { startsAt: Date; cancelledAt: Date | null }[], now: Date): { met: boolean; last: Date | null } {
  const from = new Date(now);
  from.setUTCMonth(from.getUTCMonth() - 6);
  const held = list.filter((m) => !m.cancelledAt && m.startsAt <= now).map((m) => m.startsAt);
  const last = held.length ? held.reduce((a, b) => (a > b ? a : b)) : null;
  return { met: !!last && last >= from, last };
}

export interface AgreementRow {
  id: number;
  meetingId: number;
  text: string;
  owner: string;
  dueOn: string | null;
  state: 'open' | 'in_progress' | 'done' | 'dropped';
  overdue: boolean;
}

const overdue = (a: { dueOn: string | null; state: string }, today: string) => (a.state === 'open' || a.state === 'in_progress') && !!a.dueOn && a.dueOn < today;

/** Agreements still to do of a forum's earlier meetings (listed at the next meeting), overdue flagged. */
export async function pendingAgreements(db: Executor, input: { forumId: number | null; beforeMeetingStart: Date; today: string; subjectType?: string | null; subjectId?: number | null }): Promise<AgreementRow[]> {
  const owner = input.forumId !== null ? eq(meetings.forumId, input.forumId) : and(eq(meetings.subjectType, input.subjectType ?? ''), eq(meetings.subjectId, input.subjectId ?? 0));
  const rows = await db
    .select({ a: agreements, startsAt: meetings.startsAt })
    .from(agreements)
    .innerJoin(meetings, eq(meetings.id, agreements.meetingId))
    .where(and(owner, inArray(agreements.state, ['open', 'in_progress'])))
    .orderBy(asc(agreements.dueOn), asc(agreements.id));
  return rows.filter((r) => r.startsAt < input.beforeMeetingStart).map((r) => ({ ...r.a, overdue: overdue(r.a, input.today) }));
}

/** Quorum: voting attendees against the titular seats held on the meeting's day, at the forum's percentage. */
export async function quorumOf(db: Executor, meetingId: number): Promise<{ present: number; seatsHeld: number; required: number; reached: boolean } | null> {
  const [m] = await db.select({ forumId: meetings.forumId, startsAt: meetings.startsAt, quorumPercent: forums.quorumPercent }).from(meetings).innerJoin(forums, eq(forums.id, meetings.forumId)).where(eq(meetings.id, meetingId));
  if (!m || m.forumId === null) return null;
  const day = m.startsAt.toISOString().slice(0, 10);
  const held = await db
    .select({ id: forumMemberships.id, startDate: forumMemberships.startDate, endDate: forumMemberships.endDate })
    .from(forumMemberships)
    .innerJoin(forumSeats, eq(forumSeats.id, forumMemberships.seatId))
    .innerJoin(forumSectors, eq(forumSectors.id, forumSeats.sectorId))
    .where(and(eq(forumSectors.forumId, m.forumId), eq(forumMemberships.role, 'titular')));
  const seatsHeld = held.filter((h) => h.startDate <= day && (h.endDate === null || h.endDate >= day)).length;
  const present = (await db.select({ id: meetingAttendance.id }).from(meetingAttendance).where(and(eq(meetingAttendance.meetingId, meetingId), eq(meetingAttendance.voting, true)))).length;
  const required = Math.ceil((seatsHeld * m.quorumPercent) / 100);
  return { present, seatsHeld, required, reached: seatsHeld > 0 && present >= required };
}

/** Everything public about a meeting: agenda, commitments reviewed, attendance, agreements, minutes (approved versions; the review draft only to `includeDraft`). */
export async function meetingDetail(db: Executor, id: number, options: { includeDraft: boolean; today: string }) {
  const [m] = await db.select().from(meetings).where(eq(meetings.id, id));
  if (!m) return null;
  const agenda = await db.select().from(meetingAgendaItems).where(eq(meetingAgendaItems.meetingId, id)).orderBy(asc(meetingAgendaItems.position));
  const reviewed = await db
    .select({ commitmentId: meetingCommitments.commitmentId, presented: meetingCommitments.presented, number: commitments.number, title: commitments.title })
    .from(meetingCommitments)
    .innerJoin(commitments, eq(commitments.id, meetingCommitments.commitmentId))
    .where(eq(meetingCommitments.meetingId, id))
    .orderBy(asc(meetingCommitments.commitmentId));
  const attendance = await db.select().from(meetingAttendance).where(eq(meetingAttendance.meetingId, id)).orderBy(asc(meetingAttendance.id));
  const agreed = (await db.select().from(agreements).where(eq(agreements.meetingId, id)).orderBy(asc(agreements.id))).map((a) => ({ ...a, overdue: overdue(a, options.today) }));
  const minutes = await db.select().from(meetingMinutes).where(eq(meetingMinutes.meetingId, id)).orderBy(desc(meetingMinutes.version));
  const visible = minutes.filter((x) => x.state === 'approved' || options.includeDraft);
  const comments = visible.length
    ? await db.select().from(minutesComments).where(inArray(minutesComments.minutesId, visible.map((x) => x.id))).orderBy(asc(minutesComments.id))
    : [];
  const invitees = await db.select({ name: meetingInvitees.name }).from(meetingInvitees).where(eq(meetingInvitees.meetingId, id)).orderBy(asc(meetingInvitees.id));
  const pending = await pendingAgreements(db, { forumId: m.forumId, subjectType: m.subjectType, subjectId: m.subjectId, beforeMeetingStart: m.startsAt, today: options.today });
  return { meeting: m, agenda, reviewed, attendance, agreements: agreed, minutes: visible, comments, invitees, pending, quorum: await quorumOf(db, id) };
}


/**
 * The commitments linked to a meeting — on its agenda or reviewed at it — each with what its
 * institution presented (empty until recorded) and its current monitoring status (the public
 * self-reported completion), by commitment number.
 */
export async function linkedCommitments(db: Executor, meetingId: number) {
  const onAgenda = await db.select({ id: meetingAgendaItems.commitmentId }).from(meetingAgendaItems).where(eq(meetingAgendaItems.meetingId, meetingId)).orderBy(asc(meetingAgendaItems.position));
  const reviewed = await db.select({ id: meetingCommitments.commitmentId, presented: meetingCommitments.presented }).from(meetingCommitments).where(eq(meetingCommitments.meetingId, meetingId)).orderBy(asc(meetingCommitments.commitmentId));
  const ids = [...new Set([...onAgenda.map((a) => a.id).filter((x): x is number => x !== null), ...reviewed.map((r) => r.id)])];
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: commitments.id, planId: commitments.planId, number: commitments.number, title: commitments.title, completion: commitments.completion, position: commitments.position })
    .from(commitments)
    .where(inArray(commitments.id, ids))
    .orderBy(asc(commitments.planId), asc(commitments.position), asc(commitments.id));
  const presented = new Map(reviewed.map((r) => [r.id, r.presented]));
  return rows.map((r) => ({ commitmentId: r.id, planId: r.planId, number: r.number, title: r.title, completion: r.completion, reviewed: presented.has(r.id), presented: presented.get(r.id) ?? '' }));
}

/** Forum meetings (not working tables), filtered by forum and by day of start, paged, in calendar order. */
export async function listForumMeetings(db: Executor, filter: { forum?: number; from?: string; to?: string }, page: { limit: number; offset: number }) {
  const conditions = [eq(meetings.kind, 'forum'), isNotNull(meetings.forumId)];
  if (filter.forum !== undefined) conditions.push(eq(meetings.forumId, filter.forum));
  if (filter.from) conditions.push(gte(meetings.startsAt, new Date(`${filter.from}T00:00:00Z`)));
  if (filter.to) conditions.push(lt(meetings.startsAt, new Date(new Date(`${filter.to}T00:00:00Z`).getTime() + 86_400_000)));
  const where = and(...conditions);
  const [total] = await db.select({ n: count() }).from(meetings).where(where);
  const items = await db.select().from(meetings).where(where).orderBy(asc(meetings.startsAt), asc(meetings.id)).limit(page.limit).offset(page.offset);
  return { total: total?.n ?? 0, items };
}

/** Commitments of a member's plans (to link one to a meeting), by plan number and position. */
export async function commitmentsOfMember(db: Executor, memberId: number) {
  return db
    .select({ id: commitments.id, number: commitments.number, title: commitments.title, planNumber: actionPlans.number })
    .from(commitments)
    .innerJoin(actionPlans, eq(actionPlans.id, commitments.planId))
    .where(eq(actionPlans.memberId, memberId))
    .orderBy(asc(actionPlans.number), asc(commitments.position), asc(commitments.id));
}
