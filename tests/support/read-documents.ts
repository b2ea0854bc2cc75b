import { unzipSync, strFromU8 } from 'fflate';

/** Helpers that open generated documents the way another program would (DOCX as zip + XML, PDF with pdf.js), for tests. */

export function docxXml(bytes: Uint8Array, part = 'word/document.xml'): string {
  const files = unzipSync(bytes);
  const file = files[part];
  if (!file) throw new Error(`no ${part} in the DOCX`);
  return strFromU8(file);
}

function decodeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');
}

export interface DocxRun {
  text: string;
  bold: boolean;
}
export interface DocxParagraph {
  style: string | null;
  runs: DocxRun[];
  text: string;
}
export interface DocxCell {
  span: number;
  paragraphs: DocxParagraph[];
  text: string;
}

export function docxParagraphs(xml: string): DocxParagraph[] {
  const out: DocxParagraph[] = [];
  for (const m of xml.matchAll(/<w:p(?:\s[^>]*)?\/>|<w:p(?:\s[^>]*)?>([\s\S]*?)<\/w:p>/g)) {
    const body = m[1] ?? '';
    const style = /<w:pStyle w:val="([^"]+)"/.exec(body)?.[1] ?? null;
    const runs: DocxRun[] = [];
    for (const r of body.matchAll(/<w:r(?:\s[^>]*)?>([\s\S]*?)<\/w:r>/g)) {
      const rb = r[1] ?? '';
      const bold = /<w:b(?:\s+w:val="(?:true|1|on)")?\s*\/>/.test(rb);
      const text = [...rb.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((t) => decodeXml(t[1] ?? '')).join('');
      runs.push({ text, bold });
    }
    out.push({ style, runs, text: runs.map((r) => r.text).join('') });
  }
  return out;
}

/** Every table of the document body: rows of cells (not nested tables). */
export function docxTables(xml: string): DocxCell[][][] {
  return [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((t) =>
    [...(t[1] ?? '').matchAll(/<w:tr(?:\s[^>]*)?>([\s\S]*?)<\/w:tr>/g)].map((row) =>
      [...(row[1] ?? '').matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) => {
        const body = c[1] ?? '';
        const span = Number(/<w:gridSpan w:val="(\d+)"/.exec(body)?.[1] ?? '1');
        const paragraphs = docxParagraphs(body);
        return { span, paragraphs, text: paragraphs.map((p) => p.text).join('\n') };
      }),
    ),
  );
}

/**
 * A table as the text a Word-to-text conversion gives (like the seed document): cells separated by
 * tabs, paragraphs as <p>, bold runs as <b>. The importer's parser reads exactly this.
 */
export function tableAsTemplateText(table: DocxCell[][]): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return table
    .map((row) =>
      row
        .map((c) =>
          c.paragraphs
            .filter((p) => p.text !== '')
            .map((p) => `<p>${p.runs.map((r) => (r.bold ? `<b>${esc(r.text)}</b>` : esc(r.text))).join('')}</p>`)
            .join(' '),
        )
        .join('\t'),
    )
    .join('\n');
}

/** The text of every page of a PDF, read with pdf.js (the legacy build runs on Node 20). */
export async function pdfText(bytes: Uint8Array): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i += 1) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
  }
  await doc.destroy();
  return pages;
}
