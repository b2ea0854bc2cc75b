import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app.js';
import { actionPlans } from '../../db/schema/index.js';
import { importParsedCommitments } from '../ingest/commands.js';
import { listPlans } from '../plans/queries.js';
import { planSummaryOut } from '../plans/schemas.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { createPlan, NOW, parsedCommitment, parseResult } from '../../../tests/support/factories.js';
import { commitmentListItemOut, commitmentPageOut, institutionPageOut, memberPageOut, MAX_LIST_PAGE } from './api.js';
import { preferredEncoding } from '../../lib/compress.js';

let t: TestDatabase;
let app: App;
const planIds: number[] = [];

beforeAll(async () => {
  t = await testDatabase();
  // 3 members × 2 plans, each plan 4 commitments (the 2nd commitment of CL's plan 3 is self-reported complete).
  for (const code of ['CL', 'UY', 'AR']) {
    for (const number of [2, 3]) {
      const plan = await createPlan(t.db, { code, number });
      planIds.push(plan.id);
      await importParsedCommitments(t.db, {
        planId: plan.id,
        parsed: parseResult(
          ...[1, 2, 3, 4].map((n) =>
            parsedCommitment({ number: n, title: `Compromiso ${code}-${number}-${n}`, leadInstitution: n % 2 === 0 ? 'Ministerio de Hacienda' : 'Contraloría', completion: code === 'CL' && number === 3 && n === 2 ? 'complete' : null }),
          ),
        ),
        source: { name: `${code}${number}.txt`, format: 'text', content: `${code}${number}` },
        actor: 'test',
        dryRun: false,
        now: NOW,
      });
    }
  }
  app = createApp({ db: t.db, now: () => NOW, pageCacheTtlMs: 0 });
});

afterAll(async () => {
  await t?.dispose();
});

const getJson = async (path: string) => {
  const res = await app.request(path);
  return { status: res.status, headers: res.headers, body: (await res.json()) as unknown };
};

describe('GET /api/v1/commitments', () => {
  it('pages through every commitment in a stable order, with roll-ups', async () => {
    const first = commitmentPageOut.strict().parse((await getJson('/api/v1/commitments?limit=10')).body);
    expect(first).toMatchObject({ total: 24, limit: 10, offset: 0 });
    expect(first.items).toHaveLength(10);
    for (const i of first.items) commitmentListItemOut.strict().parse(i);
    expect(first.items[0]).toMatchObject({ member: { code: 'AR' }, plan: { number: 2 }, number: '1', page: `/commitments/${first.items[0]!.id}` });
    expect(first.items[0]!.rollup).toMatchObject({ total: 3, reported: 2 });
    const rest = commitmentPageOut.parse((await getJson('/api/v1/commitments?limit=200&offset=10')).body);
    expect(rest.items).toHaveLength(14);
    const ids = [...first.items, ...rest.items].map((i) => i.id);
    expect(new Set(ids).size).toBe(24);
  });

  it('filters by member, plan, institution and status', async () => {
    const cl = commitmentPageOut.parse((await getJson('/api/v1/commitments?member=cl')).body);
    expect(cl.total).toBe(8);
    expect(cl.items.every((i) => i.member.code === 'CL')).toBe(true);
    const plan = commitmentPageOut.parse((await getJson(`/api/v1/commitments?plan=${planIds[3]}`)).body);
    expect(plan.items.map((i) => i.number)).toEqual(['1', '2', '3', '4']);
    const inst = plan.items[1]!.leadInstitution!.id;
    const byInst = commitmentPageOut.parse((await getJson(`/api/v1/commitments?institution=${inst}`)).body);
    expect(byInst.items.every((i) => i.leadInstitution?.id === inst)).toBe(true);
    const complete = commitmentPageOut.parse((await getJson('/api/v1/commitments?status=complete')).body);
    expect(complete.items.map((i) => i.title.es)).toEqual(['Compromiso CL-3-2']);
    const delayed = commitmentPageOut.parse((await getJson('/api/v1/commitments?delayed=1&limit=1')).body);
    expect(delayed.total).toBe(24);
  });

  it('refuses bad paging and filters with 400 and the issue', async () => {
    for (const q of [`limit=${MAX_LIST_PAGE + 1}`, 'limit=0', 'offset=-1', 'plan=abc', 'status=done', 'member=%27%3Bdrop', `theme=${'x'.repeat(101)}`]) {
      const r = await getJson(`/api/v1/commitments?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body).toMatchObject({ error: { code: 'invalid_request' } });
    }
    const en = await getJson('/api/v1/commitments?limit=0&lang=en');
    expect(JSON.stringify(en.body)).toContain('limit must be from 1 to 200');
  });
});

describe('GET /api/v1/institutions and /api/v1/members', () => {
  it('institutions: per member, by name, with the commitments they lead', async () => {
    const all = institutionPageOut.strict().parse((await getJson('/api/v1/institutions')).body);
    expect(all.total).toBe(6);
    const hacienda = institutionPageOut.parse((await getJson('/api/v1/institutions?name=HACIENDA&member=UY')).body);
    expect(hacienda.items).toHaveLength(1);
    expect(hacienda.items[0]).toMatchObject({ member: { code: 'UY' }, commitmentCount: 4 });
  });

  it('members: with plan counts and the latest plan', async () => {
    const m = memberPageOut.strict().parse((await getJson('/api/v1/members?limit=2')).body);
    expect(m.total).toBe(3);
    expect(m.items.map((i) => i.code)).toEqual(['AR', 'CL']);
    expect(m.items[0]).toMatchObject({ planCount: 2, commitmentCount: 8, latestPlan: { number: 3 } });
    expect((await getJson('/api/v1/members?kind=city')).status).toBe(400);
  });
});

describe('GET /api/v1/plans (paged, same shape)', () => {
  it('gives the same plans as before, one page at a time, with X-Total-Count and Link', async () => {
    const before = await listPlans(t.db, NOW);
    const r = await getJson('/api/v1/plans?limit=4');
    expect(r.headers.get('x-total-count')).toBe('6');
    expect(r.headers.get('link')).toBe('</api/v1/plans?limit=4&offset=4>; rel="next"');
    const page = (r.body as unknown[]).map((p) => planSummaryOut.strict().parse(p));
    expect(page).toEqual(before.slice(0, 4));
    const next = await getJson('/api/v1/plans?limit=4&offset=4');
    expect(next.body).toEqual(before.slice(4));
    expect(next.headers.get('link')).toBe('</api/v1/plans?limit=4&offset=0>; rel="prev"');
    const all = await getJson('/api/v1/plans');
    expect(all.body).toEqual(before);
    expect((await getJson('/api/v1/plans?member=UY')).body).toEqual(before.filter((p) => p.member.code === 'UY'));
  });

  it('are in the OpenAPI document', async () => {
    const doc = (await getJson('/api/v1/openapi.json')).body as { paths: Record<string, unknown> };
    for (const p of ['/plans', '/commitments', '/institutions', '/members', '/search']) expect(doc.paths[p], p).toBeDefined();
  });
});

describe('ETag and compression on API answers and downloads', () => {
  it('brotli or gzip as asked; the bytes decode to the same JSON', async () => {
    const plain = await app.request('/api/v1/commitments?limit=50');
    const text = await plain.text();
    const br = await app.request('/api/v1/commitments?limit=50', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toMatch(/Accept-Encoding/);
    const brBytes = Buffer.from(await br.arrayBuffer());
    expect(brBytes.length).toBeLessThan(text.length / 3);
    expect(brotliDecompressSync(brBytes).toString('utf8')).toBe(text);
    const gz = await app.request('/api/v1/commitments?limit=50', { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString('utf8')).toBe(text);
  });

  it('If-None-Match with the ETag gets 304 and no body; a change makes a new ETag', async () => {
    const first = await app.request('/api/v1/plans');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await app.request('/api/v1/plans', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const compressed = await app.request('/api/v1/plans', { headers: { 'accept-encoding': 'br' } });
    const weak = compressed.headers.get('etag')!;
    expect(weak).toBe(`W/${etag}`);
    expect((await app.request('/api/v1/plans', { headers: { 'if-none-match': weak, 'accept-encoding': 'br' } })).status).toBe(304);
    await t.db.update(actionPlans).set({ title: { es: 'Otro título' } }).where(eq(actionPlans.id, planIds[0]!));
    const changed = await app.request('/api/v1/plans', { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('downloads too: the OGP CSV is compressed and tagged', async () => {
    const res = await app.request('/data/ogp-commitments.csv', { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('etag')).toBeTruthy();
    expect(gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8')).toContain('Compromiso CL-3-2');
  });

  it('reads Accept-Encoding with q-values', () => {
    expect(preferredEncoding('gzip;q=1, br;q=0.5')).toBe('gzip');
    expect(preferredEncoding('br;q=0, gzip')).toBe('gzip');
    expect(preferredEncoding('identity')).toBeNull();
    expect(preferredEncoding('*')).toBe('br');
    expect(preferredEncoding(undefined)).toBeNull();
  });
});
