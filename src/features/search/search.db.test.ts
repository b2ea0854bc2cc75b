import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app.js';
import { commitmentPolicyAreas, commitments, contestations, milestones, progressUpdates } from '../../db/schema/index.js';
import { ensureDemo } from '../demo/demo.js';
import { importParsedCommitments } from '../ingest/commands.js';
import { ensureMember, ensurePlan } from '../plans/commands.js';
import { month } from '../../lib/month.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { NOW, parsedCommitment, parseResult } from '../../../tests/support/factories.js';
import { createUser } from '../../../tests/support/auth.js';
import { search } from './queries.js';
import type { SearchFilter } from './schemas.js';
import { searchHitOut, searchPageOut } from './api.js';
import { highlight, markedHtml, snippet } from './highlight.js';

let t: TestDatabase;
let app: App;
let seedId: number;
let urbanId: number;
let urbanPlanId: number;
let contestedMilestoneId: number;

beforeAll(async () => {
  t = await testDatabase();
  await ensureDemo(t.db, NOW);
  seedId = (await t.db.select().from(commitments).where(eq(commitments.number, '19')))[0]!.id;
  // A second member with an English commitment, tagged, with a delayed and a contested milestone.
  const plan = await t.db.transaction(async (tx) => {
    const m = await ensureMember(tx, { code: 'UY', name: { es: 'Uruguay', en: 'Uruguay' } }, 'test');
    return ensurePlan(tx, m.id, { number: 4, title: { es: 'Cuarto Plan', en: 'Fourth Plan' }, startMonth: month(2018, 9), endMonth: month(2020, 8) }, 'test');
  });
  urbanPlanId = plan.id;
  const out = await importParsedCommitments(t.db, {
    planId: plan.id,
    parsed: parseResult(
      parsedCommitment({
        language: 'en',
        number: 3,
        title: 'Open urban mobility data <script>alert(1)</script>',
        theme: 'Transport',
        leadInstitution: 'Ministry of Transport',
        problem: 'Citizens cannot see where buses are. ' + 'Filler words about the city and its roads. '.repeat(20) + 'Monitoring of routes is missing.',
        objective: 'Publish datasets',
        briefDescription: 'Publish bus routes as open data',
        completion: 'limited',
        milestones: [
          { number: 1, title: 'Publish route datasets', subItems: [], start: '2019-01', end: '2019-06', dateText: null, status: 'limited', narrative: 'Half published.', reportedDelayed: null, delayNote: null },
          { number: 2, title: 'Citizen monitoring workshops', subItems: [], start: '2019-01', end: '2030-06', dateText: null, status: 'substantial', narrative: 'Workshops held.', reportedDelayed: null, delayNote: null },
        ],
      }),
    ),
    source: { name: 'uy.txt', format: 'text', content: 'uy' },
    actor: 'test',
    dryRun: false,
    now: NOW,
  });
  urbanId = out.commitments[0]!.id;
  await t.db.update(commitments).set({ valueAccessToInformation: true }).where(eq(commitments.id, urbanId));
  await t.db.insert(commitmentPolicyAreas).values({ commitmentId: urbanId, policyAreaSlug: 'open-data' }).onConflictDoNothing();
  const ms = await t.db.select().from(milestones).where(eq(milestones.commitmentId, urbanId));
  contestedMilestoneId = ms.find((m) => m.number === 2)!.id;
  const author = await createUser(t.db, { name: 'Carla' });
  await t.db.insert(contestations).values({ milestoneId: contestedMilestoneId, authorId: author.id, comment: 'No workshops happened', contestedStatus: 'substantial', createdAt: NOW });
  app = createApp({ db: t.db, now: () => NOW, pageCacheTtlMs: 0 });
});

afterAll(async () => {
  await t?.dispose();
});

const find = (q: SearchFilter, locale: 'es' | 'en' = 'es') =>
  search(t.db, q, { limit: 50, offset: 0, now: NOW, locale });

describe('search: stems, accents and case ignored, es and en', () => {
  it('"institucionalizacion" (no accent) finds the seed commitment 19, first, with the match marked', async () => {
    const r = await find({ q: 'institucionalizacion' });
    expect(r.hits[0]).toMatchObject({ kind: 'commitment', id: seedId, href: `/commitments/${seedId}` });
    expect(r.hits[0]!.title.filter((s) => s.mark).map((s) => s.text)).toEqual(['Institucionalización']);
  });

  it('"MONITOREOS" (plural, capitals) finds it too', async () => {
    const r = await find({ q: 'MONITOREOS' });
    expect(r.hits.map((h) => `${h.kind}:${h.id}`)).toContain(`commitment:${seedId}`);
    expect(r.hits.find((h) => h.id === seedId && h.kind === 'commitment')!.title.some((s) => s.mark && s.text === 'monitoreo')).toBe(true);
  });

  it('English stems: "datasets" finds "dataset", "monitor" finds "Monitoring"; the snippet is cut around the match', async () => {
    const r = await find({ q: 'monitor' }, 'en');
    const hit = r.hits.find((h) => h.kind === 'commitment' && h.id === urbanId)!;
    expect(hit).toBeDefined();
    const text = hit.snippet.map((s) => s.text).join('');
    expect(text.startsWith('… ')).toBe(true);
    expect(hit.snippet.some((s) => s.mark && s.text === 'Monitoring')).toBe(true);
    expect((await find({ q: 'datasets' })).hits.some((h) => h.kind === 'milestone')).toBe(true);
  });

  it('finds institutions and plans, and nothing for nonsense', async () => {
    expect((await find({ q: 'transport ministry' })).hits.some((h) => h.kind === 'institution')).toBe(true);
    expect((await find({ q: 'cuarto plan' })).hits.some((h) => h.kind === 'plan' && h.id === urbanPlanId)).toBe(true);
    expect(await find({ q: 'zzqxw' })).toEqual({ total: 0, capped: false, hits: [] });
  });

  it('hostile text is only text: quotes, operators, NUL, SQL', async () => {
    for (const q of ["'; drop table commitments; --", '!!&|<->:*', '"unclosed', 'a\u0000b', '((((', '-']) {
      const r = await find({ q });
      expect(r.total).toBeGreaterThanOrEqual(0);
    }
    expect((await t.db.select().from(commitments)).length).toBe(2);
  });
});

describe('search filters', () => {
  it('member, plan, institution, theme, value, policy area, status', async () => {
    expect((await find({ q: 'monitoreo', member: 'uy' })).hits.every((h) => h.member?.code === 'UY')).toBe(true);
    expect((await find({ q: 'monitoreo', member: 'CHL' })).hits.every((h) => h.member?.code === 'CHL')).toBe(true);
    expect((await find({ plan: urbanPlanId, kind: 'commitment' })).hits.map((h) => h.id)).toEqual([urbanId]);
    expect((await find({ theme: 'TRANSPO' })).hits.map((h) => h.kind).sort()).toEqual(['commitment', 'milestone', 'milestone']);
    expect((await find({ value: 'access_to_information', kind: 'commitment' })).hits.map((h) => h.id)).toEqual([urbanId]);
    expect((await find({ area: 'open-data', kind: 'commitment' })).hits.map((h) => h.id)).toEqual([urbanId]);
    expect((await find({ status: 'limited', kind: 'commitment' })).hits.map((h) => h.id)).toEqual([urbanId]);
    expect((await find({ status: 'not_reported', kind: 'milestone', member: 'UY' })).hits).toEqual([]);
  });

  it('delayed and contested: the milestone and its commitment', async () => {
    const delayed = await find({ delayed: true, member: 'UY' });
    expect(delayed.hits.map((h) => `${h.kind}:${h.delayed}`).sort()).toEqual(['commitment:true', 'milestone:true']);
    const contested = await find({ contested: true });
    expect(contested.hits.map((h) => h.kind).sort()).toEqual(['commitment', 'milestone']);
    expect(contested.hits.find((h) => h.kind === 'milestone')!.id).toBe(contestedMilestoneId);
    // A contestation stands until the secretariat resolves it (decision 042); dismissed, it no longer flags.
    await t.db.update(contestations).set({ state: 'dismissed', resolution: 'Sin fundamento', resolvedAt: NOW }).where(eq(contestations.milestoneId, contestedMilestoneId));
    expect((await find({ contested: true })).hits).toEqual([]);
    await t.db.update(contestations).set({ state: 'open', resolution: null, resolvedAt: null }).where(eq(contestations.milestoneId, contestedMilestoneId));
  });

  it('pages: total stays, offsets move', async () => {
    const all = await search(t.db, { q: 'plan' }, { limit: 100, offset: 0, now: NOW, locale: 'es' });
    expect(all.total).toBeGreaterThan(1);
    const second = await search(t.db, { q: 'plan' }, { limit: 1, offset: 1, now: NOW, locale: 'es' });
    expect(second.total).toBe(all.total);
    expect(second.hits.map((h) => h.id)).toEqual([all.hits[1]!.id]);
    const beyond = await search(t.db, { q: 'plan' }, { limit: 10, offset: 500, now: NOW, locale: 'es' });
    expect(beyond).toEqual({ total: all.total, capped: false, hits: [] });
  });
});

describe('GET /search and /api/v1/search', () => {
  it('the page lists ranked results with marks, at a shareable URL, with JavaScript off', async () => {
    const res = await app.request('/search?q=institucionalizacion');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`href="/commitments/${seedId}"`);
    expect(html).toContain('<mark>Institucionalización</mark>');
    expect(html).toContain('value="institucionalizacion"');
  });

  it('escapes stored text and the query', async () => {
    const html = await (await app.request('/search?q=urban%20mobility&lang=en')).text();
    expect(html).not.toContain('<script>alert(1)</script>');
    const query = await (await app.request('/search?q=%3Cscript%3Ealert(2)%3C%2Fscript%3E')).text();
    expect(query).not.toContain('<script>alert(2)');
    expect(query).toContain('value="&lt;script&gt;alert(2)&lt;/script&gt;"');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('a bad parameter is named in the reader’s language, ignored, and the rest applies (422)', async () => {
    const res = await app.request('/search?q=monitoreo&plan=abc&status=nope');
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Plan de acción: el valor no es válido');
    expect(html).toContain(`href="/commitments/${seedId}"`);
    const en = await (await app.request('/search?q=monitoreo&plan=abc&lang=en')).text();
    expect(en).toContain('Action plan: the value is not valid');
    const long = await app.request(`/search?q=${'a'.repeat(5000)}`);
    expect(long.status).toBe(422);
  });

  it('the API gives the same results, validated by its schema; bad input is a 400', async () => {
    const res = await app.request('/api/v1/search?q=MONITOREOS&limit=5');
    expect(res.status).toBe(200);
    const body = searchPageOut.strict().parse(await res.json());
    expect(body.items.length).toBeGreaterThan(0);
    for (const item of body.items) searchHitOut.strict().parse(item);
    expect(body.items.some((i) => i.kind === 'commitment' && i.id === seedId && i.titleHtml.includes('<mark>monitoreo</mark>'))).toBe(true);
    expect((await app.request('/api/v1/search?q=x&limit=1000')).status).toBe(400);
    expect((await app.request('/api/v1/search?status=bogus')).status).toBe(400);
    const escaped = (await (await app.request('/api/v1/search?q=urban&lang=en')).json()) as { items: { titleHtml: string }[] };
    expect(escaped.items[0]!.titleHtml).toContain('&lt;script&gt;');
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await (await app.request('/api/v1/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(doc.paths['/search']).toBeDefined();
  });
});

describe('highlight', () => {
  it('maps marks of the folded text back onto the original', () => {
    const segs = highlight('La Institucionalización', 'la \u0002institucionalizacion\u0003', '\u0002', '\u0003');
    expect(segs).toEqual([
      { text: 'La ', mark: false },
      { text: 'Institucionalización', mark: true },
    ]);
    expect(markedHtml([{ text: '<b>', mark: true }])).toBe('<mark>&lt;b&gt;</mark>');
    expect(highlight('ab', 'abc', '\u0002', '\u0003')).toEqual([{ text: 'ab', mark: false }]);
    expect(snippet([{ text: 'x '.repeat(300), mark: false }]).map((s) => s.text).join('').length).toBeLessThan(260);
  });
});
