import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import type { Block, Cell, Para, ReportDocument, Run } from './document.js';

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

type Doc = PDFKit.PDFDocument;

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

/** Writes a paragraph of runs at (x, y) within width; pdfkit continues on a new page when it must. */
function writePara(doc: Doc, p: Para, x: number, y: number, width: number, options: { size?: number; color?: string; align?: 'left' | 'center' } = {}) {
  const parts = p.runs.filter((r) => r.text !== '');
  if (parts.length === 0) return;
  doc.fillColor(options.color ?? INK).fontSize(options.size ?? BODY);
  parts.forEach((r, i) => {
    doc.font(fontOf(r));
    const last = i === parts.length - 1;
    if (i === 0) doc.text(r.text, x, y, { width, continued: !last, align: options.align ?? 'left', indent: p.item ? 6 : 0 });
    else doc.text(r.text, { continued: !last });
  });
  doc.y += 2;
}

function cellHeight(doc: Doc, c: Cell, width: number): number {
  return c.paras.reduce((h, p) => h + paraHeight(doc, p, width - 2 * CELL_PAD), 0) + 2 * CELL_PAD;
}

function table(doc: Doc, b: Extract<Block, { type: 'table' }>) {
  const left = doc.page.margins.left;
  const content = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const total = b.widths.reduce((a, w) => a + w, 0);
  const widths = b.widths.map((w) => (w / total) * content);
  for (const row of b.rows) {
    let at = 0;
    const cells = row.map((c) => {
      const span = c.span ?? 1;
      const x = left + widths.slice(0, at).reduce((a, w) => a + w, 0);
      const w = widths.slice(at, at + span).reduce((a, v) => a + v, 0);
      at += span;
      return { c, x, w };
    });
    const height = Math.max(14, ...cells.map(({ c, w }) => cellHeight(doc, c, w)));
    const pageRoom = bottom(doc) - doc.page.margins.top;
    if (doc.y + height > bottom(doc) && height <= pageRoom) doc.addPage();
    const top = doc.y;
    if (height <= pageRoom) {
      for (const { c, x, w } of cells) {
        if (c.head) doc.rect(x, top, w, height).fill(SHADE);
        doc.rect(x, top, w, height).lineWidth(0.5).strokeColor(RULE).stroke();
        let y = top + CELL_PAD;
        for (const p of c.paras) {
          writePara(doc, p, x + CELL_PAD, y, w - 2 * CELL_PAD, { align: c.center ? 'center' : 'left' });
          y = doc.y;
        }
      }
      doc.x = left;
      doc.y = top + height;
    } else {
      // A cell longer than a page (a long narrative): the label, then the text flowing over pages.
      if (doc.y + 60 > bottom(doc)) doc.addPage();
      const start = doc.y;
      doc.moveTo(left, start).lineTo(left + content, start).lineWidth(0.5).strokeColor(RULE).stroke();
      const [label, ...rest] = cells;
      if (label) {
        doc.rect(label.x, start, label.w, 14 + CELL_PAD).fill(SHADE);
        let y = start + CELL_PAD;
        for (const p of label.c.paras) {
          writePara(doc, p, label.x + CELL_PAD, y, label.w - 2 * CELL_PAD);
          y = doc.y;
        }
      }
      let y = start + CELL_PAD;
      for (const { c, x, w } of rest) {
        for (const p of c.paras) {
          if (y + Math.min(paraHeight(doc, p, w - 2 * CELL_PAD), 40) > bottom(doc)) {
            doc.addPage();
            y = doc.page.margins.top;
          }
          writePara(doc, p, x + CELL_PAD, y, w - 2 * CELL_PAD);
          y = doc.y;
        }
      }
      doc.x = left;
      doc.y = y + CELL_PAD;
      doc.moveTo(left, doc.y).lineTo(left + content, doc.y).lineWidth(0.5).strokeColor(RULE).stroke();
    }
  }
  doc.y += 10;
}

function chart(doc: Doc, b: Extract<Block, { type: 'chart' }>) {
  const left = doc.page.margins.left;
  const content = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  if (doc.y + 40 + b.bars.length * 14 > bottom(doc)) doc.addPage();
  writePara(doc, { runs: [{ text: b.title, bold: true }] }, left, doc.y, content);
  const y = doc.y + 4;
  let x = left;
  for (const bar of b.bars) {
    if (bar.value <= 0 || b.total <= 0) continue;
    const w = (bar.value / b.total) * content;
    doc.rect(x, y, w, 16).fill(bar.color);
    x += w;
  }
  doc.y = y + 22;
  for (const bar of b.bars) {
    const ly = doc.y;
    doc.rect(left, ly + 2, 8, 8).fill(bar.color);
    writePara(doc, { runs: [{ text: `${bar.label}: ${bar.value}` }] }, left + 14, ly, content - 14);
  }
  doc.x = left;
  doc.y += 8;
}

/** The report as a PDF (A4), same blocks as the page and the DOCX. */
export function renderPdf(report: ReportDocument): Promise<Uint8Array> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    lang: report.locale === 'es' ? 'es-CL' : 'en-GB',
    info: { Title: `${report.title} — ${report.subtitle}`, Author: 'Abierto', Creator: 'Abierto', Subject: report.meta.join(' · ') },
    displayTitle: true,
    bufferPages: false,
  });
  for (const [name, data] of Object.entries(FONTS)) doc.registerFont(name, data);
  const chunks: Buffer[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
  const left = MARGIN;
  const width = doc.page.width - 2 * MARGIN;
  writePara(doc, { runs: [{ text: report.title, bold: true }] }, left, doc.y, width, { size: 20, color: ACCENT });
  writePara(doc, { runs: [{ text: report.subtitle }] }, left, doc.y + 4, width, { size: 13 });
  for (const m of report.meta) writePara(doc, { runs: [{ text: m }] }, left, doc.y, width, { size: 9, color: MUTED });
  doc.y += 10;
  for (const b of report.blocks) {
    if (b.type === 'heading') {
      const size = b.level === 1 ? 15 : b.level === 2 ? 12.5 : 11;
      if (doc.y + size * 4 > bottom(doc)) doc.addPage();
      writePara(doc, { runs: [{ text: b.text, bold: true }] }, left, doc.y + (b.level === 1 ? 10 : 6), width, { size, color: ACCENT });
      doc.y += 3;
    } else if (b.type === 'paragraph') {
      if (doc.y + 24 > bottom(doc)) doc.addPage();
      writePara(doc, b.para, left, doc.y, width, { color: b.muted ? MUTED : INK });
      doc.y += 3;
    } else if (b.type === 'table') table(doc, b);
    else chart(doc, b);
  }
  doc.end();
  return done;
}
