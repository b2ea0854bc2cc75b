import type ExcelJS from 'exceljs';
import { loadExcel } from '../../lib/lazy.js';
import { parse } from 'csv-parse/sync';
import { decodeText, DecodeError } from '../ingest/decode.js';
import { checkZip, ZipRejectedError } from '../ingest/zip-guard.js';

/** The largest spreadsheet read (OGP's whole database, ~6,000 commitments, is about 30 MB as CSV). */
export const MAX_DATA_BYTES = 64 * 1024 * 1024;
export const MAX_DATA_ROWS = 20_000;
export const MAX_CELL_CHARS = 200_000;

export type OgpDataErrorCode = 'too_large' | 'empty' | 'unreadable_csv' | 'unreadable_xlsx' | 'zip_bomb' | 'too_many_rows' | 'columns_missing' | 'rows_invalid' | 'cell_too_large';

/** The spreadsheet cannot be imported; nothing was stored. */
export class OgpDataError extends Error {
  constructor(
    readonly code: OgpDataErrorCode,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`OGP data error: ${code}`);
    this.name = 'OgpDataError';
  }
}

export interface DataTable {
  header: string[];
  /** Each row as column → text, exactly as written (cells never evaluated). */
  rows: Record<string, string>[];
}

/**
 * A cell written by our CSV export with a leading apostrophe (so that a spreadsheet does not run
 * it as a formula) is read back without it.
 */
export function unescapeCell(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

function toTable(matrix: string[][]): DataTable {
  const [header, ...body] = matrix;
  if (!header || header.every((h) => h.trim() === '')) throw new OgpDataError('empty');
  if (body.length > MAX_DATA_ROWS) throw new OgpDataError('too_many_rows', { limit: MAX_DATA_ROWS });
  const names = header.map((h) => h.replace(/^\uFEFF/, '').trim());
  const rows: Record<string, string>[] = [];
  for (const cells of body) {
    if (cells.every((c) => c.trim() === '')) continue;
    const row: Record<string, string> = {};
    names.forEach((name, i) => {
      if (name === '') return;
      // A NUL cannot be stored as text (PostgreSQL refuses it) and never means anything in a cell.
      const value = unescapeCell((cells[i] ?? '').replace(/\u0000/g, ''));
      if (value.length > MAX_CELL_CHARS) throw new OgpDataError('cell_too_large', { row: rows.length + 2, column: name, limit: MAX_CELL_CHARS });
      row[name] = value;
    });
    rows.push(row);
  }
  return { header: names.filter((n) => n !== ''), rows };
}

export function readCsv(bytes: Uint8Array): DataTable {
  if (bytes.length > MAX_DATA_BYTES) throw new OgpDataError('too_large', { limit: MAX_DATA_BYTES });
  let text: string;
  try {
    text = decodeText(bytes, { maxBytes: MAX_DATA_BYTES }).text;
  } catch (error) {
    if (error instanceof DecodeError) throw new OgpDataError(error.code === 'too_large' ? 'too_large' : error.code === 'empty' ? 'empty' : 'unreadable_csv', { limit: MAX_DATA_BYTES });
    throw error;
  }
  let matrix: string[][];
  try {
    matrix = parse(text, { relax_column_count: true, skip_empty_lines: true, bom: true, max_record_size: MAX_CELL_CHARS * 4 }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new OgpDataError('unreadable_csv', { line: line ?? 0 });
  }
  return toTable(matrix);
}

/** Excel's value of a cell as text: results of formulas (never the formulas), dates as M/D/YYYY. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return `${value.getUTCMonth() + 1}/${value.getUTCDate()}/${value.getUTCFullYear()}`;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('formula' in value || 'sharedFormula' in value) return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('text' in value) return String((value as ExcelJS.CellHyperlinkValue).text);
    if ('error' in value) return String((value as ExcelJS.CellErrorValue).error);
  }
  return '';
}

export async function readXlsx(bytes: Uint8Array): Promise<DataTable> {
  if (bytes.length > MAX_DATA_BYTES) throw new OgpDataError('too_large', { limit: MAX_DATA_BYTES });
  try {
    checkZip(bytes);
  } catch (error) {
    if (error instanceof ZipRejectedError) throw new OgpDataError(error.code === 'zip_bomb' ? 'zip_bomb' : 'unreadable_xlsx');
    throw error;
  }
  const workbook = new (await loadExcel()).Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch {
    throw new OgpDataError('unreadable_xlsx');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new OgpDataError('empty');
  if (sheet.rowCount > MAX_DATA_ROWS + 1) throw new OgpDataError('too_many_rows', { limit: MAX_DATA_ROWS });
  const width = sheet.columnCount;
  const matrix: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const cells: string[] = [];
    for (let i = 1; i <= width; i += 1) cells.push(cellText(row.getCell(i).value));
    matrix.push(cells);
  });
  return toTable(matrix);
}

export async function readDataTable(bytes: Uint8Array, format: 'csv' | 'xlsx'): Promise<DataTable> {
  return format === 'csv' ? readCsv(bytes) : readXlsx(bytes);
}
