import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../app.js';
import { commitments, milestones } from '../db/schema/index.js';
import { ensureDemo } from '../features/demo/demo.js';
import { NOW } from '../../tests/support/factories.js';
import { testDatabase, type TestDatabase } from '../../tests/support/db.js';
import { getAs, signedInUser, type SignedIn } from '../../tests/support/auth.js';
import { actionPlans } from '../db/schema/index.js';
import { eq } from 'drizzle-orm';
import { csvText } from './csv.js';

/**
 * Every CSV the app serves is read the way Python's csv module, pandas or LibreOffice read it: any
 * unquoted CR or LF ends a record, no relaxing, every record as wide as the header — and it has as
 * many rows as the matching XLSX (read with exceljs).
 */
function strictCsv(bytes: Uint8Array): string[][] {
  const text = new TextDecoder().decode(bytes);
  const rows: string[][] = parse(text, { bom: true, record_delimiter: ['\r\n', '\n', '\r'] });
  const width = rows[0]!.length;
  for (const [i, row] of rows.entries()) if (row.length !== width) throw new Error(`record ${i + 1} has ${row.length} cells, the header ${width}`);
  return rows;
}

/** Only line feeds: csv-stringify alone leaves such a cell unquoted. */
const LINES = 'línea uno\nlínea dos';
const HOSTILE = 'línea uno\nlínea "dos", con coma\r\nlínea tres\rfin';

let database: TestDatabase;
let app: App;
let contact: SignedIn;

beforeAll(async () => {
  database = await testDatabase();
  await ensureDemo(database.db, NOW);
  await database.db.update(commitments).set({ title: { es: LINES, en: LINES }, briefDescription: { es: HOSTILE, en: HOSTILE } });
  await database.db.update(milestones).set({ title: { es: LINES, en: LINES }, narrative: { es: HOSTILE, en: HOSTILE } });
  // The contact's spreadsheet lists the milestones of plans being implemented.
  await database.db.update(actionPlans).set({ phase: 'implementation' });
  const [c] = await database.db.select().from(commitments).orderBy(commitments.id).limit(1);
  const [plan] = await database.db.select().from(actionPlans).where(eq(actionPlans.id, c!.planId));
  contact = await signedInUser(database.db, [{ role: 'institution_contact', memberId: plan!.memberId, institutionId: c!.leadInstitutionId! }], NOW);
  app = createApp({ db: database.db, now: () => NOW, pageCacheTtlMs: 0 });
});

afterAll(async () => {
  await database?.dispose();
});

describe('the CSV writer', () => {
  it('quotes every cell with CR, LF, a quote or a comma, and nothing else', () => {
    expect(csvText([['a\nb', 'c\rd', 'e"f', 'g,h', 'plain', '']])).toBe('"a\nb","c\rd","e""f","g,h",plain,\r\n');
  });
});

describe('every CSV the app serves', () => {
  const csvRoutes = () => [...new Set(createApp({ db: database.db }).routes.filter((r) => r.method === 'GET' && r.path.endsWith('.csv')).map((r) => r.path))].sort();

  it('finds the CSV downloads among the routes', () => {
    expect(csvRoutes()).toEqual(expect.arrayContaining(['/data/ogp-commitments.csv', '/data/commitments.csv', '/data/milestones.csv', '/work/spreadsheet.csv']));
  });

  /**
   * CSV downloads of one process or period (a path parameter) need their own data: each is read back
   * strictly, against its XLSX, by its feature's tests, named here so a new one cannot go unchecked.
   */
  const CHECKED_BY_THEIR_FEATURE: Record<string, string> = {
    '/co-creation/:id{[0-9]+}/responses.csv': 'src/features/cocreation/routes.db.test.tsx',
    '/periods/:pid/dashboard.csv': 'src/features/dashboard/dashboard.db.test.ts',
  };

  it('every CSV download with a path parameter is read back strictly by its feature\'s tests', async () => {
    const fs = await import('node:fs');
    for (const path of csvRoutes().filter((p) => p.includes(':'))) {
      const file = CHECKED_BY_THEIR_FEATURE[path];
      expect(file, `${path} has no strict read-back test`).toBeTruthy();
      const source = fs.readFileSync(file!, 'utf8');
      expect(source, file).toContain('csv-parse');
      expect(source, file).not.toMatch(/relax_column_count|relax_quotes/);
    }
  });

  it('reads back strictly, keeps multi-line cells whole, and has as many rows as its XLSX', async () => {
    const checked: string[] = [];
    for (const path of csvRoutes().filter((p) => !p.includes(':'))) {
      const who = path.startsWith('/work/') ? contact : null;
      const res = await getAs(app, path, who);
      expect(res.status, path).toBe(200);
      const rows = strictCsv(new Uint8Array(await res.arrayBuffer()));
      expect(rows.length, path).toBeGreaterThanOrEqual(1);
      const xlsxRes = await getAs(app, path.replace(/\.csv$/, '.xlsx'), who);
      expect(xlsxRes.status, path).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await xlsxRes.arrayBuffer());
      const sheet = workbook.worksheets[0]!;
      expect(rows.length, `${path}: CSV rows = XLSX rows`).toBe(sheet.actualRowCount);
      checked.push(path);
    }
    expect(checked.length).toBeGreaterThanOrEqual(5);
    // The hostile text arrives whole where it is exported.
    for (const path of ['/data/commitments.csv', '/data/milestones.csv', '/data/ogp-commitments.csv', '/work/spreadsheet.csv']) {
      const rows = strictCsv(new Uint8Array(await (await getAs(app, path, path.startsWith('/work/') ? contact : null)).arrayBuffer()));
      expect(rows.flat(), path).toContain(LINES);
      if (path === '/data/commitments.csv' || path === '/work/spreadsheet.csv') expect(rows.flat(), path).toContain(HOSTILE);
    }
  });
});
