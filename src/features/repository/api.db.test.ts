import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app.js';
import { documents } from '../../db/schema/index.js';
import { errorOut } from '../api/common.js';
import { NOW, createPlan } from '../../../tests/support/factories.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { storeFile } from '../../lib/files.js';
import { MAX_API_PAGE, repositoryDocumentOut, repositoryPageOut } from './api.js';

let database: TestDatabase;
let app: App;
let planA: number;
let planB: number;
let hiddenId: number;
let fileDocId: number;

beforeAll(async () => {
  database = await testDatabase();
  planA = (await createPlan(database.db, { code: 'CL', number: 3 })).id;
  planB = (await createPlan(database.db, { code: 'UY', number: 4 })).id;
  const file = await storeFile(database.db, new TextEncoder().encode('%PDF-1.4 acta'), 'acta.pdf');
  // 25 minutes of plan A (one a month of 2018 and 2019), 3 evidence links of plan B, one document without a plan.
  const rows: (typeof documents.$inferInsert)[] = [];
  for (let i = 0; i < 25; i += 1) {
    const date = new Date(Date.UTC(2018, i, 15)).toISOString().slice(0, 10);
    rows.push({ planId: planA, type: 'minutes', title: { es: `Acta ${i + 1}`, en: `Minutes ${i + 1}` }, documentDate: date, url: `https://example.org/acta-${i + 1}`, publishedAt: NOW });
  }
  for (let i = 0; i < 3; i += 1) rows.push({ planId: planB, type: 'evidence', title: { es: `Evidencia <script>${i}</script>` }, documentDate: '2019-03-01', url: `https://example.org/e${i}`, publishedAt: NOW });
  rows.push({ planId: null, type: 'other', title: { es: 'Guía' }, documentDate: '2017-01-01', fileSha256: file.sha256, fileName: 'guia.pdf', publishedAt: NOW });
  await database.db.insert(documents).values(rows);
  const [hidden] = await database.db
    .insert(documents)
    .values({ planId: planA, type: 'minutes', title: { es: 'Borrador no publicado' }, documentDate: '2018-05-05', url: 'https://example.org/draft', publishedAt: null })
    .returning();
  hiddenId = hidden!.id;
  fileDocId = (await database.db.select().from(documents)).find((d) => d.fileName === 'guia.pdf')!.id;
  app = createApp({ db: database.db, now: () => NOW, pageCacheTtlMs: 0 });
});

afterAll(async () => {
  await database?.dispose();
});

const get = async (path: string) => {
  const res = await app.request(path);
  return { status: res.status, body: await res.json() };
};

describe('GET /api/v1/repository', () => {
  it('pages through the published documents, newest first (default 50)', async () => {
    const { status, body } = await get('/api/v1/repository');
    expect(status).toBe(200);
    const page = repositoryPageOut.strict().parse(body);
    expect(page).toMatchObject({ total: 29, limit: 50, offset: 0 });
    expect(page.items).toHaveLength(29);
    expect(page.items.map((d) => d.title.es)).not.toContain('Borrador no publicado');
    const dates = page.items.map((d) => d.documentDate);
    expect([...dates].sort().reverse()).toEqual(dates);
    for (const item of page.items) repositoryDocumentOut.strict().parse(item);
  });

  it('filters by plan, type and dates, and pages with limit and offset', async () => {
    const a = repositoryPageOut.strict().parse((await get(`/api/v1/repository?plan=${planA}&type=minutes&from=2019-01-01&to=2019-12-31&limit=5&offset=10`)).body);
    expect(a.total).toBe(12);
    expect(a.items.map((d) => d.title.es)).toEqual(['Acta 14', 'Acta 13']);
    const b = repositoryPageOut.parse((await get(`/api/v1/repository?plan=${planB}`)).body);
    expect(b.total).toBe(3);
    expect(b.items.every((d) => d.type === 'evidence' && d.planId === planB)).toBe(true);
    // Text is data: returned as stored, never interpreted.
    expect(b.items[0]!.title.es).toMatch(/^Evidencia <script>\d<\/script>$/);
    const none = repositoryPageOut.parse((await get('/api/v1/repository?type=self_assessment')).body);
    expect(none).toMatchObject({ total: 0, items: [] });
    const past = repositoryPageOut.parse((await get('/api/v1/repository?offset=1000')).body);
    expect(past).toMatchObject({ total: 29, offset: 1000, items: [] });
    const max = repositoryPageOut.parse((await get(`/api/v1/repository?limit=${MAX_API_PAGE}`)).body);
    expect(max.limit).toBe(200);
  });

  it.each([
    ['a limit above 200', '?limit=201'],
    ['a zero limit', '?limit=0'],
    ['a negative offset', '?offset=-1'],
    ['a fractional limit', '?limit=1.5'],
    ['an unknown type', '?type=secret'],
    ['an impossible date', '?from=2018-02-30'],
    ['a date in another format', '?to=30/06/2018'],
    ['a malformed plan', '?plan=abc'],
    ['SQL in the plan', "?plan=1%20OR%201%3D1"],
    ['a huge plan id', '?plan=99999999999'],
    ['a huge value', `?type=${'x'.repeat(20_000)}`],
  ])('400 with the issue for %s', async (_label, query) => {
    const { status, body } = await get(`/api/v1/repository${query}`);
    expect(status).toBe(400);
    const error = errorOut.strict().parse(body).error;
    expect(error.code).toBe('invalid_request');
    expect(error.message).toBe('Solicitud no válida');
    expect(error.issues?.length).toBeGreaterThan(0);
  });

  it('says it in English when asked', async () => {
    const { body } = await get('/api/v1/repository?limit=999&lang=en');
    expect(errorOut.parse(body).error.message).toBe('Invalid request');
  });
});

describe('GET /api/v1/repository/{id}', () => {
  it('gives a published document with where to download it', async () => {
    const { status, body } = await get(`/api/v1/repository/${fileDocId}`);
    expect(status).toBe(200);
    const doc = repositoryDocumentOut.strict().parse(body);
    expect(doc).toMatchObject({ id: fileDocId, planId: null, type: 'other', fileName: 'guia.pdf', mediaType: 'application/pdf', download: `/repository/${fileDocId}/file`, page: `/repository/${fileDocId}` });
    expect(doc.publishedAt).toBe(NOW.toISOString());
    const file = await app.request(doc.download);
    expect(new TextDecoder().decode(await file.arrayBuffer())).toBe('%PDF-1.4 acta');
  });

  it('404 for a document not published and for an unknown one; 400 for a malformed id', async () => {
    expect((await get(`/api/v1/repository/${hiddenId}`)).status).toBe(404);
    expect((await get('/api/v1/repository/424242')).status).toBe(404);
    expect((await get('/api/v1/repository/x1')).status).toBe(400);
  });
});
