import type ExcelJS from 'exceljs';
import { loadExcel } from '../../lib/lazy.js';
import { csvBytes } from '../../lib/csv.js';
import type { Executor } from '../../db/client.js';
import { DATASETS, datasetTable, type Cell, type Dataset } from './datasets.js';

/**
 * A text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, carriage return at the
 * start) gets a leading apostrophe, as OWASP recommends against CSV injection. Numbers stay numbers.
 */
export function escapeFormula(value: Cell): Cell {
  if (typeof value !== 'string') return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(escapeFormula(value));
}

/** CSV in UTF-8 with a BOM (so that Excel reads accents right), CRLF, every cell escaped. */
export function toCsv(header: string[], rows: Cell[][]): Uint8Array {
  return csvBytes([header, ...rows.map((r) => r.map(csvCell))]);
}

export interface ExportMeta {
  license: { id: string; url: string };
  generatedAt: Date;
  source: string;
}

async function addSheet(workbook: ExcelJS.Workbook, dataset: Dataset<unknown>, table: { header: string[]; rows: Cell[][] }) {
  const sheet = workbook.addWorksheet(dataset.name.slice(0, 31));
  sheet.addRow(table.header).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row.map((v) => escapeFormula(v)));
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
}

/** XLSX: one sheet per dataset, the licence in the workbook's properties and on a sheet of its own. */
export async function toXlsx(db: Executor, datasets: Dataset<unknown>[], meta: ExportMeta, now: Date): Promise<Uint8Array> {
  const workbook = new (await loadExcel()).Workbook();
  workbook.creator = 'Abierto';
  workbook.created = meta.generatedAt;
  workbook.description = `License: ${meta.license.id} (${meta.license.url}). Source: ${meta.source}`;
  workbook.keywords = meta.license.id;
  for (const d of datasets) await addSheet(workbook, d, await datasetTable(db, d, now));
  const about = workbook.addWorksheet('license');
  about.addRow(['license', meta.license.id]);
  about.addRow(['license_url', meta.license.url]);
  about.addRow(['source', meta.source]);
  about.addRow(['generated_at', meta.generatedAt.toISOString()]);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** JSON: the licence, the columns with their descriptions, and the rows as objects. */
export async function toJson(db: Executor, dataset: Dataset<unknown>, meta: ExportMeta, now: Date) {
  const table = await datasetTable(db, dataset, now);
  return {
    dataset: dataset.name,
    title: dataset.title,
    license: meta.license,
    source: meta.source,
    generatedAt: meta.generatedAt.toISOString(),
    columns: dataset.columns.map((c) => ({ name: c.key, type: c.type, description: c.description })),
    rows: table.rows.map((r) => Object.fromEntries(table.header.map((h, i) => [h, r[i] ?? null]))),
  };
}

export { DATASETS };
