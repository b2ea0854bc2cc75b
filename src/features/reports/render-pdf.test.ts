import { describe, expect, it } from 'vitest';
import { bigReport } from '../../../tests/support/report-sample.js';
import { renderPdf } from './render-pdf.js';

async function read(bytes: Uint8Array) {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
}

type Node = { role?: string; children?: Node[]; type?: string; alt?: string };
function roles(node: Node | null, out: string[] = []): string[] {
  if (!node) return out;
  if (node.role) out.push(node.role);
  for (const c of node.children ?? []) roles(c, out);
  return out;
}

describe('the report PDF', () => {
  it('has a cover, a table of contents, every page numbered "X of Y" with a running header, and no blank page', async () => {
    const bytes = await renderPdf(bigReport(12));
    const pdf = await read(bytes);
    const n = pdf.numPages;
    expect(n).toBeGreaterThan(4);
    for (let p = 1; p <= n; p += 1) {
      const text = (await (await pdf.getPage(p)).getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(' ');
      expect(text).toContain(`Page ${p} of ${n}`);
      // something besides the page number and the running header
      const body = text.replace(`Page ${p} of ${n}`, '').replace('Self-assessment report — Third action plan 2016–2018', '').trim();
      expect(body.length).toBeGreaterThan(10);
      if (p === 2) expect(text).toContain('Contents');
    }
    const meta = await pdf.getMetadata();
    expect(meta.info).toMatchObject({ Title: 'Self-assessment report — Third action plan 2016–2018', Language: 'en-GB' });
    await pdf.destroy();
  });

  it('is tagged: a structure tree with the headings in order, tables, a figure with alternative text', async () => {
    const pdf = await read(await renderPdf(bigReport(5)));
    const all: string[] = [];
    for (let p = 1; p <= pdf.numPages; p += 1) {
      const page = await pdf.getPage(p);
      const tree = (await page.getStructTree()) as Node | null;
      expect(tree).not.toBeNull();
      all.push(...roles(tree));
    }
    expect(all).toContain('Document');
    expect(all).toContain('Table');
    expect(all).toContain('TR');
    expect(all).toContain('TOC');
    expect(all).toContain('Figure');
    const headings = all.filter((r) => /^H\d$/.test(r));
    // title H1, contents H2, section H2, then a H3 per commitment in order
    expect(headings.slice(0, 3)).toEqual(['H1', 'H2', 'H2']);
    expect(headings.filter((h) => h === 'H3')).toHaveLength(5);
    await pdf.destroy();
  });

  it('splits a row taller than a page keeping its label column, marked as continued', async () => {
    const pdf = await read(await renderPdf(bigReport(1)));
    let continued = 0;
    for (let p = 1; p <= pdf.numPages; p += 1) {
      const text = (await (await pdf.getPage(p)).getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(' ');
      if (/Description of\s+results\s+\(continued\)/.test(text)) continued += 1;
    }
    expect(continued).toBeGreaterThanOrEqual(1);
    await pdf.destroy();
  });

  it('an English report marks a text that exists only in Spanish', async () => {
    const doc = bigReport(1);
    doc.blocks.push({ type: 'paragraph', para: { runs: [{ text: 'Texto escrito solo en español.', lang: 'es' }] } });
    const pdf = await read(await renderPdf(doc));
    const last = await pdf.getPage(pdf.numPages);
    const text = (await last.getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join('');
    expect(text.replace(/\s+/g, ' ')).toContain('Texto escrito solo en español. [only in Spanish]');
    await pdf.destroy();
  });
});
