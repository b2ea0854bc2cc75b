import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app.js';
import { documents } from '../../db/schema/index.js';
import { storeFile } from '../../lib/files.js';
import { createPlan, NOW } from '../../../tests/support/factories.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';

let database: TestDatabase;
let app: App;
let planId: number;
let otherPlanId: number;
const ids: Record<string, number> = {};

beforeAll(async () => {
  database = await testDatabase();
  planId = (await createPlan(database.db)).id;
  otherPlanId = (await createPlan(database.db, { code: 'UY', number: 1 })).id;
  const pdf = new TextEncoder().encode('%PDF-1.4\n% evidence\n');
  const stored = await storeFile(database.db, pdf, 'acta.pdf');
  const published = new Date('2026-10-01T12:00:00Z');
  const rows = [
    { key: 'minutes', planId, type: 'minutes' as const, title: { es: 'Acta de la Mesa, sesión 3', en: 'Forum minutes, session 3' }, documentDate: '2026-09-15', fileSha256: stored.sha256, fileName: 'acta "sesión" 3\r\n.pdf', publishedAt: published },
    { key: 'evidence', planId, type: 'evidence' as const, title: { es: '<script>alert(1)</script> Evidencia' }, documentDate: '2026-03-01', url: 'https://example.org/evidencia', publishedAt: published },
    { key: 'other', planId: otherPlanId, type: 'plan_document' as const, title: { es: 'Plan de Uruguay' }, documentDate: '2025-01-10', url: 'https://example.org/plan', publishedAt: published },
    { key: 'draft', planId, type: 'evidence' as const, title: { es: 'Borrador no publicado' }, documentDate: '2026-09-20', url: 'https://example.org/draft', publishedAt: null },
  ];
  for (const { key, ...row } of rows) {
    const [r] = await database.db.insert(documents).values({ ...row, createdAt: published, updatedAt: published }).returning({ id: documents.id });
    ids[key] = r!.id;
  }
  app = createApp({ db: database.db, now: () => NOW, pageCacheTtlMs: 0 });
});

afterAll(async () => {
  await database?.dispose();
});

describe('the public document repository', () => {
  it('lists every published document (evidence included), newest first, with when it was last updated', async () => {
    const res = await app.request('/repository');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('3 documentos');
    const order = ['Acta de la Mesa, sesión 3', '&lt;/script&gt; Evidencia', 'Plan de Uruguay'].map((s) => html.indexOf(s));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > (order[i - 1] ?? 0)))).toBe(true);
    expect(html).not.toContain('Borrador no publicado');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('Última actualización: 1 de octubre de 2026.');
    expect(html).toContain(`href="/repository/${ids.minutes}"`);
  });

  it('filters by plan, type and dates', async () => {
    const byPlan = await (await app.request(`/repository?plan=${otherPlanId}`)).text();
    expect(byPlan).toContain('1 documento');
    expect(byPlan).toContain('Plan de Uruguay');
    const byType = await (await app.request('/repository?type=minutes&lang=en')).text();
    expect(byType).toContain('1 document');
    expect(byType).toContain('Forum minutes, session 3');
    const byDate = await (await app.request('/repository?from=2026-01-01&to=2026-06-30')).text();
    expect(byDate).toContain('1 documento');
    expect(byDate).toContain('Evidencia');
  });

  it('reports a broken or hostile filter in the user’s language and shows everything', async () => {
    for (const q of ['plan=abc', 'type=secret', 'from=2026-02-30', "to=2026-01-01'%20OR%201=1--", `plan=${'9'.repeat(5000)}`, 'type=%3Cscript%3E']) {
      const res = await app.request(`/repository?${q}`);
      expect(res.status, q).toBe(422);
      const html = await res.text();
      expect(html).toContain('Algún filtro no es válido y no se aplicó');
      expect(html).toContain('3 documentos');
    }
    const en = await app.request('/repository?type=secret&lang=en');
    expect(await en.text()).toContain('A filter is not valid and was not applied');
  });

  it('gives each document a stable page and its file with a safe name', async () => {
    const page = await app.request(`/repository/${ids.minutes}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`href="/repository/${ids.minutes}/file"`);
    const file = await app.request(`/repository/${ids.minutes}/file`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="acta _sesion_ 3_.pdf"; filename*=UTF-8''acta%20_sesi%C3%B3n_%203_.pdf`);
    expect(new Uint8Array(await file.arrayBuffer()).slice(0, 5)).toEqual(new TextEncoder().encode('%PDF-'));
    const link = await app.request(`/repository/${ids.evidence}/file`);
    expect(link.status).toBe(302);
    expect(link.headers.get('location')).toBe('https://example.org/evidencia');
    for (const path of [`/repository/${ids.draft}`, `/repository/${ids.draft}/file`, '/repository/999999', '/repository/-1', '/repository/1e3/file']) {
      expect((await app.request(path)).status, path).toBe(404);
    }
  });
});
