import path from 'node:path';
import type { Database } from '../../db/client.js';
import type { Messages } from '../../i18n/index.js';
import type { Locale } from '../../lib/levels.js';
import { importParsedCommitments, ImportError, type ImportOutcome } from './commands.js';
import { decodeText, DecodeError, MAX_IMPORT_BYTES } from './decode.js';
import { DocumentReadError, docxToTemplateText, htmlTablesToTemplateText } from './docx.js';
import { TemplateParseError, type ParseResult, type ParseWarning } from './parsed.js';
import { pdfToRows } from './pdf.js';
import { ZipRejectedError } from './zip-guard.js';
import { parseRows, parseTemplate } from './template-parser.js';
import type { Row } from './template-normalize.js';

export const TEXT_FORMATS: Record<string, string> = { '.txt': 'text', '.md': 'markdown', '.markdown': 'markdown', '.html': 'html', '.htm': 'html' };
/** Every format a template document can be read from. */
export const TEMPLATE_FORMATS = ['text', 'markdown', 'html', 'docx', 'pdf'] as const;

export class UnsupportedFormatError extends Error {
  constructor(readonly format: string) {
    super(`unsupported format: ${format}`);
    this.name = 'UnsupportedFormatError';
  }
}

/** Which reader a file goes to, by its name and its first bytes. */
export function detectFormat(fileName: string, bytes: Uint8Array): string {
  const ext = path.extname(fileName).toLowerCase();
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return ext === '.xlsx' ? 'xlsx' : ext === '.docx' ? 'docx' : 'zip';
  if (bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46) return 'pdf';
  return TEXT_FORMATS[ext] ?? (ext === '' ? 'text' : ext.slice(1));
}

/** Rows as text (cells separated by tabs), what the preview shows as the document's text. */
export function rowsToText(rows: readonly Row[]): string {
  return rows.map((r) => r.cells.map((c) => c.replace(/[\u2028\u2029]/g, ' ')).join('\t')).join('\n');
}

/**
 * Reads a template document in any of its formats: the seed's text (HTML fragments, Markdown),
 * HTML (Word's "save as web page": tables become rows of cells), DOCX (its document.xml read directly) and PDF
 * (text with positions through pdf.js; completion marks read by column). Nothing is stored.
 */
export async function readTemplateDocument(
  fileName: string,
  bytes: Uint8Array,
  options: { language?: Locale } = {},
): Promise<{ format: string; text: string; parsed: ParseResult }> {
  const format = detectFormat(fileName, bytes);
  if (!(TEMPLATE_FORMATS as readonly string[]).includes(format)) throw new UnsupportedFormatError(format);
  if (bytes.length > MAX_IMPORT_BYTES) throw new DecodeError('too_large', { limit: MAX_IMPORT_BYTES });
  const parseOptions = options.language ? { language: options.language } : {};
  if (format === 'docx') {
    const text = await docxToTemplateText(bytes);
    return { format, text, parsed: parseTemplate(text, parseOptions) };
  }
  if (format === 'pdf') {
    const rows = await pdfToRows(bytes);
    return { format, text: rowsToText(rows), parsed: parseRows(rows, parseOptions) };
  }
  let { text } = decodeText(bytes);
  if (format === 'html' && /<table[\s>]/i.test(text)) text = htmlTablesToTemplateText(text);
  return { format, text, parsed: parseTemplate(text, parseOptions) };
}

/**
 * A template document read (any format), parsed and stored into a plan in one transaction, or
 * only previewed with `dryRun`.
 */
export async function importTemplateDocument(
  db: Database,
  input: { fileName: string; bytes: Uint8Array; planId: number; actor: string; dryRun: boolean; now: Date; language?: Locale; expectFingerprint?: string },
): Promise<ImportOutcome> {
  const { format, parsed } = await readTemplateDocument(input.fileName, input.bytes, input.language ? { language: input.language } : {});
  return importParsedCommitments(db, {
    planId: input.planId,
    parsed,
    source: { name: path.basename(input.fileName), format, content: input.bytes },
    actor: input.actor,
    dryRun: input.dryRun,
    now: input.now,
    ...(input.expectFingerprint ? { expectFingerprint: input.expectFingerprint } : {}),
  });
}

/** A warning with its message in the user's language. */
/**
 * The field a warning concerns, in the reader's words: `briefDescription` → "Breve descripción",
 * `milestones[2].status` → "Meta 3 · estado". Never the model's internal name.
 */
export function fieldLabel(t: Messages, field: string, params: Record<string, string | number> = {}): string {
  const u = t.ingest.upload;
  const top = (u.fields as Record<string, string>)[field];
  if (top) return top;
  const m = /^milestones\[(\d+)\](?:\.(\w+))?/.exec(field);
  if (m) {
    const number = typeof params.milestone === 'number' ? params.milestone : Number(m[1]) + 1;
    const part = m[2] ? u.milestoneParts[m[2]] : undefined;
    return part ? `${t.milestone.number(number)} · ${part}` : t.milestone.number(number);
  }
  if (field === 'dateText' || field === 'start' || field === 'end') return u.fields.dates;
  return u.field;
}

/** A warning with its message and the label of its field, in the reader's language. */
export function describeWarning(w: ParseWarning, t: Messages): ParseWarning & { message: string; label: string | null } {
  return { ...w, message: t.warnings[w.code](w.params), label: w.field ? fieldLabel(t, w.field, w.params) : null };
}

/** The message for an error an import can end in, or null when it is not one of ours (a bug). */
export function importErrorMessage(error: unknown, t: Messages): string | null {
  if (error instanceof TemplateParseError) {
    const m = t.parseErrors[error.code];
    return typeof m === 'function' ? m(error.params) : m;
  }
  if (error instanceof DecodeError) {
    const m = t.parseErrors[error.code];
    return typeof m === 'function' ? m(error.params) : m;
  }
  if (error instanceof ImportError) return t.importErrors[error.code](error.params);
  if (error instanceof UnsupportedFormatError) return t.ingest.unsupportedFormat({ format: error.format });
  if (error instanceof DocumentReadError) return t.ingest.readErrors[error.code](error.params);
  if (error instanceof ZipRejectedError) return error.code === 'zip_bomb' ? t.ingest.readErrors.zip_bomb() : t.ingest.readErrors.docx_unreadable();
  return null;
}

/**
 * What an upload would store, without storing it: the document read (every field and warning as
 * parsed) and the import done in a rolled-back transaction (which commitments are new, which
 * would be updated).
 */
export async function previewTemplateDocument(
  db: Database,
  input: { fileName: string; bytes: Uint8Array; planId: number; actor: string; now: Date; language?: Locale },
): Promise<{ format: string; parsed: ParseResult; outcome: ImportOutcome }> {
  const { format, parsed } = await readTemplateDocument(input.fileName, input.bytes, input.language ? { language: input.language } : {});
  const outcome = await importParsedCommitments(db, {
    planId: input.planId,
    parsed,
    source: { name: path.basename(input.fileName), format, content: input.bytes },
    actor: input.actor,
    dryRun: true,
    now: input.now,
  });
  return { format, parsed, outcome };
}
