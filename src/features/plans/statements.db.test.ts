import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app.js';
import { commitments } from '../../db/schema/index.js';
import { messages } from '../../i18n/index.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { buildSite, type Site } from '../../../tests/support/site.js';
import { logStatements, type StatementLog } from '../../../tests/support/statements.js';
import { createPlan, NOW, parsedCommitment, parseResult } from '../../../tests/support/factories.js';
import { importParsedCommitments } from '../ingest/commands.js';
import { getCommitmentDetail } from '../commitments/queries.js';
import { getPlanDetail } from './queries.js';

/**
 * Statements per uncached public page (issue 10, decision 062): the plan page runs one, the
 * commitment page one, two when a milestone has progress updates or contestations — whatever the
 * number of commitments, milestones, history entries or people. Counted at the driver, on both.
 */
let t: TestDatabase;
let app: App;
let site: Site;
let log: StatementLog;
let quiet: number;
let quietPlan: number;

beforeAll(async () => {
  t = await testDatabase();
  site = await buildSite(t.db);
  // A commitment with no milestone activity, and one without a lead institution.
  quietPlan = (await createPlan(t.db, { code: 'CL', number: 5 })).id;
  await importParsedCommitments(t.db, {
    planId: quietPlan,
    parsed: parseResult(parsedCommitment({ number: 1, title: 'Uno' }), parsedCommitment({ number: 2, title: 'Dos' })),
    source: { name: 'cl5.txt', format: 'text', content: 'cl5' },
    actor: 'test',
    dryRun: false,
    now: NOW,
  });
  const rows = await t.db.select({ id: commitments.id }).from(commitments).where(eq(commitments.planId, quietPlan)).orderBy(desc(commitments.id)).limit(1);
  quiet = rows[0]!.id;
  await t.db.update(commitments).set({ leadInstitutionId: null }).where(eq(commitments.id, quiet));
  app = createApp({ db: t.db, now: () => NOW, pageCacheTtlMs: 0 });
  log = logStatements(t.db);
});

afterAll(async () => {
  log.restore();
  await t.dispose();
});

/** The statements one request runs (after one request of the same page: PGlite prepares on first use). */
async function statementsOf(path: string, headers: Record<string, string> = {}) {
  await (await app.request(path, { headers })).arrayBuffer();
  log.reset();
  const res = await app.request(path, { headers });
  const body = await res.text();
  return { res, body, count: log.texts.length };
}

describe('statements per page', () => {
  it('the plan page runs one statement, anonymous or signed in', async () => {
    const { res, body, count } = await statementsOf(`/plans/${site.ids.plan}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(count).toBe(1);
    expect(body).toContain(`/commitments/${site.ids.commitment}`);
    // The row of the commitment without a lead institution says so.
    const t = messages('es');
    expect(await (await app.request(`/plans/${quietPlan}`)).text()).toContain(`<td data-label="${t.plan.leadInstitution}"><span class="muted">${t.commitment.notStated}</span></td>`);
    // Signed in: whatever the session itself costs (measured on a missing plan, which runs the page's one statement), plus the page's one.
    const headers = site.people.secretariat.headers;
    const missing = await statementsOf('/plans/999999', headers);
    expect(missing.res.status).toBe(404);
    const signedIn = await statementsOf(`/plans/${site.ids.plan}`, headers);
    expect(signedIn.res.status).toBe(200);
    expect(signedIn.body).toContain(`/plans/${site.ids.plan}/edit`);
    expect(signedIn.count).toBe(missing.count);
  });

  it('the commitment page runs one statement, two when its milestones have reports or contestations', async () => {
    const plain = await statementsOf(`/commitments/${quiet}?lang=en`);
    expect(plain.res.status).toBe(200);
    expect(plain.count).toBe(1);
    const monitored = await statementsOf(`/commitments/${site.ids.commitment}`);
    expect(monitored.res.status).toBe(200);
    expect(monitored.body).toContain('No está completa.');
    expect(monitored.count).toBe(2);
    const headers = site.people.secretariat.headers;
    const missing = await statementsOf('/commitments/999999', headers);
    expect(missing.res.status).toBe(404);
    const signedIn = await statementsOf(`/commitments/${site.ids.commitment}`, headers);
    expect(signedIn.body).toContain(`/commitments/${site.ids.commitment}/edit`);
    expect(signedIn.count).toBe(missing.count + 1);
  });

  it('reads the same inside a transaction as outside it', async () => {
    const outside = await getCommitmentDetail(t.db, site.ids.commitment, NOW);
    const plan = await getPlanDetail(t.db, site.ids.plan, NOW);
    await t.db.transaction(async (tx) => {
      expect(await getCommitmentDetail(tx, site.ids.commitment, NOW)).toEqual(outside);
      expect(await getPlanDetail(tx, site.ids.plan, NOW)).toEqual(plan);
    });
  });
});
