import { describe, expect, it } from 'vitest';
import { docxParagraphs, docxXml } from '../../../tests/support/read-documents.js';
import { type Block, type ReportDocument } from './document.js';
import { localizedMarkdown, markdownBlocks, refusedLinks } from './markdown.js';
import { renderDocx } from './render-docx.js';
import { ReportBlocks } from './render-html.js';
import { renderPdf } from './render-pdf.js';

const SECTION = [
  'The plan was written with **twelve ministries** and *civil society*.',
  '',
  '- Open data',
  '- Public procurement',
  '',
  '1. Design',
  '2. Consultation',
  '',
  'See [the OGP page](https://www.opengovpartnership.org/members/chile/).',
].join('\n');

function report(blocks: Block[]): ReportDocument {
  return { locale: 'en', title: 'Self-assessment report', subtitle: 'Third plan', meta: ['Chile'], blocks: [{ type: 'heading', level: 1, text: 'Introduction' }, ...blocks], fileStem: 'x' };
}

const html = (blocks: Block[]) => String(<ReportBlocks blocks={blocks} />);

async function readPdf(bytes: Uint8Array) {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
}

type Node = { role?: string; children?: Node[] };
function tree(node: Node | null | undefined, depth = 0, out: string[] = []): string[] {
  if (!node) return out;
  if (node.role) out.push(`${' '.repeat(depth)}${node.role}`);
  for (const c of node.children ?? []) tree(c, node.role ? depth + 1 : depth, out);
  return out;
}

describe('report sections in Markdown', () => {
  it('read into paragraphs, lists, bold, italics and links', () => {
    const blocks = markdownBlocks(SECTION);
    expect(blocks.map((b) => b.type)).toEqual(['paragraph', 'list', 'list', 'paragraph']);
    expect(blocks[0]).toEqual({
      type: 'paragraph',
      para: { runs: [{ text: 'The plan was written with ' }, { text: 'twelve ministries', bold: true }, { text: ' and ' }, { text: 'civil society', italic: true }, { text: '.' }] },
    });
    expect(blocks[1]).toMatchObject({ type: 'list', ordered: false, items: [{ paras: [{ runs: [{ text: 'Open data' }] }] }, { paras: [{ runs: [{ text: 'Public procurement' }] }] }] });
    expect(blocks[2]).toMatchObject({ type: 'list', ordered: true, start: 1 });
    expect(blocks[3]).toMatchObject({ para: { runs: [{ text: 'See ' }, { text: 'the OGP page', href: 'https://www.opengovpartnership.org/members/chile/' }, { text: '.' }] } });
  });

  it('plain text written before reads as before: paragraphs at blank lines, line breaks kept', () => {
    const blocks = markdownBlocks('Primera línea\nsegunda línea\n\nOtro párrafo.');
    expect(blocks).toEqual([
      { type: 'paragraph', para: { runs: [{ text: 'Primera línea' }, { text: '\n' }, { text: 'segunda línea' }] } },
      { type: 'paragraph', para: { runs: [{ text: 'Otro párrafo.' }] } },
    ]);
    expect(html(blocks)).toBe('<p>Primera línea<br/>segunda línea</p><p>Otro párrafo.</p>');
    // a text only in Spanish, in the English report, carries its language
    expect(localizedMarkdown({ es: 'Solo en español' }, 'en')).toEqual([{ type: 'paragraph', para: { runs: [{ text: 'Solo en español', lang: 'es' }] } }]);
  });

  it('come out right in the HTML report', () => {
    const out = html(markdownBlocks(SECTION));
    expect(out).toContain('<strong>twelve ministries</strong>');
    expect(out).toContain('<em>civil society</em>');
    expect(out).toContain('<ul><li>Open data</li><li>Public procurement</li></ul>');
    expect(out).toContain('<ol><li>Design</li><li>Consultation</li></ol>');
    expect(out).toContain('<a href="https://www.opengovpartnership.org/members/chile/">the OGP page</a>');
  });

  it('come out right in the PDF: the text, a link, and lists tagged L → LI → Lbl + LBody', async () => {
    const pdf = await readPdf(await renderPdf(report(markdownBlocks(SECTION))));
    const page = await pdf.getPage(pdf.numPages);
    const text = (await page.getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join('');
    for (const s of ['twelve ministries', 'Open data', 'Public procurement', '1.', 'Design', '2.', 'Consultation', 'the OGP page']) expect(text).toContain(s);
    const roles = tree((await page.getStructTree()) as Node);
    const lists = roles.filter((r) => r.trim() === 'L');
    expect(lists).toHaveLength(2);
    expect(roles.filter((r) => r.trim() === 'LI')).toHaveLength(4);
    expect(roles.filter((r) => r.trim() === 'Lbl')).toHaveLength(4);
    expect(roles.filter((r) => r.trim() === 'LBody')).toHaveLength(4);
    // LI is inside L, Lbl and LBody inside LI
    const at = roles.findIndex((r) => r.trim() === 'L');
    const depth = (r: string) => r.length - r.trimStart().length;
    expect(depth(roles[at + 1]!)).toBe(depth(roles[at]!) + 1);
    expect(roles[at + 1]!.trim()).toBe('LI');
    expect(roles[at + 2]!.trim()).toBe('Lbl');
    expect(depth(roles[at + 2]!)).toBe(depth(roles[at]!) + 2);
    const links = (await page.getAnnotations()).filter((a: { subtype: string }) => a.subtype === 'Link') as { url?: string }[];
    expect(links.map((l) => l.url)).toContain('https://www.opengovpartnership.org/members/chile/');
    await pdf.destroy();
  });

  it('come out right in the DOCX: Word numbering for bullets and numbers, bold runs, a hyperlink', async () => {
    const bytes = await renderDocx(report(markdownBlocks(SECTION)));
    const xml = docxXml(bytes);
    const paras = docxParagraphs(xml);
    const byText = (s: string) => paras.find((p) => p.runs.map((r) => r.text).join('').includes(s));
    expect(byText('twelve ministries')?.runs.find((r) => r.text === 'twelve ministries')?.bold).toBe(true);
    // list paragraphs carry Word numbering (w:numPr), bullets and decimals defined in numbering.xml
    const numbered = [...xml.matchAll(/<w:p>([\s\S]*?)<\/w:p>/g)]
      .map((m) => ({ numId: /<w:numPr><w:ilvl w:val="0"\/><w:numId w:val="(\d+)"\/><\/w:numPr>/.exec(m[1]!)?.[1], text: [...m[1]!.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('') }))
      .filter((p) => p.numId !== undefined);
    expect(numbered.map((p) => p.text)).toEqual(['Open data', 'Public procurement', 'Design', 'Consultation']);
    const numIds = numbered.map((p) => p.numId);
    expect(numIds[0]).toBe(numIds[1]);
    expect(numIds[2]).toBe(numIds[3]);
    expect(numIds[0]).not.toBe(numIds[2]);
    const numbering = docxXml(bytes, 'word/numbering.xml');
    expect(numbering).toContain('<w:numFmt w:val="bullet"/>');
    expect(numbering).toContain('<w:numFmt w:val="decimal"/>');
    // the hyperlink: a w:hyperlink whose relationship is the external address
    const link = /<w:hyperlink[^>]* r:id="([^"]+)"[^>]*>(?:(?!<\/w:hyperlink>).)*<w:t[^>]*>the OGP page<\/w:t>/.exec(xml);
    expect(link).not.toBeNull();
    const rels = docxXml(bytes, 'word/_rels/document.xml.rels');
    expect(rels).toMatch(new RegExp(`Id="${link![1]}"[^>]*Target="https://www.opengovpartnership.org/members/chile/"[^>]*TargetMode="External"|Target="https://www.opengovpartnership.org/members/chile/"[^>]*Id="${link![1]}"`));
  });

  it('hostile Markdown: raw HTML stays text, javascript: links are no links and are refused by the form', async () => {
    const hostile = '<script>alert(1)</script>\n\n[click](javascript:alert(1)) <img src=x onerror=alert(1)> [ok](https://example.org)';
    const blocks = markdownBlocks(hostile);
    const out = html(blocks);
    expect(out).not.toMatch(/<script|<img|href="javascript/i);
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('<a href="https://example.org">ok</a>');
    expect(refusedLinks(hostile)).toEqual(['javascript:alert(1)']);
    expect(refusedLinks('[a](/relative) [b](data:text/html,x) [c](mailto:a@b.cl) [d](http://x.org)')).toEqual(['/relative', 'data:text/html,x']);
    const docx = docxXml(await renderDocx(report(blocks)), 'word/_rels/document.xml.rels');
    expect(docx).not.toContain('javascript');
    const pdf = await readPdf(await renderPdf(report(blocks)));
    const links = (await (await pdf.getPage(pdf.numPages)).getAnnotations()) as { url?: string }[];
    expect(links.map((l) => l.url)).toEqual(['https://example.org/']);
    await pdf.destroy();
  });

  it('a large section (1 MB of Markdown) reads in reasonable time, without a stack overflow', () => {
    const big = Array.from({ length: 12_000 }, (_, i) => `- item **${i}** with [a link](https://example.org/${i}) and text`).join('\n');
    expect(big.length).toBeGreaterThan(700_000);
    const nested = `${'> '.repeat(5000)}deep\n\n${'*'.repeat(100_000)}`;
    const blocks = markdownBlocks(big + '\n\n' + nested);
    expect(blocks[0]).toMatchObject({ type: 'list' });
    expect((blocks[0] as Extract<Block, { type: 'list' }>).items).toHaveLength(12_000);
  });
});
