import { eq } from 'drizzle-orm';
import ical from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app.js';
import { forums, forumSeats, forumSectors, meetings, outbox } from '../../db/schema/index.js';
import { ensureDemo } from '../demo/demo.js';
import { addMembership } from '../forum/commands.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { getAs, postForm, signedInUser, type SignedIn } from '../../../tests/support/auth.js';

const NOW = new Date('2026-11-23T12:00:00Z');
let t: TestDatabase;
let app: App;
let forumId: number;
let secretariat: SignedIn & { name: string };
let member: SignedIn & { name: string; email: string };
let outsider: SignedIn;

beforeAll(async () => {
  t = await testDatabase();
  await ensureDemo(t.db, NOW);
  const [f] = await t.db.select().from(forums);
  forumId = f!.id;
  app = createApp({ db: t.db, now: () => NOW, pageCacheTtlMs: 0 });
  secretariat = await signedInUser(t.db, [{ role: 'secretariat', memberId: f!.memberId }], NOW, { name: 'Secretaría Ejecutiva' });
  member = await signedInUser(t.db, [], NOW, { name: 'Ana Titular' });
  outsider = await signedInUser(t.db, [], NOW);
  const [seat] = await t.db.select({ id: forumSeats.id }).from(forumSeats).innerJoin(forumSectors, eq(forumSectors.id, forumSeats.sectorId)).where(eq(forumSectors.code, 'civil_society'));
  await addMembership(t.db, 'test', { seatId: seat!.id, personName: 'Ana Titular', userId: member.userId, role: 'titular', startDate: '2026-01-01' });
});

afterAll(async () => {
  await t.dispose();
});

describe('a forum meeting in the browser, without JavaScript', () => {
  let meetingId: number;

  it('the forum has not met; the secretariat convenes (bad agenda → 422, nothing stored)', async () => {
    expect(await (await getAs(app, `/forums/${forumId}`, null)).text()).toContain('No se ha reunido en los últimos seis meses');
    expect((await postForm(app, `/forums/${forumId}/meetings`, { title: 'X', startsAt: '2026-11-20T14:00', endsAt: '2026-11-20T16:00' }, outsider)).status).toBe(403);
    const bad = await postForm(app, `/forums/${forumId}/meetings`, { title: 'Primera sesión', startsAt: '2026-11-20T14:00', endsAt: '2026-11-20T13:00', agenda: 'treinta | tema', invitees: 'no es correo' }, secretariat);
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('minutos (1–600)');
    expect(await t.db.select().from(meetings)).toHaveLength(0);
    const ok = await postForm(
      app,
      `/forums/${forumId}/meetings`,
      { title: 'Primera sesión de la Mesa', startsAt: '2026-11-20T14:00', endsAt: '2026-11-20T16:00', place: 'Santiago', agenda: '30 | Constitución | Secretaría\n60 | Revisión de compromisos | Instituciones', invitees: `Ana Titular <${member.email}>` },
      secretariat,
    );
    expect(ok.status).toBe(303);
    meetingId = Number(ok.headers.get('location')!.match(/meetings\/(\d+)/)![1]);
    expect((await t.db.select().from(outbox)).some((m) => m.to === member.email && m.subject.includes('Primera sesión'))).toBe(true);
    const forum = await (await getAs(app, `/forums/${forumId}`, null)).text();
    expect(forum).toContain('Se reunió en los últimos seis meses');
    const feed = await app.request(`/forums/${forumId}/calendar.ics`);
    expect(feed.headers.get('content-type')).toContain('text/calendar');
    const events = Object.values(ical.sync.parseICS(await feed.text())).filter((e) => e?.type === 'VEVENT') as ical.VEvent[];
    expect(events.map((e) => e.summary)).toEqual(['Primera sesión de la Mesa']);
  });

  it('attendance, an agreement, and the minutes: draft → review → comment → approval → public', async () => {
    const page = await (await getAs(app, `/meetings/${meetingId}`, secretariat)).text();
    const membership = page.match(/name="member" value="(\d+)"/)![1]!;
    expect((await postForm(app, `/meetings/${meetingId}/attendance`, { member: membership, others: 'Invitada | Ministerio' }, secretariat)).status).toBe(303);
    expect((await postForm(app, `/meetings/${meetingId}/attendance`, { member: '999999' }, secretariat)).status).toBe(422);
    expect((await postForm(app, `/meetings/${meetingId}/agreements`, { text: 'Publicar las reglas', owner: 'Secretaría', dueOn: '2026-11-01' }, secretariat)).status).toBe(303);
    expect((await postForm(app, `/meetings/${meetingId}/agreements`, { text: '', owner: '', dueOn: '2026-13-01' }, secretariat)).status).toBe(422);
    expect((await postForm(app, `/meetings/${meetingId}/minutes`, { body: 'Se constituyó la Mesa.' }, secretariat)).status).toBe(303);
    const before = await (await getAs(app, `/meetings/${meetingId}`, null)).text();
    expect(before).toContain('Vencido');
    expect(before).toContain('Hay quórum');
    expect(before).not.toContain('Se constituyó la Mesa.');
    const withDraft = await (await getAs(app, `/meetings/${meetingId}`, secretariat)).text();
    const mid = withDraft.match(/\/minutes\/(\d+)\/submit/)![1]!;
    expect((await postForm(app, `/minutes/${mid}/submit`, {}, secretariat)).status).toBe(303);
    expect((await postForm(app, `/minutes/${mid}/comments`, { body: 'Conforme' }, outsider)).status).toBe(403);
    expect((await postForm(app, `/minutes/${mid}/comments`, { body: 'Conforme' }, member)).status).toBe(303);
    expect((await postForm(app, `/minutes/${mid}/approve`, {}, member)).status).toBe(403);
    expect((await postForm(app, `/minutes/${mid}/approve`, {}, secretariat)).status).toBe(303);
    expect((await postForm(app, `/minutes/${mid}/approve`, {}, secretariat)).status).toBe(403);
    const after = await (await getAs(app, `/meetings/${meetingId}`, null)).text();
    expect(after).toContain('Se constituyó la Mesa.');
    expect(after).toContain('Aprobada por Secretaría Ejecutiva');
    expect(after).toContain('Ana Titular: «Conforme»');
    const en = await (await getAs(app, `/meetings/${meetingId}`, null, 'en')).text();
    expect(en).toContain('Approved by Secretaría Ejecutiva');
    // A correction without its reason is refused; with it, a new draft version.
    expect((await postForm(app, `/meetings/${meetingId}/minutes`, { body: 'Corregida' }, secretariat)).status).toBe(409);
    expect((await postForm(app, `/meetings/${meetingId}/minutes`, { body: 'Corregida', correctionReason: 'Fecha' }, secretariat)).status).toBe(303);
  });
});
