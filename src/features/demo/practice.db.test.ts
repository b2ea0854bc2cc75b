import { parse } from 'csv-parse/sync';
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app.js';
import { runCli } from '../../cli.js';
import { actionPlans, auditLog, commitments, members, milestones, reportingPeriods, roleGrants, users } from '../../db/schema/index.js';
import { sqlRows } from '../../lib/sql-rows.js';
import { monthOf } from '../../lib/month.js';
import { acceptInvitation } from '../accounts/commands.js';
import { contestMilestone, createProgressUpdate, verifyProgressUpdate } from '../monitoring/commands.js';
import { ensureDemo } from './demo.js';
import { PRACTICE_ACCOUNTS, PRACTICE_MEMBER_CODE } from './practice.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';

/**
 * `npm run abierto -- demo practice` (issue 9, scope 3), run in-process through `runCli` on the test's
 * own database: create, idempotence, the practice label on the page, the API and the CSV, the whole
 * monitoring loop on it, and a removal that leaves no trace and never touches a real plan.
 */
let t: TestDatabase;
let app: App;
let before: Record<string, number>;
let seedPlanId: number;

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (s) => out.push(s), err: (s) => err.push(s) }, { database: t });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Rows per table of the public schema (the audit log apart: it is append-only and keeps its records). */
async function tableCounts(): Promise<Record<string, number>> {
  const tables = await sqlRows<{ name: string }>(t.db, sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`);
  const out: Record<string, number> = {};
  for (const { name } of tables) {
    if (name === 'audit_log') continue;
    const [r] = await sqlRows<{ n: number }>(t.db, sql`select count(*)::int as n from ${sql.identifier(name)}`);
    out[name] = Number(r!.n);
  }
  return out;
}

beforeAll(async () => {
  t = await testDatabase();
  await ensureDemo(t.db, new Date());
  seedPlanId = (await t.db.select().from(actionPlans).orderBy(asc(actionPlans.id)))[0]!.id;
  app = createApp({ db: t.db, now: () => new Date(), pageCacheTtlMs: 60_000 });
  before = await tableCounts();
});
afterAll(() => t.dispose());

describe('npm run abierto -- demo practice', () => {
  let planId: number;
  let links: Record<string, string>;

  it('creates a practice plan with the seed commitment moved to the present, an open period and one account per role', async () => {
    const r = await cli('--lang', 'en', 'demo', 'practice');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    planId = Number(/Practice plan created: http:\/\/[^\s]+\/plans\/(\d+)/.exec(r.out)![1]);
    links = {};
    for (const a of PRACTICE_ACCOUNTS) {
      const m = new RegExp(`\\(${a.email}\\):\\n\\s+(http://\\S+/invitations/[A-Za-z0-9_-]{43})`).exec(r.out);
      expect(m, `${a.key} link in:\n${r.out}`).not.toBeNull();
      links[a.key] = m![1]!;
    }
    expect(r.out).toContain('demo practice --remove');
    const [plan] = await t.db.select().from(actionPlans).where(eq(actionPlans.id, planId));
    expect(plan!.practice).toBe(true);
    const [seed] = await t.db.select().from(actionPlans).where(eq(actionPlans.id, seedPlanId));
    expect(seed!.practice).toBe(false);
    const [c] = await t.db.select().from(commitments).where(eq(commitments.planId, planId));
    expect(c!.number).toBe('19');
    const ms = await t.db.select().from(milestones).where(eq(milestones.commitmentId, c!.id)).orderBy(asc(milestones.number));
    expect(ms).toHaveLength(5);
    const thisMonth = monthOf(new Date());
    // Spread around today: some due already, some still ahead; nothing reported yet.
    expect(ms.filter((m) => m.plannedEnd! < thisMonth).length).toBeGreaterThan(0);
    expect(ms.filter((m) => m.plannedEnd! >= thisMonth).length).toBeGreaterThan(0);
    expect(ms.every((m) => m.status === null)).toBe(true);
    expect(c!.startMonth! <= thisMonth && c!.endMonth! >= thisMonth).toBe(true);
    const periods = await t.db.select().from(reportingPeriods).where(eq(reportingPeriods.planId, planId));
    expect(periods).toHaveLength(1);
    expect(periods[0]!.closedAt).toBeNull();
    expect(periods[0]!.deadline >= new Date().toISOString().slice(0, 10)).toBe(true);
    // The contact reports for the copied lead institution, of the practice member only.
    const grants = await t.db.select({ role: roleGrants.role, institutionId: roleGrants.institutionId, email: users.email }).from(roleGrants).innerJoin(users, eq(users.id, roleGrants.userId)).orderBy(asc(users.email));
    expect(grants.find((g) => g.email === 'practica-institucion@example.org')).toMatchObject({ role: 'institution_contact', institutionId: c!.leadInstitutionId });
  });

  it('running it twice duplicates nothing: it says the practice plan exists', async () => {
    const counts = await tableCounts();
    const r = await cli('--lang', 'en', 'demo', 'practice');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`The practice plan exists already: `);
    expect(r.out).toContain(`/plans/${planId}`);
    expect(await tableCounts()).toEqual(counts);
    const es = await cli('--lang', 'es', 'demo', 'practice');
    expect(es.out).toContain('El plan de práctica ya existe');
  });

  it('is labelled practice on its page (es, en), the home page, the API and the open-data CSV; the real plan is not', async () => {
    const en = await (await app.request(`/plans/${planId}`, { headers: { cookie: 'lang=en' } })).text();
    expect(en).toContain('<strong class="badge">Practice</strong> Practice plan: not a real action plan.');
    const es = await (await app.request(`/plans/${planId}`, { headers: { cookie: 'lang=es' } })).text();
    expect(es).toContain('<strong class="badge">Práctica</strong> Plan de práctica: no es un plan de acción real.');
    const seedPage = await (await app.request(`/plans/${seedPlanId}`, { headers: { cookie: 'lang=en' } })).text();
    expect(seedPage).not.toContain('Practice plan: not a real action plan');
    const [c] = await t.db.select().from(commitments).where(eq(commitments.planId, planId));
    const commitmentPage = await (await app.request(`/commitments/${c!.id}`, { headers: { cookie: 'lang=en' } })).text();
    expect(commitmentPage).toContain('<strong class="badge">Practice</strong> Practice plan: not a real action plan.');
    const commitmentApi = (await (await app.request(`/api/v1/commitments/${c!.id}`)).json()) as { plan: { practice: boolean } };
    expect(commitmentApi.plan.practice).toBe(true);
    const member = await (await app.request(`/members/${PRACTICE_MEMBER_CODE}`, { headers: { cookie: 'lang=en' } })).text();
    expect(member).toContain('<span class="badge">Practice</span>');
    const one = (await (await app.request(`/api/v1/plans/${planId}`)).json()) as { practice: boolean };
    expect(one.practice).toBe(true);
    const list = (await (await app.request('/api/v1/plans')).json()) as { id: number; practice: boolean }[] | { items: { id: number; practice: boolean }[] };
    const items = Array.isArray(list) ? list : list.items;
    expect(items.find((p) => p.id === planId)!.practice).toBe(true);
    expect(items.find((p) => p.id === seedPlanId)!.practice).toBe(false);
    const csv = await (await app.request('/data/plans.csv')).text();
    const rows = parse(csv, { bom: true, columns: true, skip_empty_lines: false }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toContain('practice');
    expect(rows.find((r) => r.id === String(planId))!.practice).toBe('true');
    expect(rows.find((r) => r.id === String(seedPlanId))!.practice).toBe('false');
  });

  it('the monitoring loop runs on it: the links activate the accounts, the contact reports with evidence, the secretariat verifies, civil society contests', async () => {
    const now = new Date();
    const ids: Record<string, number> = {};
    for (const a of PRACTICE_ACCOUNTS) {
      const token = links[a.key]!.split('/invitations/')[1]!;
      expect((await app.request(`/invitations/${token}`)).status).toBe(200);
      const accepted = await acceptInvitation(t.db, { token, name: a.name.en, password: 'una-clave-de-practica-larga', now });
      expect(accepted).toBeTruthy();
      ids[a.key] = (await t.db.select().from(users).where(eq(users.email, a.email)))[0]!.id;
    }
    const [c] = await t.db.select().from(commitments).where(eq(commitments.planId, planId));
    const [m] = await t.db.select().from(milestones).where(eq(milestones.commitmentId, c!.id)).orderBy(asc(milestones.number)).limit(1);
    const [period] = await t.db.select().from(reportingPeriods).where(eq(reportingPeriods.planId, planId));
    const update = await createProgressUpdate(t.db, {
      milestoneId: m!.id,
      authorId: ids.institution_contact!,
      status: 'substantial',
      narrative: 'Diseño casi terminado (práctica).',
      asOf: now.toISOString().slice(0, 10),
      periodId: period!.id,
      locale: 'es',
      evidence: { files: [{ name: 'acta-practica.txt', bytes: new TextEncoder().encode(`Acta de práctica ${now.toISOString()}`) }], links: ['https://example.org/practica'] },
      submit: true,
      now,
    });
    await verifyProgressUpdate(t.db, { updateId: update.id, actorId: ids.secretariat!, now });
    await contestMilestone(t.db, { milestoneId: m!.id, authorId: ids.civil_society!, comment: 'No vemos el diseño publicado.', locale: 'es', evidence: { files: [], links: [] }, now });
    const page = await (await app.request(`/commitments/${c!.id}`, { headers: { cookie: 'lang=en' } })).text();
    expect(page).toContain('Substantial');
  });

  it('refuses to remove when the practice member holds a real plan or a practice account has a real role; nothing changes', async () => {
    const [member] = await t.db.select().from(members).where(eq(members.code, PRACTICE_MEMBER_CODE));
    const [real] = await t.db.insert(actionPlans).values({ memberId: member!.id, number: 2, title: { es: 'Plan real' }, startMonth: '2026-01', endMonth: '2027-01' }).returning();
    let counts = await tableCounts();
    const r = await cli('--lang', 'en', 'demo', 'practice', '--remove');
    expect(r.code).toBe(1);
    expect(r.err).toContain('Nothing was removed: the practice member has plans that are not practice plans.');
    expect(await tableCounts()).toEqual(counts);
    await t.db.delete(actionPlans).where(eq(actionPlans.id, real!.id));

    const [chile] = await t.db.select().from(members).where(eq(members.code, 'CHL'));
    const [secretariat] = await t.db.select().from(users).where(eq(users.email, 'practica-secretaria@example.org'));
    const [grant] = await t.db.insert(roleGrants).values({ userId: secretariat!.id, role: 'secretariat', memberId: chile!.id }).returning();
    counts = await tableCounts();
    const r2 = await cli('--lang', 'en', 'demo', 'practice', 'remove');
    expect(r2.code).toBe(1);
    expect(r2.err).toContain('the account practica-secretaria@example.org has roles outside the practice plan');
    expect(await tableCounts()).toEqual(counts);
    await t.db.delete(roleGrants).where(eq(roleGrants.id, grant!.id));

    const bad = await cli('--lang', 'en', 'demo', 'practice', 'borrar\u0007');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('Unknown command: "borrar?"');
  });

  it('--remove removes it completely (every table back to its count), keeps the real plan, and says so; a second remove finds nothing', async () => {
    const seedBefore = await t.db.select().from(commitments).where(eq(commitments.planId, seedPlanId));
    const r = await cli('--lang', 'en', 'demo', 'practice', '--remove');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Practice plan removed, with its commitments, milestones, reports, periods, documents and 3 accounts.');
    expect(await tableCounts()).toEqual(before);
    expect(await t.db.select().from(commitments).where(eq(commitments.planId, seedPlanId))).toEqual(seedBefore);
    // A running server's page cache may show the page until its TTL passes (another process removed it); a fresh one does not.
    expect((await createApp({ db: t.db, now: () => new Date() }).request(`/plans/${planId}`)).status).toBe(404);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, 'demo.practice.remove'));
    expect(audit).toHaveLength(1);
    const again = await cli('--lang', 'en', 'demo', 'practice', '--remove');
    expect(again.code).toBe(0);
    expect(again.out).toContain('There is no practice plan: nothing to remove.');
  });

  it('can be created again after removal', async () => {
    const r = await cli('--lang', 'es', 'demo', 'practice');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Plan de práctica creado:');
    expect((await cli('demo', 'practice', '--remove')).code).toBe(0);
    expect(await tableCounts()).toEqual(before);
  });
});
