import { checkZip, ZipRejectedError } from './zip-guard.js';

export class DocumentReadError extends Error {
  constructor(
    readonly code: 'docx_unreadable' | 'pdf_unreadable' | 'pdf_encrypted' | 'pdf_no_text' | 'zip_bomb' | 'too_large',
    readonly params: Record<string, string | number> = {},
  ) {
    super(`document read error: ${code}`);
    this.name = 'DocumentReadError';
  }
}

/**
 * HTML (as Word writes it, or as mammoth converts a DOCX) to the seed's text format: one line per
 * paragraph and per table row, a row's cells separated by tabs, each cell's inner markup kept
 * (bold, paragraphs, lists) on one line. Merged cells (`colspan`) are widened with empty cells so
 * that a mark stays under the column it was written in. Nested tables are kept inside their cell.
 */
export function htmlTablesToTemplateText(html: string): string {
  const out: string[] = [];
  const tagRe = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s[^<>]*)?)\/?>/g;
  let depth = 0; // table depth
  let row: string[] | null = null;
  let cell: string[] | null = null;
  let cellStartDepth = 0;
  let span = 1;
  let text: string[] = [];
  let at = 0;
  const flat = (s: string) => s.replace(/[\t\r\n]+/g, ' ');
  const push = (s: string) => {
    if (cell) cell.push(flat(s));
    else text.push(s);
  };
  const endLine = () => {
    const line = text.join('').trim();
    if (line !== '') out.push(flat(line));
    text = [];
  };
  for (let m = tagRe.exec(html); m; m = tagRe.exec(html)) {
    push(html.slice(at, m.index));
    at = tagRe.lastIndex;
    const closing = m[1] === '/';
    const name = (m[2] ?? '').toLowerCase();
    if (name === 'table') {
      if (!closing) {
        if (depth === 0) endLine();
        else push(m[0]);
        depth += 1;
      } else {
        depth = Math.max(0, depth - 1);
        if (depth > 0) push(m[0]);
      }
      continue;
    }
    if (depth === 1 && name === 'tr') {
      if (!closing) row = [];
      else if (row) {
        out.push(row.join('\t'));
        row = null;
      }
      continue;
    }
    if (depth === 1 && (name === 'td' || name === 'th')) {
      if (!closing) {
        cell = [];
        cellStartDepth = depth;
        const colspan = /colspan\s*=\s*["']?(\d{1,2})/i.exec(m[3] ?? '');
        span = Math.max(1, Math.min(20, Number(colspan?.[1] ?? 1)));
      } else if (cell && depth === cellStartDepth) {
        (row ??= []).push(cell.join('').trim());
        for (let k = 1; k < span; k += 1) row.push('');
        cell = null;
      }
      continue;
    }
    if (depth === 0 && closing && /^(p|h[1-6]|li|div)$/.test(name)) {
      push(m[0]);
      endLine();
      continue;
    }
    push(m[0]);
  }
  push(html.slice(at));
  endLine();
  return out.join('\n');
}

/** A DOCX checked as a zip (no bombs), converted with mammoth, then laid out like the seed. */
export async function docxToTemplateText(bytes: Uint8Array): Promise<string> {
  try {
    checkZip(bytes);
  } catch (error) {
    if (error instanceof ZipRejectedError) throw new DocumentReadError(error.code === 'zip_bomb' ? 'zip_bomb' : 'docx_unreadable');
    throw error;
  }
  let html: string;
  try {
    const { default: mammoth } = await import('mammoth');
    const result = await mammoth.convertToHtml({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) }, { ignoreEmptyParagraphs: false });
    html = result.value;
  } catch {
    throw new DocumentReadError('docx_unreadable');
  }
  return htmlTablesToTemplateText(html);
}
