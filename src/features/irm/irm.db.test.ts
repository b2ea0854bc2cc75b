import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app.js';
import { actionPlans, auditLog, irmAssessments, milestones } from '../../db/schema/index.js';
import { importParsedCommitments } from '../ingest/commands.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { createPlan, NOW, parsedCommitment, parseResult } from '../../../tests/support/factories.js';
import { getAs, postForm, signedInUser, type SignedIn } from '../../../tests/support/auth.js';

let t: TestDatabase;
let app: App;
let commitmentId: number;
let reviewer: SignedIn;
let secretariat: SignedIn;

beforeAll(async () => {
  t = await testDatabase();
  const plan = await createPlan(t.db);
  const outcome = await importParsedCommitments(t.db, { planId: plan.id, parsed: parseResult(parsedCommitment({ completion: 'limited' })), source: { name: 'a.txt', format: 'text', content: 'x' }, actor: 'test', dryRun: false, now: NOW });
  commitmentId = outcome.commitments[0]!.id;
  // The IRM reviews after the plan ends: a closed plan still takes assessments.
  await t.db.update(actionPlans).set({ phase: 'closed' }).where(eq(actionPlans.id, plan.id));
  reviewer = await signedInUser(t.db, [{ role: 'irm_reviewer', memberId: plan.memberId }], NOW, { name: 'Iris Revisora' });
  secretariat = await signedInUser(t.db, [{ role: 'secretariat', memberId: plan.memberId }], NOW);
  app = createApp({ db: t.db, now: () => NOW });
});
afterAll(async () => {
  await t.dispose();
});

describe('IRM assessments', () => {
  it('only an IRM reviewer of the member records them', async () => {
    expect((await getAs(app, `/commitments/${commitmentId}/irm`, secretariat)).status).toBe(403);
    expect((await postForm(app, `/commitments/${commitmentId}/irm`, { reportKind: 'progress', specificity: 'high' }, secretariat)).status).toBe(403);
    expect((await app.request(`/commitments/${commitmentId}/irm`)).status).toBe(303);
    expect((await t.db.select().from(irmAssessments)).length).toBe(0);
  });

  it('a reviewer records a first-generation progress report, with ND kept; it shows beside the self-reported status, never mixed', async () => {
    const form = await getAs(app, `/commitments/${commitmentId}/irm?kind=progress`, reviewer);
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('Especificidad');
    expect(html).not.toContain('Potencial de resultados');
    const res = await postForm(app, `/commitments/${commitmentId}/irm`, { reportKind: 'progress', publicationYear: '2018', specificity: 'medium', potentialImpact: 'moderate', starred: 'no', completion: 'substantial', relevanceCivicParticipation: 'ND', potentialForResults: 'modest' }, reviewer);
    expect(res.status).toBe(303);
    const [row] = await t.db.select().from(irmAssessments);
    expect(row).toMatchObject({ methodology: 'first_generation', reportKind: 'progress', specificity: 'medium', completion: 'substantial', relevanceCivicParticipation: 'ND', potentialForResults: null, recordedBy: reviewer.userId });
    const page = await (await app.request(`/commitments/${commitmentId}`)).text();
    expect(page).toContain('Evaluación del Mecanismo de Revisión Independiente (IRM)');
    expect(page).toContain('Informe de avance');
    expect(page).toContain('ND (sin datos)');
    expect(page).toContain('Evaluación del IRM registrada (Informe de avance) por Iris Revisora');
    // The self-reported completion and the milestones are untouched.
    expect(page).toContain('Cumplimiento autorreportado por el gobierno');
    const ms = await t.db.select().from(milestones);
    expect(ms.some((m) => m.status === 'substantial')).toBe(false);
  });

  it('a correction keeps the previous values in the audit log', async () => {
    await postForm(app, `/commitments/${commitmentId}/irm`, { reportKind: 'progress', specificity: 'high' }, reviewer);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, 'irm_assessment.update'));
    expect((audit[0]!.details as { before: { specificity: string } }).before.specificity).toBe('medium');
    expect((await t.db.select().from(irmAssessments)).length).toBe(1);
  });

  it('refreshed methodology: results report; invalid codes and hostile values are refused with a message', async () => {
    const bad = await postForm(app, `/commitments/${commitmentId}/irm`, { reportKind: 'results_report', earlyResults: "significant'; DROP TABLE irm_assessments; --" }, reviewer);
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Elija un valor de la lista.');
    const year = await postForm(app, `/commitments/${commitmentId}/irm`, { reportKind: 'results_report', publicationYear: '<script>' }, reviewer);
    expect(year.status).toBe(422);
    const yearHtml = await year.text();
    expect(yearHtml).toContain('Escriba un año');
    expect(yearHtml).not.toContain('<script>');
    const kind = await postForm(app, `/commitments/${commitmentId}/irm`, { reportKind: 'x'.repeat(10_000) }, reviewer);
    expect(kind.status).toBe(422);
    const ok = await postForm(app, `/commitments/${commitmentId}/irm`, { reportKind: 'results_report', earlyResults: 'significant', completion: 'complete', specificity: 'high' }, reviewer);
    expect(ok.status).toBe(303);
    const rows = await t.db.select().from(irmAssessments).where(eq(irmAssessments.reportKind, 'results_report'));
    expect(rows[0]).toMatchObject({ methodology: 'refresh', earlyResults: 'significant', specificity: null });
    expect((await postForm(app, `/commitments/${commitmentId}/irm`, { reportKind: 'progress' }, reviewer, { csrf: false })).status).toBe(403);
  });
});
