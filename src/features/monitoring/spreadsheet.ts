import type ExcelJS from 'exceljs';
import { loadExcel } from '../../lib/lazy.js';
import { parse } from 'csv-parse/sync';
import { csvBytes } from '../../lib/csv.js';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client.js';
import { actionPlans, commitments, milestones, progressUpdates } from '../../db/schema/index.js';
import { recordAudit } from '../../lib/audit.js';
import { COMPLETION_LEVELS, type CompletionLevel, type Locale } from '../../lib/levels.js';
import { textIn } from '../../lib/localized.js';
import { nameKey } from '../../lib/text.js';
import { checkZip, ZipRejectedError } from '../ingest/zip-guard.js';
import type { SessionUser } from '../accounts/policy.js';
import { createProgressUpdate } from './commands.js';
import { canReport } from './policy.js';
import { dateField, linksField } from './schemas.js';

/**
 * Institution spreadsheets (decision 033): a contact downloads their institution's milestones
 * (XLSX or CSV) with stable ids, the published status and narrative, and empty columns to fill;
 * uploads the edited file; sees per row what will change and what is wrong (dry run); applies all
 * or nothing. Each filled row becomes a submitted progress update by that contact, awaiting verification.
 */
export const SHEET_COLUMNS = [
  'milestone_id',
  'plan',
  'commitment',
  'milestone',
  'title',
  'planned_start',
  'planned_end',
  'published_status',
  'published_narrative',
  'new_status',
  'new_narrative',
  'as_of',
  'evidence_links',
] as const;

export const MAX_SHEET_BYTES = 5 * 1024 * 1024;
export const MAX_SHEET_ROWS = 2_000;
const SHEET_ZIP_LIMITS = { maxTotalBytes: 50 * 1024 * 1024, maxEntries: 500, maxRatio: 200, ratioFloorBytes: 1024 * 1024 };

export type SheetErrorCode = 'too_large' | 'empty' | 'corrupt' | 'zip_bomb' | 'not_a_sheet' | 'too_many_rows';

export class SheetError extends Error {
  constructor(readonly code: SheetErrorCode) {
    super(`spreadsheet error: ${code}`);
    this.name = 'SheetError';
  }
}

/** A cell a spreadsheet would run as a formula (`= + - @`, tab, CR) gets a leading apostrophe. */
export function escapeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The milestones a contact reports for (their institutions' commitments, plans not closed). */
async function reportableMilestones(db: Executor, user: SessionUser) {
  const grants = user.grants.filter((g) => g.role === 'institution_contact' && g.memberId !== null && g.institutionId !== null);
  if (grants.length === 0) return [];
  const rows = await db
    .select({ m: milestones, c: { id: commitments.id, number: commitments.number, lead: commitments.leadInstitutionId }, plan: { id: actionPlans.id, title: actionPlans.title, memberId: actionPlans.memberId, phase: actionPlans.phase, startMonth: actionPlans.startMonth } })
    .from(milestones)
    .innerJoin(commitments, eq(commitments.id, milestones.commitmentId))
    .innerJoin(actionPlans, eq(actionPlans.id, commitments.planId))
    .where(and(inArray(commitments.leadInstitutionId, grants.map((g) => g.institutionId!)), inArray(actionPlans.phase, ['co_creation', 'implementation']), isNull(milestones.removedAt)))
    .orderBy(asc(actionPlans.id), asc(commitments.position), asc(commitments.id), asc(milestones.number));
  return rows.filter((r) => canReport(user, { memberId: r.plan.memberId, planPhase: r.plan.phase, leadInstitutionId: r.c.lead }));
}

export async function exportSheet(db: Executor, user: SessionUser, locale: Locale): Promise<string[][]> {
  const rows = await reportableMilestones(db, user);
  return [
    [...SHEET_COLUMNS],
    ...rows.map((r) => [
      String(r.m.id),
      textIn(r.plan.title, locale),
      r.c.number,
      String(r.m.number),
      textIn(r.m.title, locale),
      r.m.plannedStart ?? '',
      r.m.plannedEnd ?? '',
      r.m.status ?? '',
      textIn(r.m.narrative, locale),
      '',
      '',
      '',
      '',
    ]),
  ];
}

export function sheetToCsv(table: string[][]): Uint8Array {
  return csvBytes(table.map((row) => row.map(escapeCell)));
}

export async function sheetToXlsx(table: string[][]): Promise<Uint8Array> {
  const workbook = new (await loadExcel()).Workbook();
  workbook.creator = 'Abierto';
  const sheet = workbook.addWorksheet('milestones', { views: [{ state: 'frozen', ySplit: 1 }] });
  for (const row of table) sheet.addRow(row.map(escapeCell));
  sheet.getRow(1).font = { bold: true };
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('formula' in value || 'sharedFormula' in value) return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('text' in value) return String((value as ExcelJS.CellHyperlinkValue).text);
  }
  return '';
}

/** Reads an uploaded sheet (XLSX, told by its bytes, or CSV) into rows of text; refuses oversized, corrupt files and zip bombs. */
export async function readSheet(bytes: Uint8Array): Promise<string[][]> {
  if (bytes.length === 0) throw new SheetError('empty');
  if (bytes.length > MAX_SHEET_BYTES) throw new SheetError('too_large');
  let matrix: string[][] = [];
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    try {
      checkZip(bytes, SHEET_ZIP_LIMITS);
    } catch (error) {
      if (error instanceof ZipRejectedError) throw new SheetError(error.code === 'zip_bomb' ? 'zip_bomb' : 'corrupt');
      throw error;
    }
    const workbook = new (await loadExcel()).Workbook();
    try {
      await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
    } catch {
      throw new SheetError('corrupt');
    }
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new SheetError('empty');
    if (sheet.rowCount > MAX_SHEET_ROWS + 1) throw new SheetError('too_many_rows');
    const width = Math.min(sheet.columnCount, 50);
    sheet.eachRow({ includeEmpty: false }, (row) => {
      const cells: string[] = [];
      for (let i = 1; i <= width; i += 1) cells.push(cellText(row.getCell(i).value));
      matrix.push(cells);
    });
  } else {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
    } catch {
      throw new SheetError('corrupt');
    }
    if (text.includes('\u0000')) throw new SheetError('corrupt');
    try {
      matrix = parse(text, { relax_column_count: true, skip_empty_lines: true, max_record_size: 200_000 }) as string[][];
    } catch {
      throw new SheetError('corrupt');
    }
    if (matrix.length > MAX_SHEET_ROWS + 1) throw new SheetError('too_many_rows');
  }
  if (matrix.length === 0) throw new SheetError('empty');
  const header = matrix[0]!.map((h) => h.trim().replace(/^'/, ''));
  if (header[0] !== 'milestone_id' || !header.includes('new_status')) throw new SheetError('not_a_sheet');
  return matrix;
}

export type RowProblem = 'unknown_id' | 'invalid_status' | 'date_out_of_range' | 'invalid_link' | 'duplicate_id' | 'narrative_too_long';

export interface RowOutcome {
  line: number;
  milestoneId: string;
  commitment: string | null;
  milestone: number | null;
  change: { from: CompletionLevel | null; to: CompletionLevel; narrative: boolean; asOf: string; links: number } | null;
  problems: RowProblem[];
  /**
   * The row says exactly what the milestone's latest report (awaiting verification or verified) already
   * says: applying changes nothing for it (decision 040), and the preview says so.
   */
  unchanged: boolean;
}

function sameText(stored: Partial<Record<string, string>>, text: string): boolean {
  const texts = Object.values(stored).filter((v): v is string => typeof v === 'string' && v !== '');
  return text === '' ? texts.length === 0 : texts.includes(text);
}

/** The latest report on each milestone that is pending or verified, with its text, to tell a re-upload. */
async function latestReports(db: Executor, milestoneIds: number[]) {
  const out = new Map<number, typeof progressUpdates.$inferSelect>();
  if (milestoneIds.length === 0) return out;
  const rows = await db
    .select()
    .from(progressUpdates)
    .where(and(inArray(progressUpdates.milestoneId, milestoneIds), inArray(progressUpdates.state, ['submitted', 'verified'])))
    .orderBy(asc(progressUpdates.milestoneId), asc(progressUpdates.submittedAt), asc(progressUpdates.id));
  for (const r of rows) out.set(r.milestoneId, r);
  return out;
}

const STATUS_WORDS: Record<string, CompletionLevel> = {
  not_started: 'not_started', 'no iniciado': 'not_started', 'not started': 'not_started', 'no iniciada': 'not_started',
  limited: 'limited', limitado: 'limited', limitada: 'limited',
  substantial: 'substantial', sustancial: 'substantial',
  complete: 'complete', completo: 'complete', completa: 'complete', cumplido: 'complete', cumplida: 'complete',
};

export function readStatus(value: string): CompletionLevel | null {
  const key = nameKey(value.replace(/^'/, ''));
  if ((COMPLETION_LEVELS as readonly string[]).includes(value.trim())) return value.trim() as CompletionLevel;
  return STATUS_WORDS[key] ?? null;
}

/** What each filled row would do, and what is wrong with it. Rows with no new status and no new narrative are left out. */
export async function planSheet(db: Executor, user: SessionUser, matrix: string[][], today: string): Promise<RowOutcome[]> {
  const header = matrix[0]!.map((h) => h.trim().replace(/^'/, ''));
  const col = (name: (typeof SHEET_COLUMNS)[number]) => header.indexOf(name);
  const mine = new Map((await reportableMilestones(db, user)).map((r) => [String(r.m.id), r]));
  const latest = await latestReports(db, [...mine.values()].map((r) => r.m.id));
  const seen = new Set<string>();
  const out: RowOutcome[] = [];
  matrix.slice(1).forEach((cells, i) => {
    const get = (name: (typeof SHEET_COLUMNS)[number]) => (col(name) >= 0 ? (cells[col(name)] ?? '').trim() : '');
    const newStatus = get('new_status');
    const newNarrative = get('new_narrative');
    if (!newStatus && !newNarrative) return;
    const id = get('milestone_id').replace(/^'/, '');
    const row = mine.get(id);
    const problems: RowProblem[] = [];
    if (!row) problems.push('unknown_id');
    else if (seen.has(id)) problems.push('duplicate_id');
    seen.add(id);
    const status = readStatus(newStatus);
    if (!status) problems.push('invalid_status');
    const asOfText = get('as_of') || today;
    const asOf = dateField.safeParse(asOfText);
    const earliest = row ? `${row.plan.startMonth}-01` : '2000-01-01';
    if (!asOf.success || asOf.data > today || asOf.data < earliest) problems.push('date_out_of_range');
    const links = linksField.safeParse(get('evidence_links').split(/[\s;]+/).filter(Boolean).join('\n'));
    if (!links.success) problems.push('invalid_link');
    if (newNarrative.length > 20_000) problems.push('narrative_too_long');
    const before = row ? latest.get(row.m.id) : undefined;
    const unchanged =
      problems.length === 0 &&
      !!before &&
      before.status === status &&
      (get('as_of') === '' || before.asOf === (asOf.success ? asOf.data : '')) &&
      sameText(before.narrative, newNarrative);
    out.push({
      line: i + 2,
      milestoneId: id.slice(0, 20),
      commitment: row?.c.number ?? null,
      milestone: row?.m.number ?? null,
      change: problems.length === 0 && row && status && asOf.success && links.success ? { from: row.m.status, to: status, narrative: newNarrative !== '', asOf: asOf.data, links: links.data.length } : null,
      problems,
      unchanged,
    });
  });
  return out;
}

/** Applies a sheet: every row becomes a submitted progress update, all in one transaction — or nothing, if any row has a problem. */
export async function applySheet(db: Database, user: SessionUser, matrix: string[][], input: { locale: Locale; periodId: number | null; fileName: string; now: Date }) {
  const today = input.now.toISOString().slice(0, 10);
  const plan = await planSheet(db, user, matrix, today);
  if (plan.length === 0 || plan.some((r) => r.problems.length > 0) || plan.every((r) => r.unchanged)) return { applied: false as const, rows: plan };
  const header = matrix[0]!.map((h) => h.trim().replace(/^'/, ''));
  await db.transaction(async (tx) => {
    for (const r of plan) {
      if (r.unchanged) continue;
      const cells = matrix[r.line - 1]!;
      const narrative = (cells[header.indexOf('new_narrative')] ?? '').trim();
      const links = (cells[header.indexOf('evidence_links')] ?? '').split(/[\s;]+/).filter(Boolean);
      await createProgressUpdate(
        db,
        { milestoneId: Number(r.milestoneId), authorId: user.id, status: r.change!.to, narrative, asOf: r.change!.asOf, periodId: input.periodId, locale: input.locale, evidence: { files: [], links }, submit: true, source: 'spreadsheet', now: input.now },
        tx,
      );
    }
    await recordAudit(tx, { actor: `user:${user.id}`, action: 'spreadsheet.import', entityType: 'user', entityId: user.id, details: { fileName: input.fileName.slice(0, 200), rows: plan.filter((r) => !r.unchanged).length, unchanged: plan.filter((r) => r.unchanged).length } });
  });
  return { applied: true as const, rows: plan };
}
