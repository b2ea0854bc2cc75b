import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app.js';
import { callApplicationFiles, callApplications, openCalls, organisations, outbox } from '../../db/schema/index.js';
import type { MailTransport } from '../../lib/mail.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { getAs, postForm, signedInUser, type SignedIn } from '../../../tests/support/auth.js';
import { formStamp } from '../cocreation/spam.js';
import { formatDate } from '../../ui/format.js';
import { ensureMember } from '../plans/commands.js';
import { createForum } from '../forum/commands.js';

const NOW = new Date('2026-11-23T12:00:00Z');
let t: TestDatabase;
/** No SMTP: e-mail applications are refused, and nobody is shown a confirmation link. */
let app: App;
/** With SMTP (a transport that keeps what it sends), behind a proxy so each test comes from its own address. */
let mailApp: App;
const sent: { to: string; text: string }[] = [];
const transport: MailTransport = { send: async (m) => void sent.push({ to: m.to, text: m.text }) };
let memberId: number;
let forumId: number;
let secretariat: SignedIn & { name: string };
let secretariat2: SignedIn & { name: string };
let applicant: SignedIn & { email: string; name: string };
let stranger: SignedIn;
let callId: number;

const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF');
const PRIVATE = { legal: 'Leonor Legalista Privada', repEmail: 'rosa.privada@example.org', applicantEmail: 'postulante.privado@example.org' };

const fields = (over: Record<string, string> = {}): Record<string, string> => ({
  organisationName: 'Fundación Ciudadanía Activa',
  kind: 'civil_society',
  region: 'Biobío',
  organisationWebsite: 'https://ciudadania.example',
  mission: 'Promover la participación',
  focusAreas: 'participación, transparencia',
  legalRepresentative: PRIVATE.legal,
  representativeName: 'Rosa Representante',
  representativeEmail: PRIVATE.repEmail,
  experience: 'Doce años de trabajo territorial',
  motivation: 'Aportar a la Mesa',
  contribution: 'Redes regionales',
  regionalPresence: 'Biobío y Ñuble',
  started: formStamp(new Date(NOW.getTime() - 60_000)),
  ...over,
});

let ipCounter = 0;
/** A multipart POST, signed in or not, from its own address (X-Forwarded-For, trusted by `mailApp`). */
function send(target: App, path: string, data: Record<string, string>, files: { name: string; bytes: Uint8Array; type?: string }[], who: SignedIn | null, ip = `203.0.113.${(ipCounter += 1)}`) {
  const form = new FormData();
  for (const [k, v] of Object.entries(data)) form.append(k, v);
  for (const f of files) form.append('documents', new File([Buffer.from(f.bytes)], f.name, { type: f.type ?? 'application/pdf' }));
  const csrf = who?.csrf ?? randomBytes(32).toString('base64url');
  form.set('_csrf', csrf);
  return Promise.resolve(target.request(path, { method: 'POST', headers: { cookie: who ? who.cookie : `csrf=${csrf}`, 'x-forwarded-for': ip }, body: form }));
}
const text = (r: Response | Promise<Response>) => Promise.resolve(r).then((x) => x.text());

beforeAll(async () => {
  t = await testDatabase();
  memberId = (await t.db.transaction((tx) => ensureMember(tx, { code: 'CHL', name: { es: 'Chile', en: 'Chile' } }, 'test'))).id;
  forumId = (await createForum(t.db, 'test', { memberId, name: { es: 'Mesa de Gobierno Abierto', en: 'Open Government Forum' }, functions: {}, sectors: [{ code: 'civil_society', name: { es: 'Sociedad civil' }, seats: 2, electedBy: 'civil_society' }] })).id;
  app = createApp({ db: t.db, now: () => NOW, pageCacheTtlMs: 0 });
  mailApp = createApp({ db: t.db, now: () => NOW, pageCacheTtlMs: 0, mailTransport: transport, trustProxy: true });
  secretariat = await signedInUser(t.db, [{ role: 'secretariat', memberId }], NOW, { name: 'Sara Secretaria' });
  secretariat2 = await signedInUser(t.db, [{ role: 'secretariat', memberId }], NOW, { name: 'Simón Secretario' });
  applicant = await signedInUser(t.db, [], NOW, { name: 'Ana Postulante', email: PRIVATE.applicantEmail });
  stranger = await signedInUser(t.db, [], NOW);
});

afterAll(async () => {
  await t.dispose();
});

describe('the secretariat prepares and publishes a call', () => {
  it('refuses broken, hostile or oversized input and stores nothing', async () => {
    const bads: Record<string, string>[] = [
      { titleEs: '', titleEn: '', opensOn: '2026-11-01', closesOn: '2026-12-31', kinds: 'civil_society' },
      { titleEs: 'Convocatoria', opensOn: '2026-02-30', closesOn: '2026-12-31', kinds: 'civil_society' },
      { titleEs: 'Convocatoria', opensOn: '2026-12-31', closesOn: '2026-11-01', kinds: 'civil_society' },
      { titleEs: 'Convocatoria', opensOn: '2026-11-01', closesOn: '2026-12-31', kinds: 'pirates' },
      { titleEs: 'x'.repeat(301), opensOn: '2026-11-01', closesOn: '2026-12-31', kinds: 'academia' },
    ];
    for (const bad of bads) {
      const r = await postForm(app, `/forums/${forumId}/open-calls/new`, bad, secretariat);
      expect(r.status).toBe(422);
      expect(await text(r)).toContain('Revise el formulario');
    }
    // Control characters are refused before any handler, with a page that says so (src/lib/input-guard.ts).
    const control = await postForm(app, `/forums/${forumId}/open-calls/new`, { titleEs: 'Con\u0007trol', opensOn: '2026-11-01', closesOn: '2026-12-31', kinds: 'academia' }, secretariat);
    expect(control.status).toBe(400);
    expect((await postForm(app, `/forums/${forumId}/open-calls/new`, { titleEs: 'X', opensOn: '2026-11-01', closesOn: '2026-12-31', kinds: 'academia' }, stranger)).status).toBe(403);
    expect(await t.db.select().from(openCalls)).toHaveLength(0);
  });

  it('creates a draft (private), edits it, publishes it', async () => {
    const r = await postForm(app, `/forums/${forumId}/open-calls/new`, { titleEs: 'Convocatoria a la Red', titleEn: 'Call to the Network', eligibilityEs: 'Personas jurídicas sin fines de lucro', opensOn: '2026-11-01', closesOn: '2026-12-15', kinds: ['civil_society', 'academia'] }, secretariat);
    expect(r.status).toBe(303);
    callId = Number(r.headers.get('location')!.match(/open-calls\/(\d+)/)![1]);
    expect((await getAs(app, `/open-calls/${callId}`, null)).status).toBe(404);
    expect((await getAs(app, `/open-calls/${callId}`, stranger)).status).toBe(404);
    expect((await app.request(`/api/v1/open-calls/${callId}`)).status).toBe(404);
    expect(await text(getAs(app, `/forums/${forumId}/open-calls`, null))).not.toContain('Convocatoria a la Red');
    const edit = await postForm(app, `/open-calls/${callId}/edit`, { titleEs: 'Convocatoria a la Red 2027', titleEn: 'Call to the Network 2027', eligibilityEs: 'Personas jurídicas sin fines de lucro', opensOn: '2026-11-01', closesOn: '2026-12-15', kinds: ['civil_society', 'academia'] }, secretariat);
    expect(edit.status).toBe(303);
    expect((await postForm(app, `/open-calls/${callId}/publish`, {}, stranger)).status).toBe(404);
    expect((await postForm(app, `/open-calls/${callId}/publish`, {}, secretariat)).status).toBe(303);
    expect((await postForm(app, `/open-calls/${callId}/publish`, {}, secretariat)).status).toBe(409);
    expect((await postForm(app, `/open-calls/${callId}/edit`, { titleEs: 'Otra', opensOn: '2026-11-01', closesOn: '2026-12-15', kinds: 'academia' }, secretariat)).status).toBe(422);
    const page = await text(getAs(app, `/open-calls/${callId}`, null));
    expect(page).toContain('Convocatoria a la Red 2027');
    expect(page).toContain('Abierta');
    expect(page).toContain('Postular a esta convocatoria');
    expect(await text(getAs(app, `/open-calls/${callId}`, null, 'en'))).toContain('Call to the Network 2027');
    expect((await app.request('/api/v1/open-calls/abc')).status).toBe(400);
    expect((await app.request('/api/v1/open-calls/99999999999')).status).toBe(400);
    expect((await app.request('/api/v1/open-calls/999999')).status).toBe(404);
    const list = await (await app.request('/api/v1/open-calls')).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ id: callId, phase: 'open', kinds: ['civil_society', 'academia'], counts: { received: 0, accepted: 0, rejected: 0, pending: 0 } });
  });
});

describe('applying', () => {
  let applicationId: number;

  it('without SMTP, an anonymous applicant is told e-mail applications need mail, and sees no link', async () => {
    const form = await text(getAs(app, `/open-calls/${callId}/apply`, null));
    expect(form).toContain('no hay un servidor de correo configurado');
    expect(form).not.toContain('name="applicantEmail"');
    const before = (await t.db.select().from(outbox)).length;
    const r = await send(app, `/open-calls/${callId}/apply`, { ...fields(), applicantEmail: 'anon@example.org' }, [], null);
    expect(r.status).toBe(422);
    expect(await r.text()).not.toMatch(/applications\/confirm\//);
    expect((await t.db.select().from(outbox)).length).toBe(before);
    expect(await t.db.select().from(callApplications)).toHaveLength(0);
  });

  it('refuses hostile, oversized and wrongly typed input, storing nothing', async () => {
    const cases: [Record<string, string>, { name: string; bytes: Uint8Array; type?: string }[]][] = [
      [fields({ organisationName: '' }), []],
      [fields({ kind: 'private_sector' }), []],
      [fields({ kind: "civil_society'; drop table organisations;--" }), []],
      [fields({ organisationWebsite: 'javascript:alert(1)' }), []],
      [fields({ representativeEmail: 'no-es-correo' }), []],
      [fields({ mission: 'x'.repeat(5001) }), []],
      [fields({ focusAreas: Array.from({ length: 11 }, (_, i) => `área ${i}`).join(',') }), []],
      [fields(), [{ name: 'estatutos.pdf', bytes: new TextEncoder().encode('<html><script>alert(1)</script></html>') }]],
      [fields(), [{ name: 'grande.pdf', bytes: new Uint8Array(5 * 1024 * 1024 + 1).fill(0x25) }]],
      [fields(), Array.from({ length: 6 }, (_, i) => ({ name: `d${i}.pdf`, bytes: PDF }))],
      [fields({ website: 'soy-un-bot' }), []],
    ];
    for (const [data, files] of cases) {
      const r = await send(app, `/open-calls/${callId}/apply`, data, files, applicant);
      expect(r.status, JSON.stringify(Object.keys(data)) + files.length).toBe(422);
    }
    expect((await send(app, `/open-calls/${callId}/apply`, fields({ motivation: 'nul\u0000byte' }), [], applicant)).status).toBe(400);
    expect(await t.db.select().from(callApplications)).toHaveLength(0);
    expect(await t.db.select().from(callApplicationFiles)).toHaveLength(0);
    const again = await send(app, `/open-calls/${callId}/apply`, fields({ organisationName: '' }), [], applicant);
    expect(await again.text()).toContain('Este campo es obligatorio');
  });

  it('with an account: received at once, with its documents; the page is private', async () => {
    const r = await send(app, `/open-calls/${callId}/apply`, fields(), [{ name: 'estatutos.pdf', bytes: PDF }], applicant);
    expect(r.status).toBe(303);
    applicationId = Number(r.headers.get('location')!.match(/applications\/(\d+)/)![1]);
    expect(r.headers.get('location')).toBe(`/applications/${applicationId}?done=submitted`);
    const mine = await getAs(app, r.headers.get('location')!, applicant);
    expect(mine.status).toBe(200);
    expect(mine.headers.get('cache-control')).toContain('no-store');
    const html = await mine.text();
    expect(html).toContain('Postulación recibida');
    expect(html).toContain('En revisión');
    expect(html).toContain(PRIVATE.legal);
    expect((await getAs(app, `/applications/${applicationId}`, stranger)).status).toBe(404);
    expect((await getAs(app, `/applications/${applicationId}`, null)).status).toBe(303);
    const fileId = html.match(/\/files\/(\d+)/)![1];
    const file = await getAs(app, `/applications/${applicationId}/files/${fileId}`, secretariat);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toContain('attachment');
    expect(file.headers.get('content-security-policy')).toContain('sandbox');
    expect((await getAs(app, `/applications/${applicationId}/files/${fileId}`, stranger)).status).toBe(404);
    expect((await getAs(app, `/applications/${applicationId}/files/${fileId}`, null)).status).toBe(303);
    expect(await text(getAs(app, `/open-calls/${callId}`, applicant))).toContain('Mis postulaciones');
  });

  it('by e-mail (with SMTP): unconfirmed until the link is followed, never shown on screen; honeypot and rate limit', async () => {
    const r = await send(mailApp, `/open-calls/${callId}/apply`, { ...fields({ organisationName: 'Centro de Estudios Sur', kind: 'academia' }), applicantEmail: 'centro@example.org' }, [], null, '198.51.100.7');
    expect(r.status).toBe(303);
    const landing = await text(getAs(mailApp, r.headers.get('location')!, null));
    expect(landing).toContain('Le enviamos un enlace de confirmación');
    expect(landing).not.toMatch(/applications\/confirm\//);
    await mailApp.deps.idle();
    const link = sent.filter((m) => m.to === 'centro@example.org').at(-1)!.text.match(/http:\/\/localhost(\/applications\/confirm\/[A-Za-z0-9_-]{43})/)![1]!;
    expect((await t.db.select().from(callApplications).where(eq(callApplications.organisationName, 'Centro de Estudios Sur')))[0]!.state).toBe('unconfirmed');
    expect((await (await app.request(`/api/v1/open-calls/${callId}`)).json()).counts.received).toBe(1);
    const confirmPage = await text(getAs(mailApp, link, null));
    expect(confirmPage).toContain('Confirmar mi postulación');
    const confirmed = await postForm(mailApp, link, {}, null);
    expect(confirmed.status).toBe(303);
    const privatePath = confirmed.headers.get('location')!;
    expect(privatePath).toMatch(/^\/applications\/private\/[A-Za-z0-9_-]{43}\?done=confirmed$/);
    expect(await text(getAs(mailApp, privatePath, null))).toContain('Centro de Estudios Sur');
    expect((await postForm(mailApp, link, {}, null)).status).toBe(404);
    expect((await getAs(mailApp, `/applications/private/${'A'.repeat(43)}`, null)).status).toBe(404);
    // A bot fills the hidden field, or posts at once.
    expect((await send(mailApp, `/open-calls/${callId}/apply`, { ...fields({ website: 'http://spam' }), applicantEmail: 'bot@example.org' }, [], null)).status).toBe(422);
    expect((await send(mailApp, `/open-calls/${callId}/apply`, { ...fields({ started: formStamp(NOW) }), applicantEmail: 'bot@example.org' }, [], null)).status).toBe(422);
    // Five an hour from one address.
    for (let i = 0; i < 4; i += 1) expect((await send(mailApp, `/open-calls/${callId}/apply`, { ...fields({ organisationName: `Flood ${i}` }), applicantEmail: `f${i}@example.org` }, [], null, '198.51.100.7')).status).toBe(303);
    const limited = await send(mailApp, `/open-calls/${callId}/apply`, { ...fields({ organisationName: 'Flood 5' }), applicantEmail: 'f5@example.org' }, [], null, '198.51.100.7');
    expect(limited.status).toBe(429);
    expect(await limited.text()).toContain('demasiadas postulaciones');
  });

  it('the secretariat asks for more information; the applicant answers; two secretaries accept at once: one wins', async () => {
    const queue = await text(getAs(app, `/open-calls/${callId}/applications`, secretariat));
    expect(queue).toContain('Fundación Ciudadanía Activa');
    expect(queue).not.toContain('Flood 1');
    expect((await getAs(app, `/open-calls/${callId}/applications`, stranger)).status).toBe(403);
    expect((await postForm(app, `/applications/${applicationId}/decide`, { decision: 'accept', reason: 'ok' }, applicant)).status).toBe(403);
    expect((await postForm(app, `/applications/${applicationId}/decide`, { decision: 'maybe', reason: '' }, secretariat)).status).toBe(422);
    expect((await postForm(app, `/applications/${applicationId}/decide`, { decision: 'more_info', reason: '¿Pueden adjuntar sus estatutos vigentes?' }, secretariat)).status).toBe(303);
    const asked = await text(getAs(app, `/applications/${applicationId}`, applicant));
    expect(asked).toContain('Se pidió más información');
    expect(asked).toContain('¿Pueden adjuntar sus estatutos vigentes?');
    expect((await send(app, `/applications/${applicationId}/answer`, { answer: 'Adjuntamos los estatutos' }, [{ name: 'estatutos.pdf', bytes: PDF }], stranger)).status).toBe(404);
    expect((await send(app, `/applications/${applicationId}/answer`, { answer: '' }, [], applicant)).status).toBe(422);
    expect((await send(app, `/applications/${applicationId}/answer`, { answer: 'Adjuntamos los estatutos' }, [{ name: 'estatutos-2026.pdf', bytes: PDF }], applicant)).status).toBe(303);
    expect((await send(app, `/applications/${applicationId}/answer`, { answer: 'Otra vez' }, [], applicant)).status).toBe(409);
    const [a, b] = await Promise.all([
      postForm(app, `/applications/${applicationId}/decide`, { decision: 'accept', reason: 'Cumple los requisitos de la convocatoria' }, secretariat),
      postForm(app, `/applications/${applicationId}/decide`, { decision: 'reject', reason: 'No cumple' }, secretariat2),
    ]);
    expect([a.status, b.status].sort()).toEqual([303, 409]);
    const loser = a.status === 409 ? a : b;
    expect(await loser.text()).toMatch(/Ya lo decidió (Sara Secretaria|Simón Secretario) el/);
    const [row] = await t.db.select().from(callApplications).where(eq(callApplications.id, applicationId));
    const seen = await text(getAs(app, `/applications/${applicationId}`, applicant));
    expect(seen).toContain(row!.reason!);
    if (row!.state === 'accepted') expect(seen).toContain('Se unió a la red');
  });

  it('an e-mail applicant answers a request through the private link mailed to them; the older link stops working', async () => {
    const [centro] = await t.db.select().from(callApplications).where(eq(callApplications.organisationName, 'Centro de Estudios Sur'));
    const linksSent = () => [...sent.filter((m) => m.to === 'centro@example.org').map((m) => m.text)].join('\n').match(/\/applications\/private\/[A-Za-z0-9_-]{43}/g) ?? [];
    const before = linksSent().at(-1)!;
    expect((await postForm(mailApp, `/applications/${centro!.id}/decide`, { decision: 'more_info', reason: '¿Qué regiones cubren?' }, secretariat)).status).toBe(303);
    await mailApp.deps.idle();
    const fresh = linksSent().at(-1)!;
    expect(fresh).not.toBe(before);
    expect((await getAs(mailApp, before, null)).status).toBe(404);
    const page = await text(getAs(mailApp, fresh, null));
    expect(page).toContain('¿Qué regiones cubren?');
    expect(page).toContain('Responder a la secretaría');
    expect((await send(mailApp, `${fresh}/answer`, { answer: 'Biobío, Ñuble y Araucanía' }, [], null)).status).toBe(303);
    expect(await text(getAs(mailApp, fresh, null))).toContain('Biobío, Ñuble y Araucanía');
    expect((await send(mailApp, `${fresh}/answer`, { answer: 'Otra vez' }, [], null)).status).toBe(409);
    // The secretariat leaves it under review (pending) for the counts below.
  });

  it('an accepted organisation is listed in the network with the day it joined; a rejected one is not', async () => {
    // Make sure both outcomes exist, whichever won the race above.
    const [row] = await t.db.select().from(callApplications).where(eq(callApplications.id, applicationId));
    const other = await send(app, `/open-calls/${callId}/apply`, fields({ organisationName: row!.state === 'accepted' ? 'Rechazable' : 'Aceptable' }), [], applicant);
    const otherId = Number(other.headers.get('location')!.match(/applications\/(\d+)/)![1]);
    expect((await postForm(app, `/applications/${otherId}/decide`, { decision: row!.state === 'accepted' ? 'reject' : 'accept', reason: 'Decidido' }, secretariat)).status).toBe(303);
    const accepted = row!.state === 'accepted' ? 'Fundación Ciudadanía Activa' : 'Aceptable';
    const rejected = row!.state === 'accepted' ? 'Rechazable' : 'Fundación Ciudadanía Activa';
    const network = await text(getAs(app, `/forums/${forumId}/network`, null));
    expect(network).toContain(accepted);
    expect(network).toContain(formatDate(NOW, 'es'));
    expect(network).not.toContain(rejected);
    const orgs = await (await app.request('/api/v1/organisations')).json();
    expect(orgs.items.map((o: { name: string }) => o.name)).toContain(accepted);
    expect(orgs.items.map((o: { name: string }) => o.name)).not.toContain(rejected);
    const [org] = await t.db.select().from(organisations).where(eq(organisations.name, accepted));
    expect(org!.joinedNetworkAt).toEqual(NOW);
    const counts = (await (await app.request(`/api/v1/open-calls/${callId}`)).json()).counts;
    expect(counts).toEqual({ received: 3, accepted: 1, rejected: 1, pending: 1 });
    const page = await text(getAs(app, `/open-calls/${callId}`, null));
    expect(page).toMatch(/<dt>Rechazadas<\/dt>\s*<dd>1<\/dd>/);
  });

  it('the secretariat closes the call by hand: no more applications', async () => {
    expect((await postForm(app, `/open-calls/${callId}/close`, {}, secretariat)).status).toBe(303);
    expect(await text(getAs(app, `/open-calls/${callId}`, null))).toContain('Cerrada');
    expect((await send(app, `/open-calls/${callId}/apply`, fields({ organisationName: 'Tarde' }), [], applicant)).status).toBe(409);
    expect((await (await app.request("/api/v1/open-calls")).json()).items[0].phase).toBe('closed');
  });

  it('privacy: no applicant e-mail or legal-representative data on any public page, API answer or download', async () => {
    const paths = [`/open-calls/${callId}`, `/forums/${forumId}/open-calls`, `/forums/${forumId}/network`, `/forums/${forumId}`, '/api/v1/open-calls', `/api/v1/open-calls/${callId}`, '/api/v1/organisations', `/api/v1/forums/${forumId}`, '/api/v1/openapi.json', '/data'];
    const dataPage = await text(getAs(app, '/data', null));
    for (const m of dataPage.matchAll(/href="(\/data\/[^"#?]+\.(?:csv|json))"/g)) paths.push(m[1]!);
    for (const path of paths) {
      for (const lang of ['es', 'en'] as const) {
        const r = await getAs(app, path, null, lang);
        expect(r.status, path).toBe(200);
        const body = await r.text();
        for (const secret of [PRIVATE.legal, PRIVATE.repEmail, PRIVATE.applicantEmail, 'centro@example.org', 'Leonor', 'Rechazable', 'Doce años de trabajo territorial']) expect(body, `${path} shows ${secret}`).not.toContain(secret);
      }
    }
  });
});
