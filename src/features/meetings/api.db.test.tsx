import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app.js';
import { actionPlans, auditLog, commitments, forums, forumSeats, forumSectors, meetingCommitments } from '../../db/schema/index.js';
import { ensureDemo } from '../demo/demo.js';
import { addMembership } from '../forum/commands.js';
import { createPlan } from '../../../tests/support/factories.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { getAs, postForm, signedInUser, type SignedIn } from '../../../tests/support/auth.js';
import { addAgreement, approveMinutes, commentOnMinutes, createMeeting, recordAttendance, saveMinutesDraft, submitMinutesForReview } from './commands.js';

const NOW = new Date('2026-11-23T12:00:00Z');
let t: TestDatabase;
let app: App;
let forumId: number;
let first: number;
let second: number;
let commitmentId: number;
let foreignCommitment: number;
let secretariat: SignedIn & { name: string };
let stranger: SignedIn;

beforeAll(async () => {
  t = await testDatabase();
  await ensureDemo(t.db, NOW);
  const [f] = await t.db.select().from(forums);
  forumId = f!.id;
  const [plan] = await t.db.select().from(actionPlans).where(eq(actionPlans.memberId, f!.memberId));
  commitmentId = (await t.db.select().from(commitments).where(eq(commitments.planId, plan!.id)))[0]!.id;
  const other = await createPlan(t.db, { code: 'URY' });
  foreignCommitment = (await t.db.insert(commitments).values({ planId: other.id, number: '1', position: 1, title: { es: 'Ajeno' } }).returning({ id: commitments.id }))[0]!.id;
  app = createApp({ db: t.db, now: () => NOW, pageCacheTtlMs: 0 });
  secretariat = await signedInUser(t.db, [{ role: 'secretariat', memberId: f!.memberId }], NOW, { name: 'Secretaría Ejecutiva' });
  stranger = await signedInUser(t.db, [], NOW);
  const [seat] = await t.db.select({ id: forumSeats.id }).from(forumSeats).innerJoin(forumSectors, eq(forumSectors.id, forumSeats.sectorId)).where(eq(forumSectors.code, 'civil_society'));
  await addMembership(t.db, 'test', { seatId: seat!.id, personName: 'Ana Titular', role: 'titular', startDate: '2026-01-01' });
  const meeting = (day: string, title: string, agendaCommitment: number | null) =>
    createMeeting(t.db, 'test', {
      forumId,
      kind: 'forum',
      title: { es: title },
      startsAt: new Date(`${day}T14:00:00Z`),
      endsAt: new Date(`${day}T16:00:00Z`),
      place: 'Santiago',
      agenda: [
        { title: 'Constitución', minutes: 30, presenter: 'Secretaría' },
        { title: 'Revisión del compromiso', minutes: 45, presenter: 'Ministerio', commitmentId: agendaCommitment },
      ],
      invitees: [{ name: 'Invitada', email: 'secreta@example.org' }],
      now: NOW,
    });
  first = (await meeting('2026-10-05', 'Primera sesión', commitmentId)).id;
  second = (await meeting('2026-11-20', 'Segunda sesión', null)).id;
  await recordAttendance(t.db, 'test', { meetingId: first, attendees: [{ personName: 'Ana Titular', onBehalfOf: 'ONG', sectorCode: 'civil_society', voting: true }] });
  await addAgreement(t.db, 'test', { meetingId: first, text: 'Publicar las reglas', owner: 'Secretaría', dueOn: '2026-11-01', now: NOW });
});

afterAll(async () => {
  await t.dispose();
});

describe('the secretariat records what each institution presented (recordCommitmentReview), shown with the monitoring status', () => {
  it('refuses strangers, oversized text and a commitment of another member; records and shows it publicly', async () => {
    expect((await postForm(app, `/meetings/${first}/commitments`, { commitmentId: String(commitmentId), presented: 'x' }, stranger)).status).toBe(403);
    expect((await postForm(app, `/meetings/${first}/commitments`, { commitmentId: String(commitmentId), presented: 'x'.repeat(5001) }, secretariat)).status).toBe(422);
    expect((await postForm(app, `/meetings/${first}/commitments`, { commitmentId: '0', presented: 'x' }, secretariat)).status).toBe(422);
    expect((await postForm(app, `/meetings/${first}/commitments`, { commitmentId: String(foreignCommitment), presented: 'x' }, secretariat)).status).toBe(409);
    expect(await t.db.select().from(meetingCommitments)).toHaveLength(0);
    const page = await (await getAs(app, `/meetings/${first}`, secretariat)).text();
    expect(page).toContain('Lo que presentó la institución: compromiso');
    expect((await postForm(app, `/meetings/${first}/commitments`, { commitmentId: String(commitmentId), presented: 'El Ministerio presentó el <b>decreto</b>.' }, secretariat)).status).toBe(303);
    const html = await (await getAs(app, `/meetings/${first}`, null)).text();
    expect(html).toContain('Lo que presentó su institución:</strong> El Ministerio presentó el &lt;b&gt;decreto&lt;/b&gt;.');
    expect(html).toContain(`href="/commitments/${commitmentId}"`);
    expect(html).toMatch(/Estado actual \(seguimiento\): <span class="badge s-/);
    expect((await t.db.select().from(auditLog).where(eq(auditLog.action, 'meeting.commitment_review'))).length).toBe(1);
  });
});

describe('GET /api/v1/meetings and /api/v1/meetings/{id}', () => {
  it('lists forum meetings filtered by forum and dates, paged', async () => {
    const all = await (await app.request('/api/v1/meetings')).json();
    expect(all).toMatchObject({ total: 2, limit: 50, offset: 0 });
    expect(all.items.map((m: { id: number }) => m.id)).toEqual([first, second]);
    expect(all.items[0]).toMatchObject({ forumId, page: `/meetings/${first}`, api: `/api/v1/meetings/${first}`, ics: `/meetings/${first}/meeting.ics` });
    const november = await (await app.request('/api/v1/meetings?from=2026-11-01&to=2026-11-20')).json();
    expect(november.items.map((m: { id: number }) => m.id)).toEqual([second]);
    const paged = await (await app.request(`/api/v1/meetings?forum=${forumId}&limit=1&offset=1`)).json();
    expect(paged).toMatchObject({ total: 2, limit: 1, offset: 1 });
    expect(paged.items.map((m: { id: number }) => m.id)).toEqual([second]);
    expect((await (await app.request('/api/v1/meetings?forum=999')).json()).total).toBe(0);
    for (const bad of ['from=2026-02-30', 'to=yesterday', 'limit=0', 'limit=201', 'forum=-1', 'offset=x', `forum=${'9'.repeat(12)}`]) {
      const res = await app.request(`/api/v1/meetings?${bad}&lang=en`);
      expect(res.status, bad).toBe(400);
      expect((await res.json()).error.code).toBe('invalid_request');
    }
  });

  it('a meeting: agenda with durations and presenters, linked commitments with status, attendance with sector, quorum, agreements; approved minutes only', async () => {
    // Version 1 approved; version 2 (a correction) in review with a comment: neither its text nor the comment shows.
    const v1 = await saveMinutesDraft(t.db, 'test', { meetingId: first, body: 'Se constituyó la Mesa.', now: NOW });
    await submitMinutesForReview(t.db, 'test', { minutesId: v1.id, now: NOW });
    await commentOnMinutes(t.db, { minutesId: v1.id, authorId: secretariat.userId, authorName: 'Comentarista', body: 'Comentario secreto', now: NOW });
    const { documentId } = await approveMinutes(t.db, 'test', { minutesId: v1.id, approverId: secretariat.userId, approverName: 'Secretaría Ejecutiva', now: NOW });
    const v2 = await saveMinutesDraft(t.db, 'test', { meetingId: first, body: 'Borrador de corrección', correctionReason: 'Fecha', now: NOW });
    await submitMinutesForReview(t.db, 'test', { minutesId: v2.id, now: NOW });
    await commentOnMinutes(t.db, { minutesId: v2.id, authorId: secretariat.userId, authorName: 'Comentarista', body: 'Otro comentario', now: NOW });

    const res = await app.request(`/api/v1/meetings/${first}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    for (const secret of ['Borrador de corrección', 'Comentario secreto', 'Otro comentario', 'secreta@example.org', 'Se constituyó la Mesa.']) expect(text).not.toContain(secret);
    const body = JSON.parse(text);
    expect(body.agenda).toEqual([
      { position: 1, title: 'Constitución', minutes: 30, presenter: 'Secretaría', commitmentId: null },
      { position: 2, title: 'Revisión del compromiso', minutes: 45, presenter: 'Ministerio', commitmentId },
    ]);
    expect(body.commitments).toHaveLength(1);
    expect(body.commitments[0]).toMatchObject({ id: commitmentId, reviewed: true, presented: 'El Ministerio presentó el <b>decreto</b>.', page: `/commitments/${commitmentId}` });
    expect(['not_started', 'limited', 'substantial', 'complete', null]).toContain(body.commitments[0].status);
    expect(body.attendance).toEqual([{ personName: 'Ana Titular', onBehalfOf: 'ONG', sector: 'civil_society', voting: true }]);
    expect(body.quorum).toEqual({ present: 1, required: 1, seatsHeld: 1, reached: true });
    expect(body.agreements).toEqual([expect.objectContaining({ text: 'Publicar las reglas', owner: 'Secretaría', dueOn: '2026-11-01', state: 'open', overdue: true })]);
    expect(body.minutes).toEqual([
      { version: 1, approvedAt: NOW.toISOString(), approvedBy: 'Secretaría Ejecutiva', correctionReason: null, html: `/meetings/${first}#minutes-${v1.id}`, pdf: `/repository/${documentId}/file`, document: `/api/v1/repository/${documentId}` },
    ]);
    // The next meeting lists the agreement still to do.
    const next = await (await app.request(`/api/v1/meetings/${second}`)).json();
    expect(next.pendingAgreements.map((a: { text: string }) => a.text)).toEqual(['Publicar las reglas']);
    expect(next.minutes).toEqual([]);
    // Approved minutes freeze what was presented.
    expect((await postForm(app, `/meetings/${first}/commitments`, { commitmentId: String(commitmentId), presented: 'Otra cosa' }, secretariat)).status).toBe(409);
  });

  it('404 for unknown meetings, 400 for broken ids; ETag (304) and compression like other API answers', async () => {
    expect((await app.request('/api/v1/meetings/999999')).status).toBe(404);
    expect((await app.request('/api/v1/meetings/abc')).status).toBe(400);
    const res = await app.request(`/api/v1/meetings/${first}`, { headers: { 'accept-encoding': 'gzip' } });
    const etag = res.headers.get('etag');
    expect(etag).toBeTruthy();
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect((await app.request(`/api/v1/meetings/${first}`, { headers: { 'if-none-match': etag! } })).status).toBe(304);
    const doc = await (await app.request('/api/v1/openapi.json')).json();
    expect(doc.paths['/meetings'].get.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['forum', 'from', 'lang', 'limit', 'offset', 'to']);
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Meeting', 'MeetingPage', 'MeetingSummary', 'Agreement']));
    expect(JSON.stringify(doc.paths['/meetings/{id}'])).toContain('Meeting');
  });
});
