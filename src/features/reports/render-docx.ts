import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  PageBreak,
  PageNumber,
  TableOfContents,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  ExternalHyperlink,
  LevelFormat,
  type ILevelsOptions,
  type ParagraphChild,
} from 'docx';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { withFallbackNote, type Block, type Cell, type ListBlock, type Para, type ReportDocument, type Run } from './document.js';

/** A4 with 2 cm margins: the usable width in twentieths of a point. */
const PAGE_WIDTH_DXA = 11906;
const MARGIN_DXA = 1134;
const CONTENT_DXA = PAGE_WIDTH_DXA - 2 * MARGIN_DXA;
const LANG_TAG = { es: 'es-CL', en: 'en-GB' } as const;
const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '8A8A8A' };

/** One run as Word runs: a line break inside the text is a Word line break (`w:br`). */
function textRuns(r: Run, extra: { bold?: boolean }): TextRun[] {
  return r.text.split('\n').map(
    (text, i) =>
      new TextRun({
        text,
        break: i > 0 ? 1 : undefined,
        bold: r.bold || extra.bold,
        italics: r.italic,
        style: r.href ? 'Hyperlink' : undefined,
        ...(r.lang ? { language: { value: LANG_TAG[r.lang] } } : {}),
      }),
  );
}

function runs(p: Para, extra: { bold?: boolean } = {}): ParagraphChild[] {
  return withFallbackNote(p.runs).flatMap((r: Run): ParagraphChild[] => (r.href ? [new ExternalHyperlink({ link: r.href, children: textRuns(r, extra) })] : textRuns(r, extra)));
}

function paragraph(p: Para, options: { center?: boolean; muted?: boolean } = {}): Paragraph {
  return new Paragraph({
    children: runs(p),
    style: p.item ? 'ListItem' : options.muted ? 'Muted' : undefined,
    alignment: options.center ? AlignmentType.CENTER : undefined,
  });
}

/**
 * Lists as Word lists (decision 105): a numbering definition for bullets and one per first number of
 * the numbered lists; every list is its own instance, so each numbered list counts from its start.
 */
class ListNumbering {
  private readonly starts = new Set<number>();
  private instance = 0;

  paragraphs(list: ListBlock, level = 0): Paragraph[] {
    const reference = list.ordered ? `numbered-${list.start}` : 'bullets';
    if (list.ordered) this.starts.add(list.start);
    this.instance += 1;
    const instance = this.instance;
    const out: Paragraph[] = [];
    for (const item of list.items) {
      item.paras.forEach((p, k) => {
        out.push(
          new Paragraph({
            children: runs(p),
            // the first paragraph carries the number; the item's next ones are indented under it
            ...(k === 0 ? { numbering: { reference, level: Math.min(level, 3), instance } } : { indent: { left: 720 * (Math.min(level, 3) + 1) } }),
          }),
        );
      });
      for (const sub of item.lists ?? []) out.push(...this.paragraphs(sub, level + 1));
    }
    return out;
  }

  config(): { reference: string; levels: ILevelsOptions[] }[] {
    const indent = (level: number) => ({ paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } });
    const bullets = ['•', '◦', '▪', '–'];
    const formats = [LevelFormat.DECIMAL, LevelFormat.LOWER_LETTER, LevelFormat.LOWER_ROMAN, LevelFormat.DECIMAL];
    return [
      { reference: 'bullets', levels: bullets.map((text, level) => ({ level, format: LevelFormat.BULLET, text, alignment: AlignmentType.LEFT, style: indent(level) })) },
      ...[...this.starts].map((start) => ({
        reference: `numbered-${start}`,
        levels: formats.map((format, level) => ({ level, format, text: `%${level + 1}.`, start: level === 0 ? start : 1, alignment: AlignmentType.LEFT, style: indent(level) })),
      })),
    ];
  }
}

function tableCell(c: Cell, widths: number[], from: number): TableCell {
  const span = c.span ?? 1;
  const width = widths.slice(from, from + span).reduce((a, b) => a + b, 0);
  return new TableCell({
    // Word needs a paragraph in every cell, even an empty one.
    children: c.paras.length > 0 ? c.paras.map((p) => paragraph(p, { center: c.center })) : [new Paragraph({})],
    columnSpan: span > 1 ? span : undefined,
    width: { size: width, type: WidthType.DXA },
    shading: c.head ? { type: ShadingType.CLEAR, color: 'auto', fill: 'E8EEF4' } : undefined,
    margins: { top: 60, bottom: 60, left: 100, right: 100 },
  });
}

function table(b: Extract<Block, { type: 'table' }>): Table {
  const total = b.widths.reduce((a, w) => a + w, 0);
  const widths = b.widths.map((w) => Math.floor((w / total) * CONTENT_DXA));
  return new Table({
    width: { size: CONTENT_DXA, type: WidthType.DXA },
    columnWidths: widths,
    borders: { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER, insideHorizontal: BORDER, insideVertical: BORDER },
    rows: b.rows.map((row) => {
      let at = 0;
      const cells = row.map((c) => {
        const tc = tableCell(c, widths, at);
        at += c.span ?? 1;
        return tc;
      });
      // a header row (all label cells, not the template) repeats on every page
      const header = b.role !== 'template' && row === b.rows[0] && row.length > 1 && row.every((c) => c.head);
      return new TableRow({ children: cells, cantSplit: false, tableHeader: header });
    }),
  });
}

const HEADINGS = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;

const WORDS = {
  es: { contents: 'Índice', page: 'Página', of: 'de' },
  en: { contents: 'Contents', page: 'Page', of: 'of' },
} as const;

function blocks(doc: ReportDocument, lists: ListNumbering): (Paragraph | Table | TableOfContents)[] {
  const words = WORDS[doc.locale];
  const out: (Paragraph | Table | TableOfContents)[] = [
    // cover
    new Paragraph({ text: doc.title, heading: HeadingLevel.TITLE, spacing: { before: 3000 } }),
    new Paragraph({ text: doc.subtitle, style: 'Subtitle' }),
    ...doc.meta.map((m) => new Paragraph({ text: m, style: 'Muted' })),
    new Paragraph({ children: [new PageBreak()] }),
    // contents: a Word field over the heading styles, filled when the document is opened
    new Paragraph({ text: words.contents, style: 'TOCHeading' }),
    new TableOfContents(words.contents, { hyperlink: true, headingStyleRange: '1-2' }),
    new Paragraph({ children: [new PageBreak()] }),
  ];
  for (const b of doc.blocks) {
    if (b.type === 'heading') out.push(new Paragraph({ text: b.text, heading: HEADINGS[b.level] }));
    else if (b.type === 'paragraph') out.push(paragraph(b.para, { muted: b.muted }));
    else if (b.type === 'list') out.push(...lists.paragraphs(b));
    else if (b.type === 'table') {
      out.push(table(b));
      out.push(new Paragraph({}));
    } else {
      // The chart as a table of its figures: a Word user can edit it and a screen reader reads it.
      out.push(new Paragraph({ children: [new TextRun({ text: b.title, bold: true })] }));
      out.push(
        table({
          type: 'table',
          widths: [3, 1],
          rows: b.bars.map((bar) => [{ paras: [{ runs: [{ text: bar.label }] }], head: true }, { paras: [{ runs: [{ text: String(bar.value) }] }], center: true }]),
        }),
      );
      out.push(new Paragraph({}));
    }
  }
  return out;
}

/** The report as a real Word document: Title/Heading styles, tables with borders and shaded labels. */
export async function renderDocx(doc: ReportDocument): Promise<Uint8Array> {
  const lists = new ListNumbering();
  const children = blocks(doc, lists);
  const file = new Document({
    numbering: { config: lists.config() },
    features: { updateFields: true },
    creator: doc.author || 'Abierto',
    lastModifiedBy: doc.author || 'Abierto',
    title: `${doc.title} — ${doc.subtitle}`,
    description: doc.meta.join(' · '),
    styles: {
      default: {
        document: { run: { font: 'Calibri', size: 21, language: { value: LANG_TAG[doc.locale] } }, paragraph: { spacing: { after: 80 } } },
        title: { run: { font: 'Calibri', size: 40, bold: true, color: '1F3A5F' } },
        heading1: { run: { font: 'Calibri', size: 30, bold: true, color: '1F3A5F' }, paragraph: { spacing: { before: 360, after: 120 }, outlineLevel: 0 } },
        heading2: { run: { font: 'Calibri', size: 25, bold: true, color: '1F3A5F' }, paragraph: { spacing: { before: 240, after: 100 }, outlineLevel: 1 } },
        heading3: { run: { font: 'Calibri', size: 22, bold: true }, paragraph: { spacing: { before: 200, after: 80 }, outlineLevel: 2 } },
      },
      paragraphStyles: [
        { id: 'Subtitle', name: 'Subtitle', basedOn: 'Normal', next: 'Normal', run: { size: 28, color: '444444' }, paragraph: { spacing: { after: 160 } } },
        { id: 'Muted', name: 'Muted', basedOn: 'Normal', next: 'Normal', run: { color: '595959', size: 19 } },
        { id: 'TOCHeading', name: 'TOC Heading', basedOn: 'Normal', next: 'Normal', run: { size: 30, bold: true, color: '1F3A5F' }, paragraph: { spacing: { after: 160 } } },
        { id: 'ListItem', name: 'List Item', basedOn: 'Normal', next: 'Normal', paragraph: { indent: { left: 240 } } },
      ],
    },
    sections: [
      {
        properties: { page: { size: { width: PAGE_WIDTH_DXA, height: 16838 }, margin: { top: MARGIN_DXA, bottom: MARGIN_DXA, left: MARGIN_DXA, right: MARGIN_DXA } } },
        headers: {
          default: new Header({ children: [new Paragraph({ style: 'Muted', children: [new TextRun({ text: `${doc.title} — ${doc.subtitle}` })] })] }),
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                style: 'Muted',
                children: [new TextRun({ children: [`${WORDS[doc.locale].page} `, PageNumber.CURRENT, ` ${WORDS[doc.locale].of} `, PageNumber.TOTAL_PAGES] })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  const entries = doc.blocks.filter((b): b is Extract<Block, { type: 'heading' }> => b.type === 'heading' && b.level <= 2);
  return pack(file, LANG_TAG[doc.locale], entries.map((h) => ({ text: h.text, level: h.level })));
}

const xmlText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The contents field's last result: its entries (headings 1–2, without page numbers). Word
 * recomputes the field on opening (`updateFields`); a reader that does not (LibreOffice converting
 * to PDF, a viewer) shows these entries instead of the bare field code.
 */
function tocResult(entries: { text: string; level: number }[]): string {
  return entries
    .map((e) => `<w:p><w:pPr><w:pStyle w:val="TOC${e.level}"/>${e.level > 1 ? '<w:ind w:left="240"/>' : ''}</w:pPr><w:r>${e.level === 1 ? '<w:rPr><w:b/></w:rPr>' : ''}<w:t xml:space="preserve">${xmlText(e.text)}</w:t></w:r></w:p>`)
    .join('');
}

/** The part of JSZip that docx's compiler gives back. */
interface Zip {
  file(name: string): { async(type: 'string'): Promise<string> } | null;
  file(name: string, data: string): unknown;
  generateAsync(options: { type: 'uint8array'; mimeType: string; compression: 'DEFLATE' }): Promise<Uint8Array>;
}

/**
 * Packs the document with its language property. docx's own compiler (what `Packer.toBuffer` uses)
 * gives the files before they are zipped, so core.xml is written once and the package compressed
 * once; if a docx version hides it, the packed file is rewritten instead (twice the compression).
 */
async function pack(file: Document, tag: string, toc: { text: string; level: number }[]): Promise<Uint8Array> {
  const compiler = (Packer as unknown as { compiler?: { compile(file: Document): Zip } }).compiler;
  if (!compiler) return withCoreLanguage(new Uint8Array(await Packer.toBuffer(file)), tag);
  const zip = compiler.compile(file);
  const body = await zip.file('word/document.xml')?.async('string');
  // docx writes the field's begin, code and separator in one run; Word's own files (and LibreOffice,
  // which otherwise prints the code) have one run each
  const field = /<w:r><w:fldChar w:fldCharType="begin"( w:dirty="true")?\/><w:instrText xml:space="preserve">(TOC [^<]*)<\/w:instrText><w:fldChar w:fldCharType="separate"\/><\/w:r><\/w:p>/;
  // …and LibreOffice prints the code of a contents field inside a content control: the field stands alone
  const unwrapped = body?.replace(/<w:sdt><w:sdtPr>(?:(?!<\/w:sdtPr>)[\s\S])*<\/w:sdtPr><w:sdtContent>([\s\S]*?)<\/w:sdtContent><\/w:sdt>/, (m, inner: string) => (inner.includes('TOC \\') ? inner : m));
  if (unwrapped !== undefined && toc.length > 0 && field.test(unwrapped))
    zip.file(
      'word/document.xml',
      unwrapped.replace(field, (_m, dirty: string | undefined, code: string) => `<w:r><w:fldChar w:fldCharType="begin"${dirty ?? ''}/></w:r><w:r><w:instrText xml:space="preserve">${code}</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r></w:p>${tocResult(toc)}`),
    );
  const core = await zip.file('docProps/core.xml')?.async('string');
  if (core !== undefined && !core.includes('<dc:language>')) zip.file('docProps/core.xml', core.replace('</cp:coreProperties>', `<dc:language>${tag}</dc:language></cp:coreProperties>`));
  return zip.generateAsync({ type: 'uint8array', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', compression: 'DEFLATE' });
}

/**
 * docx has no setting for the document's language property (`dc:language` in docProps/core.xml),
 * which catalogues and screen readers read: it is written into the packed file here.
 */
export function withCoreLanguage(bytes: Uint8Array, tag: string): Uint8Array {
  const files = unzipSync(bytes);
  const core = files['docProps/core.xml'];
  if (!core) return bytes;
  const xml = strFromU8(core);
  if (xml.includes('<dc:language>')) return bytes;
  files['docProps/core.xml'] = strToU8(xml.replace('</cp:coreProperties>', `<dc:language>${tag}</dc:language></cp:coreProperties>`));
  return zipSync(files, { level: 6 });
}
