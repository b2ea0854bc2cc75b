import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app.js';
import { auditLog, members, outbox, progressUpdates } from '../../db/schema/index.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { NOW } from '../../../tests/support/factories.js';
import { getAs, postForm, signedInUser, type SignedIn } from '../../../tests/support/auth.js';
import { createCommitment, createInstitution, createMilestone, createPlan } from '../authoring/commands.js';
import { commitmentFields } from '../../../tests/support/authoring.js';
import { openPeriod } from '../monitoring/commands.js';

let t: TestDatabase;
let app: App;
let secretariat: SignedIn;
let contactA: SignedIn;
let other: SignedIn;
let periodId: number;
const HOSTILE = '=HYPERLINK("http://x"), "quoted"\nsecond line';

beforeAll(async () => {
  t = await testDatabase();
  app = createApp({ db: t.db, now: () => NOW });
  const [m] = await t.db.insert(members).values({ code: 'DD', name: { es: 'Dé' } }).returning();
  const [m2] = await t.db.insert(members).values({ code: 'DE', name: { es: 'De' } }).returning();
  const plan = await createPlan(t.db, m!.id, { number: 1, title: { es: 'Plan D', en: 'Plan D' }, startMonth: '2026-01', endMonth: '2027-12', phase: 'implementation', description: {}, ogpId: null }, 'test', NOW);
  const a = await createInstitution(t.db, m!.id, { name: { es: 'Agencia A' }, abbreviation: null, website: null }, 'test', NOW);
  const b = await createInstitution(t.db, m!.id, { name: { es: 'Banco B' }, abbreviation: null, website: null }, 'test', NOW);
  const ca = await createCommitment(t.db, plan.id, commitmentFields({ number: '1', newLeadInstitution: null, leadInstitutionId: a.id }), 'test', NOW);
  const cb = await createCommitment(t.db, plan.id, commitmentFields({ number: '2', newLeadInstitution: null, leadInstitutionId: b.id }), 'test', NOW);
  const ma1 = await createMilestone(t.db, ca.id, { title: { es: HOSTILE }, plannedStart: '2026-01', plannedEnd: '2026-06' }, 'test', NOW);
  const ma2 = await createMilestone(t.db, ca.id, { title: { es: 'A2' }, plannedStart: '2027-01', plannedEnd: '2027-06' }, 'test', NOW);
  await createMilestone(t.db, cb.id, { title: { es: 'B1' }, plannedStart: '2027-01', plannedEnd: '2027-06' }, 'test', NOW);
  secretariat = await signedInUser(t.db, [{ role: 'secretariat', memberId: m!.id }], NOW);
  other = await signedInUser(t.db, [{ role: 'secretariat', memberId: m2!.id }], NOW);
  contactA = await signedInUser(t.db, [{ role: 'institution_contact', memberId: m!.id, institutionId: a.id }], NOW);
  await signedInUser(t.db, [{ role: 'institution_contact', memberId: m!.id, institutionId: b.id }], NOW, { email: 'banco@example.org' });
  const period = await openPeriod(t.db, { planId: plan.id, name: { es: 'Primer año' }.es, locale: 'es', deadline: '2026-12-15', actorId: secretariat.userId, now: NOW });
  periodId = (period as { id: number }).id;
  await t.db.insert(progressUpdates).values([
    { milestoneId: ma1.id, authorId: contactA.userId, status: 'limited', asOf: '2026-11-20', state: 'submitted', periodId },
    { milestoneId: ma2.id, authorId: contactA.userId, status: 'substantial', asOf: '2026-11-20', state: 'verified', periodId },
  ]);
});
afterAll(() => t.dispose());

describe('the reporting-period dashboard', () => {
  it('shows each institution\'s milestones by state; only the secretariat of the member sees it', async () => {
    expect((await getAs(app, `/periods/${periodId}/dashboard`, contactA)).status).toBe(403);
    expect((await getAs(app, `/periods/${periodId}/dashboard`, other)).status).toBe(403);
    expect((await getAs(app, `/periods/99999/dashboard`, secretariat)).status).toBe(404);
    const html = await (await getAs(app, `/periods/${periodId}/dashboard`, secretariat, 'en')).text();
    expect(html).toMatch(/Agencia A<\/a><\/th><td>0<\/td><td>0<\/td><td>1<\/td><td>1<\/td><td>0<\/td><td>0<\/td><td>1<\/td>/);
    expect(html).toMatch(/Banco B<\/a><\/th><td>1<\/td><td>0<\/td><td>0<\/td><td>0<\/td><td>0<\/td><td>0<\/td><td>0<\/td>/);
    expect(html).not.toContain('<script');
  });

  it('reminds only the institutions that have not reported, once, with an audit record', async () => {
    const before = (await t.db.select().from(outbox)).length;
    const res = await postForm(app, `/periods/${periodId}/remind`, {}, secretariat);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/periods/${periodId}/dashboard?reminded=1-1`);
    const mails = (await t.db.select().from(outbox)).slice(before);
    expect(mails.map((m) => m.to)).toEqual(['banco@example.org']);
    expect(mails[0]!.text).toContain('15');
    expect(await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'period.remind'), eq(auditLog.entityId, String(periodId))))).toHaveLength(1);
    expect((await postForm(app, `/periods/${periodId}/remind`, {}, other)).status).toBe(403);
  });

  it('exports CSV (strict RFC 4180, read back without relax options) and XLSX with the same rows', async () => {
    const csv = await getAs(app, `/periods/${periodId}/dashboard.csv`, secretariat, 'en');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = (await csv.text()).replace(/^\uFEFF/, '');
    const rows = parse(text, { record_delimiter: '\r\n' }) as string[][];
    expect(rows).toHaveLength(4);
    for (const r of rows) expect(r).toHaveLength(8);
    expect(rows[0]).toEqual(['Institution', 'Commitment', 'Milestone', 'Title', 'State in the period', 'Published status', 'Contested', 'Overdue']);
    expect(rows[1]).toEqual(['Agencia A', '1', '1', `'${HOSTILE}`, 'Submitted', 'Not reported', 'no', 'yes']);
    expect(rows[3]![0]).toBe('Banco B');
    const xlsx = await getAs(app, `/periods/${periodId}/dashboard.xlsx`, secretariat, 'en');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await xlsx.arrayBuffer()) as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const back: string[][] = [];
    sheet.eachRow((row) => back.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    expect(back).toEqual(rows);
  });
});
