import path from 'node:path';
import type { Database } from '../../db/client.js';
import type { Messages } from '../../i18n/index.js';
import type { Locale } from '../../lib/levels.js';
import { importParsedCommitments, ImportError, type ImportOutcome } from './commands.js';
import { decodeText, DecodeError } from './decode.js';
import { TemplateParseError, type ParseWarning } from './parsed.js';
import { parseTemplate } from './template-parser.js';

export const TEXT_FORMATS: Record<string, string> = { '.txt': 'text', '.md': 'markdown', '.markdown': 'markdown', '.html': 'html', '.htm': 'html' };

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

/**
 * A template document (the seed's format: text with HTML fragments, Markdown or HTML) read,
 * parsed and stored into a plan in one transaction, or only previewed with `dryRun`.
 */
export async function importTemplateDocument(
  db: Database,
  input: { fileName: string; bytes: Uint8Array; planId: number; actor: string; dryRun: boolean; now: Date; language?: Locale },
): Promise<ImportOutcome> {
  const format = detectFormat(input.fileName, input.bytes);
  if (!Object.values(TEXT_FORMATS).includes(format)) throw new UnsupportedFormatError(format);
  const { text } = decodeText(input.bytes);
  const parsed = parseTemplate(text, input.language ? { language: input.language } : {});
  return importParsedCommitments(db, {
    planId: input.planId,
    parsed,
    source: { name: path.basename(input.fileName), format, content: input.bytes },
    actor: input.actor,
    dryRun: input.dryRun,
    now: input.now,
  });
}

/** A warning with its message in the user's language. */
export function describeWarning(w: ParseWarning, t: Messages): ParseWarning & { message: string } {
  return { ...w, message: t.warnings[w.code](w.params) };
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
  if (error instanceof UnsupportedFormatError) return t.importErrors.unsupported_format({ format: error.format });
  return null;
}
