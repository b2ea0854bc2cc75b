import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app.js';
import { outbox } from '../../db/schema/index.js';
import { deliverOutbox, mailLinks, type MailTransport } from '../../lib/mail.js';
import { importParsedCommitments } from '../ingest/commands.js';
import { contestMilestone, createProgressUpdate, openPeriod, replyToContestation, resolveContestation, returnProgressUpdate, setFollow, verifyProgressUpdate } from './commands.js';
import { runReminders } from './reminders.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { createPlan, NOW, parsedCommitment, parseResult } from '../../../tests/support/factories.js';
import { getAs, postForm, signedInUser, type SignedIn } from '../../../tests/support/auth.js';

/**
 * Issue 8, item 11: every e-mail and in-app notice about monitoring names the plan and the commitment
 * (and the milestone) and links to them — absolute from the public address in the e-mail, relative in
 * the app — and notices can be marked read, by their recipient only.
 */
let t: TestDatabase;
let app: App;
let planId: number;
let commitmentId: number;
let milestoneIds: number[];
let contact: SignedIn & { name: string };
let secretariat: SignedIn & { name: string };
let forum: SignedIn & { name: string };
let follower: SignedIn & { name: string };
const BASE = 'https://abierto.example';
const EVERY_KIND = ['to_verify', 'returned', 'verified', 'commitment_change', 'contested', 'contestation_reply', 'contestation_resolved', 'delayed', 'deadline'];

beforeAll(async () => {
  t = await testDatabase();
  const plan = await createPlan(t.db);
  planId = plan.id;
  const outcome = await importParsedCommitments(t.db, { planId, parsed: parseResult(parsedCommitment()), source: { name: 'a.txt', format: 'text', content: 'x' }, actor: 'test', dryRun: false, now: NOW });
  const c = outcome.commitments[0]!;
  commitmentId = c.id;
  milestoneIds = c.milestones.map((m) => m.id);
  contact = await signedInUser(t.db, [{ role: 'institution_contact', memberId: plan.memberId, institutionId: c.leadInstitution!.id }], NOW, { name: 'Contacto Avisos' });
  secretariat = await signedInUser(t.db, [{ role: 'secretariat', memberId: plan.memberId }], NOW, { name: 'Secretaría Avisos' });
  forum = await signedInUser(t.db, [{ role: 'forum_member', memberId: plan.memberId, seat: 'civil_society' }], NOW, { name: 'Foro Avisos' });
  follower = await signedInUser(t.db, [], NOW, { name: 'Seguidora Avisos' });
  app = createApp({ db: t.db, now: () => NOW, publicUrl: BASE });
  await setFollow(t.db, { userId: follower.userId, commitmentId, follow: true, now: NOW });

  // Every kind of message: submitted, returned, verified (and followers told), contested, replied, resolved, reminders.
  const file = (status: 'limited' | 'complete', asOf: string) =>
    createProgressUpdate(t.db, { milestoneId: milestoneIds[1]!, authorId: contact.userId, status, narrative: 'Avance.', asOf, periodId: null, locale: 'es', evidence: { files: [], links: [] }, submit: true, now: NOW });
  const first = await file('limited', '2026-10-01');
  await returnProgressUpdate(t.db, { updateId: first.id, actorId: secretariat.userId, reason: 'Falta evidencia.', now: NOW });
  const second = await file('limited', '2026-10-02');
  await verifyProgressUpdate(t.db, { updateId: second.id, actorId: secretariat.userId, now: NOW });
  const contested = await contestMilestone(t.db, { milestoneId: milestoneIds[1]!, authorId: forum.userId, comment: 'No hay actas.', locale: 'es', evidence: { files: [], links: [] }, now: NOW });
  await replyToContestation(t.db, { contestationId: contested.id, authorId: contact.userId, capacity: 'institution', body: 'Las actas están en el sitio.', now: NOW });
  await resolveContestation(t.db, { contestationId: contested.id, actorId: secretariat.userId, outcome: 'dismissed', reason: 'Las actas existen.', now: NOW });
  await openPeriod(t.db, { planId, name: 'Segundo año', locale: 'es', deadline: '2026-11-26', actorId: secretariat.userId, now: NOW });
  expect(await runReminders(t.db, NOW)).toBeGreaterThan(0);
});
afterAll(async () => {
  await t?.dispose();
});

describe('messages people can act on (issue 8, item 11)', () => {
  it('every kind of notice names and links the plan and the commitment (and the milestone), relative in the app', async () => {
    const rows = await t.db.select().from(outbox).orderBy(asc(outbox.id));
    const kinds = new Set(rows.map((r) => String(r.meta.kind)));
    for (const kind of EVERY_KIND) expect(kinds, kind).toContain(kind);
    for (const r of rows) {
      const links = mailLinks(r.meta);
      const paths = links.map((l) => l.path);
      expect(paths, String(r.meta.kind)).toContain(`/plans/${planId}`);
      expect(links.find((l) => l.path === `/plans/${planId}`)!.label).toBe('Plan de acción: Tercer Plan');
      if (r.meta.kind === 'deadline') {
        expect(paths).toContain('/work');
        continue;
      }
      expect(paths, String(r.meta.kind)).toContain(`/commitments/${commitmentId}`);
      expect(links.find((l) => l.path === `/commitments/${commitmentId}`)!.label).toBe('Compromiso 19: Institucionalización de la Alianza');
      expect(paths.some((p) => /^\/commitments\/\d+#milestone-\d+$/.test(p)), String(r.meta.kind)).toBe(true);
      if (String(r.meta.kind).startsWith('contest')) expect(paths.some((p) => p.startsWith('/contestations/'))).toBe(true);
    }
  });

  it('the e-mails carry the same links, absolute from the public address (never a relative path)', async () => {
    const sent: { to: string; text: string }[] = [];
    const transport: MailTransport = { send: async (m) => void sent.push({ to: m.to, text: m.text }) };
    const r = await deliverOutbox(t.db, transport, 'Abierto <no-reply@abierto.example>', NOW, BASE);
    expect(r.failed).toBe(0);
    expect(sent.length).toBeGreaterThanOrEqual(EVERY_KIND.length);
    for (const m of sent) {
      expect(m.text).toContain('Plan de acción: Tercer Plan');
      expect(m.text).toContain(`${BASE}/plans/${planId}`);
      expect(m.text).not.toMatch(/(^|\s)\/(commitments|contestations|plans)\//m);
    }
    expect(sent.filter((m) => m.text.includes(`${BASE}/commitments/${commitmentId}`)).length).toBe(sent.filter((m) => !m.text.includes('Segundo año')).length);
  });

  it('“My work” lists the notices with their links and the navigation counts the unread ones', async () => {
    const unread = (await t.db.select().from(outbox).where(and(eq(outbox.userId, contact.userId), isNull(outbox.readAt)))).length;
    expect(unread).toBeGreaterThan(1);
    const html = await (await getAs(app, '/work', contact)).text();
    expect(html).toContain(`${unread} avisos sin leer`);
    expect(html).toContain(`href="/commitments/${commitmentId}"`);
    expect(html).toContain(`href="/plans/${planId}"`);
    expect(html).toContain('action="/notices/read-all"');
  });

  it('marks one notice read (a POST form), once; then all; only the recipient’s own', async () => {
    const mine = await t.db.select().from(outbox).where(eq(outbox.userId, contact.userId)).orderBy(asc(outbox.id));
    const theirs = await t.db.select().from(outbox).where(eq(outbox.userId, secretariat.userId)).orderBy(asc(outbox.id));
    const one = mine[0]!;
    const res = await postForm(app, `/notices/${one.id}/read`, {}, contact);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/work?notices=read#s-notifications');
    const [after] = await t.db.select().from(outbox).where(eq(outbox.id, one.id));
    expect(after!.readAt?.toISOString()).toBe(NOW.toISOString());
    // Again: nothing changes (conditional update), still a redirect.
    expect((await postForm(app, `/notices/${one.id}/read`, {}, contact)).status).toBe(303);

    // Someone else's notice, wrong ids, no session, no CSRF token: refused, nothing changes.
    const before = await t.db.select().from(outbox).orderBy(asc(outbox.id));
    expect((await postForm(app, `/notices/${theirs[0]!.id}/read`, {}, contact)).status).toBe(404);
    expect((await postForm(app, `/notices/${mine[1]!.id}/read`, {}, follower)).status).toBe(404);
    for (const bad of ['0', 'abc', '-1', '1e3', '99999999', '99999999999999999999', '%00']) expect((await postForm(app, `/notices/${bad}/read`, {}, contact)).status, bad).toBe(404);
    expect((await postForm(app, `/notices/${mine[1]!.id}/read`, {}, null)).status).toBe(401);
    expect((await postForm(app, `/notices/${mine[1]!.id}/read`, {}, contact, { csrf: false })).status).toBe(403);
    expect((await postForm(app, '/notices/read-all', {}, contact, { csrf: false })).status).toBe(403);
    expect(await t.db.select().from(outbox).orderBy(asc(outbox.id))).toEqual(before);

    // Mark all read: every one of the contact's, none of anyone else's.
    expect((await postForm(app, '/notices/read-all', {}, contact)).status).toBe(303);
    const left = await t.db.select().from(outbox).where(and(eq(outbox.userId, contact.userId), isNull(outbox.readAt)));
    expect(left).toEqual([]);
    const others = await t.db.select().from(outbox).where(and(inArray(outbox.userId, [secretariat.userId, follower.userId]), isNull(outbox.readAt)));
    expect(others.length).toBe(before.filter((r) => (r.userId === secretariat.userId || r.userId === follower.userId) && r.readAt === null).length);
    const html = await (await getAs(app, '/work?notices=read', contact)).text();
    expect(html).not.toContain('sin leer');
    expect(html).toContain('Listo: los avisos quedaron marcados como leídos.');
  });
});
