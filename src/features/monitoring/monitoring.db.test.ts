import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app.js';
import { actionPlans, auditLog, contestations, documents, milestones, outbox, progressUpdates, remindersSent } from '../../db/schema/index.js';
import { commitmentOut } from '../commitments/schemas.js';
import { importParsedCommitments } from '../ingest/commands.js';
import { ensureInstitution } from '../institutions/commands.js';
import { openPeriod } from './commands.js';
import { runReminders } from './reminders.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { createPlan, NOW, parsedCommitment, parseResult } from '../../../tests/support/factories.js';
import { getAs, postForm, postMultipart, signedInUser, type SignedIn } from '../../../tests/support/auth.js';

let t: TestDatabase;
let app: App;
let commitmentId: number;
let closedCommitmentId: number;
let milestoneId: number;
let contact: SignedIn & { name: string };
let otherContact: SignedIn & { name: string };
let secretariat: SignedIn & { name: string };
let forum: SignedIn & { name: string };
let follower: SignedIn & { name: string; email: string };

const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

async function counts() {
  const [u, d, c] = await Promise.all([t.db.select().from(progressUpdates), t.db.select().from(documents), t.db.select().from(contestations)]);
  return { updates: u.length, documents: d.length, contestations: c.length };
}

function updateForm(fields: Record<string, string>, files: { name: string; bytes: Uint8Array; type?: string }[] = []) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append('evidence', new File([new Uint8Array(f.bytes)], f.name, { type: f.type ?? 'application/octet-stream' }));
  return form;
}

beforeAll(async () => {
  t = await testDatabase();
  const plan = await createPlan(t.db);
  const outcome = await importParsedCommitments(t.db, {
    planId: plan.id,
    parsed: parseResult(parsedCommitment({ completion: 'limited' })),
    source: { name: 'autoevaluacion.txt', format: 'text', content: 'x' },
    actor: 'test',
    dryRun: false,
    now: NOW,
  });
  commitmentId = outcome.commitments[0]!.id;
  const institutionId = outcome.commitments[0]!.leadInstitution!.id;
  milestoneId = outcome.commitments[0]!.milestones.find((m) => m.number === 2)!.id;
  const memberId = plan.memberId;
  const other = await t.db.transaction((tx) => ensureInstitution(tx, memberId, 'Ministerio de Hacienda', 'es', 'test'));
  const closedPlan = await createPlan(t.db, { number: 2 });
  await t.db.update(actionPlans).set({ phase: 'closed' }).where(eq(actionPlans.id, closedPlan.id));
  const closed = await importParsedCommitments(t.db, { planId: closedPlan.id, parsed: parseResult(parsedCommitment()), source: { name: 'b.txt', format: 'text', content: 'y' }, actor: 'test', dryRun: false, now: NOW });
  closedCommitmentId = closed.commitments[0]!.id;

  contact = await signedInUser(t.db, [{ role: 'institution_contact', memberId, institutionId }], NOW, { name: 'Rodrigo Contacto' });
  otherContact = await signedInUser(t.db, [{ role: 'institution_contact', memberId, institutionId: other.id }], NOW, { name: 'Otra Persona' });
  secretariat = await signedInUser(t.db, [{ role: 'secretariat', memberId }], NOW, { name: 'Sofía Secretaría' });
  forum = await signedInUser(t.db, [{ role: 'forum_member', memberId, seat: 'civil_society' }], NOW, { name: 'Carla Sociedad Civil' });
  follower = await signedInUser(t.db, [], NOW, { name: 'Felipe Seguidor', email: 'felipe@example.org' });
  app = createApp({ db: t.db, now: () => NOW, pageCacheTtlMs: 60_000 });
});
afterAll(async () => {
  await t.dispose();
});

const newUpdatePath = () => `/commitments/${commitmentId}/milestones/2/updates/new`;

describe('the monitoring loop: report → verify → public; contest → public', () => {
  it('someone follows the commitment', async () => {
    const res = await postForm(app, `/commitments/${commitmentId}/follow`, {}, follower);
    expect(res.status).toBe(303);
    const page = await (await getAs(app, `/commitments/${commitmentId}/actions`, follower)).text();
    expect(page).toContain('Usted sigue este compromiso');
  });

  it('the public page caches the imported status with its provenance', async () => {
    const html = await (await app.request(`/commitments/${commitmentId}`)).text();
    expect(html).toContain('Estado tomado del informe de autoevaluación importado');
    expect(html).toContain('Historial público');
    expect(html).toContain('Importado de «autoevaluacion.txt»');
  });

  it('an institution contact files a progress update with evidence (file + link) and submits it', async () => {
    const form = await getAs(app, newUpdatePath(), contact);
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('enctype="multipart/form-data"');
    expect(html).toContain('name="_csrf"');
    const res = await postMultipart(
      app,
      newUpdatePath(),
      updateForm({ status: 'substantial', narrative: 'Se publicaron <script>alert(1)</script> los reportes', asOf: '2026-11-20', links: 'https://example.org/acta.pdf', action: 'submit' }, [{ name: 'acta.pdf', bytes: PDF }]),
      contact,
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/work?done=submitted');
    const [u] = await t.db.select().from(progressUpdates).where(eq(progressUpdates.milestoneId, milestoneId));
    expect(u).toMatchObject({ state: 'submitted', status: 'substantial', authorId: contact.userId });
    const docs = await t.db.select().from(documents).where(and(eq(documents.subjectType, 'progress_update'), eq(documents.subjectId, u!.id)));
    expect(docs).toHaveLength(2);
    expect(docs.every((d) => d.type === 'evidence' && d.publishedAt !== null)).toBe(true);
  });

  it('the public page shows it as reported, awaiting verification — never as verified — and the status is unchanged', async () => {
    const html = await (await app.request(`/commitments/${commitmentId}`)).text();
    expect(html).toContain('Reportado «Sustancial» por Rodrigo Contacto');
    expect(html).toContain('en espera de verificación (no cuenta como verificado)');
    expect(html).not.toContain('Verificado por');
    const api = commitmentOut.parse(await (await app.request(`/api/v1/commitments/${commitmentId}`)).json());
    const m = api.milestones.find((x) => x.number === 2)!;
    expect(m.status).toBe('not_started');
    expect(m.statusSource).toBe('self_assessment');
    expect(m.pending).toMatchObject({ status: 'substantial', reportedBy: 'Rodrigo Contacto' });
    expect(m.pending!.evidence.map((e) => e.href)).toContain('https://example.org/acta.pdf');
    expect(m.verifiedBy).toBeNull();
  });

  it('the secretariat sees it in the queue and verifies it; the status becomes public with its provenance', async () => {
    const queue = await (await getAs(app, '/verification', secretariat)).text();
    expect(queue).toContain('Rodrigo Contacto');
    expect(queue).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(queue).not.toContain('<script>alert(1)</script>');
    const [u] = await t.db.select().from(progressUpdates).where(eq(progressUpdates.milestoneId, milestoneId));
    const res = await postForm(app, `/updates/${u!.id}/verify`, {}, secretariat);
    expect(res.status).toBe(303);
    const [m] = await t.db.select().from(milestones).where(eq(milestones.id, milestoneId));
    expect(m!.status).toBe('substantial');
    const api = commitmentOut.parse(await (await app.request(`/api/v1/commitments/${commitmentId}`)).json());
    const out = api.milestones.find((x) => x.number === 2)!;
    expect(out).toMatchObject({ status: 'substantial', statusSource: 'verified_update', reportedBy: 'Rodrigo Contacto', verifiedBy: 'Sofía Secretaría', pending: null, contested: false });
    expect(out.evidence.some((e) => /^\/evidence\/\d+$/.test(e.href))).toBe(true);
    const html = await (await app.request(`/commitments/${commitmentId}`)).text();
    expect(html).toContain('Verificado por Sofía Secretaría');
    expect(html).toContain('Meta 2: estado cambiado de No iniciado a Sustancial por Rodrigo Contacto, verificado por Sofía Secretaría');
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, 'progress_update.verify'));
    expect(audit[0]!.details).toMatchObject({ before: { status: 'not_started' }, after: { status: 'substantial' } });
    expect(audit[0]!.actor).toBe(`user:${secretariat.userId}`);
  });

  it('the evidence file downloads as an attachment, sandboxed', async () => {
    const api = commitmentOut.parse(await (await app.request(`/api/v1/commitments/${commitmentId}`)).json());
    const href = api.milestones.find((x) => x.number === 2)!.evidence.find((e) => e.href.startsWith('/evidence/'))!.href;
    const res = await app.request(href);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain('attachment');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(PDF);
  });

  it('followers and the author are told (e-mail in the outbox and in-app)', async () => {
    const mails = await t.db.select().from(outbox).where(eq(outbox.userId, follower.userId));
    expect(mails.some((m) => m.text.includes('de No iniciado a Sustancial'))).toBe(true);
    const work = await (await getAs(app, '/work', contact)).text();
    expect(work).toContain('Su reporte fue verificado');
  });

  it('a forum member contests the status publicly with a comment', async () => {
    const res = await postMultipart(app, `/commitments/${commitmentId}/milestones/2/contest`, updateForm({ comment: 'Los reportes no están publicados en el sitio.', links: 'https://example.org/captura' }), forum);
    expect(res.status).toBe(303);
    const html = await (await app.request(`/commitments/${commitmentId}`)).text();
    expect(html).toContain('Impugnado por Carla Sociedad Civil');
    expect(html).toContain('(Sociedad civil)');
    expect(html).toContain('Los reportes no están publicados en el sitio.');
    const api = commitmentOut.parse(await (await app.request(`/api/v1/commitments/${commitmentId}`)).json());
    const m = api.milestones.find((x) => x.number === 2)!;
    expect(m.contested).toBe(true);
    expect(m.contestations[0]).toMatchObject({ by: 'Carla Sociedad Civil', seat: 'civil_society', contestedStatus: 'substantial' });
  });

  it('the secretariat returns an update with a reason; the author edits and submits it again', async () => {
    await postMultipart(app, newUpdatePath(), updateForm({ status: 'complete', narrative: 'Terminado', asOf: '2026-11-21', action: 'submit' }), contact);
    const pending = (await t.db.select().from(progressUpdates).where(eq(progressUpdates.state, 'submitted')))[0]!;
    const empty = await postForm(app, `/updates/${pending.id}/return`, { reason: '' }, secretariat);
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('Este campo es obligatorio.');
    const res = await postForm(app, `/updates/${pending.id}/return`, { reason: 'Falta el acta firmada' }, secretariat);
    expect(res.status).toBe(303);
    const work = await (await getAs(app, '/work', contact)).text();
    expect(work).toContain('Falta el acta firmada');
    const edit = await getAs(app, `/updates/${pending.id}/edit`, contact);
    expect(edit.status).toBe(200);
    expect(await edit.text()).toContain('La secretaría devolvió este reporte');
    const again = await postMultipart(app, `/updates/${pending.id}`, updateForm({ status: 'complete', narrative: 'Terminado, con acta', asOf: '2026-11-22', action: 'submit' }), contact);
    expect(again.status).toBe(303);
    const [u] = await t.db.select().from(progressUpdates).where(eq(progressUpdates.id, pending.id));
    expect(u!.state).toBe('submitted');
    const html = await (await app.request(`/commitments/${commitmentId}`)).text();
    expect(html).toContain('Falta el acta firmada');
    const [m] = await t.db.select().from(milestones).where(eq(milestones.id, milestoneId));
    expect(m!.status).toBe('substantial');
  });

  it('a draft is never public', async () => {
    const res = await postMultipart(app, `/commitments/${commitmentId}/milestones/1/updates/new`, updateForm({ status: 'limited', narrative: 'BORRADOR-SECRETO', asOf: '2026-11-22', action: 'draft' }), contact);
    expect(res.status).toBe(303);
    const html = await (await app.request(`/commitments/${commitmentId}`)).text();
    expect(html).not.toContain('BORRADOR-SECRETO');
    const api = await (await app.request(`/api/v1/commitments/${commitmentId}`)).text();
    expect(api).not.toContain('BORRADOR-SECRETO');
  });
});

describe('every write is authorised', () => {
  it('the public is sent to sign in; a contact of another institution, the secretariat and a forum member cannot report', async () => {
    const anon = await app.request(newUpdatePath());
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toMatch(/^\/login\?next=/);
    for (const who of [otherContact, secretariat, forum]) {
      expect((await getAs(app, newUpdatePath(), who)).status).toBe(403);
      const before = await counts();
      const res = await postMultipart(app, newUpdatePath(), updateForm({ status: 'complete', asOf: '2026-11-20', action: 'submit' }), who);
      expect(res.status).toBe(403);
      expect(await counts()).toEqual(before);
    }
  });

  it('nobody reports on, contests or verifies in a closed plan', async () => {
    const before = await counts();
    expect((await postMultipart(app, `/commitments/${closedCommitmentId}/milestones/1/updates/new`, updateForm({ status: 'complete', asOf: '2026-11-20' }), contact)).status).toBe(403);
    expect((await postMultipart(app, `/commitments/${closedCommitmentId}/milestones/1/contest`, updateForm({ comment: 'x' }), forum)).status).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it('a contact cannot verify, a forum member cannot verify, nobody verifies twice', async () => {
    const pending = (await t.db.select().from(progressUpdates).where(eq(progressUpdates.state, 'submitted')))[0]!;
    expect((await postForm(app, `/updates/${pending.id}/verify`, {}, contact)).status).toBe(403);
    expect((await postForm(app, `/updates/${pending.id}/verify`, {}, forum)).status).toBe(403);
    expect((await postForm(app, `/updates/${pending.id}/verify`, {}, secretariat)).status).toBe(303);
    const twice = await postForm(app, `/updates/${pending.id}/verify`, {}, secretariat);
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain('Este reporte ya fue verificado por Sofía Secretaría el ');
  });

  it('without the CSRF token every form is refused and nothing is stored', async () => {
    const before = await counts();
    const form = updateForm({ status: 'complete', asOf: '2026-11-20', action: 'submit' });
    expect((await postMultipart(app, newUpdatePath(), form, contact, { csrf: false })).status).toBe(403);
    expect((await postForm(app, `/commitments/${commitmentId}/milestones/2/contest`, { comment: 'x' }, forum, { csrf: false })).status).toBe(403);
    expect((await postForm(app, '/periods', { planId: '1', name: 'x', deadline: '2026-12-01' }, secretariat, { csrf: false })).status).toBe(403);
    expect((await postForm(app, `/commitments/${commitmentId}/follow`, {}, forum, { csrf: false })).status).toBe(403);
    expect(await counts()).toEqual(before);
  });
});

describe('invalid and hostile input: a clear message, status 422, nothing stored', () => {
  const cases: [string, Record<string, string>, string][] = [
    ['no status', { asOf: '2026-11-20' }, 'Elija un estado de la lista.'],
    ['an unknown status', { status: "complete'; DROP TABLE milestones; --", asOf: '2026-11-20' }, 'Elija un estado de la lista.'],
    ['an impossible date', { status: 'limited', asOf: '2026-02-30' }, 'Escriba una fecha válida'],
    ['a date out of range', { status: 'limited', asOf: '1899-01-01' }, 'Escriba una fecha válida'],
    ['a javascript: link', { status: 'limited', asOf: '2026-11-20', links: 'javascript:alert(1)' }, 'Cada enlace debe empezar por http://'],
    ['a huge narrative', { status: 'limited', asOf: '2026-11-20', narrative: 'x'.repeat(20_001) }, 'El texto es demasiado largo.'],
    ['too many links', { status: 'limited', asOf: '2026-11-20', links: Array.from({ length: 11 }, (_, i) => `https://e.org/${i}`).join('\n') }, 'Como máximo 10 enlaces.'],
    ['a period of another plan', { status: 'limited', asOf: '2026-11-20', periodId: '999999' }, 'Ese período no existe'],
  ];
  for (const [name, fields, message] of cases) {
    it(name, async () => {
      const before = await counts();
      const res = await postMultipart(app, newUpdatePath(), updateForm({ ...fields, action: 'submit' }), contact);
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(message);
      expect(html).not.toContain('<script>');
      expect(await counts()).toEqual(before);
    });
  }

  it('a file that is not an accepted type (an executable named .pdf) is refused, and nothing of the update is stored', async () => {
    const before = await counts();
    const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]);
    const res = await postMultipart(app, newUpdatePath(), updateForm({ status: 'limited', asOf: '2026-11-20', action: 'submit' }, [{ name: 'acta.pdf', bytes: exe }]), contact);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('no es de un tipo aceptado');
    expect(await counts()).toEqual(before);
  });

  it('more than five files are refused', async () => {
    const files = Array.from({ length: 6 }, (_, i) => ({ name: `a${i}.pdf`, bytes: PDF }));
    const res = await postMultipart(app, newUpdatePath(), updateForm({ status: 'limited', asOf: '2026-11-20' }, files), contact);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Como máximo 5 archivos.');
  });

  it('an empty contestation is refused, in English too', async () => {
    const before = await counts();
    const form = updateForm({ comment: '   ' });
    const res = await app.request(`/commitments/${commitmentId}/milestones/2/contest`, { method: 'POST', headers: { cookie: `${forum.cookie}; lang=en` }, body: (form.set('_csrf', forum.csrf), form) });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('This field is required.');
    expect(await counts()).toEqual(before);
  });

  it('SQL-looking and XSS text is stored as written and shown escaped', async () => {
    const comment = `'); DELETE FROM milestones; -- <img src=x onerror=alert(1)>`;
    const res = await postMultipart(app, `/commitments/${commitmentId}/milestones/3/contest`, updateForm({ comment }), forum);
    expect(res.status).toBe(303);
    const [row] = await t.db.select().from(contestations).where(eq(contestations.comment, comment));
    expect(row).toBeDefined();
    const html = await (await app.request(`/commitments/${commitmentId}`)).text();
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img src=x');
    expect((await t.db.select().from(milestones)).length).toBeGreaterThan(0);
  });
});

describe('reporting periods and reminders', () => {
  it('the secretariat opens a period; a contact cannot', async () => {
    const plan = (await t.db.select().from(actionPlans).where(eq(actionPlans.phase, 'implementation')))[0]!;
    expect((await postForm(app, '/periods', { planId: String(plan.id), name: 'Primer año', deadline: '2026-11-28' }, contact)).status).toBe(403);
    const bad = await postForm(app, '/periods', { planId: String(plan.id), name: '', deadline: 'mañana' }, secretariat);
    expect(bad.status).toBe(422);
    const res = await postForm(app, '/periods', { planId: String(plan.id), name: 'Primer año', deadline: '2026-11-28' }, secretariat);
    expect(res.status).toBe(303);
    const page = await (await getAs(app, '/periods', secretariat)).text();
    expect(page).toContain('Primer año');
  });

  it('reminders go out once: before a deadline and for delayed milestones, never twice', async () => {
    await t.db.update(milestones).set({ plannedEnd: '2026-01' }).where(and(eq(milestones.commitmentId, commitmentId), eq(milestones.number, 3)));
    const first = await runReminders(t.db, NOW);
    expect(first).toBeGreaterThan(0);
    const keys = (await t.db.select().from(remindersSent)).map((r) => r.key);
    expect(keys.some((k) => k.startsWith('deadline:'))).toBe(true);
    expect(keys.some((k) => k.startsWith('delayed:'))).toBe(true);
    expect(await runReminders(t.db, NOW)).toBe(0);
    expect(await runReminders(t.db, new Date(NOW.getTime() + 86_400_000))).toBe(0);
    const mails = await t.db.select().from(outbox).where(eq(outbox.userId, contact.userId));
    expect(mails.filter((m) => m.subject.startsWith('Recordatorio')).length).toBe(1);
  });

  it('a period closes; a new one far ahead is not reminded yet', async () => {
    const plan = (await t.db.select().from(actionPlans).where(eq(actionPlans.phase, 'implementation')))[0]!;
    await openPeriod(t.db, { planId: plan.id, name: 'Segundo año', locale: 'es', deadline: '2027-11-30', actorId: secretariat.userId, now: NOW });
    expect(await runReminders(t.db, NOW)).toBe(0);
  });
});
