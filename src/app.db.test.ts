import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from './app.js';
import { commitmentOut } from './features/commitments/schemas.js';
import { importParsedCommitments } from './features/ingest/commands.js';
import { planDetailOut, planSummaryOut } from './features/plans/schemas.js';
import { testDatabase, type TestDatabase } from '../tests/support/db.js';
import { createPlan, NOW, parsedCommitment, parseResult } from '../tests/support/factories.js';
import { signedInUser } from '../tests/support/auth.js';

let t: TestDatabase;
let app: App;
let planId: number;
let commitmentId: number;
let institutionId: number;

beforeAll(async () => {
  t = await testDatabase();
  planId = (await createPlan(t.db)).id;
  const outcome = await importParsedCommitments(t.db, {
    planId,
    parsed: parseResult(parsedCommitment({ completion: 'substantial' }), parsedCommitment({ number: 2, title: 'Segundo <b>compromiso</b>', milestones: [] })),
    source: { name: 'doc.txt', format: 'text', content: 'x' },
    actor: 'test',
    dryRun: false,
    now: NOW,
  });
  commitmentId = outcome.commitments.find((c) => c.number === '19')!.id;
  institutionId = outcome.commitments[0]!.leadInstitution!.id;
  app = createApp({ db: t.db, now: () => NOW, pageCacheTtlMs: 60_000 });
});
afterAll(async () => {
  await t.dispose();
});

const en = { headers: { cookie: 'lang=en' } };

describe('public pages', () => {
  it('home lists the plans with their roll-up', async () => {
    const res = await app.request('/');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('Tercer Plan');
    expect(html).toContain(`href="/plans/${planId}"`);
    expect(html).toContain('2 compromisos');
  });

  it('the plan page lists every commitment, in number order, with completion, roll-up, delays and the rule', async () => {
    const html = await (await app.request(`/plans/${planId}`)).text();
    expect(html.indexOf('Segundo')).toBeLessThan(html.indexOf('Institucionalización'));
    expect(html).toContain('Segundo &lt;b&gt;compromiso&lt;/b&gt;');
    expect(html).not.toContain('<b>compromiso</b>');
    expect(html).toContain('Sustancial');
    expect(html).toContain('Sin reporte');
    expect(html).toContain('50 % de avance, según 2 de 3 metas reportadas');
    expect(html).toContain('1 meta con retraso');
    expect(html).toContain('Una meta sin reporte no cuenta como «No iniciado»');
    expect(html).toContain(`href="/institutions/${institutionId}"`);
  });

  it('the commitment page lays out the template and the milestones as a timeline', async () => {
    const html = await (await app.request(`/commitments/${commitmentId}`)).text();
    for (const text of [
      'Compromiso n° 19: Institucionalización de la Alianza',
      'Tema',
      'Implementación de la Alianza para el Gobierno Abierto',
      'septiembre de 2016 a junio de 2018',
      'Rodrigo Mora Ortega',
      'mailto:rmora@example.cl',
      'Red Chilena de Gobierno Abierto',
      'Status quo o problema/desafío que será atendido',
      'Meta 1: Diseño',
      'El reporte dice: con retraso',
      'Su retraso se debe a varias razones.',
      'Coordinar el lanzamiento',
      'class="timeline"',
      'Importado de «doc.txt»',
    ]) {
      expect(html, text).toContain(text);
    }
    // The completion row: four columns, the mark under "Sustancial".
    const completion = html.slice(html.indexOf('class="completion"'), html.indexOf('</table>', html.indexOf('class="completion"')));
    const cells = [...completion.matchAll(/<td>(.*?)<\/td>/g)].map((m) => m[1]);
    expect(cells).toHaveLength(4);
    expect(cells.map((c) => (c ?? '').includes('X'))).toEqual([false, false, true, false]);
  });

  it('the institution page lists the commitments it leads and its contacts', async () => {
    const html = await (await app.request(`/institutions/${institutionId}`)).text();
    expect(html).toContain('Ministerio Secretaría General de la Presidencia');
    expect(html).toContain('Rodrigo Mora Ortega');
    expect(html).toContain(`href="/commitments/${commitmentId}"`);
  });

  it('switches the interface to English with a plain link, and marks content that exists only in Spanish', async () => {
    const sw = await app.request(`/lang/en?next=${encodeURIComponent(`/plans/${planId}`)}`);
    expect(sw.status).toBe(303);
    expect(sw.headers.get('location')).toBe(`/plans/${planId}`);
    expect(sw.headers.get('set-cookie')).toMatch(/lang=en;.*HttpOnly/i);
    const html = await (await app.request(`/commitments/${commitmentId}`, en)).text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Commitment 19');
    expect(html).toContain('Milestone 1');
    expect(html).toContain('<span lang="es">Implementación de la Alianza para el Gobierno Abierto</span>');
    expect(html).toContain('href="/lang/es?next=');
  });

  it('does not redirect elsewhere from the language switch', async () => {
    for (const next of ['https://evil.example', '//evil.example', '/\\evil.example', 'javascript:alert(1)']) {
      const res = await app.request(`/lang/es?next=${encodeURIComponent(next)}`);
      expect(res.headers.get('location')).toBe('/');
    }
    expect((await app.request('/lang/fr')).status).toBe(404);
  });

  it.each(['/plans/999999', '/plans/abc', '/plans/-1', '/plans/1e3', '/plans/99999999999', '/commitments/0', '/institutions/x', '/nowhere', `/plans/${'9'.repeat(5000)}`])(
    '404 page for %s',
    async (path) => {
      const res = await app.request(path);
      expect(res.status).toBe(404);
      const html = await res.text();
      expect(html).toContain('Página no encontrada');
      expect(html).toContain('href="/"');
    },
  );

  it('sends security headers and a CSP that allows the inline stylesheet by hash only', async () => {
    const res = await app.request('/');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('serves cached pages with an ETag (304 when unchanged) and gzip when asked', async () => {
    const first = await app.request(`/plans/${planId}`);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await app.request(`/plans/${planId}`, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    const zipped = await app.request(`/plans/${planId}`, { headers: { 'accept-encoding': 'gzip, br' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    const body = gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString('utf8');
    expect(body).toBe(await first.text());
    // The English page is cached apart from the Spanish one.
    const english = await (await app.request(`/plans/${planId}`, en)).text();
    expect(english).toContain('<html lang="en">');
  });
});

describe('the page cache never shares one person\'s page', () => {
  it('a public page sends no cookie, and a cached copy keeps the security headers', async () => {
    const first = await app.request(`/institutions/${institutionId}`);
    expect(first.headers.get('set-cookie')).toBeNull();
    const second = await app.request(`/institutions/${institutionId}`);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(second.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(second.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('a page with a form (its CSRF token) is rendered for each visitor, never from the cache', async () => {
    const a = await app.request('/login', { headers: { cookie: `csrf=${'a'.repeat(43)}` } });
    const b = await app.request('/login', { headers: { cookie: `csrf=${'b'.repeat(43)}` } });
    expect(await a.text()).toContain(`value="${'a'.repeat(43)}"`);
    expect(await b.text()).toContain(`value="${'b'.repeat(43)}"`);
    const fresh = await app.request('/login');
    expect(fresh.headers.get('set-cookie')).toMatch(/csrf=[A-Za-z0-9_-]{43};.*HttpOnly/i);
  });

  it('a signed-in person gets their own page, not the public cached one', async () => {
    await app.request(`/plans/${planId}`); // fills the cache for the public
    const who = await signedInUser(t.db, [{ role: 'forum_member', memberId: 1 }], NOW, { name: 'Ana Persona' });
    const html = await (await app.request(`/plans/${planId}`, { headers: who.headers })).text();
    expect(html).toContain('Ana Persona');
    const publicHtml = await (await app.request(`/plans/${planId}`)).text();
    expect(publicHtml).not.toContain('Ana Persona');
  });
});

describe('JSON API', () => {
  it('GET /api/v1/plans', async () => {
    const res = await app.request('/api/v1/plans');
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const body = await res.json();
    expect(() => planSummaryOut.array().parse(body)).not.toThrow();
    expect(body[0]).toMatchObject({ id: planId, number: 3, commitmentCount: 2, member: { code: 'CL' } });
  });

  it('GET /api/v1/plans/{id} with its commitments', async () => {
    const body = await (await app.request(`/api/v1/plans/${planId}`)).json();
    expect(() => planDetailOut.parse(body)).not.toThrow();
    expect(body.commitments.map((c: { number: string }) => c.number)).toEqual(['2', '19']);
  });

  it('GET /api/v1/commitments/{id}: all fields, milestones with status and delayed', async () => {
    const body = await (await app.request(`/api/v1/commitments/${commitmentId}`)).json();
    const parsed = commitmentOut.strict().parse(body);
    expect(parsed.milestones.map((m) => ({ status: m.status, delayed: m.delayed }))).toEqual([
      { status: 'complete', delayed: false },
      { status: 'not_started', delayed: true },
      { status: null, delayed: false },
    ]);
    expect(parsed.completion).toBe('substantial');
  });

  it('answers 400 for a malformed id and 404 for an unknown one, in the asked language', async () => {
    const bad = await app.request('/api/v1/commitments/abc?lang=en');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatchObject({ code: 'invalid_request', message: 'Invalid request' });
    const missing = await app.request('/api/v1/commitments/424242');
    expect(missing.status).toBe(404);
    expect((await missing.json()).error).toMatchObject({ code: 'not_found' });
    expect((await app.request('/api/v1/plans/99999999999')).status).toBe(400);
    expect((await app.request('/api/v1/nothing')).status).toBe(404);
  });

  it('publishes an OpenAPI document generated from the same schemas', async () => {
    const doc = await (await app.request('/api/v1/openapi.json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/co-creation-processes',
      '/co-creation-processes/{id}',
      '/commitments',
      '/commitments/{id}',
      '/commitments/{id}/milestones',
      '/draft-commitments/{id}',
      '/elections/{id}',
      '/follow-up-reports/{id}',
      '/forums',
      '/forums/{id}',
      '/institutions',
      '/institutions/{id}',
      '/meetings',
      '/meetings/{id}',
      '/members',
      '/milestones/{id}',
      '/milestones/{id}/updates',
      '/open-calls',
      '/open-calls/{id}',
      '/organisations',
      '/plans',
      '/plans/{id}',
      '/plans/{id}/commitments',
      '/plans/{id}/follow-up-reports',
      '/plans/{id}/self-assessment',
      '/proposals',
      '/repository',
      '/repository/{id}',
      '/search',
    ]);
    for (const name of ['FollowUpReport', 'FollowUpReportSummary', 'SelfAssessment', 'ReportTable', 'RepositoryDocument', 'RepositoryPage', 'Error']) {
      expect(doc.components.schemas[name], name).toBeTruthy();
    }
    const params = (doc.paths['/repository'].get.parameters as { name: string }[]).map((p) => p.name).sort();
    expect(params).toEqual(['from', 'lang', 'limit', 'offset', 'plan', 'to', 'type']);
    expect(doc.paths['/plans/{id}/self-assessment'].get.parameters.find((p: { name: string }) => p.name === 'kind').required).toBe(true);
    expect(doc.components.schemas.Commitment.properties.milestones).toBeTruthy();
    expect(doc.components.schemas.Milestone.properties.delayed.type).toBe('boolean');
  });
});
