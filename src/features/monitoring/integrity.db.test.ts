import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app.js';
import { auditLog, contestations, documents, milestones, outbox, progressUpdates } from '../../db/schema/index.js';
import { importParsedCommitments } from '../ingest/commands.js';
import { createProgressUpdate } from './commands.js';
import { mailBody } from '../../lib/mail.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { createPlan, NOW, parsedCommitment, parseResult } from '../../../tests/support/factories.js';
import { getAs, postForm, postMultipart, signedInUser, type SignedIn } from '../../../tests/support/auth.js';
import { processTimeoutMs, startServer } from '../../../tests/support/run.js';

/**
 * Issue 8, items 1 and 2: every state transition is atomic (exactly one of N parallel decisions wins,
 * in one process and in two app processes on PostgreSQL), and the public status never goes backwards.
 */
let t: TestDatabase;
let app: App;
let commitmentId: number;
let planId: number;
let institutionId: number;
let milestoneIds: number[];
let contact: SignedIn & { name: string };
let secretariat: SignedIn & { name: string };
let secretariat2: SignedIn & { name: string };
let forum: SignedIn & { name: string };
let follower: SignedIn & { name: string; email: string };

type Requester = { request: (path: string, init?: RequestInit) => Response | Promise<Response> };

beforeAll(async () => {
  t = await testDatabase();
  const plan = await createPlan(t.db);
  planId = plan.id;
  const outcome = await importParsedCommitments(t.db, {
    planId: plan.id,
    parsed: parseResult(parsedCommitment({ completion: 'limited' })),
    source: { name: 'autoevaluacion.txt', format: 'text', content: 'x' },
    actor: 'test',
    dryRun: false,
    now: NOW,
  });
  const c = outcome.commitments[0]!;
  commitmentId = c.id;
  institutionId = c.leadInstitution!.id;
  milestoneIds = c.milestones.map((m) => m.id);
  const memberId = plan.memberId;
  contact = await signedInUser(t.db, [{ role: 'institution_contact', memberId, institutionId: c.leadInstitution!.id }], NOW, { name: 'Rodrigo Contacto' });
  secretariat = await signedInUser(t.db, [{ role: 'secretariat', memberId }], NOW, { name: 'Sofía Secretaría' });
  secretariat2 = await signedInUser(t.db, [{ role: 'secretariat', memberId }], NOW, { name: 'Tomás Secretaría' });
  forum = await signedInUser(t.db, [{ role: 'forum_member', memberId, seat: 'civil_society' }], NOW, { name: 'Carla Sociedad Civil' });
  follower = await signedInUser(t.db, [], NOW, { name: 'Felipe Seguidor', email: 'felipe-integrity@example.org' });
  app = createApp({ db: t.db, now: () => NOW, pageCacheTtlMs: 60_000 });
  expect((await postForm(app, `/commitments/${commitmentId}/follow`, {}, follower)).status).toBe(303);
});
afterAll(async () => {
  await t?.dispose();
});

const submitted = (milestoneId: number, status: 'limited' | 'substantial' | 'complete' | 'not_started', asOf: string, narrative = '') =>
  createProgressUpdate(t.db, { milestoneId, authorId: contact.userId, status, narrative, asOf, periodId: null, locale: 'es', evidence: { files: [], links: [] }, submit: true, now: NOW });

/** N verify/return decisions on one submitted report at once, split over the given apps and both secretariat accounts. */
async function race(apps: Requester[], n: number, milestoneId: number) {
  const { id } = await submitted(milestoneId, 'substantial', '2026-11-01');
  const responses = await Promise.all(
    Array.from({ length: n }, (_, i) => {
      const who = i % 2 === 0 ? secretariat : secretariat2;
      const target = apps[i % apps.length]!;
      return i % 3 === 2 ? postForm(target, `/updates/${id}/return`, { reason: `Falta evidencia ${i}` }, who) : postForm(target, `/updates/${id}/verify`, {}, who);
    }),
  );
  const bodies = await Promise.all(responses.map((r) => (r.status === 303 ? Promise.resolve('') : r.text())));
  const decisions = await t.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'milestone'), inArray(auditLog.action, ['progress_update.verify', 'progress_update.return'])))
    .orderBy(asc(auditLog.id));
  return { id, statuses: responses.map((r) => r.status), bodies, decisions: decisions.filter((d) => (d.details as { progressUpdateId?: number }).progressUpdateId === id) };
}

describe('state transitions are atomic: exactly one of N parallel decisions wins', () => {
  it('verify and return on one report, 10 runs of 8 at once: one 303, seven "already decided by … at …"', async () => {
    for (let run = 0; run < 10; run += 1) {
      const r = await race([app], 8, milestoneIds[run % 2]!);
      expect(r.statuses.filter((s) => s === 303)).toHaveLength(1);
      expect(r.statuses.filter((s) => s === 409)).toHaveLength(7);
      for (const body of r.bodies.filter(Boolean)) expect(body).toMatch(/Este reporte ya fue (verificado|devuelto) por (Sofía|Tomás) Secretaría el \d+ de \w+ de 2026/);
      expect(r.decisions).toHaveLength(1);
      const row = (await t.db.select().from(progressUpdates).where(eq(progressUpdates.id, r.id)))[0]!;
      expect(['verified', 'returned']).toContain(row.state);
    }
  });

  it('the author submits a returned report from two tabs at once: exactly one goes to verification', async () => {
    for (let run = 0; run < 5; run += 1) {
      const { id } = await submitted(milestoneIds[2]!, 'limited', '2026-10-01');
      expect((await postForm(app, `/updates/${id}/return`, { reason: 'Agregue evidencia' }, secretariat)).status).toBe(303);
      const form = () => {
        const f = new FormData();
        for (const [k, v] of Object.entries({ status: 'substantial', narrative: `Corregido ${run}`, asOf: '2026-10-15', periodId: '', action: 'submit' })) f.append(k, v);
        return f;
      };
      const responses = await Promise.all(Array.from({ length: 6 }, () => postMultipart(app, `/updates/${id}`, form(), contact)));
      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s === 303)).toHaveLength(1);
      // The losers are refused, by the policy (no longer editable) or by the conditional update.
      expect(statuses.filter((s) => s !== 303).every((s) => s === 403 || s === 422)).toBe(true);
      const submits = (await t.db.select().from(auditLog).where(eq(auditLog.action, 'progress_update.submit')).orderBy(asc(auditLog.id))).filter(
        (a) => (a.details as { progressUpdateId?: number }).progressUpdateId === id,
      );
      expect(submits).toHaveLength(2); // the first submission, and exactly one re-submission
      await postForm(app, `/updates/${id}/return`, { reason: 'cerrar' }, secretariat);
    }
  });

  it('a forum member contests the same milestone from two tabs at once: one contestation, the other told it exists', async () => {
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => {
        const f = new FormData();
        f.append('comment', 'El informe no se publicó.');
        return postMultipart(app, `/commitments/${commitmentId}/milestones/1/contest`, f, forum);
      }),
    );
    expect(responses.map((r) => r.status).filter((s) => s === 303)).toHaveLength(1);
    const losers = responses.filter((r) => r.status !== 303);
    expect(losers.every((r) => r.status === 409)).toBe(true);
    expect(await losers[0]!.text()).toContain('Usted ya impugnó esta meta el ');
    expect(await t.db.select().from(contestations).where(eq(contestations.authorId, forum.userId))).toHaveLength(1);
  });

  it('two app processes on one PostgreSQL database: in every run exactly one decision wins', { timeout: processTimeoutMs(180_000) }, async () => {
    if (!t.url) return; // PGlite is embedded and single-process: this run is the postgres project's.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'abierto-race-'));
    const servers: Awaited<ReturnType<typeof startServer>>[] = [];
    try {
      const bases = await Promise.all(
        [0, 1].map(async () => {
          const server = await startServer({ DATABASE_URL: t.url!, DATA_DIR: dataDir, DEMO: '0', REMINDERS: '0' });
          servers.push(server);
          return server.baseUrl;
        }),
      );
      const remote = (base: string): Requester => ({ request: (p, init) => fetch(base + p, { ...init, redirect: 'manual' }) });
      const apps = bases.map(remote);
      let runs = 0;
      for (let run = 0; run < 20; run += 1) {
        const r = await race(apps, 10, milestoneIds[run % 2]!);
        expect(r.statuses.filter((s) => s === 303), `run ${run}: ${r.statuses.join(',')}`).toHaveLength(1);
        expect(r.statuses.filter((s) => s === 409)).toHaveLength(9);
        expect(r.decisions).toHaveLength(1);
        runs += 1;
      }
      expect(runs).toBe(20);
    } finally {
      await Promise.all(servers.map((server) => server.stop()));
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the public status never goes backwards by accident', () => {
  it('verifying an older report after a newer one: recorded in the history, status and followers untouched', async () => {
    const m = milestoneIds[2]!;
    const newer = await submitted(m, 'complete', '2026-11-10', 'Terminado: el informe final se publicó.');
    expect((await postForm(app, `/updates/${newer.id}/verify`, {}, secretariat)).status).toBe(303);
    expect((await t.db.select().from(milestones).where(eq(milestones.id, m)))[0]!.status).toBe('complete');
    const mailsBefore = (await t.db.select().from(outbox).where(eq(outbox.to, follower.email))).length;
    const older = await submitted(m, 'limited', '2026-09-30', 'A septiembre iba a medias.');
    expect((await postForm(app, `/updates/${older.id}/verify`, {}, secretariat2)).status).toBe(303);
    const after = (await t.db.select().from(milestones).where(eq(milestones.id, m)))[0]!;
    expect(after.status).toBe('complete');
    expect(after.narrative.es).toBe('Terminado: el informe final se publicó.');
    expect((await t.db.select().from(progressUpdates).where(eq(progressUpdates.id, older.id)))[0]!.state).toBe('verified');
    expect((await t.db.select().from(outbox).where(eq(outbox.to, follower.email))).length).toBe(mailsBefore);
    const page = await (await app.request(`/commitments/${commitmentId}`)).text();
    expect(page).toContain('verificó un reporte anterior de Rodrigo Contacto');
    expect(page).toContain('el estado público sigue siendo Completo');
    const api = (await (await app.request(`/api/v1/commitments/${commitmentId}`)).json()) as { milestones: { number: number; status: string; verifiedAt?: string; pending?: unknown }[] };
    expect(api.milestones.find((x) => x.number === 3)!.status).toBe('complete');
  });

  it('a newer verified report does replace the status; the as-of date decides, not the order of verification', async () => {
    const m = milestoneIds[2]!;
    const newest = await submitted(m, 'substantial', '2026-11-20', 'Se reabrió una parte.');
    expect((await postForm(app, `/updates/${newest.id}/verify`, {}, secretariat)).status).toBe(303);
    expect((await t.db.select().from(milestones).where(eq(milestones.id, m)))[0]!.status).toBe('substantial');
  });

  it('at most one report awaits verification per milestone: a new submission supersedes the pending one, kept in the history', async () => {
    const m = milestoneIds[0]!;
    const first = await submitted(m, 'limited', '2026-11-01', 'Primera versión.');
    const second = await submitted(m, 'substantial', '2026-11-02', 'Segunda versión.');
    const rows = await t.db.select().from(progressUpdates).where(eq(progressUpdates.milestoneId, m)).orderBy(asc(progressUpdates.id));
    expect(rows.filter((r) => r.state === 'submitted').map((r) => r.id)).toEqual([second.id]);
    expect(rows.find((r) => r.id === first.id)).toMatchObject({ state: 'superseded', supersededBy: second.id });
    const queue = await (await getAs(app, '/verification', secretariat)).text();
    expect(queue).toContain('Segunda versión.');
    expect(queue).not.toContain('Primera versión.');
    // Deciding the superseded one is refused with who replaced it.
    const late = await postForm(app, `/updates/${first.id}/verify`, {}, secretariat);
    expect(late.status).toBe(409);
    expect(await late.text()).toContain('Este reporte ya fue reemplazado por uno más reciente por Rodrigo Contacto');
    const page = await (await app.request(`/commitments/${commitmentId}`)).text();
    expect(page).toContain('envió un reporte nuevo que reemplaza al que esperaba verificación');
    // Parallel submissions on one milestone: still one pending.
    await Promise.all([1, 2, 3, 4].map((i) => submitted(m, 'complete', `2026-11-0${i + 2}`, `Paralelo ${i}`)));
    expect(await t.db.select().from(progressUpdates).where(and(eq(progressUpdates.milestoneId, m), eq(progressUpdates.state, 'submitted')))).toHaveLength(1);
  });
});

describe('what was verified is what the public reads (decision 041)', () => {
  const TEXT = 'Se publicaron los tres reportes trimestrales en el sitio del ministerio.';
  it('the verified narrative, date and evidence become the public narrative on the page, API, feed, open data and self-assessment', async () => {
    const m = milestoneIds[1]!;
    const { id } = await createProgressUpdate(t.db, {
      milestoneId: m,
      authorId: contact.userId,
      status: 'complete',
      narrative: TEXT,
      asOf: '2026-11-22',
      periodId: null,
      locale: 'es',
      evidence: { files: [], links: ['https://example.org/reportes-trimestrales'] },
      submit: true,
      now: NOW,
    });
    expect((await postForm(app, `/updates/${id}/verify`, {}, secretariat)).status).toBe(303);
    const page = await (await app.request(`/commitments/${commitmentId}`)).text();
    expect(page).toContain(TEXT);
    expect(page).toContain('Estado al 22 de noviembre de 2026');
    expect(page).toContain('https://example.org/reportes-trimestrales');
    // The imported text stays in the history.
    expect(page).toContain('Texto que reemplaza: «No iniciada.»');
    const api = (await (await app.request(`/api/v1/commitments/${commitmentId}`)).json()) as { milestones: { number: number; narrative: { es?: string }; statusAsOf: string | null; evidence: { href: string }[] }[] };
    const am = api.milestones.find((x) => x.number === 2)!;
    expect(am.narrative.es).toBe(TEXT);
    expect(am.statusAsOf).toBe('2026-11-22');
    expect(am.evidence.map((e) => e.href)).toEqual(['https://example.org/reportes-trimestrales']);
    expect(await (await app.request(`/feeds/commitments/${commitmentId}.atom`)).text()).toContain(TEXT);
    const csv = await (await app.request('/data/milestones.csv')).text();
    expect(csv).toContain(TEXT);
    expect(csv).toContain('2026-11-22');
    const report = await (await app.request(`/reports/plans/${planId}/self-assessment/mid-term`)).text();
    expect(report).toContain(TEXT);
  });

  it('a report awaiting verification is public, marked unverified, and never becomes the narrative', async () => {
    const m = milestoneIds[1]!;
    await submitted(m, 'limited', '2026-11-23', 'Texto todavía sin verificar.');
    app.deps.cache.invalidate();
    const page = await (await app.request(`/commitments/${commitmentId}`)).text();
    expect(page).toContain('Texto del reporte en espera de verificación (no verificado):');
    expect(page).toContain('Texto todavía sin verificar.');
    const api = (await (await app.request(`/api/v1/commitments/${commitmentId}`)).json()) as { milestones: { number: number; status: string; narrative: { es?: string }; pending: { narrative: { es?: string } } | null }[] };
    const am = api.milestones.find((x) => x.number === 2)!;
    expect(am.narrative.es).toBe(TEXT);
    expect(am.status).toBe('complete');
    expect(am.pending!.narrative.es).toBe('Texto todavía sin verificar.');
    expect(await (await app.request('/data/milestones.csv')).text()).not.toContain('Texto todavía sin verificar.');
  });
});

describe('contestations are answered (decision 042)', () => {
  let forum2: SignedIn & { name: string; email: string };
  let contestationId: number;
  it('contesting tells the secretariat and the lead institution\'s contacts, and flags the milestone everywhere', async () => {
    forum2 = await signedInUser(t.db, [{ role: 'forum_member', memberId: 1, seat: 'civil_society' }], NOW, { name: 'Diego Foro', email: 'diego-foro@example.org' });
    const f = new FormData();
    f.append('comment', 'El informe final no está publicado en ningún sitio.');
    expect((await postMultipart(app, `/commitments/${commitmentId}/milestones/3/contest`, f, forum2)).status).toBe(303);
    const c = (await t.db.select().from(contestations).where(eq(contestations.authorId, forum2.userId)))[0]!;
    contestationId = c.id;
    const mails = await t.db.select().from(outbox).orderBy(asc(outbox.id));
    const about = mails.filter((m) => (m.meta as { contestationId?: number }).contestationId === c.id);
    const to = (name: { userId: number }) => about.some((m) => m.userId === name.userId);
    expect(to(secretariat) && to(secretariat2) && to(contact)).toBe(true);
    expect(mailBody(about.find((m) => m.userId === contact.userId)!, 'https://abierto.example')).toContain(`https://abierto.example/contestations/${c.id}`);
    // Flagged and counted: home, plan page, institution page, API, self-assessment, follow-up report.
    expect(await (await app.request('/')).text()).toContain('metas impugnadas, en espera de respuesta');
    const plan = await (await app.request(`/plans/${planId}`)).text();
    expect(plan).toMatch(/Metas impugnadas: 1, 3|Meta impugnada: 3/);
    expect(await (await app.request(`/institutions/${institutionId}`)).text()).toContain('impugnada');
    const api = (await (await app.request(`/api/v1/commitments/${commitmentId}`)).json()) as { milestones: { number: number; contested: boolean; contestations: { id: number; state: string }[] }[] };
    expect(api.milestones.find((m) => m.number === 3)!.contested).toBe(true);
    const plans = (await (await app.request('/api/v1/plans')).json()) as { id: number; contestedMilestones: number }[];
    expect(plans.find((p) => p.id === planId)!.contestedMilestones).toBeGreaterThanOrEqual(1);
    expect(await (await app.request(`/reports/plans/${planId}/self-assessment/mid-term`)).text()).toContain('Estado impugnado por Diego Foro');
    const followUp = await (await getAs(app, `/reports/plans/${planId}/follow-up/new`, secretariat)).text();
    expect(followUp).toContain('Impugnaciones');
    expect(followUp).toContain('(Impugnado)');
  });

  it('the lead institution and the secretariat reply in public; anyone else may not', async () => {
    const other = await signedInUser(t.db, [{ role: 'forum_member', memberId: 1 }], NOW, { name: 'Otra Persona del Foro' });
    expect((await postForm(app, `/contestations/${contestationId}/replies`, { body: 'Yo también opino.' }, other)).status).toBe(403);
    expect((await postForm(app, `/contestations/${contestationId}/replies`, { body: '' }, contact)).status).toBe(422);
    expect((await postForm(app, `/contestations/${contestationId}/replies`, { body: 'El informe está en la oficina de partes.' }, contact)).status).toBe(303);
    expect((await postForm(app, `/contestations/${contestationId}/replies`, { body: 'Pedimos el enlace a la institución.' }, secretariat)).status).toBe(303);
    const thread = await (await app.request(`/contestations/${contestationId}`)).text();
    expect(thread).toContain('Rodrigo Contacto (institución responsable)');
    expect(thread).toContain('Sofía Secretaría (secretaría)');
    expect(thread).toContain('El informe está en la oficina de partes.');
    // The person who contested hears of the replies.
    expect((await t.db.select().from(outbox).where(eq(outbox.to, forum2.email))).some((m) => m.subject.includes('Respuesta a una impugnación'))).toBe(true);
  });

  it('upheld: the contested verified report goes back to verification and the status to the newest remaining verified report; one of N resolutions wins', async () => {
    const m = milestoneIds[2]!;
    const before = (await t.db.select().from(milestones).where(eq(milestones.id, m)))[0]!;
    expect(before.status).toBe('substantial');
    const contested = (await t.db.select().from(contestations).where(eq(contestations.id, contestationId)))[0]!;
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) => postForm(app, `/contestations/${contestationId}/resolve`, { outcome: 'upheld', reason: `No hay evidencia del informe final (${i}).` }, i % 2 ? secretariat2 : secretariat)),
    );
    expect(responses.filter((r) => r.status === 303)).toHaveLength(1);
    const losers = responses.filter((r) => r.status !== 303);
    expect(losers.every((r) => r.status === 409)).toBe(true);
    expect(await losers[0]!.text()).toMatch(/Esta impugnación ya fue acogida por (Sofía|Tomás) Secretaría/);
    const resolved = (await t.db.select().from(contestations).where(eq(contestations.id, contestationId)))[0]!;
    expect(resolved.state).toBe('upheld');
    {
      expect((await t.db.select().from(progressUpdates).where(eq(progressUpdates.id, contested.progressUpdateId!)))[0]!.state).toBe('submitted');
      const after = (await t.db.select().from(milestones).where(eq(milestones.id, m)))[0]!;
      expect(after.status).toBe('complete');
      expect(after.narrative.es).toBe('Terminado: el informe final se publicó.');
      expect(await (await getAs(app, '/verification', secretariat)).text()).toContain('Se reabrió una parte.');
    }
    const thread = await (await app.request(`/contestations/${contestationId}`)).text();
    expect(thread).toContain('Motivo: «');
    expect((await postForm(app, `/contestations/${contestationId}/replies`, { body: 'tarde' }, contact)).status).toBe(409);
    const api = (await (await app.request(`/api/v1/commitments/${commitmentId}`)).json()) as { milestones: { number: number; contested: boolean }[] };
    expect(api.milestones.find((x) => x.number === 3)!.contested).toBe(false);
  });
});

describe('a dismissed contestation', () => {
  it('keeps the status, shows the reason, and can no longer be replied to; a new contestation is possible again', async () => {
    const m = milestoneIds[1]!;
    const before = (await t.db.select().from(milestones).where(eq(milestones.id, m)))[0]!;
    const f = new FormData();
    f.append('comment', 'No me consta.');
    expect((await postMultipart(app, `/commitments/${commitmentId}/milestones/2/contest`, f, forum)).status).toBe(303);
    const c = (await t.db.select().from(contestations).where(and(eq(contestations.milestoneId, m), eq(contestations.state, 'open'))))[0]!;
    expect((await postForm(app, `/contestations/${c.id}/resolve`, { outcome: 'dismissed', reason: '' }, secretariat)).status).toBe(422);
    expect((await postForm(app, `/contestations/${c.id}/resolve`, { outcome: 'dismissed', reason: 'x' }, contact)).status).toBe(403);
    expect((await postForm(app, `/contestations/${c.id}/resolve`, { outcome: 'dismissed', reason: 'Los reportes están publicados en el sitio del ministerio.' }, secretariat)).status).toBe(303);
    const after = (await t.db.select().from(milestones).where(eq(milestones.id, m)))[0]!;
    expect(after.status).toBe(before.status);
    expect(after.narrative).toEqual(before.narrative);
    const page = await (await app.request(`/commitments/${commitmentId}`)).text();
    expect(page).toContain('Impugnación desestimada');
    expect(page).toContain('Motivo: «Los reportes están publicados en el sitio del ministerio.»');
    expect((await postForm(app, `/contestations/${c.id}/replies`, { body: 'Pero…' }, forum)).status).toBe(409);
    const again = new FormData();
    again.append('comment', 'Sigo sin encontrarlos.');
    expect((await postMultipart(app, `/commitments/${commitmentId}/milestones/2/contest`, again, forum)).status).toBe(303);
  });
});

describe('evidence of drafts and returned reports (decision 043)', () => {
  const form = (fields: Record<string, string | string[]>) => {
    const f = new FormData();
    for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) f.append(k, item);
    return f;
  };
  const base = { status: 'substantial', narrative: 'Avance con evidencia.', asOf: '2026-11-21', periodId: '' };
  it('a draft\'s and a returned report\'s attachments and links can be removed; a returned report\'s evidence is not public', async () => {
    const created = await postMultipart(app, `/commitments/${commitmentId}/milestones/1/updates/new`, form({ ...base, links: 'https://example.org/acta-equivocada\nhttps://example.org/acta-buena', action: 'draft' }), contact);
    expect(created.status).toBe(303);
    const draft = (await t.db.select().from(progressUpdates).where(and(eq(progressUpdates.authorId, contact.userId), eq(progressUpdates.state, 'draft'))))[0]!;
    const docs = async () => (await t.db.select().from(documents).where(and(eq(documents.subjectType, 'progress_update'), eq(documents.subjectId, draft.id))).orderBy(asc(documents.id)));
    const [wrong, good] = await docs();
    expect(wrong!.url).toBe('https://example.org/acta-equivocada');
    const edit = await (await getAs(app, `/updates/${draft.id}/edit`, contact)).text();
    expect(edit).toContain(`name="removeEvidence" value="${wrong!.id}"`);
    // Removing someone else's document id does nothing; removing its own does.
    expect((await postMultipart(app, `/updates/${draft.id}`, form({ ...base, links: '', removeEvidence: [String(wrong!.id), '999999'], action: 'submit' }), contact)).status).toBe(303);
    expect((await docs()).map((d) => d.url)).toEqual(['https://example.org/acta-buena']);
    app.deps.cache.invalidate();
    expect(await (await app.request(`/repository?plan=${planId}`)).text()).toContain('https://example.org/acta-buena');
    // Returned: its evidence leaves the repository and the page; it is never evidence for the public status.
    expect((await postForm(app, `/updates/${draft.id}/return`, { reason: 'El acta no corresponde.' }, secretariat)).status).toBe(303);
    expect((await docs())[0]!.publishedAt).toBeNull();
    expect(await (await app.request(`/repository?plan=${planId}`)).text()).not.toContain('https://example.org/acta-buena');
    expect(await (await app.request(`/commitments/${commitmentId}`)).text()).not.toContain('https://example.org/acta-buena');
    const api = (await (await app.request(`/api/v1/commitments/${commitmentId}`)).json()) as { milestones: { number: number; evidence: { href: string }[]; pending: { evidence: { href: string }[] } | null }[] };
    const m1 = api.milestones.find((m) => m.number === 1)!;
    expect([...m1.evidence, ...(m1.pending?.evidence ?? [])].map((e) => e.href)).not.toContain('https://example.org/acta-buena');
    // The returned report's evidence can be removed too.
    expect((await postMultipart(app, `/updates/${draft.id}`, form({ ...base, links: '', removeEvidence: String(good!.id), action: 'draft' }), contact)).status).toBe(303);
    expect(await docs()).toEqual([]);
  });
});

describe('other read-then-write changes are conditional too', () => {
  it('one invitation link used from several tabs at once: exactly one sign-up', async () => {
    const { inviteUser, acceptInvitation } = await import('../accounts/commands.js');
    const invited = await inviteUser(t.db, { email: 'nueva-carrera@example.org', name: 'Nueva', locale: 'es', grant: { role: 'forum_member', memberId: 1, institutionId: null, seat: null }, actor: 'test', baseUrl: 'http://localhost', now: NOW });
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => acceptInvitation(t.db, { token: invited.token!, name: `Nueva ${i}`, password: 'una contraseña larga y segura', now: NOW })));
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, 'user.accept_invitation'))).toHaveLength(1);
  });

  it('two follow-up reports published at once get numbers 1 and 2 (no failure, no duplicate)', async () => {
    const { publishFollowUpReport } = await import('../reports/commands.js');
    const results = await Promise.allSettled([0, 1].map(() => publishFollowUpReport(t.db, { planId, cutOffDate: '2026-11-23', note: {}, userId: secretariat.userId, actor: 'test', now: NOW })));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value.number : 0)).sort()).toEqual([1, 2]);
  });
});
