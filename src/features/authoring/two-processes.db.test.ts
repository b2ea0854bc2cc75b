import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, commitments, milestones } from '../../db/schema/index.js';
import { importParsedCommitments } from '../ingest/commands.js';
import { createApiToken } from '../api/tokens.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { createPlan, NOW, parsedCommitment, parseResult } from '../../../tests/support/factories.js';
import { postForm, signedInUser, type SignedIn } from '../../../tests/support/auth.js';
import { startAppProcesses, type AppProcesses } from '../../../tests/support/app-processes.js';

/**
 * Issue 9, scope 8: concurrent edits of one commitment (and one milestone) with TWO app processes on one
 * PostgreSQL database. In every round both saves start from the same version: exactly one wins, the
 * other gets the conflict (the form's "someone else saved" page, or the API's 409 with the current row).
 * PGlite is embedded and single-process; its in-process race is in routes.db.test.tsx.
 */
let t: TestDatabase;
let procs: AppProcesses | null = null;
let commitmentId: number;
let milestoneId: number;
let institutionId: number;
let ana: SignedIn;
let beto: SignedIn;
let anaToken: string;
let betoToken: string;
const ROUNDS = 12;

beforeAll(async () => {
  t = await testDatabase();
  if (!t.url) return;
  const plan = await createPlan(t.db);
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
  milestoneId = c.milestones[0]!.id;
  ana = await signedInUser(t.db, [{ role: 'secretariat', memberId: plan.memberId }], NOW, { name: 'Ana Secretaría' });
  beto = await signedInUser(t.db, [{ role: 'secretariat', memberId: plan.memberId }], NOW, { name: 'Beto Secretaría' });
  anaToken = (await createApiToken(t.db, { userId: ana.userId, name: 'sistema A', actor: 'test', now: NOW })).token;
  betoToken = (await createApiToken(t.db, { userId: beto.userId, name: 'sistema B', actor: 'test', now: NOW })).token;
  procs = await startAppProcesses(t.url, 2);
}, 180_000);
afterAll(async () => {
  await procs?.stop();
  await t?.dispose();
});

function commitmentForm(titleEs: string, version: number) {
  return {
    number: '1',
    generation: '2019',
    titleEs,
    titleEn: 'Open procurement',
    leadInstitutionId: String(institutionId),
    newLeadInstitutionEs: '',
    startMonth: '2026-02',
    endMonth: '2027-12',
    version: String(version),
  };
}

async function auditCount(action: string, entityId: number) {
  const rows = await t.db.select({ id: auditLog.id }).from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.entityId, String(entityId))));
  return rows.length;
}

describe('two app processes on one PostgreSQL database: exactly one save of a commitment or milestone wins', () => {
  it(`commitment edit form, ${ROUNDS} rounds: one 303, one 409 that shows the other's change`, { timeout: 180_000 }, async () => {
    if (!procs) return; // PGlite: this run is the postgres project's.
    const [a, b] = procs.apps as [NonNullable<AppProcesses>['apps'][number], NonNullable<AppProcesses>['apps'][number]];
    for (let round = 0; round < ROUNDS; round += 1) {
      const [before] = await t.db.select().from(commitments).where(eq(commitments.id, commitmentId));
      const audits = await auditCount('commitment.update', commitmentId);
      const responses = await Promise.all([
        postForm(a, `/commitments/${commitmentId}/edit`, commitmentForm(`Compras abiertas (Ana ${round})`, before!.version), ana, { lang: 'en' }),
        postForm(b, `/commitments/${commitmentId}/edit`, commitmentForm(`Compras abiertas (Beto ${round})`, before!.version), beto, { lang: 'en' }),
      ]);
      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s === 303), `round ${round}: ${statuses.join(',')}`).toHaveLength(1);
      expect(statuses.filter((s) => s === 409), `round ${round}: ${statuses.join(',')}`).toHaveLength(1);
      const loser = responses.find((r) => r.status === 409)!;
      const body = await loser.text();
      expect(body).toContain('Someone else saved this record while you were editing it');
      const [after] = await t.db.select().from(commitments).where(eq(commitments.id, commitmentId));
      expect(after!.version).toBe(before!.version + 1);
      const winner = responses[0]!.status === 303 ? 'Ana' : 'Beto';
      expect(after!.title.es).toBe(`Compras abiertas (${winner} ${round})`);
      // The loser sees the winner's text and the new version to save over it deliberately.
      expect(body).toContain(`Compras abiertas (${winner} ${round})`);
      expect(body).toContain(`name="version" value="${after!.version}"`);
      expect(await auditCount('commitment.update', commitmentId)).toBe(audits + 1);
    }
  });

  it(`milestone edit through the write API with If-Match, ${ROUNDS} rounds: one 200, one 409 conflict with the current row`, { timeout: 180_000 }, async () => {
    if (!procs) return;
    const [a, b] = procs.apps as [NonNullable<AppProcesses>['apps'][number], NonNullable<AppProcesses>['apps'][number]];
    const patch = (target: typeof a, token: string, titleEs: string, version: number) =>
      Promise.resolve(
        target.request(`/api/v1/milestones/${milestoneId}`, {
          method: 'PATCH',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'if-match': `"${version}"` },
          body: JSON.stringify({ title: { es: titleEs }, plannedStart: '2026-03', plannedEnd: '2026-12' }),
        }),
      );
    for (let round = 0; round < ROUNDS; round += 1) {
      const [before] = await t.db.select().from(milestones).where(eq(milestones.id, milestoneId));
      const audits = await auditCount('milestone.update', milestoneId);
      const responses = await Promise.all([patch(a, anaToken, `Diseño (Ana ${round})`, before!.version), patch(b, betoToken, `Diseño (Beto ${round})`, before!.version)]);
      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s === 200), `round ${round}: ${statuses.join(',')}`).toHaveLength(1);
      expect(statuses.filter((s) => s === 409), `round ${round}: ${statuses.join(',')}`).toHaveLength(1);
      const err = (await responses.find((r) => r.status === 409)!.json()) as { error: { code: string; current: { version: number; title: { es: string } } } };
      expect(err.error.code).toBe('conflict');
      const [after] = await t.db.select().from(milestones).where(eq(milestones.id, milestoneId));
      expect(after!.version).toBe(before!.version + 1);
      expect(err.error.current.version).toBe(after!.version);
      expect(err.error.current.title.es).toBe(after!.title.es);
      expect(after!.title.es).toBe(`Diseño (${responses[0]!.status === 200 ? 'Ana' : 'Beto'} ${round})`);
      expect(await auditCount('milestone.update', milestoneId)).toBe(audits + 1);
    }
  });
});
