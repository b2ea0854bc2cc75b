import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meetings, workingTableSessions } from '../../db/schema/index.js';
import { createApp } from '../../app.js';
import { createForum } from '../forum/commands.js';
import { createMeeting } from '../meetings/commands.js';
import { addSession, CocreationError, conveneSessionMeeting, createProcess, publishCalendar, createWorkingTable, linkSessionMeeting } from './commands.js';
import { workingTableDetail } from './queries.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { createPlan } from '../../../tests/support/factories.js';
import { createUser, getAs, postForm, signedInUser } from '../../../tests/support/auth.js';
import { sixPhases } from '../../../tests/support/cocreation.js';

let t: TestDatabase;
let sec: number;
let tableId: number;
let forumId: number;
const now = new Date('2027-01-05T12:00:00Z');

beforeAll(async () => {
  t = await testDatabase();
  const { memberId } = await createPlan(t.db);
  sec = (await createUser(t.db, { grants: [{ role: 'secretariat', memberId }] })).id;
  forumId = (await createForum(t.db, 'test', { memberId, name: { es: 'Foro' }, functions: {}, sectors: [{ code: 'government', name: { es: 'Gobierno' }, seats: 1, electedBy: null }] })).id;
  const { id: processId } = await createProcess(t.db, { userId: sec }, { memberId, planNumber: 7, title: { es: 'P' }, description: {}, voteMode: 'none', phases: sixPhases('2027-01-01') }, now);
  ({ id: tableId } = await createWorkingTable(t.db, { userId: sec }, { processId, name: { es: 'Mesa de salud', en: 'Health table' }, theme: {}, startsOn: null, endsOn: null, proposalIds: [] }, now));
});
afterAll(() => t.dispose());

describe('working-table sessions as meetings (decision 084)', () => {
  it('convenes a session as a meeting of kind working_table, of the forum, owned by the table', async () => {
    const { sessionId, meetingId } = await conveneSessionMeeting(t.db, { userId: sec }, tableId, { startsAt: new Date('2027-02-10T15:00:00Z'), endsAt: new Date('2027-02-10T17:00:00Z'), place: 'Sala 1', link: null }, now);
    const [m] = await t.db.select().from(meetings).where(eq(meetings.id, meetingId));
    expect(m).toMatchObject({ kind: 'working_table', forumId, subjectType: 'working_table', subjectId: tableId, title: { es: 'Mesa de salud', en: 'Health table' } });
    const d = (await workingTableDetail(t.db, tableId))!;
    expect(d.sessions.map((s) => [s.id, s.heldOn, s.meetingId])).toEqual([[sessionId, '2027-02-10', meetingId]]);
    // The foreign key: deleting the meeting unlinks the session, keeps it.
    await t.db.delete(meetings).where(eq(meetings.id, meetingId));
    const [s] = await t.db.select().from(workingTableSessions).where(eq(workingTableSessions.id, sessionId));
    expect(s!.meetingId).toBeNull();
  });

  it('links an existing working-table meeting to a session once; refuses forum meetings, used meetings, unknown ids', async () => {
    const { id: sessionId } = await addSession(t.db, { userId: sec }, tableId, { heldOn: '2027-03-01', summary: { es: 'Sesión' } }, now);
    const { id: other } = await addSession(t.db, { userId: sec }, tableId, { heldOn: '2027-03-02', summary: {} }, now);
    const base = { title: { es: 'M' }, startsAt: new Date('2027-03-01T15:00:00Z'), endsAt: new Date('2027-03-01T16:00:00Z'), place: '', agenda: [], invitees: [], now };
    const forumMeeting = (await createMeeting(t.db, 'test', { ...base, forumId, kind: 'forum' })).id;
    const wt = (await createMeeting(t.db, 'test', { ...base, kind: 'working_table', subjectType: 'working_table', subjectId: tableId })).id;
    const code = (p: Promise<unknown>) => p.then(() => 'ok', (e) => (e instanceof CocreationError ? e.code : String(e)));
    expect(await code(linkSessionMeeting(t.db, { userId: sec }, sessionId, forumMeeting))).toBe('meeting_unavailable');
    expect(await code(linkSessionMeeting(t.db, { userId: sec }, sessionId, 999_999))).toBe('meeting_unavailable');
    expect(await code(linkSessionMeeting(t.db, { userId: sec }, sessionId, wt))).toBe('ok');
    expect(await code(linkSessionMeeting(t.db, { userId: sec }, other, wt))).toBe('meeting_unavailable'); // already used
    const [s] = await t.db.select().from(workingTableSessions).where(eq(workingTableSessions.id, sessionId));
    expect(s!.meetingId).toBe(wt);
    const [o] = await t.db.select().from(workingTableSessions).where(eq(workingTableSessions.id, other));
    expect(o!.meetingId).toBeNull();
  });

  it('refuses a meeting id the database does not have (foreign key)', async () => {
    await expect(t.db.insert(workingTableSessions).values({ workingTableId: tableId, heldOn: '2027-04-01', summary: {}, meetingId: 987_654 })).rejects.toThrow();
  });
});

describe('the working-table page (decision 084)', () => {
  it('lets the secretariat convene a session as a meeting; bad or hostile input changes nothing', async () => {
    const clock = new Date('2026-12-01T12:00:00Z');
    const app = createApp({ db: t.db, now: () => clock, pageCacheTtlMs: 0 });
    const { memberId } = await createPlan(t.db, { code: 'PE' });
    const s = await signedInUser(t.db, [{ role: 'secretariat', memberId }], clock);
    const citizen = await signedInUser(t.db, [], clock);
    const { id: processId } = await createProcess(t.db, { userId: s.id }, { memberId, planNumber: 5, title: { es: 'P' }, description: {}, voteMode: 'none', phases: sixPhases('2027-01-01') }, clock);
    await publishCalendar(t.db, { userId: s.id }, processId, clock);
    const { id } = await createWorkingTable(t.db, { userId: s.id }, { processId, name: { es: 'Mesa de agua' }, theme: {}, startsOn: null, endsOn: null, proposalIds: [] }, clock);
    expect(await (await getAs(app, `/working-tables/${id}`, null)).text()).not.toContain('/convene');
    expect(await (await getAs(app, `/working-tables/${id}`, s)).text()).toContain(`/working-tables/${id}/convene`);
    const count = async () => (await t.db.select().from(meetings).where(eq(meetings.subjectId, id))).length;
    const form = { startsAt: '2027-01-14T15:00', endsAt: '2027-01-14T17:00', place: 'Sala 2' };
    expect((await postForm(app, `/working-tables/${id}/convene`, form, citizen)).status).toBe(403);
    const bad = await postForm(app, `/working-tables/${id}/convene`, { ...form, endsAt: '2027-01-14T14:00', link: 'javascript:alert(1)' }, s);
    expect(bad.status).toBe(422);
    expect(await count()).toBe(0);
    const ok = await postForm(app, `/working-tables/${id}/convene`, form, s);
    expect(ok.status).toBe(303);
    const [m] = await t.db.select().from(meetings).where(eq(meetings.subjectId, id));
    expect(ok.headers.get('location')).toBe(`/meetings/${m!.id}`);
    expect(m).toMatchObject({ kind: 'working_table', subjectType: 'working_table', place: 'Sala 2' });
    expect(await (await getAs(app, `/working-tables/${id}`, null)).text()).toContain(`href="/meetings/${m!.id}"`);
    const hostile = await postForm(app, `/working-tables/${id}/link-meeting`, { sessionId: '1', meetingId: "1' or 1=1" }, s);
    expect(hostile.status).toBe(422);
    expect(await hostile.text()).toContain('Esa reunión no existe');
  });
});
