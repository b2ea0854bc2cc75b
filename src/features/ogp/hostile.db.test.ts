import { readFileSync } from 'node:fs';
import { count, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { NOW } from '../../../tests/support/factories.js';
import { auditLog, commitments, imports, members } from '../../db/schema/index.js';
import { messages } from '../../i18n/index.js';
import { OGP_COLUMNS } from './columns.js';
import { ogpErrorLines } from './cli.js';
import { importOgpData, OgpRowsInvalidError } from './commands.js';
import { escapeCell, exportOgpTable, toCsv, toXlsx } from './export.js';
import { OgpDataError, readCsv, readXlsx, type DataTable } from './read.js';

const sample = readCsv(new Uint8Array(readFileSync('fixtures/ogp-commitments-sample.csv')));
const header = sample.header;
const matrix = (rows: Record<string, string>[]) => [header, ...rows.map((r) => header.map((h) => r[h] ?? ''))];
const some = sample.rows.filter((r) => /[áéíóúñ]/.test(r['Commitment Title'] ?? '')).slice(0, 12);

let t: TestDatabase;
beforeAll(async () => {
  t = await testDatabase();
});
afterAll(async () => {
  await t.dispose();
});

async function stored() {
  const [c] = await t.db.select({ n: count() }).from(commitments);
  const [i] = await t.db.select({ n: count() }).from(imports);
  const [a] = await t.db.select({ n: count() }).from(auditLog);
  const [m] = await t.db.select({ n: count() }).from(members);
  return { c: c!.n, i: i!.n, a: a!.n, m: m!.n };
}

async function failure(p: Promise<unknown> | (() => unknown)): Promise<unknown> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

const run = (table: DataTable) => importOgpData(t.db, { table, source: { name: 'x.csv', format: 'csv', content: 'x' }, actor: 'test', dryRun: false, now: NOW });

describe("OGP's data: encodings", () => {
  it('reads the same rows from UTF-8, UTF-8 with BOM, UTF-16 (LE and BE with BOM) and Windows-1252/Latin-1', () => {
    const csv = new TextDecoder().decode(toCsv(matrix(some))).replace(/^\uFEFF/, '').replace(/[^\u0000-\u00ff]/g, '?');
    const utf8 = new TextEncoder().encode(csv);
    const le = Buffer.from(csv, 'utf16le');
    const be = Buffer.from(le).swap16();
    const variants = [utf8, new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]), new Uint8Array([0xff, 0xfe, ...le]), new Uint8Array([0xfe, 0xff, ...be]), new Uint8Array(Buffer.from(csv, 'latin1'))];
    const expected = readCsv(utf8).rows;
    expect(expected[0]!['Commitment Title']).toMatch(/[áéíóúñ]/);
    for (const v of variants) expect(readCsv(v).rows).toEqual(expected);
  });
});

describe("OGP's data: hostile input, nothing stored", () => {
  it('refuses corrupt, truncated and bomb XLSX, huge files and broken CSV with a clear message in the user language', async () => {
    const before = await stored();
    const xlsx = await toXlsx(matrix(some));
    const cases: [() => unknown, string, RegExp, RegExp][] = [
      [() => readXlsx(xlsx.subarray(0, Math.floor(xlsx.length * 0.6))), 'unreadable_xlsx', /dañado o incompleto/, /damaged or incomplete/],
      [() => readXlsx(new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3, 4])), 'unreadable_xlsx', /dañado/, /damaged/],
      [() => readXlsx(zipSync({ 'xl/worksheets/sheet1.xml': new Uint8Array(220 * 1024 * 1024) }, { level: 9 })), 'zip_bomb', /bomba zip/, /zip bomb/],
      [() => readCsv(new Uint8Array(100 * 1024 * 1024)), 'too_large', /demasiado grande/, /too large/],
      [() => readCsv(new TextEncoder().encode('a,b\n"unclosed,1\n')), 'unreadable_csv', /no se puede leer/, /cannot be read/],
      [() => readCsv(new Uint8Array(0)), 'empty', /vacía/, /empty/],
      [() => run({ header: ['Title'], rows: [{ Title: 'x' }] }), 'columns_missing', /Faltan columnas/, /Required columns/],
    ];
    for (const [make, code, es, en] of cases) {
      const e = await failure(make);
      expect(e).toBeInstanceOf(OgpDataError);
      expect((e as OgpDataError).code).toBe(code);
      expect(ogpErrorLines(e, messages('es'))!.join('\n')).toMatch(es);
      expect(ogpErrorLines(e, messages('en'))!.join('\n')).toMatch(en);
    }
    expect(await stored()).toEqual(before);
  });

  it('lists every invalid row (row, column, reason) and stores none of the file, not even its valid rows', async () => {
    const before = await stored();
    const rows = [
      ...some.slice(0, 3),
      { ...some[3]!, 'Commitment Unique Identifier': "'; DROP TABLE commitments; --" },
      { ...some[4]!, 'Action Plan Number': 'tres' },
      { ...some[5]!, 'Commitment Title': '' },
      { ...some[6]!, 'Commitment Unique Identifier': some[0]!['Commitment Unique Identifier']! },
      { ...some[7]!, Code: '<script>' },
    ];
    const e = (await failure(run({ header, rows }))) as OgpRowsInvalidError;
    expect(e).toBeInstanceOf(OgpRowsInvalidError);
    expect(e.errors.map((x) => [x.row, x.code])).toEqual([
      [5, 'ogp_id_invalid'],
      [6, 'plan_number_invalid'],
      [7, 'title_missing'],
      [8, 'ogp_id_duplicate'],
      [9, 'member_code_invalid'],
    ]);
    const lines = ogpErrorLines(e, messages('en'))!;
    expect(lines[0]).toContain('5 row(s) cannot be imported; nothing was stored.');
    expect(lines[2]).toBe('Row 6, column "Action Plan Number": the plan number "tres" is not a number.');
    expect(await stored()).toEqual(before);
  });

  it('keeps hostile text as data, and escapes formula-looking cells in the CSV it exports (= + - @), reading them back as written', async () => {
    const payloads = ['=HYPERLINK("http://evil.example","clic")', '+SUM(1,2)', '-2+3', '@cmd|/c calc', '<img src=x onerror=alert(1)>', "Robert'); DROP TABLE commitments;--"];
    const rows: Record<string, string>[] = payloads.map((title, k) => ({ ...some[k]!, 'Commitment Title': title, Theme: k === 0 ? '=1+1' : some[k]!.Theme! }));
    await run({ header, rows });
    const table = await exportOgpTable(t.db);
    const csvText = new TextDecoder().decode(toCsv(table));
    expect(csvText).toContain(`"'=HYPERLINK(""http://evil.example"",""clic"")"`);
    expect(csvText).toContain("'+SUM(1,2)");
    expect(csvText).toContain("'-2+3");
    expect(csvText).toContain("'@cmd|/c calc");
    expect(csvText).not.toMatch(/(^|,)=HYPERLINK/m);
    expect(escapeCell('-1')).toBe('-1');
    expect(escapeCell('- Ministry of Health')).toBe("'- Ministry of Health");
    const back = readCsv(toCsv(table)).rows;
    for (const title of payloads) expect(back.map((r) => r['Commitment Title'])).toContain(title);
    const [c] = await t.db.select().from(commitments).where(eq(commitments.ogpId, rows[5]!['Commitment Unique Identifier']!));
    expect(Object.values(c!.title)).toContain("Robert'); DROP TABLE commitments;--");
  });

  it('reads the results of formulas in an XLSX, never the formulas', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Commitments');
    sheet.addRow([...OGP_COLUMNS]);
    const row = header.map((h) => some[0]![h] ?? '');
    const added = sheet.addRow(row);
    const titleCol = header.indexOf('Commitment Title') + 1;
    added.getCell(titleCol).value = { formula: 'CONCATENATE("Título"," calculado")', result: 'Título calculado' } as ExcelJS.CellFormulaValue;
    added.getCell(header.indexOf('Start Date') + 1).value = new Date(Date.UTC(2019, 8, 1));
    const bytes = new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
    const table = await readXlsx(bytes);
    expect(table.rows[0]!['Commitment Title']).toBe('Título calculado');
    expect(table.rows[0]!['Start Date']).toBe('9/1/2019');
  });
});
