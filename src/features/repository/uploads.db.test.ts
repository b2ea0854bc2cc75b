import { parse } from 'csv-parse/sync';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app.js';
import { auditLog, documents, documentVersions, documentWithdrawals } from '../../db/schema/index.js';
import { MAX_FILE_BYTES } from '../../lib/files.js';
import { importParsedCommitments } from '../ingest/commands.js';
import { createProgressUpdate } from '../monitoring/commands.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { createPlan, NOW, parsedCommitment, parseResult } from '../../../tests/support/factories.js';
import { getAs, postForm, postMultipart, signedInUser, type SignedIn } from '../../../tests/support/auth.js';

/** Issue 9, scope 5: the secretariat publishes, corrects (versions) and withdraws repository documents. */
let t: TestDatabase;
let app: App;
let planId: number;
let otherPlanId: number;
let commitmentId: number;
let milestoneId: number;
let secretariat: SignedIn & { name: string };
let secretariat2: SignedIn & { name: string };
let otherSecretariat: SignedIn & { name: string };
let contact: SignedIn & { name: string };
let forum: SignedIn & { name: string };
let admin: SignedIn & { name: string };

const PDF = (label: string) => new TextEncoder().encode(`%PDF-1.4\n% ${label}\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n`);

function uploadForm(over: Record<string, string> = {}, file?: { bytes: Uint8Array; name: string; type?: string }) {
  const form = new FormData();
  const fields = { titleEs: 'Acta de la sesión 3', titleEn: 'Minutes of meeting 3', type: 'minutes', plan: String(planId), documentDate: '2026-11-20', kind: file ? 'file' : 'link', url: '', descriptionEs: 'Sesión ordinaria.', descriptionEn: '', ...over };
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file) form.set('file', new File([file.bytes as Uint8Array<ArrayBuffer>], file.name, { type: file.type ?? 'application/octet-stream' }));
  return form;
}

const docCount = async () => (await t.db.select({ id: documents.id }).from(documents)).length;

beforeAll(async () => {
  t = await testDatabase();
  app = createApp({ db: t.db, now: () => NOW, pageCacheTtlMs: 60_000 });
  const plan = await createPlan(t.db);
  planId = plan.id;
  const other = await createPlan(t.db, { code: 'ZZ', number: 1 });
  otherPlanId = other.id;
  const outcome = await importParsedCommitments(t.db, { planId, parsed: parseResult(parsedCommitment({ completion: 'limited' })), source: { name: 'a.txt', format: 'text', content: 'x' }, actor: 'test', dryRun: false, now: NOW });
  const c = outcome.commitments[0]!;
  commitmentId = c.id;
  milestoneId = c.milestones[1]!.id;
  secretariat = await signedInUser(t.db, [{ role: 'secretariat', memberId: plan.memberId }], NOW, { name: 'Sofía Secretaría' });
  secretariat2 = await signedInUser(t.db, [{ role: 'secretariat', memberId: plan.memberId }], NOW, { name: 'Tomás Secretaría' });
  otherSecretariat = await signedInUser(t.db, [{ role: 'secretariat', memberId: other.memberId }], NOW, { name: 'Otra Secretaría' });
  contact = await signedInUser(t.db, [{ role: 'institution_contact', memberId: plan.memberId, institutionId: c.leadInstitution!.id }], NOW, { name: 'Rodrigo Contacto' });
  forum = await signedInUser(t.db, [{ role: 'forum_member', memberId: plan.memberId, seat: 'civil_society' }], NOW, { name: 'Carla Sociedad Civil' });
  admin = await signedInUser(t.db, [{ role: 'admin' }], NOW, { name: 'Ada Admin' });
});
afterAll(() => t.dispose());

describe('publishing, correcting and withdrawing documents', () => {
  let fileDoc: number;
  let linkDoc: number;

  it('the secretariat publishes a file (type from the content) and a link; both public in es and en, each as version 1', async () => {
    expect((await getAs(app, '/repository/new', secretariat, 'en')).status).toBe(200);
    const r = await postMultipart(app, '/repository/new', uploadForm({}, { bytes: PDF('v1'), name: 'acta.html' }), secretariat);
    expect(r.status).toBe(303);
    fileDoc = Number(/\/repository\/(\d+)\?done=published$/.exec(r.headers.get('location') ?? '')![1]);
    const l = await postMultipart(app, '/repository/new', uploadForm({ type: 'plan_document', titleEs: '', titleEn: 'Plan text', url: 'https://example.org/plan.pdf' }), secretariat);
    expect(l.status).toBe(303);
    linkDoc = Number(/\/repository\/(\d+)/.exec(l.headers.get('location') ?? '')![1]);
    const file = await app.request(`/repository/${fileDoc}/file`);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toContain('acta.pdf');
    expect(file.headers.get('content-security-policy')).toContain('sandbox');
    const en = await (await getAs(app, `/repository/${fileDoc}`, null, 'en')).text();
    expect(en).toContain('Minutes of meeting 3');
    expect(en).toContain('Version 1');
    expect(en).toContain('First publication');
    expect(en).toContain('Published by');
    expect(en).toContain('Sofía Secretaría');
    const es = await (await getAs(app, `/repository/${linkDoc}`, null, 'es')).text();
    expect(es).toContain('Versión 1');
    expect(es).toContain('href="https://example.org/plan.pdf"');
    const list = await (await getAs(app, '/repository', null, 'en')).text();
    expect(list).toContain('Minutes of meeting 3');
    expect(list).not.toContain('href="/repository/new"');
    expect(await (await getAs(app, '/repository', secretariat, 'en')).text()).toContain('href="/repository/new"');
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.action, 'document.publish'));
    expect(audits).toHaveLength(2);
  });

  it('a correction is a new version: newest shown, older ones downloadable, each with who, when and why; the API says so', async () => {
    const form = await (await getAs(app, `/repository/${fileDoc}/correct`, secretariat, 'en')).text();
    expect(form).toContain('name="version" value="1"');
    const fd = new FormData();
    fd.set('kind', 'file');
    fd.set('version', '1');
    fd.set('reason', 'Faltaba la lista de asistentes.');
    fd.set('file', new File([PDF('v2') as Uint8Array<ArrayBuffer>], 'acta-corregida.pdf'));
    const r = await postMultipart(app, `/repository/${fileDoc}/correct`, fd, secretariat2);
    expect(r.status).toBe(303);
    const current = await (await app.request(`/repository/${fileDoc}/file`)).text();
    expect(current).toContain('% v2');
    const old = await app.request(`/repository/${fileDoc}/versions/1/file`);
    expect(old.status).toBe(200);
    expect(await old.text()).toContain('% v1');
    expect(old.headers.get('content-security-policy')).toContain('sandbox');
    const page = await (await getAs(app, `/repository/${fileDoc}`, null, 'en')).text();
    expect(page).toContain('<strong>Version 2</strong> (current) · by Tomás Secretaría');
    expect(page).toContain('Reason: Faltaba la lista de asistentes.');
    expect(page).toContain(`href="/repository/${fileDoc}/versions/1/file"`);
    const api = (await (await app.request(`/api/v1/repository/${fileDoc}`)).json()) as { version: number; versions: { number: number; reason: string; by: string }[]; withdrawn: unknown };
    expect(api.version).toBe(2);
    expect(api.versions.map((v) => v.number)).toEqual([2, 1]);
    expect(api.versions[0]).toMatchObject({ reason: 'Faltaba la lista de asistentes.', by: 'Tomás Secretaría' });
    expect(api.withdrawn).toBeNull();
    const list = (await (await app.request(`/api/v1/repository?type=minutes`)).json()) as { items: { id: number; version: number }[] };
    expect(list.items.find((i) => i.id === fileDoc)!.version).toBe(2);
  });

  it('a correction from an older version is refused with who made the newer one; parallel corrections get distinct numbers, one each from the same version', async () => {
    const fd = new FormData();
    fd.set('kind', 'link');
    fd.set('url', 'https://example.org/acta-v3.pdf');
    fd.set('version', '1');
    fd.set('reason', 'Otra corrección');
    const stale = await postMultipart(app, `/repository/${fileDoc}/correct`, fd, secretariat, {});
    expect(stale.status).toBe(409);
    expect(await stale.text()).toMatch(/Tomás Secretaría publicó la versión 2 el/);
    const tries = await Promise.all(
      Array.from({ length: 6 }, (_, i) => {
        const f = new FormData();
        f.set('kind', 'link');
        f.set('url', `https://example.org/acta-${i}.pdf`);
        f.set('version', '2');
        f.set('reason', `Corrección ${i}`);
        return postMultipart(app, `/repository/${fileDoc}/correct`, f, i % 2 ? secretariat : secretariat2);
      }),
    );
    expect(tries.filter((r) => r.status === 303)).toHaveLength(1);
    expect(tries.filter((r) => r.status === 409)).toHaveLength(5);
    const versions = await t.db.select().from(documentVersions).where(eq(documentVersions.documentId, fileDoc)).orderBy(asc(documentVersions.number));
    expect(versions.map((v) => v.number)).toEqual([1, 2, 3]);
    const [doc] = await t.db.select().from(documents).where(eq(documents.id, fileDoc));
    expect(doc!.url).toBe(versions[2]!.url);
    expect(doc!.fileSha256).toBeNull();
  });

  it('a withdrawal needs a public reason; the document stays listed as withdrawn; of two withdrawals one wins; nothing more can be corrected', async () => {
    const empty = await postForm(app, `/repository/${linkDoc}/withdraw`, { reason: '  ' }, secretariat, { lang: 'en' });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('Write the reason.');
    const both = await Promise.all([
      postForm(app, `/repository/${linkDoc}/withdraw`, { reason: 'Publicado por error: era un borrador.' }, secretariat),
      postForm(app, `/repository/${linkDoc}/withdraw`, { reason: 'Duplicado.' }, secretariat2),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([303, 409]);
    expect(await both.find((r) => r.status === 409)!.text()).toContain('El documento ya fue retirado el');
    expect(await t.db.select().from(documentWithdrawals)).toHaveLength(1);
    const list = await (await getAs(app, '/repository', null, 'en')).text();
    expect(list).toContain('Plan text');
    expect(list).toMatch(/Plan text<\/a> <strong class="badge">Withdrawn<\/strong>/);
    const page = await (await getAs(app, `/repository/${linkDoc}`, null, 'en')).text();
    expect(page).toMatch(/Document withdrawn on .*\. Reason: (Publicado por error: era un borrador\.|Duplicado\.)/);
    const csv = parse(await (await app.request('/data/documents.csv')).text(), { bom: true, columns: true }) as Record<string, string>[];
    expect(csv.find((r) => r.id === String(linkDoc))!.withdrawal_reason).toMatch(/Publicado por error|Duplicado/);
    expect(csv.find((r) => r.id === String(fileDoc))!.withdrawn_at).toBe('');
    const api = (await (await app.request(`/api/v1/repository/${linkDoc}`)).json()) as { withdrawn: { reason: string } | null };
    expect(api.withdrawn?.reason).toMatch(/Publicado por error|Duplicado/);
    const fd = new FormData();
    fd.set('kind', 'link');
    fd.set('url', 'https://example.org/x.pdf');
    fd.set('version', '1');
    fd.set('reason', 'x');
    expect((await postMultipart(app, `/repository/${linkDoc}/correct`, fd, secretariat)).status).toBe(409);
    expect(await t.db.select().from(documentVersions).where(eq(documentVersions.documentId, linkDoc))).toHaveLength(1);
  });

  it('hostile and oversized input gets a clear message and changes nothing', async () => {
    const before = await docCount();
    const huge = await postMultipart(app, '/repository/new', uploadForm({}, { bytes: new Uint8Array(MAX_FILE_BYTES + 1).fill(0x25), name: 'grande.pdf' }), secretariat);
    expect(huge.status).toBe(413);
    expect(await huge.text()).toContain('El archivo pesa más de 10 MB, el máximo.');
    const tooBigForAnything = await postMultipart(app, '/repository/new', uploadForm({}, { bytes: new Uint8Array(27 * 1024 * 1024), name: 'enorme.pdf' }), secretariat);
    expect(tooBigForAnything.status).toBe(413);
    const cases: [Record<string, string>, string][] = [
      [{ url: 'javascript:alert(1)' }, 'El enlace debe empezar con http:// o https://'],
      [{ url: 'ftp://example.org/a' }, 'El enlace debe empezar con http:// o https://'],
      [{ url: 'https://user:pw@example.org/a' }, 'El enlace debe empezar con http:// o https://'],
      [{ url: '' }, 'Escriba el enlace.'],
      [{ url: 'https://example.org/a', titleEs: '', titleEn: '' }, 'Escriba el título en español o en inglés.'],
      [{ url: 'https://example.org/a', titleEs: 'x'.repeat(301) }, 'Es demasiado largo.'],
      [{ url: 'https://example.org/a', titleEs: 'dos\nlíneas' }, 'Este valor no es válido.'],
      [{ url: 'https://example.org/a', type: 'evidence' }, 'Elija el tipo: acta, documento del plan u otro.'],
      [{ url: 'https://example.org/a', documentDate: '2026-02-30' }, 'Escriba una fecha válida (AAAA-MM-DD).'],
      [{ url: 'https://example.org/a', plan: String(otherPlanId) }, 'Elija uno de sus planes.'],
      [{ url: 'https://example.org/a', plan: '99999999' }, 'Elija uno de sus planes.'],
      [{ url: 'https://example.org/a', plan: 'abc' }, 'Este valor no es válido.'],
      [{ url: 'https://example.org/a', plan: '' }, 'Solo la administración publica documentos sin plan'],
      [{ kind: 'file' }, 'Elija el archivo.'],
    ];
    for (const [over, message] of cases) {
      const r = await postMultipart(app, '/repository/new', uploadForm(over), secretariat);
      expect(r.status, JSON.stringify(over)).toBe(422);
      expect(await r.text(), JSON.stringify(over)).toContain(message);
    }
    const exe = await postMultipart(app, '/repository/new', uploadForm({}, { bytes: new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]), name: 'acta.pdf' }), secretariat);
    expect(exe.status).toBe(422);
    expect(await exe.text()).toContain('Este tipo de archivo no se acepta');
    const control = await postMultipart(app, '/repository/new', uploadForm({ url: 'https://example.org/a', titleEs: 'Acta\u0000' }), secretariat);
    expect(control.status).toBe(400);
    for (const path of ['/repository/abc/correct', '/repository/99999999/correct', '/repository/0/withdraw', '/repository/1e3/withdraw']) {
      expect((await getAs(app, path, secretariat)).status, path).toBe(404);
    }
    expect(await docCount()).toBe(before);
  });

  it('permissions: anonymous 401, forum member and contact 403, another member’s secretariat 403, administrators may publish without a plan', async () => {
    const before = await docCount();
    const link = { url: 'https://example.org/a' };
    expect((await postMultipart(app, '/repository/new', uploadForm(link), { ...secretariat, cookie: 'csrf=' + secretariat.csrf, userId: 0 })).status).toBe(401);
    expect((await postMultipart(app, '/repository/new', uploadForm(link), forum)).status).toBe(403);
    expect((await postMultipart(app, '/repository/new', uploadForm(link), contact)).status).toBe(403);
    expect((await getAs(app, `/repository/${fileDoc}/withdraw`, otherSecretariat)).status).toBe(403);
    expect((await postForm(app, `/repository/${fileDoc}/withdraw`, { reason: 'no' }, otherSecretariat)).status).toBe(403);
    expect((await postForm(app, `/repository/${fileDoc}/withdraw`, { reason: 'no' }, forum)).status).toBe(403);
    expect(await docCount()).toBe(before);
    const r = await postMultipart(app, '/repository/new', uploadForm({ ...link, plan: '', type: 'other', titleEs: 'Guía general' }), admin);
    expect(r.status).toBe(303);
    const id = Number(/\/repository\/(\d+)/.exec(r.headers.get('location') ?? '')![1]);
    expect((await getAs(app, `/repository/${id}/correct`, secretariat)).status).toBe(403);
    expect((await getAs(app, `/repository/${id}/correct`, admin)).status).toBe(200);
  });

  it('platform-written documents (evidence) are not managed here, and say what they support and who filed them', async () => {
    const update = await createProgressUpdate(t.db, {
      milestoneId,
      authorId: contact.userId,
      status: 'substantial',
      narrative: 'Avance con acta.',
      asOf: '2026-11-01',
      periodId: null,
      locale: 'es',
      evidence: { files: [{ name: 'evidencia.pdf', bytes: PDF('evidence') }], links: [] },
      submit: true,
      now: NOW,
    });
    const [ev] = await t.db.select().from(documents).where(eq(documents.subjectId, update.id));
    expect(ev!.type).toBe('evidence');
    await t.db.update(documents).set({ publishedAt: NOW }).where(eq(documents.id, ev!.id));
    expect((await getAs(app, `/repository/${ev!.id}/correct`, secretariat)).status).toBe(404);
    const page = await (await getAs(app, `/repository/${ev!.id}`, null, 'en')).text();
    expect(page).toContain(`<a href="/commitments/${commitmentId}">a progress report on milestone 2 of commitment 19</a>`);
    expect(page).toContain('Filed by');
    expect(page).toContain('Rodrigo Contacto');
    const list = await (await getAs(app, '/repository?type=evidence', null, 'es')).text();
    expect(list).toContain('Respalda: <a');
    expect(list).toContain('un reporte de avance de la meta 2 del compromiso 19');
    expect(list).toContain('Presentado por: Rodrigo Contacto');
  });
});
