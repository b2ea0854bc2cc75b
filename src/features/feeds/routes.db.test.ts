import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app.js';
import { actionPlans, commitments, documents } from '../../db/schema/index.js';
import { ensureDemo } from '../demo/demo.js';
import { publishFollowUpReport } from '../reports/commands.js';
import { NOW } from '../../../tests/support/factories.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';

let database: TestDatabase;
let app: App;
let planId: number;
let commitmentId: number;

beforeAll(async () => {
  database = await testDatabase();
  await ensureDemo(database.db, NOW);
  planId = (await database.db.select().from(actionPlans))[0]!.id;
  commitmentId = (await database.db.select().from(commitments))[0]!.id;
  await publishFollowUpReport(database.db, { planId, cutOffDate: '2018-06-30', note: {}, userId: null, actor: 'test', now: NOW });
  await database.db.insert(documents).values({ planId, type: 'minutes', title: { es: 'Acta <b>&</b> "sesión"' }, documentDate: '2018-05-01', url: 'https://example.org/acta', publishedAt: NOW });
  app = createApp({ db: database.db, now: () => NOW, pageCacheTtlMs: 0 });
});

afterAll(async () => {
  await database?.dispose();
});

function entries(xml: string): string[] {
  return [...xml.matchAll(/<entry>[\s\S]*?<title type="html"><!\[CDATA\[([\s\S]*?)\]\]><\/title>|<entry>[\s\S]*?<title[^>]*>([\s\S]*?)<\/title>/g)].map((m) => m[1] ?? m[2] ?? '');
}

describe('Atom feeds', () => {
  it('the repository feed lists published documents, escaped', async () => {
    const res = await app.request('/feeds/repository.atom');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const xml = await res.text();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\s*<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
    expect(xml).not.toContain('<b>&</b>');
    const titles = entries(xml).join('\n');
    expect(titles).toContain('Reporte de seguimiento: Reporte de seguimiento n° 1');
    expect(titles).toContain('Acta: Acta &lt;b&gt;&amp;&lt;/b&gt; "sesión"');
    expect(xml).toContain('<rights>CC-BY-4.0</rights>');
  });

  it('a plan’s feed holds its follow-up reports, documents and commitments; a commitment’s its milestones (in English too)', async () => {
    const plan = await (await app.request(`/feeds/plans/${planId}.atom`)).text();
    expect(plan).toContain('Reporte de seguimiento n° 1');
    expect(plan).toContain('Compromiso n° 19: Institucionalización');
    const commitment = await (await app.request(`/feeds/commitments/${commitmentId}.atom?lang=en`)).text();
    expect(entries(commitment)).toHaveLength(5);
    expect(commitment).toContain('Milestone 3: Inicio de actividades — Substantial');
  });

  it('answers 404 to unknown or malformed feeds', async () => {
    for (const path of ['/feeds/plans/999.atom', '/feeds/plans/1.rss', '/feeds/plans/abc.atom', `/feeds/commitments/${'9'.repeat(30)}.atom`, '/feeds/nothing.atom']) {
      expect((await app.request(path)).status, path).toBe(404);
    }
  });
});
