import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app.js';
import { commitments } from '../../db/schema/index.js';
import { ensureDemo } from '../demo/demo.js';
import { NOW } from '../../../tests/support/factories.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { DATASETS } from './datasets.js';
import { escapeFormula } from './export.js';
import { dataLicense } from './license.js';

let database: TestDatabase;
let app: App;

beforeAll(async () => {
  database = await testDatabase();
  await ensureDemo(database.db, NOW);
  // A hostile title: a spreadsheet would run it as a formula.
  await database.db.update(commitments).set({ title: { es: '=HYPERLINK("http://evil.example","clic")', en: '+1+1' } });
  app = createApp({ db: database.db, now: () => NOW, pageCacheTtlMs: 0 });
});

afterAll(async () => {
  await database?.dispose();
});

describe('open data downloads', () => {
  it('CSV: UTF-8 with a BOM, the dictionary’s columns, formulas escaped, accents intact', async () => {
    const res = await app.request('/data/commitments.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="commitments.csv"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows: string[][] = parse(new TextDecoder().decode(bytes.slice(3)));
    const columns = DATASETS.find((d) => d.name === 'commitments')!.columns.map((c) => c.key);
    expect(rows[0]).toEqual(columns);
    const row = Object.fromEntries(columns.map((c, i) => [c, rows[1]?.[i]]));
    expect(row.title_es).toBe('\'=HYPERLINK("http://evil.example","clic")');
    expect(row.title_en).toBe("'+1+1");
    expect(row.theme_es).toBe('Implementación de la Alianza para el Gobierno Abierto');
    expect(row.number).toBe('19');
  });

  it('escapes every formula trigger and leaves other values alone', () => {
    expect(['=1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', 'a=1', '', 'Sí'].map(escapeFormula)).toEqual(["'=1", "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\rx", 'a=1', '', 'Sí']);
    expect(escapeFormula(-3)).toBe(-3);
    expect(escapeFormula(null)).toBeNull();
  });

  it('XLSX: one sheet per table plus the licence, opened by a spreadsheet library', async () => {
    const res = await app.request('/data/all.xlsx');
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    expect(workbook.worksheets.map((w) => w.name)).toEqual([...DATASETS.map((d) => d.name), 'license']);
    const milestones = workbook.getWorksheet('milestones')!;
    expect(milestones.rowCount).toBe(6);
    expect(milestones.getRow(1).values).toEqual([undefined, ...DATASETS.find((d) => d.name === 'milestones')!.columns.map((c) => c.key)]);
    expect(workbook.getWorksheet('commitments')!.getRow(2).getCell(6).value).toBe('\'=HYPERLINK("http://evil.example","clic")');
    expect(workbook.getWorksheet('license')!.getRow(1).values).toEqual([undefined, 'license', 'CC-BY-4.0']);
  });

  it('JSON: the licence, the columns with descriptions, the rows', async () => {
    const res = await app.request('/data/milestones.json');
    const body = (await res.json()) as { license: { id: string }; columns: { name: string; description: { es: string } }[]; rows: Record<string, unknown>[] };
    expect(body.license.id).toBe('CC-BY-4.0');
    expect(body.columns.map((c) => c.name)).toContain('delayed');
    expect(body.rows).toHaveLength(5);
    expect(body.rows[0]).toMatchObject({ number: 1, title_es: 'Diseño de la Secretaría Ejecutiva', status: 'complete', planned_end: '2016-10', delayed: false });
    expect(body.rows[3]).toMatchObject({ number: 4, status: 'not_started', delayed: true });
  });

  it('the data page lists every table and describes every column, with the licence, in es and en', async () => {
    const es = await (await app.request('/data')).text();
    for (const d of DATASETS) {
      expect(es).toContain(`href="/data/${d.name}.csv"`);
      for (const c of d.columns) expect(es).toContain(`<code>${c.key}</code>`);
    }
    expect(es).toContain('Los datos se publican bajo la licencia CC-BY-4.0');
    expect(es).toContain('href="https://creativecommons.org/licenses/by/4.0/"');
    expect(es).toContain('href="/data/ogp-commitments.csv"');
    const en = await (await app.request('/data?lang=en')).text();
    expect(en).toContain('The data is published under the CC-BY-4.0 licence');
    expect(en).toContain('Computed: the planned end month is over and it is not complete');
  });

  it('the licence is configurable', () => {
    expect(dataLicense({ DATA_LICENSE: 'CC0-1.0' })).toEqual({ id: 'CC0-1.0', url: 'https://creativecommons.org/publicdomain/zero/1.0/' });
    expect(dataLicense({})).toEqual({ id: 'CC-BY-4.0', url: 'https://creativecommons.org/licenses/by/4.0/' });
    expect(dataLicense({ DATA_LICENSE: '<script>' }).id).toBe('CC-BY-4.0');
  });
});
