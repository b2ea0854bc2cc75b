import { strFromU8, unzipSync } from 'fflate';
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

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function xmlText(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|amp|lt|gt|quot|apos);/g, (whole, body: string) => {
    if (body.startsWith('#x')) return safeCodePoint(parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return safeCodePoint(parseInt(body.slice(1), 10));
    return XML_ENTITIES[body] ?? whole;
  });
}

function safeCodePoint(code: number): string {
  if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '';
  return code < 32 ? ' ' : String.fromCodePoint(code);
}

/** Text put back into the markup the template parser reads (tags and entities escaped). */
const escapeMarkup = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Whether a run property element (`<w:b/>`, `<w:b w:val="0"/>`) switches bold on. */
const isOn = (attrs: string) => !/w:val\s*=\s*"(0|false|off|none)"/.test(attrs);

/**
 * WordprocessingML (word/document.xml) to the seed's text format, read straight from the XML:
 * one line per paragraph, where a tab (label⇥value) separates cells; one line per table row, its
 * cells separated by tabs (a merged cell widened with empty ones so that a mark stays under its
 * column); bold kept; list paragraphs as "- item"; nested tables kept inside their cell.
 */
export function documentXmlToTemplateText(xml: string): string {
  const out: string[] = [];
  const tagRe = /<(\/?)([A-Za-z][\w.-]*:[\w.-]+|[A-Za-z][\w.-]*)([^>]*?)(\/?)>|([^<]+)/g;
  let depth = 0;
  let row: string[] | null = null;
  let cell: string[] | null = null;
  let span = 1;
  // the paragraph being read: segments of text with their bold
  let para: { text: string; bold: boolean }[] | null = null;
  let list = false;
  let inRun = false;
  let inRunProps = false;
  let runBold = false;
  let inText = false;
  let skip = 0; // inside deleted text, field instructions, drawings' alternate content
  const emitPara = () => {
    if (!para) return;
    const merged: { text: string; bold: boolean }[] = [];
    for (const seg of para) {
      const last = merged[merged.length - 1];
      if (last && last.bold === seg.bold) last.text += seg.text;
      else merged.push({ ...seg });
    }
    const render = (segs: { text: string; bold: boolean }[]) =>
      segs.map((g) => (g.bold && g.text.trim() !== '' ? `<b>${escapeMarkup(g.text)}</b>` : escapeMarkup(g.text))).join('');
    let text = render(merged);
    if (list && text.trim() !== '') text = `- ${text.replace(/^\s+/, '')}`;
    if (depth > 0 && cell) cell.push(`<p>${text.replace(/\t/g, ' ')}</p>`);
    else out.push(text.replace(/\n/g, '<br>'));
    para = null;
  };
  for (let m = tagRe.exec(xml); m; m = tagRe.exec(xml)) {
    if (m[5] !== undefined) {
      if (inText && skip === 0 && para) para.push({ text: xmlText(m[5]), bold: runBold });
      continue;
    }
    const closing = m[1] === '/';
    const selfClosing = m[4] === '/';
    const name = m[2] ?? '';
    const attrs = m[3] ?? '';
    switch (name) {
      case 'w:del':
      case 'w:instrText':
      case 'mc:Fallback':
      case 'w:delText':
        if (!selfClosing) skip += closing ? -1 : 1;
        skip = Math.max(0, skip);
        break;
      case 'w:tbl':
        if (!closing) {
          depth += 1;
        } else {
          depth = Math.max(0, depth - 1);
        }
        break;
      case 'w:tr':
        if (depth !== 1) break;
        if (!closing) row = [];
        else if (row) {
          out.push(row.join('\t'));
          row = null;
        }
        break;
      case 'w:tc':
        if (depth !== 1) break;
        if (!closing) {
          cell = [];
          span = 1;
        } else if (cell) {
          (row ??= []).push(cell.join(''));
          for (let k = 1; k < span; k += 1) row.push('');
          cell = null;
        }
        break;
      case 'w:gridSpan':
        if (depth === 1) span = Math.max(1, Math.min(20, Number(/w:val\s*=\s*"(\d+)"/.exec(attrs)?.[1] ?? 1)));
        break;
      case 'w:p':
        if (selfClosing) {
          para = [];
          list = false;
          emitPara();
        } else if (!closing) {
          para = [];
          list = false;
        } else emitPara();
        break;
      case 'w:numPr':
        if (!closing && para) list = true;
        break;
      case 'w:r':
        if (selfClosing) break;
        inRun = !closing;
        if (!closing) runBold = false;
        break;
      case 'w:rPr':
        if (inRun && !selfClosing) inRunProps = !closing;
        break;
      case 'w:b':
        if (inRunProps && !closing) runBold = isOn(attrs);
        break;
      case 'w:t':
        if (!selfClosing) inText = !closing;
        break;
      case 'w:tab':
        if (inRun && skip === 0 && para) para.push({ text: '\t', bold: false });
        break;
      case 'w:br':
      case 'w:cr':
        if (inRun && skip === 0 && para) para.push({ text: depth > 0 ? ' ' : '\n', bold: false });
        break;
      default:
        break;
    }
  }
  return out.join('\n');
}

/** A DOCX checked as a zip (no bombs), its document.xml read into the seed's text layout. */
export async function docxToTemplateText(bytes: Uint8Array): Promise<string> {
  try {
    checkZip(bytes);
  } catch (error) {
    if (error instanceof ZipRejectedError) throw new DocumentReadError(error.code === 'zip_bomb' ? 'zip_bomb' : 'docx_unreadable');
    throw error;
  }
  let xml: string;
  try {
    const files = unzipSync(bytes, { filter: (f) => f.name === 'word/document.xml' });
    const doc = files['word/document.xml'];
    if (!doc) throw new Error('no word/document.xml');
    xml = strFromU8(doc);
  } catch {
    throw new DocumentReadError('docx_unreadable');
  }
  return documentXmlToTemplateText(xml);
}
