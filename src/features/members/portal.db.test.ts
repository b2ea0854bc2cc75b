import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app.js';
import { actionPlans, commitmentPolicyAreas, commitments, irmAssessments, members } from '../../db/schema/index.js';
import { ensureDemo } from '../demo/demo.js';
import { importOgpData } from '../ogp/commands.js';
import { readCsv } from '../ogp/read.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { NOW } from '../../../tests/support/factories.js';

const SAMPLE = fileURLToPath(new URL('../../../fixtures/ogp-commitments-sample.csv', import.meta.url));

let t: TestDatabase;
let app: App;

beforeAll(async () => {
  t = await testDatabase();
  await ensureDemo(t.db, NOW);
  const bytes = new Uint8Array(readFileSync(SAMPLE));
  await importOgpData(t.db, { table: readCsv(bytes), source: { name: 'sample.csv', format: 'csv', content: bytes }, actor: 'test', dryRun: false, now: NOW });
  app = createApp({ db: t.db, now: () => NOW, pageCacheTtlMs: 0 });
}, 120_000);

afterAll(async () => {
  await t?.dispose();
});

const html = async (path: string, status = 200) => {
  const res = await app.request(path);
  expect(res.status, path).toBe(status);
  return res.text();
};

describe('the home page at OGP scale', () => {
  it('puts search first, then the members grouped by OGP region, each with its latest plan', async () => {
    const page = await html('/');
    const search = page.indexOf('action="/search"');
    expect(search).toBeGreaterThan(0);
    expect(search).toBeLessThan(page.indexOf('Miembros por región'));
    for (const region of ['Americas', 'Europe']) expect(page).toMatch(new RegExp(`<h3 id="region-[a-z-]+">${region} <span`));
    expect(page).toContain('href="/members/CHL"');
    const memberCount = (await t.db.select({ n: sql<number>`count(*)::int` }).from(members))[0]!.n;
    expect(page.match(/href="\/members\//g)!.length).toBeGreaterThanOrEqual(memberCount);
  });

  it('shows the plans under way first, when there are any', async () => {
    const [plan] = await t.db.select().from(actionPlans).orderBy(actionPlans.id).limit(1);
    await t.db.update(actionPlans).set({ startMonth: '2026-01', endMonth: '2027-12', phase: 'implementation' }).where(eq(actionPlans.id, plan!.id));
    const page = await html('/');
    const current = page.indexOf('Planes en curso');
    expect(page.indexOf(`href="/plans/${plan!.id}"`, current)).toBeLessThan(page.indexOf('Miembros por región'));
    await t.db.update(actionPlans).set({ startMonth: plan!.startMonth, endMonth: plan!.endMonth, phase: plan!.phase }).where(eq(actionPlans.id, plan!.id));
  });
});

describe('a page per member', () => {
  it('lists its plans over time (newest first) with progress, the forum and a search within it', async () => {
    const page = await html('/members/CHL');
    expect(page).toContain('<h1>Chile</h1>');
    expect(page).toContain('Planes de acción a lo largo del tiempo');
    const plans = await t.db
      .select({ id: actionPlans.id, start: actionPlans.startMonth })
      .from(actionPlans)
      .innerJoin(members, eq(members.id, actionPlans.memberId))
      .where(eq(members.code, 'CHL'))
      .orderBy(sql`${actionPlans.startMonth} desc`, sql`${actionPlans.number} desc`);
    expect(plans.length).toBeGreaterThan(1);
    const positions = plans.map((p) => page.indexOf(`<a href="/plans/${p.id}">`, page.indexOf('a lo largo del tiempo')));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(page).toContain('Tercer Plan de Acción de Gobierno Abierto 2016–2018');
    expect(page).toContain('Foro multiactor');
    expect(page).toContain('/search?member=CHL&amp;kind=commitment');
    expect(await html('/members/chl?lang=en')).toContain('Action plans over time');
  });

  it('404 for an unknown or malformed code', async () => {
    await html('/members/ZZZ', 404);
    await html('/members/%27%20or%201=1', 404);
    await html(`/members/${'A'.repeat(300)}`, 404);
  });
});

describe('a commitment imported from OGP data', () => {
  it('shows its full text, policy areas and IRM assessment', async () => {
    const [c] = await t.db
      .select({ id: commitments.id, description: commitments.description })
      .from(commitments)
      .innerJoin(irmAssessments, eq(irmAssessments.commitmentId, commitments.id))
      .innerJoin(commitmentPolicyAreas, eq(commitmentPolicyAreas.commitmentId, commitments.id))
      .where(and(isNotNull(commitments.ogpId), sql`length(coalesce(${commitments.description}->>'en', ${commitments.description}->>'es', '')) > 200`))
      .orderBy(commitments.id)
      .limit(1);
    expect(c).toBeDefined();
    const page = await html(`/commitments/${c!.id}?lang=en`);
    expect(page).toContain('Full text of the commitment');
    const text = (c!.description.en ?? c!.description.es)!;
    const firstParagraph = text.split(/\n{2,}/)[0]!.trim().slice(0, 60).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
    expect(page).toContain(firstParagraph);
    expect(page).toContain('Policy areas');
    expect(page).toMatch(/IRM/);
  });
});

describe('weight: every public page type ≤ 60 KB compressed with OGP sample data', () => {
  it('home, member, plan, commitment, institution, search', async () => {
    const [plan] = await t.db.select({ id: actionPlans.id }).from(actionPlans).orderBy(sql`(select count(*) from commitments c where c.plan_id = ${actionPlans.id}) desc`).limit(1);
    const [commitment] = await t.db.select({ id: commitments.id }).from(commitments).orderBy(sql`length(${commitments.description}::text) desc`).limit(1);
    const [inst] = await t.db.select({ id: sql<number>`lead_institution_id` }).from(commitments).where(isNotNull(commitments.leadInstitutionId)).groupBy(sql`lead_institution_id`).orderBy(sql`count(*) desc`).limit(1);
    const sizes: Record<string, number> = {};
    for (const path of ['/', '/members/CHL', `/plans/${plan!.id}`, `/commitments/${commitment!.id}`, `/institutions/${inst!.id}`, '/search?q=transparency', '/search?q=datos&member=CHL']) {
      for (const lang of ['es', 'en']) {
        const body = await html(`${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
        sizes[`${lang} ${path}`] = gzipSync(body).length;
      }
    }
    for (const [page, size] of Object.entries(sizes)) expect(size, `${page}: ${size} bytes gzip`).toBeLessThanOrEqual(60 * 1024);
    console.log('page weights (gzip bytes):', JSON.stringify(sizes));
  });
});
