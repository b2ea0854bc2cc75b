import { DocumentReadError } from './docx.js';
import { readLevel } from './template-labels.js';
import { layoutPdf, type PdfItem, type PdfPage } from './pdf-layout.js';
import type { Row } from './template-normalize.js';

export type { PdfItem, PdfPage };

/** Pages read at most from one PDF. */
export const MAX_PDF_PAGES = 500;

/**
 * pdf.js's legacy build (the one for Node 20) carries core-js, which replaces `Array.prototype.push`
 * for the whole process with a JavaScript version (a spec corner of non-writable lengths no code
 * here relies on). It was the largest single cost of reading a PDF (benchmarks, issue 14) and slowed
 * every push of the server after the first import: the native one is put back once pdf.js is loaded.
 */
const NATIVE_PUSH = Array.prototype.push;
export async function loadPdfjs() {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  if (Array.prototype.push !== NATIVE_PUSH) Object.defineProperty(Array.prototype, 'push', { value: NATIVE_PUSH, writable: true, configurable: true, enumerable: false });
  return pdfjs;
}

/** Text items with positions, page by page (pdf.js, no worker thread, no eval, no fonts loaded). */
export async function readPdfPages(bytes: Uint8Array): Promise<PdfPage[]> {
  const pdfjs = await loadPdfjs();
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
      const content = await page.getTextContent({ disableNormalization: true });
      const items: PdfItem[] = [];
      const textItems = content.items.filter((item): item is Extract<typeof item, { str: string }> => 'str' in item && item.str.trim() !== '');
      // A check mark drawn in a symbol font (ZapfDingbats, Wingdings) comes out as a plain letter
      // or digit: the font's name, known once the page's operators are read, tells it apart.
      let symbolFonts = new Set<string>();
      // Reading the operators is slow: only pages with a completion row (its four levels) need it.
      const levels = new Set(textItems.map((item) => (item.str.length <= 40 ? readLevel(item.str) : null)).filter((l) => l !== null));
      const inBody = (item: { transform: unknown }) => {
        const y = (item.transform as number[])[5] ?? 0;
        return y > viewport.height * 0.1 && y < viewport.height * 0.9;
      };
      if (levels.size >= 3 && textItems.some((item) => SYMBOL_CANDIDATE_RE.test(item.str.trim()) && inBody(item))) {
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
        // A glyph of a symbol font is a check mark inside the completion row and a bullet anywhere else.
        const symbol = (symbolFonts.has(item.fontName) && raw.length <= 2) || /^[\uE000-\uF8FF]$/.test(raw);
        items.push({ text: symbol ? '•' : item.str, x: e ?? 0, y: f ?? 0, width: item.width, size: Math.hypot(a ?? 0, b ?? 0) || item.height || 10, ...(symbol ? { symbol } : {}) });
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

const SYMBOL_FONT_RE = /dingbat|wingding|webding|symbol/i;
/** What a symbol font's check mark looks like as text: a digit or sign, no letter, no punctuation (ZapfDingbats' ✓ is "4"). */
const SYMBOL_CANDIDATE_RE = /^[^\p{L}\p{P}\s\u2713\u2714\u2717\u2718\u2610-\u2612\uE000-\uF8FF]{1,2}$/u;

/** A PDF read into rows of cells with their pages (pdf-layout.ts). */
export async function pdfToRows(bytes: Uint8Array): Promise<Row[]> {
  const pages = await readPdfPages(bytes);
  const rows = layoutPdf(pages);
  if (rows.length === 0) throw new DocumentReadError('pdf_no_text');
  return rows;
}
