import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { NOW } from '../../../tests/support/factories.js';
import {
  actionPlans,
  auditLog,
  commitmentPolicyAreas,
  commitments,
  imports,
  institutions,
  irmAssessments,
  members,
  ogpCommitmentRecords,
  policyAreas,
} from '../../db/schema/index.js';
import { createApp } from '../../app.js';
import { irmAssessmentSchema } from '../irm/variables.js';
import { OGP_COLUMNS } from './columns.js';
import { importOgpData } from './commands.js';
import { readOgpDate } from './dates.js';
import { exportOgpTable, toCsv, toXlsx } from './export.js';
import { POLICY_AREAS } from './policy-areas.js';
import { readCsv, readXlsx, type DataTable } from './read.js';

const SAMPLE = fileURLToPath(new URL('../../../fixtures/ogp-commitments-sample.csv', import.meta.url));
const bytes = new Uint8Array(readFileSync(SAMPLE));
const DATE_COLUMNS = new Set(['Start Date', 'End Date']);

/** A date column's value compared at the model's precision (month); any other value as written. */
function normalised(column: string, value: string): string {
  if (!DATE_COLUMNS.has(column)) return value;
  return readOgpDate(value, column === 'Start Date' ? 'start' : 'end') ?? value.trim();
}

function byId(table: DataTable | string[][]): Map<string, Record<string, string>> {
  if (Array.isArray(table)) {
    const [header, ...rows] = table;
    return new Map(rows.map((r) => [r[0]!, Object.fromEntries(header!.map((h, i) => [h, r[i] ?? '']))]));
  }
  return new Map(table.rows.map((r) => [r['Commitment Unique Identifier']!, r]));
}

/** Every value of every row and column that differs, as `id · column: expected → got`. */
function differences(expected: Map<string, Record<string, string>>, got: Map<string, Record<string, string>>): string[] {
  const out: string[] = [];
  for (const [id, row] of expected) {
    const other = got.get(id);
    if (!other) {
      out.push(`${id}: missing`);
      continue;
    }
    for (const column of OGP_COLUMNS) {
      if (normalised(column, row[column] ?? '') !== normalised(column, other[column] ?? '')) {
        out.push(`${id} · ${column}: ${JSON.stringify(row[column]).slice(0, 60)} → ${JSON.stringify(other[column]).slice(0, 60)}`);
      }
    }
  }
  return out;
}

let t: TestDatabase;
let source: DataTable;
beforeAll(async () => {
  t = await testDatabase();
  source = readCsv(bytes);
});
afterAll(async () => {
  await t.dispose();
});

describe("OGP's commitment data", () => {
  it('the fixture is the real sample: 558 rows × 171 columns', () => {
    expect(source.header).toEqual([...OGP_COLUMNS]);
    expect(source.rows).toHaveLength(558);
  });

  it('the policy areas are in the database, in groups, in es and en', async () => {
    const rows = await t.db.select().from(policyAreas).orderBy(policyAreas.position);
    expect(rows.map((r) => r.slug)).toEqual(POLICY_AREAS.map((p) => p.slug));
    expect(rows.filter((r) => r.groupSlug === null)).toHaveLength(11);
    for (const r of rows) {
      expect(r.name.es).toBeTruthy();
      expect(r.name.en).toBeTruthy();
    }
    expect(rows.find((r) => r.slug === 'open-parliaments')?.name).toEqual({ es: 'Parlamento abierto', en: 'Open Parliaments' });
  });

  it('a dry run reports every row and stores nothing', async () => {
    const [before] = await t.db.select({ n: count() }).from(auditLog);
    const outcome = await importOgpData(t.db, { table: source, source: { name: 'sample.csv', format: 'csv', content: bytes }, actor: 'test', dryRun: true, now: NOW });
    expect(outcome.dryRun).toBe(true);
    expect(outcome.importId).toBeNull();
    expect(outcome.counts.rows).toBe(558);
    expect(outcome.counts.commitmentsCreated).toBe(558);
    expect(outcome.commitments[0]).toMatchObject({ row: 2, action: 'created' });
    const [after] = await t.db.select({ n: count() }).from(auditLog);
    expect(after!.n).toBe(before!.n);
    const [c] = await t.db.select({ n: count() }).from(commitments).where(eq(commitments.sourceImportId, -1));
    expect(c!.n).toBe(0);
    expect(await t.db.select({ n: count() }).from(ogpCommitmentRecords)).toEqual([{ n: 0 }]);
  });

  it('imports members, plans, institutions, commitments, policy areas and IRM assessments', async () => {
    const outcome = await importOgpData(t.db, { table: source, source: { name: 'sample.csv', format: 'csv', content: bytes }, actor: 'test', dryRun: false, now: NOW });
    expect(outcome.counts).toMatchObject({ rows: 558, commitmentsCreated: 558, commitmentsUpdated: 0, membersCreated: 75 });
    const [m] = await t.db.select({ n: count() }).from(members).where(eq(members.code, 'CHL'));
    expect(m!.n).toBe(1);
    const [p] = await t.db.select({ n: count() }).from(actionPlans);
    expect(p!.n).toBeGreaterThanOrEqual(200);
    const [i] = await t.db.select({ n: count() }).from(institutions);
    expect(i!.n).toBeGreaterThan(300);

    // A Chilean commitment, read into the model.
    const [cl] = await t.db.select().from(commitments).where(eq(commitments.ogpId, 'CL0005'));
    expect(cl).toBeDefined();
    expect(cl!.title.es).toBe('Perfeccionamiento de la Ley sobre Acceso a la Información Pública');
    // Two commitments of AP_CHL01 are both numbered "2.1" in OGP's data: both are kept.
    const [cl6] = await t.db.select().from(commitments).where(eq(commitments.ogpId, 'CL0006'));
    expect([cl!.number, cl6!.number].sort()).toEqual(['2.1', '2.1a']);
    expect(outcome.warnings.some((w) => w.code === 'number_adjusted' || w.code === 'date_unreadable')).toBe(true);

    const links = await t.db.select().from(commitmentPolicyAreas);
    const expectedLinks = source.rows.reduce((n, r) => n + POLICY_AREAS.filter((a) => a.column && r[a.column] === '1').length, 0);
    expect(links).toHaveLength(expectedLinks);

    const irm = await t.db.select().from(irmAssessments);
    expect(irm.length).toBeGreaterThan(558);
    expect(new Set(irm.map((a) => a.reportKind))).toEqual(new Set(['progress', 'end_of_term', 'action_plan_review', 'results_report']));
    // ND / NR / NA are kept as such, and every stored row passes the schema.
    const values = irm.flatMap((a) => Object.values(a));
    expect(values).toContain('NR');
    expect(irm.some((a) => a.didItOpenGovernment === 'ND')).toBe(true);
    expect(irm.some((a) => a.completion === 'NA')).toBe(true);
    for (const a of irm) expect(irmAssessmentSchema.safeParse(a).success, JSON.stringify(a)).toBe(true);
  });

  it('exports every value of all 558 rows × 171 columns back (CSV), dates compared as months', async () => {
    const exported = await exportOgpTable(t.db);
    expect(exported[0]).toEqual([...OGP_COLUMNS]);
    expect(exported).toHaveLength(559);
    const csv = readCsv(toCsv(exported));
    expect(differences(byId(source), byId(csv))).toEqual([]);
  });

  it('exports the same through XLSX', async () => {
    const xlsx = await readXlsx(await toXlsx(await exportOgpTable(t.db)));
    expect(xlsx.rows).toHaveLength(558);
    expect(differences(byId(source), byId(xlsx))).toEqual([]);
  });

  it('the web gives the same data: /data/ogp-commitments.csv and .xlsx', async () => {
    const app = createApp({ db: t.db, now: () => NOW });
    const csv = await app.request('/data/ogp-commitments.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(differences(byId(source), byId(readCsv(new Uint8Array(await csv.arrayBuffer()))))).toEqual([]);
    const xlsx = await app.request('/data/ogp-commitments.xlsx');
    expect(xlsx.status).toBe(200);
    expect((await readXlsx(new Uint8Array(await xlsx.arrayBuffer()))).rows).toHaveLength(558);
  });

  it('importing the same file again updates the same commitments, duplicates nothing and keeps the previous values', async () => {
    const [c0] = await t.db.select({ n: count() }).from(commitments);
    const [a0] = await t.db.select({ n: count() }).from(irmAssessments);
    const edited: DataTable = {
      header: source.header,
      rows: source.rows.map((r) => (r['Commitment Unique Identifier'] === 'CL0005' ? { ...r, 'Commitment Title': 'Título corregido', 'Completion (End Of Term)': 'Complete' } : r)),
    };
    const outcome = await importOgpData(t.db, { table: edited, source: { name: 'sample.csv', format: 'csv', content: 'v2' }, actor: 'test', dryRun: false, now: NOW });
    expect(outcome.counts).toMatchObject({ commitmentsCreated: 0, commitmentsUpdated: 558, membersCreated: 0, plansCreated: 0, institutionsCreated: 0 });
    const [c1] = await t.db.select({ n: count() }).from(commitments);
    const [a1] = await t.db.select({ n: count() }).from(irmAssessments);
    expect(c1!.n).toBe(c0!.n);
    // CL0005 now has an end-of-term report (its completion), nothing else is new.
    expect(a1!.n).toBe(a0!.n + 1);
    const [cl] = await t.db.select().from(commitments).where(eq(commitments.ogpId, 'CL0005'));
    expect(cl!.title.es).toBe('Título corregido');
    const history = await t.db.select().from(auditLog).where(eq(auditLog.entityId, String(cl!.id)));
    const reimport = history.find((h) => h.action === 'commitment.ogp_reimport' && h.entityType === 'commitment');
    expect(JSON.stringify(reimport?.details.before)).toContain('Perfeccionamiento de la Ley');
    const exported = byId(await exportOgpTable(t.db));
    expect(exported.get('CL0005')?.['Commitment Title']).toBe('Título corregido');
    expect(exported.get('CL0005')?.['Completion (End Of Term)']).toBe('Complete');
    const [imps] = await t.db.select({ n: count() }).from(imports);
    expect(imps!.n).toBe(2);
  });

  it('writes the model where it changed since the import (a title edited, a tag removed, an IRM value set)', async () => {
    const [cl] = await t.db.select().from(commitments).where(eq(commitments.ogpId, 'CL0006'));
    await t.db.update(commitments).set({ title: { es: 'Otro título' }, startMonth: '2013-02' }).where(eq(commitments.id, cl!.id));
    await t.db.delete(commitmentPolicyAreas).where(eq(commitmentPolicyAreas.commitmentId, cl!.id));
    const row = byId(await exportOgpTable(t.db)).get('CL0006')!;
    expect(row['Commitment Title']).toBe('Otro título');
    expect(row['Start Date']).toBe('2/1/2013');
    for (const area of POLICY_AREAS) if (area.column) expect(row[area.column]).not.toBe('1');
  });
});
