import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { withFallbackNote, type Block, type Cell, type ListBlock, type Para, type ReportDocument, type Run } from './document.js';

/**
 * PDF with pdfkit and the DejaVu Sans fonts shipped in the `dejavu-fonts-ttf` npm package
 * (Bitstream Vera licence + public domain: free to embed). Embedded TrueType fonts render Spanish
 * and symbols (⅓, «», “”, –) that the 14 standard PDF fonts cannot; pdfkit subsets them.
 */
const FONT_DIR = path.join(path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONTS = {
  regular: fs.readFileSync(path.join(FONT_DIR, 'DejaVuSans.ttf')),
  bold: fs.readFileSync(path.join(FONT_DIR, 'DejaVuSans-Bold.ttf')),
  italic: fs.readFileSync(path.join(FONT_DIR, 'DejaVuSans-Oblique.ttf')),
  boldItalic: fs.readFileSync(path.join(FONT_DIR, 'DejaVuSans-BoldOblique.ttf')),
};

const MARGIN = 56;
const BODY = 9.5;
const CELL_PAD = 4;
const INK = '#1a1a1a';
const MUTED = '#555555';
const ACCENT = '#1f3a5f';
const RULE = '#8a8a8a';
const SHADE = '#e8eef4';
const LINK = '#1a4f8b';

type Doc = PDFKit.PDFDocument;
type StructElem = PDFKit.PDFStructureElement;
type Tagged = Doc;

/** Where the text being written goes in the structure tree (tagged PDF, decision 104). */
interface Target {
  parent: StructElem;
  type: string;
}

const WORDS = {
  es: { contents: 'Índice', page: (n: number, total: number) => `Página ${n} de ${total}`, continued: '(continuación)' },
  en: { contents: 'Contents', page: (n: number, total: number) => `Page ${n} of ${total}`, continued: '(continued)' },
} as const;

function fontOf(r: Run): keyof typeof FONTS {
  return r.bold && r.italic ? 'boldItalic' : r.bold ? 'bold' : r.italic ? 'italic' : 'regular';
}

function paraText(p: Para): string {
  return p.runs.map((r) => r.text).join('');
}

function bottom(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom;
}

/** Height of a paragraph at a width (bold if any run is: a slight over-estimate is safe). */
function paraHeight(doc: Doc, p: Para, width: number, size = BODY): number {
  const text = paraText(p);
  if (!text) return 0;
  doc.font(p.runs.some((r) => r.bold) ? 'bold' : 'regular').fontSize(size);
  return doc.heightOfString(text, { width }) + 2;
}

/**
 * pdfkit breaks a line at a "\n" that starts a continued run, not at one that ends a run: a line
 * break (a run of its own, from Markdown) moves to the start of the next run.
 */
function breaksForward(runs: Run[]): Run[] {
  const out: Run[] = [];
  let carry = '';
  for (const r of runs) {
    const text = carry + r.text;
    const trail = /\n+$/.exec(text)?.[0] ?? '';
    carry = trail;
    const kept = text.slice(0, text.length - trail.length);
    if (kept !== '') out.push({ ...r, text: kept });
  }
  return out;
}

/** Writes a paragraph of runs at (x, y) within width, as one structure element of `target`. */
function writePara(
  doc: Doc,
  p: Para,
  x: number,
  y: number,
  width: number,
  options: { size?: number; color?: string; align?: 'left' | 'center'; target?: Target | null; destination?: string } = {},
) {
  const parts = breaksForward(withFallbackNote(p.runs.filter((r) => r.text !== '')));
  if (parts.length === 0) return;
  const color = options.color ?? INK;
  doc.fontSize(options.size ?? BODY);
  // pdfkit loses the link annotations of continued text tagged through `structParent`: a paragraph
  // with links is marked by hand instead (one marked-content sequence for its structure element).
  const hasLink = parts.some((r) => r.href);
  const target = options.target;
  const tag = target && !hasLink ? { structParent: target.parent, structType: target.type } : {};
  const t = doc as Tagged;
  if (target && hasLink) target.parent.add(t.struct(target.type, {}, [t.markStructureContent(target.type)]));
  doc.fillColor(color);
  parts.forEach((r, i) => {
    doc.font(fontOf(r));
    // the colour changes only around a link (setting it costs, in a 60-commitment report)
    if (r.href || parts[i - 1]?.href) doc.fillColor(r.href ? LINK : color);
    const last = i === parts.length - 1;
    // a link is underlined and clickable (a URI annotation); pdfkit resets both with every call
    const link = r.href ? { link: r.href, underline: true } : { link: null, underline: false };
    if (i === 0) {
      if (options.destination) (doc as Tagged).addNamedDestination(options.destination);
      doc.text(r.text, x, y, { width, continued: !last, align: options.align ?? 'left', indent: p.item ? 6 : 0, ...link, ...tag });
    } else doc.text(r.text, { continued: !last, ...link });
  });
  if (target && hasLink) t.endMarkedContent();
  doc.fillColor(color);
  doc.y += 2;
}

function cellHeight(doc: Doc, c: Cell, width: number): number {
  return c.paras.reduce((h, p) => h + paraHeight(doc, p, width - 2 * CELL_PAD), 0) + 2 * CELL_PAD;
}

interface Placed {
  c: Cell;
  x: number;
  w: number;
}

function place(row: Cell[], widths: number[], left: number): Placed[] {
  let at = 0;
  return row.map((c) => {
    const span = c.span ?? 1;
    const x = left + widths.slice(0, at).reduce((a, w) => a + w, 0);
    const w = widths.slice(at, at + span).reduce((a, v) => a + v, 0);
    at += span;
    return { c, x, w };
  });
}

function drawRow(doc: Doc, cells: Placed[], top: number, height: number, tr: StructElem | null) {
  const t = doc as Tagged;
  for (const { c, x, w } of cells) {
    t.markContent('Artifact', { type: 'Layout' } as PDFKit.Mixins.MarkingOptions);
    if (c.head) doc.rect(x, top, w, height).fill(SHADE);
    doc.rect(x, top, w, height).lineWidth(0.5).strokeColor(RULE).stroke();
    t.endMarkedContent();
    const td = tr ? t.struct(c.head ? 'TH' : 'TD') : null;
    if (tr && td) tr.add(td);
    let y = top + CELL_PAD;
    for (const p of c.paras) {
      writePara(doc, p, x + CELL_PAD, y, w - 2 * CELL_PAD, { align: c.center ? 'center' : 'left', target: td ? { parent: td, type: 'P' } : null });
      y = doc.y;
    }
  }
}

/** A table; a header row (all label cells, in a summary or changes table) repeats on every page. */
function table(doc: Doc, b: Extract<Block, { type: 'table' }>, parent: StructElem, words: (typeof WORDS)[keyof typeof WORDS]) {
  const t = doc as Tagged;
  const left = doc.page.margins.left;
  const content = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const total = b.widths.reduce((a, w) => a + w, 0);
  const widths = b.widths.map((w) => (w / total) * content);
  const tableElem = t.struct('Table');
  parent.add(tableElem);
  const first = b.rows[0];
  const headerRow = b.role !== 'template' && first !== undefined && first.length > 1 && first.every((c) => c.head) ? first : null;
  const pageRoom = () => bottom(doc) - doc.page.margins.top;
  b.rows.forEach((row, index) => {
    const cells = place(row, widths, left);
    const height = Math.max(14, ...cells.map(({ c, w }) => cellHeight(doc, c, w)));
    if (doc.y + height > bottom(doc) && height <= pageRoom()) {
      doc.addPage();
      if (headerRow && index > 0) {
        // the header again, as an artifact: it is in the structure tree once
        const hc = place(headerRow, widths, left);
        const hh = Math.max(14, ...hc.map(({ c, w }) => cellHeight(doc, c, w)));
        t.markContent('Artifact', { type: 'Pagination' } as PDFKit.Mixins.MarkingOptions);
        drawRowPlain(doc, hc, doc.y, hh);
        t.endMarkedContent();
        doc.y += hh;
      }
    }
    const tr = t.struct('TR');
    tableElem.add(tr);
    const top = doc.y;
    if (height <= pageRoom()) {
      drawRow(doc, cells, top, height, tr);
      doc.x = left;
      doc.y = top + height;
      return;
    }
    // A row taller than a page (a long narrative): it splits, and every part keeps the label
    // column and the borders; the label is repeated, marked as continued.
    if (doc.y + 60 > bottom(doc)) doc.addPage();
    const [label, ...rest] = cells;
    const labelTd = t.struct(label?.c.head ? 'TH' : 'TD');
    tr.add(labelTd);
    const writeLabel = (continued: boolean) => {
      if (!label) return;
      let y = doc.y + CELL_PAD;
      for (const p of label.c.paras) {
        const shown = continued ? { ...p, runs: [...p.runs, { text: ` ${words.continued}` }] } : p;
        if (continued) {
          t.markContent('Artifact', { type: 'Pagination' } as PDFKit.Mixins.MarkingOptions);
          writePara(doc, shown, label.x + CELL_PAD, y, label.w - 2 * CELL_PAD);
          t.endMarkedContent();
        } else writePara(doc, shown, label.x + CELL_PAD, y, label.w - 2 * CELL_PAD, { target: { parent: labelTd, type: 'P' } });
        y = doc.y;
      }
    };
    let segTop = doc.y;
    // shading first (under the text), so the frame of each page part is drawn before its text
    const startPart = (continued: boolean) => {
      segTop = doc.y;
      t.markContent('Artifact', { type: 'Layout' } as PDFKit.Mixins.MarkingOptions);
      if (label?.c.head) doc.rect(label.x, segTop, label.w, Math.min(cellHeight(doc, label.c, label.w) + 12, bottom(doc) - segTop)).fill(SHADE);
      t.endMarkedContent();
      const keepY = doc.y;
      writeLabel(continued);
      doc.y = keepY;
    };
    startPart(false);
    let y = segTop + CELL_PAD;
    for (const { c, x, w } of rest) {
      const td = t.struct(c.head ? 'TH' : 'TD');
      tr.add(td);
      for (const p of c.paras) {
        if (y + Math.min(paraHeight(doc, p, w - 2 * CELL_PAD), 40) > bottom(doc)) {
          frameOnly(doc, cells, segTop, bottom(doc));
          doc.addPage();
          startPart(true);
          y = doc.y + CELL_PAD;
        }
        writePara(doc, p, x + CELL_PAD, y, w - 2 * CELL_PAD, { target: { parent: td, type: 'P' } });
        y = doc.y;
      }
    }
    const end = Math.max(y + CELL_PAD, segTop + 14 + 2 * CELL_PAD);
    frameOnly(doc, cells, segTop, end);
    doc.x = left;
    doc.y = end;
  });
  doc.y += 10;
}

function frameOnly(doc: Doc, cells: Placed[], top: number, to: number) {
  const t = doc as Tagged;
  t.markContent('Artifact', { type: 'Layout' } as PDFKit.Mixins.MarkingOptions);
  for (const { x, w } of cells) doc.rect(x, top, w, to - top).lineWidth(0.5).strokeColor(RULE).stroke();
  t.endMarkedContent();
}

function drawRowPlain(doc: Doc, cells: Placed[], top: number, height: number) {
  for (const { c, x, w } of cells) {
    if (c.head) doc.rect(x, top, w, height).fill(SHADE);
    doc.rect(x, top, w, height).lineWidth(0.5).strokeColor(RULE).stroke();
    let y = top + CELL_PAD;
    for (const p of c.paras) {
      writePara(doc, p, x + CELL_PAD, y, w - 2 * CELL_PAD, { align: c.center ? 'center' : 'left' });
      y = doc.y;
    }
  }
}

/**
 * A section's list (decision 105) as a tagged list: `L` → `LI` → `Lbl` (the bullet or number) and
 * `LBody` (the item's paragraphs, and the lists nested in it).
 */
function list(doc: Doc, b: ListBlock, parent: StructElem, x: number, width: number, depth = 0) {
  const t = doc as Tagged;
  const elem = t.struct('L');
  parent.add(elem);
  const last = b.start + b.items.length - 1;
  const indent = b.ordered ? Math.max(16, doc.font('regular').fontSize(BODY).widthOfString(`${last}.`) + 6) : 12;
  b.items.forEach((item, k) => {
    const li = t.struct('LI');
    elem.add(li);
    if (doc.y + 16 > bottom(doc)) doc.addPage();
    const top = doc.y;
    const label = b.ordered ? `${b.start + k}.` : depth % 2 === 0 ? '•' : '◦';
    writePara(doc, { runs: [{ text: label }] }, x, top, indent, { target: { parent: li, type: 'Lbl' } });
    const body = t.struct('LBody');
    li.add(body);
    doc.y = top;
    for (const p of item.paras) {
      if (doc.y + 14 > bottom(doc)) doc.addPage();
      writePara(doc, p, x + indent, doc.y, width - indent, { target: { parent: body, type: 'P' } });
      doc.y += 1;
    }
    for (const sub of item.lists ?? []) list(doc, sub, body, x + indent, width - indent, depth + 1);
  });
  doc.x = doc.page.margins.left;
  if (depth === 0) doc.y += 3;
}

function chart(doc: Doc, b: Extract<Block, { type: 'chart' }>, parent: StructElem) {
  const t = doc as Tagged;
  const left = doc.page.margins.left;
  const content = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  if (doc.y + 40 + b.bars.length * 14 > bottom(doc)) doc.addPage();
  writePara(doc, { runs: [{ text: b.title, bold: true }] }, left, doc.y, content, { target: { parent, type: 'Caption' } });
  const y = doc.y + 4;
  // The bar as a figure with its alternative text: the figures it shows.
  const alt = `${b.title}: ${b.bars.map((bar) => `${bar.label} ${bar.value}`).join(', ')}`;
  parent.add(
    t.struct('Figure', { alt }, () => {
      let x = left;
      for (const bar of b.bars) {
        if (bar.value <= 0 || b.total <= 0) continue;
        const w = (bar.value / b.total) * content;
        doc.rect(x, y, w, 16).fill(bar.color);
        x += w;
      }
    }),
  );
  doc.y = y + 22;
  const list = t.struct('L');
  parent.add(list);
  for (const bar of b.bars) {
    const ly = doc.y;
    t.markContent('Artifact', { type: 'Layout' } as PDFKit.Mixins.MarkingOptions);
    doc.rect(left, ly + 2, 8, 8).fill(bar.color);
    t.endMarkedContent();
    const li = t.struct('LI');
    list.add(li);
    writePara(doc, { runs: [{ text: `${bar.label}: ${bar.value}` }] }, left + 14, ly, content - 14, { target: { parent: li, type: 'LBody' } });
  }
  doc.x = left;
  doc.y += 8;
}

const TOC_LINE = 15;

/**
 * The report as a PDF (A4), same blocks as the page and the DOCX (decision 104): a cover, a table
 * of contents with links, the body, "page X of Y" and a running header on every page; tagged
 * (structure tree of headings, paragraphs, tables and lists; document language; title shown).
 */
export function renderPdf(report: ReportDocument): Promise<Uint8Array> {
  const words = WORDS[report.locale];
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    lang: report.locale === 'es' ? 'es-CL' : 'en-GB',
    info: { Title: `${report.title} — ${report.subtitle}`, Author: report.author || 'Abierto', Creator: 'Abierto', Subject: report.meta.join(' · ') },
    displayTitle: true,
    tagged: true,
    pdfVersion: '1.7',
    bufferPages: true,
  });
  const t = doc as Tagged;
  for (const [name, data] of Object.entries(FONTS)) doc.registerFont(name, data);
  const chunks: Buffer[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
  const root = t.struct('Document');
  t.addStructure(root);
  const left = MARGIN;
  const width = doc.page.width - 2 * MARGIN;

  // Cover
  doc.y = doc.page.height * 0.28;
  writePara(doc, { runs: [{ text: report.title, bold: true }] }, left, doc.y, width, { size: 24, color: ACCENT, target: { parent: root, type: 'H1' } });
  writePara(doc, { runs: [{ text: report.subtitle }] }, left, doc.y + 8, width, { size: 15, target: { parent: root, type: 'P' } });
  doc.y += 24;
  for (const m of report.meta) writePara(doc, { runs: [{ text: m }] }, left, doc.y + 2, width, { size: 11, color: MUTED, target: { parent: root, type: 'P' } });

  // Contents: pages reserved now, written once the pages of the headings are known.
  const entries = report.blocks.filter((b): b is Extract<Block, { type: 'heading' }> => b.type === 'heading' && b.level <= 2);
  const perPage = Math.floor((doc.page.height - 2 * MARGIN - 40) / TOC_LINE);
  const tocPages = entries.length > 0 ? Math.ceil(entries.length / perPage) : 0;
  const tocStart = 1;
  const toc = t.struct('TOC');
  if (tocPages > 0) root.add(toc);
  for (let k = 0; k < tocPages; k += 1) doc.addPage();

  // Body
  doc.addPage();
  const headingPages: { text: string; level: number; page: number; dest: string }[] = [];
  const currentPage = () => doc.bufferedPageRange().start + doc.bufferedPageRange().count - 1;
  report.blocks.forEach((b, i) => {
    if (b.type === 'heading') {
      const size = b.level === 1 ? 15 : b.level === 2 ? 12.5 : 11;
      // a heading keeps with the start of what follows it (a table's first rows, a paragraph)
      if (doc.y + size * 4 + 60 > bottom(doc)) doc.addPage();
      const dest = `h${i}`;
      writePara(doc, { runs: [{ text: b.text, bold: true }] }, left, doc.y + (b.level === 1 ? 10 : 6), width, {
        size,
        color: ACCENT,
        target: { parent: root, type: `H${b.level + 1}` },
        destination: dest,
      });
      if (b.level <= 2) headingPages.push({ text: b.text, level: b.level, page: currentPage(), dest });
      doc.y += 3;
    } else if (b.type === 'paragraph') {
      if (doc.y + 24 > bottom(doc)) doc.addPage();
      const item = b.para.item === true;
      if (item) {
        const list = t.struct('L');
        const li = t.struct('LI');
        list.add(li);
        root.add(list);
        writePara(doc, b.para, left, doc.y, width, { color: b.muted ? MUTED : INK, target: { parent: li, type: 'LBody' } });
      } else writePara(doc, b.para, left, doc.y, width, { color: b.muted ? MUTED : INK, target: { parent: root, type: 'P' } });
      doc.y += 3;
    } else if (b.type === 'table') table(doc, b, root, words);
    else if (b.type === 'list') list(doc, b, root, left, width);
    else chart(doc, b, root);
  });

  const range = doc.bufferedPageRange();
  const totalPages = range.count;
  // Contents, now that the pages are known.
  headingPages.forEach((h, k) => {
    const page = tocStart + Math.floor(k / perPage);
    doc.switchToPage(page);
    if (k % perPage === 0) {
      doc.y = MARGIN;
      if (k === 0) writePara(doc, { runs: [{ text: words.contents, bold: true }] }, left, MARGIN, width, { size: 15, color: ACCENT, target: { parent: toc, type: 'H2' } });
      doc.y = MARGIN + 32;
    }
    const y = MARGIN + 32 + (k % perPage) * TOC_LINE;
    const indent = h.level === 1 ? 0 : 14;
    const item = t.struct('TOCI');
    toc.add(item);
    doc.font(h.level === 1 ? 'bold' : 'regular').fontSize(BODY).fillColor(INK);
    // one line per entry: a long title is cut to the width, with an ellipsis
    const room = width - indent - 44;
    let label = h.text;
    while (label.length > 4 && doc.widthOfString(label) > room) label = `${label.slice(0, Math.max(4, Math.floor(label.length * (room / doc.widthOfString(label))) - 2)).trimEnd()}…`;
    doc.text(label, left + indent, y, { lineBreak: false, goTo: h.dest, structParent: item, structType: 'Reference' });
    doc.text(String(h.page + 1), left + width - 36, y, { width: 36, align: 'right', lineBreak: false, goTo: h.dest, structParent: item, structType: 'Reference' });
  });
  // Running header and "page X of Y" on every page, as artifacts (not read as content).
  for (let i = range.start; i < range.start + totalPages; i += 1) {
    doc.switchToPage(i);
    const keep = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    t.markContent('Artifact', { type: 'Pagination' } as PDFKit.Mixins.MarkingOptions);
    doc.font('regular').fontSize(8).fillColor(MUTED);
    if (i > range.start) doc.text(`${report.title} — ${report.subtitle}`, left, MARGIN / 2 - 4, { width, lineBreak: false, ellipsis: true });
    doc.text(words.page(i - range.start + 1, totalPages), left, doc.page.height - MARGIN / 2 - 4, { width, align: 'center', lineBreak: false });
    t.endMarkedContent();
    doc.page.margins.bottom = keep;
  }
  root.end();
  doc.end();
  return done;
}
