import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app.js';
import { commitmentPolicyAreas, commitments, contestations, milestones } from '../../db/schema/index.js';
import { importParsedCommitments } from '../ingest/commands.js';
import { getPlanDetail } from '../plans/queries.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { createPlan, NOW, parsedCommitment, parseResult } from '../../../tests/support/factories.js';
import { createUser } from '../../../tests/support/auth.js';
import { planDashboard } from './queries.js';
import { renderChart } from './charts.js';

let t: TestDatabase;
let app: App;
let planId: number;
let firstId: number;

beforeAll(async () => {
  t = await testDatabase();
  const plan = await createPlan(t.db);
  planId = plan.id;
  await createPlan(t.db, { number: 2 });
  const out = await importParsedCommitments(t.db, {
    planId,
    parsed: parseResult(
      parsedCommitment({ number: 1, leadInstitution: 'Ministerio de Hacienda', theme: 'Transparencia fiscal' }),
      parsedCommitment({ number: 2, title: 'Datos abiertos', leadInstitution: 'Contraloría', theme: 'Datos abiertos' }),
    ),
    source: { name: 'p.txt', format: 'text', content: 'p' },
    actor: 'test',
    dryRun: false,
    now: NOW,
  });
  firstId = out.commitments[0]!.id;
  await t.db.update(commitments).set({ valueCivicParticipation: true }).where(eq(commitments.id, firstId));
  await t.db.insert(commitmentPolicyAreas).values({ commitmentId: firstId, policyAreaSlug: 'open-data' });
  const m2 = (await t.db.select().from(milestones).where(eq(milestones.commitmentId, firstId))).find((m) => m.number === 2)!;
  const author = await createUser(t.db, { name: 'Carla' });
  await t.db.insert(contestations).values({ milestoneId: m2.id, authorId: author.id, comment: 'no', contestedStatus: 'not_started', createdAt: NOW });
  app = createApp({ db: t.db, now: () => NOW, pageCacheTtlMs: 0 });
});

afterAll(async () => {
  await t?.dispose();
});

describe('plan dashboard', () => {
  it('groups the roll-up by commitment, institution, theme, OGP value and policy area, by the plan page rule', async () => {
    const d = (await planDashboard(t.db, planId, NOW))!;
    const plan = (await getPlanDetail(t.db, planId, NOW))!;
    expect(d.rollup).toEqual(plan.rollup);
    expect(d.commitments.map((c) => c.rollup)).toEqual(plan.commitments.map((c) => c.rollup));
    expect(d.byInstitution.map((g) => [textOf(g.label), g.commitments])).toEqual(
      expect.arrayContaining([
        ['Ministerio de Hacienda', 1],
        ['Contraloría', 1],
      ]),
    );
    expect(d.byValue.map((g) => g.key)).toEqual(['civic_participation']);
    expect(d.byArea.map((g) => g.key)).toEqual(['open-data']);
    expect(d.milestones.filter((m) => m.delayed).length).toBe(plan.rollup.delayed);
    expect(d.milestones.filter((m) => m.contested).map((m) => `${m.commitmentNumber}.${m.number}`)).toEqual(['1.2']);
  });

  it('the page has a server SVG chart and a table of the same numbers for each, the rule, and no script or inline style', async () => {
    const res = await app.request(`/plans/${planId}/dashboard`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.match(/<figure class="dash-chart"/g)!.length).toBe(5);
    expect(html.match(/<table>/g)!.length).toBeGreaterThanOrEqual(6);
    expect(html).toContain('Cada grupo combina las metas');
    expect(html).not.toMatch(/<script/);
    expect(html).not.toMatch(/<svg[^>]*>[\s\S]*?<style/);
    expect(html).not.toMatch(/ style="/);
    const plan = (await getPlanDetail(t.db, planId, NOW))!;
    const first = plan.commitments[0]!;
    expect(html).toContain(`${first.rollup.reported} / ${first.rollup.total}`);
    expect(html).toContain('Metas con estado impugnado (1)');
    const en = await (await app.request(`/plans/${planId}/dashboard?lang=en`)).text();
    expect(en).toContain('Progress by lead institution');
  });

  it('404 for an unknown or malformed plan', async () => {
    for (const p of ['/plans/999999/dashboard', '/plans/abc/dashboard', '/plans/0/timeline']) expect((await app.request(p)).status).toBe(404);
  });

  it('renderChart disposes its chart (no timer keeps the process alive) and gives CSP-safe SVG', () => {
    const svg = renderChart({ xAxis: { type: 'category', data: ['a'] }, yAxis: { type: 'value' }, series: [{ type: 'bar', data: [1] }] }, { width: 200, height: 100 });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).not.toContain('style=');
  });
});

describe('timeline', () => {
  it('every milestone, a today line, delayed hatched and said in words', async () => {
    const html = await (await app.request(`/plans/${planId}/timeline`)).text();
    const d = (await planDashboard(t.db, planId, NOW))!;
    expect(html.match(/class="gantt-bar"/g)!.length).toBe(d.milestones.length);
    expect(html).toContain('url(#hatch)');
    expect(html.match(/Con retraso/g)!.length).toBeGreaterThanOrEqual(d.milestones.filter((m) => m.delayed).length);
    expect(html).toContain('Hoy:');
    expect(html).toContain('Estado impugnado');
  });

  it('the plan page links to both; the member page compares its plans', async () => {
    const plan = await (await app.request(`/plans/${planId}`)).text();
    expect(plan).toContain(`href="/plans/${planId}/dashboard"`);
    expect(plan).toContain(`href="/plans/${planId}/timeline"`);
    const member = await (await app.request('/members/CL')).text();
    expect(member).toContain('Comparación entre los planes del miembro');
  });
});

function textOf(v: { es?: string; en?: string }): string {
  return v.es ?? v.en ?? '';
}
