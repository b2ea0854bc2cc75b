import { describe, expect, it } from 'vitest';
import { layoutPdf, type PdfItem, type PdfPage } from './pdf-layout.js';
import { PARA_SEP } from './template-normalize.js';

/** Text items as a PDF gives them: each at its x, on a baseline y (from the bottom), 11 pt. */
const at = (x: number, y: number, text: string, extra: Partial<PdfItem> = {}): PdfItem => ({ text, x, y, width: text.length * 5.2, size: 11, ...extra });
const page = (items: PdfItem[]): PdfPage => ({ height: 792, items: [at(280, 740, 'DRAFT', { size: 18 }), ...items] });
const footer = (n: number) => at(303, 51, String(n), { size: 12 });

describe('PDF layout: rows of cells from positioned text', () => {
  const pages = [
    page([
      at(72, 700, 'Open Government to Increase Public Integrity', { size: 13 }),
      at(96, 680, '1. Improve Public Participation in Government'),
      at(78, 660, 'Lead government actors'),
      at(200, 660, 'The White House, General Services Administration'),
      at(78, 638, 'Other actors'),
      at(200, 638, 'Executive branch agencies and civil society organizations, primarily'),
      at(78, 625, 'involved'),
      at(200, 625, 'those focused on public participation'),
      at(78, 603, 'Main objective'),
      at(200, 603, 'a.'),
      at(218, 603, 'Expand and simplify the petition site.'),
      at(200, 590, 'b.'),
      at(218, 590, 'Publish best practices and metrics'),
      at(200, 330, 'Not started'),
      at(286, 330, 'Limited'),
      at(373, 330, 'Substantial'),
      at(459, 330, 'Completed'),
      at(78, 317, 'Completion level'),
      at(373, 308, 'a'),
      at(459, 308, 'b', {}),
      at(78, 286, 'Description of results'),
      at(200, 286, 'The team launched the API in 2015 and'),
      at(78, 100, 'Next steps'),
      at(200, 100, 'Publish the playbook and'),
      footer(4),
    ]),
    page([at(200, 700, 'keep improving it.'), at(78, 680, 'End date'), at(200, 680, 'December 2015'), footer(5)]),
  ];
  const rows = layoutPdf(pages);
  const texts = rows.map((r) => r.cells.map((c) => c.split(PARA_SEP).join(' | ')));

  it('drops running headers and page numbers, and keeps theme and block titles as paragraphs', () => {
    expect(texts.flat().join(' ')).not.toMatch(/DRAFT|\b[45]\b/);
    expect(rows[0]).toMatchObject({ cells: ['Open Government to Increase Public Integrity'], para: true, page: 1 });
    expect(rows[1]).toMatchObject({ cells: ['1. Improve Public Participation in Government'], para: true });
  });

  it('reads each row by cell: a wrapped label stays in its label, wrapped values in their value, list items apart', () => {
    expect(texts).toContainEqual(['Lead government actors', 'The White House, General Services Administration']);
    expect(texts).toContainEqual(['Other actors involved', 'Executive branch agencies and civil society organizations, primarily those focused on public participation']);
    expect(texts).toContainEqual(['Main objective', 'a. Expand and simplify the petition site. | b. Publish best practices and metrics']);
  });

  it('joins a row that a page break split, and carries the page each row starts on', () => {
    const next = rows.find((r) => r.cells[0] === 'Next steps')!;
    expect(next.cells[1]).toBe('Publish the playbook and keep improving it.');
    expect(next.page).toBe(1);
    expect(rows.find((r) => r.cells[0] === 'End date')?.page).toBe(2);
  });

  it('reads the completion row with its marks by position, the label between the header and the marks', () => {
    const completion = rows.find((r) => r.completion)!;
    expect(completion.cells).toEqual(['Completion level', 'Not started', 'Limited', 'Substantial', 'Completed']);
    expect(completion.completion).toEqual({ level: null, subItems: { a: 'substantial', b: 'complete' }, ambiguous: [] });
    expect(texts).toContainEqual(['Description of results', 'The team launched the API in 2015 and']);
  });
});
