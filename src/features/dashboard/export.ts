import { stringify } from 'csv-stringify/sync';
import type { Messages } from '../../i18n/index.js';
import type { Locale } from '../../lib/levels.js';
import { loadExcel } from '../../lib/lazy.js';
import { textIn } from '../../lib/localized.js';
import { escapeCell } from '../monitoring/spreadsheet.js';
import type { Dashboard } from './queries.js';

/** The dashboard as a table: a header row, then one row per milestone (fixed column count). */
export function dashboardTable(d: Dashboard, t: Messages, locale: Locale): string[][] {
  const h = t.dashboard.columns;
  const rows: string[][] = [[h.institution, h.commitment, h.milestone, h.title, h.state, h.status, h.contested, h.overdue]];
  for (const inst of d.institutions) {
    for (const m of inst.milestones) {
      rows.push([
        textIn(inst.name, locale) || t.dashboard.noInstitution,
        m.commitmentNumber,
        String(m.number),
        textIn(m.title, locale),
        t.dashboard.states[m.state],
        m.status ? t.status[m.status] : t.status.not_reported,
        m.contested ? t.dashboard.yes : t.dashboard.no,
        m.overdue ? t.dashboard.yes : t.dashboard.no,
      ]);
    }
  }
  return rows;
}

/** RFC 4180: CRLF between records and every cell quoted (so CR, LF, quotes and commas inside cells are safe). */
export function dashboardCsv(table: string[][]): Uint8Array {
  return new TextEncoder().encode(`\uFEFF${stringify(table.map((r) => r.map(escapeCell)), { record_delimiter: '\r\n', quoted: true })}`);
}

export async function dashboardXlsx(table: string[][]): Promise<Uint8Array> {
  const workbook = new (await loadExcel()).Workbook();
  workbook.creator = 'Abierto';
  const sheet = workbook.addWorksheet('period', { views: [{ state: 'frozen', ySplit: 1 }] });
  for (const row of table) sheet.addRow(row.map(escapeCell));
  sheet.getRow(1).font = { bold: true };
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}
