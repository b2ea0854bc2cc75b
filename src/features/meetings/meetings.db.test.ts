import { eq, sql } from 'drizzle-orm';
import ical from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { documents, forumSeats, forumSectors, meetingMinutes, outbox } from '../../db/schema/index.js';
import { addMembership, createForum } from '../forum/commands.js';
import { ensureMember } from '../plans/commands.js';
import { readStoredFile } from '../../lib/files.js';
import {
  addAgreement,
  approveMinutes,
  commentOnMinutes,
  createMeeting,
  MeetingError,
  recordAttendance,
  reopenMinutesDraft,
  saveMinutesDraft,
  setAgreementState,
  submitMinutesForReview,
} from './commands.js';
import { meetingsCalendar } from './ics.js';
import { meetingDetail, meetingsOfForum, metInLastSixMonths, pendingAgreements, quorumOf } from './queries.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { createUser } from '../../../tests/support/auth.js';

const NOW = new Date('2026-11-23T12:00:00Z');
let t: TestDatabase;
let db: Database;
let forumId: number;
let first: number;
let attendee: { id: number; email: string; name: string };

beforeAll(async () => {
  t = await testDatabase();
  db = t.db;
  const m = await ensureMember(db, { code: 'CHL', name: { es: 'Chile' } }, 'test');
  forumId = (await createForum(db, 'test', { memberId: m.id, name: { es: 'Mesa' }, functions: {}, quorumPercent: 50, sectors: [{ code: 'civil_society', name: { es: 'Sociedad civil' }, seats: 4, electedBy: 'civil_society' }] })).id;
  const seats = await db.select({ id: forumSeats.id }).from(forumSeats).innerJoin(forumSectors, eq(forumSectors.id, forumSeats.sectorId)).where(eq(forumSectors.forumId, forumId));
  for (const [i, s] of seats.entries()) await addMembership(db, 'test', { seatId: s.id, personName: `Titular ${i}`, role: 'titular', startDate: '2026-01-01' });
  attendee = await createUser(db, { name: 'Asistente Uno' });
});

afterAll(async () => {
  await t.dispose();
});

describe('meetings', () => {
  it('convenes a meeting with agenda and invitees; invitees are notified', async () => {
    first = (
      await createMeeting(db, 'user:1', {
        forumId,
        kind: 'forum',
        title: { es: 'Primera sesión de la Mesa' },
        startsAt: new Date('2026-10-05T14:00:00Z'),
        endsAt: new Date('2026-10-05T16:00:00Z'),
        place: 'Palacio de La Moneda, Santiago',
        link: 'https://meet.example.org/mesa',
        agenda: [
          { title: 'Constitución de la Mesa', minutes: 30, presenter: 'Secretaría' },
          { title: 'Revisión de compromisos', minutes: 60, presenter: 'Instituciones' },
        ],
        invitees: [
          { name: 'Asistente Uno', email: attendee.email.toUpperCase() },
          { name: 'Asistente Uno', email: attendee.email },
          { name: 'Externa', email: 'externa@example.org' },
        ],
        now: NOW,
      })
    ).id;
    const mails = await db.select().from(outbox).where(sql`${outbox.meta}->>'kind' = 'meeting_invitation'`);
    expect(mails.map((m) => m.to).sort()).toEqual([attendee.email, 'externa@example.org'].sort());
    expect(mails[0]!.subject).toContain('Primera sesión');
  });

  it('the .ics feed reads back in a strict parser', async () => {
    const list = await meetingsOfForum(db, forumId);
    const text = meetingsCalendar({ name: 'Mesa', origin: 'https://abierto.example', meetings: list.map((m) => ({ id: m.id, title: m.title.es!, startsAt: m.startsAt, endsAt: m.endsAt, place: m.place, link: m.link, description: 'Agenda: Constitución; Revisión', cancelled: false })) });
    const parsed = ical.sync.parseICS(text);
    const events = Object.values(parsed).filter((e) => e?.type === 'VEVENT') as ical.VEvent[];
    expect(events).toHaveLength(1);
    expect(events[0]!.summary).toBe('Primera sesión de la Mesa');
    expect(new Date(events[0]!.start).toISOString()).toBe('2026-10-05T14:00:00.000Z');
    expect(new Date(events[0]!.end!).toISOString()).toBe('2026-10-05T16:00:00.000Z');
    expect(events[0]!.location).toBe('Palacio de La Moneda, Santiago');
    expect(events[0]!.uid).toBe(`meeting-${first}@abierto.example`);
  });

  it('attendance and quorum by the rules (half of the titular seats held)', async () => {
    await recordAttendance(db, 'user:1', { meetingId: first, attendees: [{ personName: 'Asistente Uno', userId: attendee.id, onBehalfOf: 'Fundación', sectorCode: 'civil_society', voting: true }] });
    expect(await quorumOf(db, first)).toEqual({ present: 1, seatsHeld: 4, required: 2, reached: false });
    await recordAttendance(db, 'user:1', {
      meetingId: first,
      attendees: [
        { personName: 'Asistente Uno', userId: attendee.id, onBehalfOf: 'Fundación', sectorCode: 'civil_society', voting: true },
        { personName: 'Titular 1', onBehalfOf: 'ONG', sectorCode: 'civil_society', voting: true },
        { personName: 'Invitada', onBehalfOf: 'Ministerio', sectorCode: null, voting: false },
      ],
    });
    expect((await quorumOf(db, first))!.reached).toBe(true);
  });

  it('agreements are tracked, overdue flagged, and listed at the next meeting', async () => {
    const a = await addAgreement(db, 'user:1', { meetingId: first, text: 'Publicar las reglas de participación', owner: 'Secretaría', dueOn: '2026-11-01', now: NOW });
    await addAgreement(db, 'user:1', { meetingId: first, text: 'Convocar a la red', owner: 'Secretaría', dueOn: '2027-01-15', now: NOW });
    const next = await createMeeting(db, 'user:1', { forumId, kind: 'forum', title: { es: 'Segunda sesión' }, startsAt: new Date('2026-12-10T14:00:00Z'), endsAt: new Date('2026-12-10T15:00:00Z'), place: 'Santiago', agenda: [], invitees: [], now: NOW });
    const detail = await meetingDetail(db, next.id, { includeDraft: false, today: '2026-11-23' });
    expect(detail!.pending.map((p) => [p.text, p.overdue])).toEqual([
      ['Publicar las reglas de participación', true],
      ['Convocar a la red', false],
    ]);
    await setAgreementState(db, 'user:1', { agreementId: a.id, from: 'open', to: 'done', now: NOW });
    await expect(setAgreementState(db, 'user:1', { agreementId: a.id, from: 'open', to: 'in_progress', now: NOW })).rejects.toMatchObject({ code: 'wrong_state' });
    expect((await pendingAgreements(db, { forumId, beforeMeetingStart: new Date('2026-12-10T14:00:00Z'), today: '2026-11-23' })).map((p) => p.text)).toEqual(['Convocar a la red']);
  });

  it('minutes: draft → review with comments → approval (who, when) → published; approved minutes never change', async () => {
    const v1 = await saveMinutesDraft(db, 'user:1', { meetingId: first, body: 'Se constituyó la Mesa.\n\nSe revisaron los compromisos.', now: NOW });
    await expect(commentOnMinutes(db, { minutesId: v1.id, authorId: attendee.id, authorName: attendee.name, body: 'Falta mi intervención', now: NOW })).rejects.toMatchObject({ code: 'wrong_state' });
    await expect(approveMinutes(db, 'user:1', { minutesId: v1.id, approverId: 1, approverName: 'Secretaría', now: NOW })).rejects.toBeInstanceOf(MeetingError);
    await submitMinutesForReview(db, 'user:1', { minutesId: v1.id, now: NOW });
    const review = await db.select().from(outbox).where(sql`${outbox.meta}->>'kind' = 'minutes_review'`);
    expect(review.map((m) => m.to)).toEqual([attendee.email]);
    await commentOnMinutes(db, { minutesId: v1.id, authorId: attendee.id, authorName: attendee.name, body: 'Falta mi intervención', now: NOW });
    await reopenMinutesDraft(db, 'user:1', { minutesId: v1.id, now: NOW });
    await saveMinutesDraft(db, 'user:1', { meetingId: first, body: 'Se constituyó la Mesa.\n\nIntervino Asistente Uno.', now: NOW });
    await submitMinutesForReview(db, 'user:1', { minutesId: v1.id, now: NOW });
    const approvedAt = new Date('2026-11-24T10:00:00Z');
    const { documentId } = await approveMinutes(db, 'user:1', { minutesId: v1.id, approverId: 1, approverName: 'Secretaría Ejecutiva', now: approvedAt });
    // A second approval loses (conditional update).
    await expect(approveMinutes(db, 'user:1', { minutesId: v1.id, approverId: 1, approverName: 'Otra', now: approvedAt })).rejects.toMatchObject({ code: 'wrong_state' });
    const [doc] = await db.select().from(documents).where(eq(documents.id, documentId));
    expect(doc).toMatchObject({ type: 'minutes', subjectType: 'meeting_minutes', subjectId: v1.id });
    expect(doc!.publishedAt).not.toBeNull();
    const pdf = await readStoredFile(db, doc!.fileSha256!);
    expect(Buffer.from(pdf!.bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const [row] = await db.select().from(meetingMinutes).where(eq(meetingMinutes.id, v1.id));
    expect(row).toMatchObject({ state: 'approved', approvedByName: 'Secretaría Ejecutiva' });
    expect(row!.approvedAt!.toISOString()).toBe(approvedAt.toISOString());
    // Immutable in the database, whoever writes.
    await expect(db.update(meetingMinutes).set({ body: 'otra cosa' }).where(eq(meetingMinutes.id, v1.id))).rejects.toThrow();
    await expect(db.update(meetingMinutes).set({ approvedByName: 'Nadie' }).where(eq(meetingMinutes.id, v1.id))).rejects.toThrow();
    await expect(db.delete(meetingMinutes).where(eq(meetingMinutes.id, v1.id))).rejects.toThrow();
    await expect(recordAttendance(db, 'user:1', { meetingId: first, attendees: [] })).rejects.toMatchObject({ code: 'wrong_state' });
    // A correction is a new version with a reason.
    await expect(saveMinutesDraft(db, 'user:1', { meetingId: first, body: 'Corregida', now: NOW })).rejects.toMatchObject({ code: 'wrong_state' });
    const v2 = await saveMinutesDraft(db, 'user:1', { meetingId: first, body: 'Se constituyó la Mesa el 5 de octubre.', correctionReason: 'Fecha omitida', now: NOW });
    expect(v2.version).toBe(2);
    const detail = await meetingDetail(db, first, { includeDraft: false, today: '2026-11-23' });
    expect(detail!.minutes.map((m) => m.version)).toEqual([1]);
    expect(detail!.minutes[0]!.body).toContain('Intervino Asistente Uno');
  });

  it('tells whether the forum met in the last six months', async () => {
    const list = await meetingsOfForum(db, forumId);
    expect(metInLastSixMonths(list, NOW).met).toBe(true);
    expect(metInLastSixMonths(list, new Date('2027-09-01T00:00:00Z')).met).toBe(false);
    expect(metInLastSixMonths([], NOW)).toEqual({ met: false, last: null });
  });
});
