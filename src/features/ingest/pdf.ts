import { DocumentReadError } from './docx.js';
import { readLevel } from './template-labels.js';
import type { CompletionLevel } from '../../lib/levels.js';

/** Pages read at most from one PDF. */
export const MAX_PDF_PAGES = 500;

export interface PdfItem {
  text: string;
  x: number;
  /** Baseline, from the bottom of the page. */
  y: number;
  width: number;
  size: number;
}

export interface PdfPage {
  height: number;
  items: PdfItem[];
}

interface Line {
  y: number;
  size: number;
  items: PdfItem[];
}

/** Marks written under one of the four completion columns, per commitment number (letters = sub-items). */
export interface PdfCompletionMarks {
  /** The commitment's number as read before the header, or null when none was seen. */
  commitment: number | null;
  /** A single mark's level (✓, X …). */
  level: CompletionLevel | null;
  /** Sub-item letters and their levels: `{ a: 'substantial', b: 'complete' }`. */
  letters: Record<string, CompletionLevel>;
}

export interface PdfTemplate {
  text: string;
  marks: PdfCompletionMarks[];
}

/** Text items with positions, page by page (pdf.js, no worker thread, no eval, no fonts loaded). */
export async function readPdfPages(bytes: Uint8Array): Promise<PdfPage[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let doc: Awaited<ReturnType<typeof pdfjs.getDocument>['promise']>;
  try {
    doc = await pdfjs.getDocument({
      data: new Uint8Array(bytes),
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      verbosity: 0,
      stopAtErrors: false,
    }).promise;
  } catch (error) {
    if ((error as { name?: string }).name === 'PasswordException') throw new DocumentReadError('pdf_encrypted');
    throw new DocumentReadError('pdf_unreadable');
  }
  try {
    if (doc.numPages > MAX_PDF_PAGES) throw new DocumentReadError('too_large', { pages: MAX_PDF_PAGES });
    const pages: PdfPage[] = [];
    for (let p = 1; p <= doc.numPages; p += 1) {
      const page = await doc.getPage(p);
      const viewport = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      const items: PdfItem[] = [];
      const textItems = content.items.filter((item): item is Extract<typeof item, { str: string }> => 'str' in item && item.str.trim() !== '');
      // A check mark drawn in a symbol font (ZapfDingbats, Wingdings) comes out as a plain letter
      // or digit: the font's name, known once the page's operators are read, tells it apart.
      let symbolFonts = new Set<string>();
      if (textItems.some((item) => item.str.trim().length <= 2 && !MARK_TEXT_RE.test(item.str.trim()))) {
        await page.getOperatorList();
        symbolFonts = new Set(
          textItems
            .map((item) => item.fontName)
            .filter((name) => {
              try {
                const font = page.commonObjs.get(name) as { name?: string } | undefined;
                return SYMBOL_FONT_RE.test(font?.name ?? '');
              } catch {
                return false;
              }
            }),
        );
      }
      for (const item of textItems) {
        const [a, b, , , e, f] = item.transform as number[];
        const raw = item.str.trim();
        const text = (symbolFonts.has(item.fontName) && raw.length <= 2) || /^[\uE000-\uF8FF]$/.test(raw) ? '✓' : item.str;
        items.push({ text, x: e ?? 0, y: f ?? 0, width: item.width, size: Math.hypot(a ?? 0, b ?? 0) || item.height || 10 });
      }
      pages.push({ height: viewport.height, items });
      page.cleanup();
    }
    return pages;
  } catch (error) {
    if (error instanceof DocumentReadError) throw error;
    throw new DocumentReadError('pdf_unreadable');
  } finally {
    await doc.destroy();
  }
}

function toLines(items: PdfItem[]): Line[] {
  const sorted = [...items].sort((p, q) => q.y - p.y || p.x - q.x);
  const lines: Line[] = [];
  for (const item of sorted) {
    const line = lines.find((l) => Math.abs(l.y - item.y) <= Math.max(2, Math.min(l.size, item.size) * 0.45));
    if (line) {
      line.items.push(item);
      line.size = Math.max(line.size, item.size);
    } else lines.push({ y: item.y, size: item.size, items: [item] });
  }
  for (const l of lines) l.items.sort((p, q) => p.x - q.x);
  return lines.sort((p, q) => q.y - p.y);
}

/** A line's cells: items far apart (a column gap) start a new cell. */
function cellsOf(line: Line): { text: string; x: number; end: number }[] {
  const cells: { text: string; x: number; end: number }[] = [];
  for (const item of line.items) {
    const last = cells[cells.length - 1];
    const gap = last ? item.x - last.end : Infinity;
    if (last && gap < line.size * 1.6) {
      last.text += gap > line.size * 0.12 && !last.text.endsWith(' ') && !item.text.startsWith(' ') ? ` ${item.text}` : item.text;
      last.end = Math.max(last.end, item.x + item.width);
    } else cells.push({ text: item.text, x: item.x, end: item.x + item.width });
  }
  return cells.map((c) => ({ ...c, text: c.text.replace(/\s+/g, ' ').trim() }));
}

const PAGE_NUMBER_RE = /^(?:(?:p[aá]gina|page|p[aá]g\.?)\s*)?-?\s*\d{1,4}\s*-?(?:\s*(?:de|of|\/)\s*\d{1,4})?$/i;
const lineText = (l: Line) => cellsOf(l).map((c) => c.text).join(' ');
const pattern = (s: string) => s.replace(/\d+/g, '#').toLowerCase();

/**
 * Lines in the top or bottom band of a page that are page numbers, or that repeat (digits aside)
 * on other pages, are running headers and footers: they are dropped, so that a commitment whose
 * table crosses a page reads on.
 */
function withoutHeadersAndFooters(pages: { height: number; lines: Line[] }[]): Line[][] {
  const band = (p: { height: number }, l: Line) => l.y > p.height * 0.9 || l.y < p.height * 0.1;
  const seen = new Map<string, number>();
  for (const p of pages) {
    const mine = new Set(p.lines.filter((l) => band(p, l)).map((l) => pattern(lineText(l))));
    for (const k of mine) seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  return pages.map((p) =>
    p.lines.filter((l) => {
      if (!band(p, l)) return true;
      const text = lineText(l);
      return !(PAGE_NUMBER_RE.test(text) || (pages.length > 1 && (seen.get(pattern(text)) ?? 0) >= 2));
    }),
  );
}

const SYMBOL_FONT_RE = /dingbat|wingding|webding|symbol/i;
const MARK_TEXT_RE = /^(?:x|✓|✔|✗|✘|☑|☒|■|●|•|v|[a-z](?:\s*[,y&]\s*[a-z])*)$/i;
const SINGLE_MARK_RE = /^(?:x|✓|✔|✗|✘|☑|☒|■|●|v)$/i;
const COMMITMENT_RE = /(?:compromiso|commitment)\s*(?:n\s*[°º.o]?|no\.?|number|#)?\s*(\d{1,3})\b/i;

/**
 * A PDF self-assessment laid out like the seed's text (one line per row, cells separated by tabs),
 * with the completion read from where its mark stands: under the four columns of the scale (Not
 * started / Limited / Substantial / Completed), by the mark's horizontal position; sub-item letters
 * ("a, b") under a column give each sub-item its level.
 */
export async function pdfToTemplate(bytes: Uint8Array): Promise<PdfTemplate> {
  const pages = await readPdfPages(bytes);
  const lined = pages.map((p) => ({ height: p.height, lines: toLines(p.items) }));
  const kept = withoutHeadersAndFooters(lined).flat();
  if (kept.length === 0) throw new DocumentReadError('pdf_no_text');

  const out: string[] = [];
  const marks: PdfCompletionMarks[] = [];
  let commitment: number | null = null;
  for (let i = 0; i < kept.length; i += 1) {
    const line = kept[i]!;
    const cells = cellsOf(line);
    const number = COMMITMENT_RE.exec(cells.map((c) => c.text).join(' '));
    if (number) commitment = Number(number[1]);
    const levels = cells.map((c) => readLevel(c.text));
    const columns = cells.map((c, k) => ({ level: levels[k], center: (c.x + c.end) / 2 })).filter((c): c is { level: CompletionLevel; center: number } => c.level !== null && c.level !== undefined);
    if (new Set(columns.map((c) => c.level)).size < 3) {
      out.push(cells.map((c) => c.text).join('\t'));
      continue;
    }
    // The completion header: read the marks in the lines right under it.
    const spacing = (columns[columns.length - 1]!.center - columns[0]!.center) / Math.max(1, columns.length - 1);
    const found: PdfCompletionMarks = { commitment, level: null, letters: {} };
    let ambiguous = false;
    let j = i + 1;
    for (; j < kept.length && j <= i + 4; j += 1) {
      const markCells = cellsOf(kept[j]!).filter((c) => MARK_TEXT_RE.test(c.text));
      const all = cellsOf(kept[j]!);
      if (markCells.length === 0 || markCells.length !== all.length) break;
      for (const m of markCells) {
        const center = (m.x + m.end) / 2;
        const nearest = [...columns].sort((p, q) => Math.abs(p.center - center) - Math.abs(q.center - center))[0]!;
        if (Math.abs(nearest.center - center) > spacing * 0.3) {
          ambiguous = true;
          continue;
        }
        if (SINGLE_MARK_RE.test(m.text)) found.level = nearest.level;
        else for (const letter of m.text.toLowerCase().match(/[a-z]/g) ?? []) if (letter !== 'y') found.letters[letter] = nearest.level;
      }
    }
    const first = cells[0] && readLevel(cells[0].text) === null ? cells[0].text : '';
    const header = [first, ...columns.map((c) => (c.level === found.level ? `${cells[levels.indexOf(c.level)]!.text} X` : cells[levels.indexOf(c.level)]!.text))];
    out.push(header.join('\t'));
    // An ambiguous mark stays as a mark row, for the parser to say so.
    if (ambiguous && found.level === null) out.push('X\t\t\t\t');
    if (found.level !== null || Object.keys(found.letters).length > 0) marks.push(found);
    i = j - 1;
  }
  return { text: out.join('\n'), marks };
}
