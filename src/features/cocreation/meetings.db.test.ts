import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meetings, workingTableSessions } from '../../db/schema/index.js';
import { createForum } from '../forum/commands.js';
import { createMeeting } from '../meetings/commands.js';
import { addSession, CocreationError, conveneSessionMeeting, createProcess, createWorkingTable, linkSessionMeeting } from './commands.js';
import { workingTableDetail } from './queries.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { createPlan } from '../../../tests/support/factories.js';
import { createUser } from '../../../tests/support/auth.js';
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
