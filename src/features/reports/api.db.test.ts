import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app.js';
import { actionPlans, commitments, milestones } from '../../db/schema/index.js';
import { errorOut } from '../api/common.js';
import { ensureDemo } from '../demo/demo.js';
import { NOW } from '../../../tests/support/factories.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { followUpReportOut, followUpSummaryOut, selfAssessmentOut } from './api.js';
import { publishFollowUpReport, publishSelfAssessment, saveSelfAssessmentSections } from './commands.js';
import { emptySections } from './queries.js';

let database: TestDatabase;
let app: App;
let planId: number;
let first: { id: number };
let second: { id: number };

beforeAll(async () => {
  database = await testDatabase();
  await ensureDemo(database.db, NOW);
  planId = (await database.db.select().from(actionPlans).orderBy(asc(actionPlans.id)))[0]!.id;
  first = await publishFollowUpReport(database.db, { planId, cutOffDate: '2017-06-30', note: { es: 'Primer corte' }, userId: null, actor: 'test', now: NOW });
  // Between the two reports, milestone 1 of commitment 19 is completed.
  const [c] = await database.db.select().from(commitments).where(eq(commitments.planId, planId)).orderBy(asc(commitments.id)).limit(1);
  const [m] = await database.db.select().from(milestones).where(eq(milestones.commitmentId, c!.id)).orderBy(asc(milestones.number)).limit(1);
  await database.db.update(milestones).set({ status: m!.status === 'limited' ? 'complete' : 'limited' }).where(eq(milestones.id, m!.id));
  second = await publishFollowUpReport(database.db, { planId, cutOffDate: '2018-06-30', note: {}, userId: null, actor: 'test', now: NOW });
  app = createApp({ db: database.db, now: () => NOW, pageCacheTtlMs: 0 });
});

afterAll(async () => {
  await database?.dispose();
});

const get = async (path: string, init?: RequestInit) => {
  const res = await app.request(path, init);
  return { status: res.status, body: await res.json() };
};

describe('GET /api/v1/plans/{id}/follow-up-reports', () => {
  it('lists the published follow-up reports of a plan, newest first', async () => {
    const { status, body } = await get(`/api/v1/plans/${planId}/follow-up-reports`);
    expect(status).toBe(200);
    const list = followUpSummaryOut.strict().array().parse(body);
    expect(list.map((r) => r.number)).toEqual([2, 1]);
    expect(list[1]).toMatchObject({ id: first.id, cutOffDate: '2017-06-30', note: { es: 'Primer corte' }, page: `/reports/follow-up/${first.id}` });
    expect(list[1]!.publishedAt).toBe(NOW.toISOString());
  });

  it('answers 404 for an unknown plan and 400 for a malformed id', async () => {
    expect((await get('/api/v1/plans/424242/follow-up-reports')).status).toBe(404);
    const bad = await get('/api/v1/plans/1e3/follow-up-reports?lang=en');
    expect(bad.status).toBe(400);
    expect(errorOut.strict().parse(bad.body).error).toMatchObject({ code: 'invalid_request', message: 'Invalid request' });
  });
});

describe('GET /api/v1/follow-up-reports/{id}', () => {
  it('gives the snapshot by commitment and what changed since the previous report', async () => {
    const { status, body } = await get(`/api/v1/follow-up-reports/${second.id}`);
    expect(status).toBe(200);
    const report = followUpReportOut.strict().parse(body);
    expect(report).toMatchObject({ id: second.id, number: 2, cutOffDate: '2018-06-30', previous: { id: first.id, number: 1, cutOffDate: '2017-06-30' } });
    expect(report.commitments.length).toBeGreaterThan(0);
    const c19 = report.commitments.find((c) => c.number === '19');
    expect(c19?.title.es).toMatch(/^Institucionalización/);
    expect(c19?.milestones.length).toBeGreaterThan(1);
    expect(report.changes.statusChanges).toHaveLength(1);
    expect(report.changes.statusChanges[0]!.milestone).toMatchObject({ commitmentNumber: '19', milestoneNumber: 1 });
    const total = Object.values(report.counts).reduce((a, b) => a + b, 0);
    expect(total).toBe(report.commitments.reduce((a, c) => a + c.milestones.length, 0));
    expect(report.downloads.pdf).toBe(`/reports/follow-up/${second.id}/download/pdf`);
  });

  it('the first report has no previous one', async () => {
    const report = followUpReportOut.strict().parse((await get(`/api/v1/follow-up-reports/${first.id}`)).body);
    expect(report.previous).toBeNull();
    expect(report.changes.statusChanges).toEqual([]);
  });

  it.each(['abc', '0', '-1', '99999999999', "1' OR '1'='1", '%3Cscript%3E'])('400 for the id %s', async (id) => {
    const { status, body } = await get(`/api/v1/follow-up-reports/${id}`);
    expect(status).toBe(400);
    expect(errorOut.strict().parse(body).error.code).toBe('invalid_request');
  });

  it('404 for an unknown report, in the asked language', async () => {
    const { status, body } = await get('/api/v1/follow-up-reports/424242?lang=en');
    expect(status).toBe(404);
    expect(errorOut.strict().parse(body).error).toEqual({ code: 'not_found', message: expect.any(String) });
  });
});

describe('GET /api/v1/plans/{id}/self-assessment', () => {
  it('gives the sections and every commitment as the template lays it out, in the asked language', async () => {
    await saveSelfAssessmentSections(database.db, {
      planId,
      kind: 'end_of_term',
      sections: { ...emptySections(), introduction: { es: 'Introducción <b>de</b> la Mesa', en: 'Introduction by the Forum' } },
      userId: null,
      actor: 'test',
      now: NOW,
    });
    const { status, body } = await get(`/api/v1/plans/${planId}/self-assessment?kind=end_of_term`);
    expect(status).toBe(200);
    const report = selfAssessmentOut.strict().parse(body);
    expect(report).toMatchObject({ kind: 'end_of_term', locale: 'es', title: 'Informe de autoevaluación de fin de término' });
    expect(report.sections.map((s) => s.key)).toEqual(['introduction', 'coCreation', 'irmRecommendations', 'lessons', 'conclusions']);
    expect(report.sections[0]).toEqual({ key: 'introduction', heading: 'Introducción', text: { es: 'Introducción <b>de</b> la Mesa', en: 'Introduction by the Forum' } });
    const c19 = report.commitments.find((c) => c.number === '19')!;
    const cells = c19.template.rows.flat().map((cell) => cell.paras.map((p) => p.runs.map((r) => r.text).join('')).join('\n'));
    expect(cells[0]).toBe('Plantilla de cumplimiento de compromisos');
    expect(cells).toContain('Tema');
    expect(cells).toContain('Implementación de la Alianza para el Gobierno Abierto');
    expect(report.downloads.docx).toBe(`/reports/plans/${planId}/self-assessment/end-of-term/download/docx`);

    const en = selfAssessmentOut.strict().parse((await get(`/api/v1/plans/${planId}/self-assessment?kind=end_of_term&lang=en`)).body);
    expect(en.locale).toBe('en');
    expect(en.title).toBe('End-of-term self-assessment report');
    const enCells = en.commitments.find((c) => c.number === '19')!.template.rows.flat();
    expect(enCells.some((cell) => cell.paras.some((p) => p.runs.some((r) => r.text === 'Theme')))).toBe(true);
    // Content only in Spanish is marked as such.
    expect(enCells.some((cell) => cell.paras.some((p) => p.runs.some((r) => r.lang === 'es')))).toBe(true);
  });

  it('lists the versions published in the repository', async () => {
    const before = selfAssessmentOut.parse((await get(`/api/v1/plans/${planId}/self-assessment?kind=mid_term`)).body);
    expect(before.published).toEqual([]);
    await publishSelfAssessment(database.db, { planId, kind: 'mid_term', userId: null, actor: 'test', now: NOW });
    const after = selfAssessmentOut.strict().parse((await get(`/api/v1/plans/${planId}/self-assessment?kind=mid_term`)).body);
    expect(after.published.map((d) => d.mediaType).sort()).toEqual(['application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document']);
    expect(after.published.every((d) => d.type === 'self_assessment' && d.subject?.type === 'self_assessment.mid_term')).toBe(true);
    // The end-of-term report has its own versions.
    expect(selfAssessmentOut.parse((await get(`/api/v1/plans/${planId}/self-assessment?kind=end_of_term`)).body).published).toEqual([]);
  });

  it.each([
    ['no kind', ''],
    ['an unknown kind', '?kind=final'],
    ['a kind in capitals', '?kind=MID_TERM'],
    ['two kinds', '?kind=mid_term&kind=end_of_term'],
    ['a huge kind', `?kind=${'x'.repeat(10_000)}`],
    ['markup', '?kind=<script>alert(1)</script>'],
  ])(
    '400 for %s',
    async (_label, query) => {
      const { status, body } = await get(`/api/v1/plans/${planId}/self-assessment${query}`);
      expect(status).toBe(400);
      expect(errorOut.strict().parse(body).error.issues?.[0]?.path).toBe('kind');
    },
  );

  it('404 for an unknown plan', async () => {
    const { status, body } = await get('/api/v1/plans/424242/self-assessment?kind=mid_term');
    expect(status).toBe(404);
    expect(errorOut.strict().parse(body).error.message).toMatch(/^No existe lo que busca/);
  });
});
