import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { PDFDocument, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';

/**
 * Self-assessment documents generated for tests (never read from outside the repo): DOCX with
 * the `docx` package, PDF with pdf-lib, laid out like OGP's completion template.
 */
export interface DocCommitment {
  number: number;
  title: string;
  lang?: 'es' | 'en';
  generation?: '2014' | '2019';
  theme?: string;
  dates?: string;
  lead?: string;
  objective?: string;
  brief?: string;
  problem?: string;
  description?: string;
  milestones?: string[];
  /** Column of the mark (0 Not started … 3 Completed), a mark at an explicit x (PDF), or sub-item letters by column. */
  completion?: { column: 0 | 1 | 2 | 3 } | { x: number } | { letters: Record<string, 0 | 1 | 2 | 3> };
  mark?: string;
}

const LEVELS = { es: ['No iniciado', 'Limitado', 'Sustancial', 'Completo'], en: ['Not started', 'Limited', 'Substantial', 'Completed'] };

/** The rows (label, value) of one commitment's template, in its language and generation. */
export function templateRows(c: DocCommitment): [string, string][] {
  const es = (c.lang ?? 'es') === 'es';
  const rows: [string, string][] = [];
  if (es) {
    rows.push(['Plantilla de cumplimiento de Compromisos', '']);
    rows.push([`Compromiso n° ${c.number}: ${c.title}`, '']);
    if (c.theme) rows.push(['Tema', c.theme]);
    rows.push(['Fecha de inicio y conclusión del compromiso', c.dates ?? 'Enero 2017 a Junio 2018']);
    rows.push(['Secretaría/Ministerio responsable', c.lead ?? 'Ministerio de Hacienda']);
    if (c.generation === '2019') {
      rows.push(['Problema público', c.problem ?? 'Falta información.']);
      rows.push(['¿En qué consiste el compromiso?', c.description ?? 'Publicar datos.']);
    } else {
      rows.push(['Objetivo principal', c.objective ?? 'Publicar datos abiertos del presupuesto.']);
      rows.push(['Breve descripción del compromiso (Límite de 140 caracteres)', c.brief ?? 'Publicar los datos del presupuesto.']);
    }
    if (c.milestones) rows.push(['Metas comprometidas', '']);
  } else {
    rows.push(['Commitment template', '']);
    rows.push([`Commitment No. ${c.number}: ${c.title}`, '']);
    if (c.theme) rows.push(['Theme', c.theme]);
    rows.push(['Commitment start and end date', c.dates ?? 'January 2021 to June 2023']);
    rows.push(['Lead implementing agency', c.lead ?? 'Ministry of Finance']);
    if (c.generation === '2019') {
      rows.push(['What is the public problem that the commitment will address?', c.problem ?? 'Budget data is hard to find.']);
      rows.push(['What is the commitment?', c.description ?? 'Publish budget data.']);
    } else {
      rows.push(['Main objective', c.objective ?? 'Publish open budget data.']);
      rows.push(['Brief description of commitment (140 character limit)', c.brief ?? 'Publish the budget data.']);
    }
    if (c.milestones) rows.push(['Milestones', '']);
  }
  return rows;
}

const cell = (text: string, bold = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });

/** A DOCX holding every commitment given, each as its template table (and the completion scale). */
export async function templateDocx(commitments: DocCommitment[]): Promise<Uint8Array> {
  const children: (Paragraph | Table)[] = [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: 'Informe de autoevaluación', bold: true })] })];
  for (const c of commitments) {
    const lang = c.lang ?? 'es';
    const rows = templateRows(c).map(([label, value]) => new TableRow({ children: [cell(label, true), cell(value)] }));
    children.push(new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } }));
    for (const m of c.milestones ?? []) children.push(new Paragraph({ children: [new TextRun({ text: m })] }));
    if (c.completion && 'column' in c.completion) {
      const column = c.completion.column;
      children.push(
        new Table({
          rows: [
            new TableRow({ children: [cell(lang === 'es' ? 'Cumplimiento' : 'Completion', true), ...LEVELS[lang].map((l) => cell(l, true))] }),
            new TableRow({ children: [cell(''), ...[0, 1, 2, 3].map((k) => cell(k === column ? (c.mark ?? 'X') : ''))] }),
          ],
        }),
      );
    }
    children.push(new Paragraph({ children: [] }));
  }
  return new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children }] })));
}

export const PDF_COLUMNS = [230, 320, 410, 500];

/**
 * A PDF of the commitments: labels at x=40, values at x=300, a running header and a footer with
 * the page number on every page (the tables break across pages), and the completion scale with
 * its four column headers at `PDF_COLUMNS` and the mark (✓ in ZapfDingbats, X, or letters) under one.
 */
export async function templatePdf(commitments: DocCommitment[], options: { rowsPerCommitment?: number } = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const zapf = await doc.embedFont(StandardFonts.ZapfDingbats);
  let page: PDFPage = doc.addPage([595, 842]);
  let n = 1;
  let y = 770;
  const chrome = () => {
    page.drawText('Gobierno de Chile - Informe de autoevaluacion', { x: 40, y: 812, size: 8, font });
    page.drawText(`Pagina ${n}`, { x: 280, y: 24, size: 8, font });
  };
  chrome();
  const newline = (h = 16) => {
    y -= h;
    if (y < 70) {
      page = doc.addPage([595, 842]);
      n += 1;
      chrome();
      y = 770;
    }
  };
  const safe = (s: string, f: PDFFont) => [...s].filter((ch) => { try { f.encodeText(ch); return true; } catch { return false; } }).join('');
  for (const c of commitments) {
    const lang = c.lang ?? 'es';
    const rows = templateRows(c);
    const filler: [string, string][] = [];
    for (let k = 0; k < (options.rowsPerCommitment ?? 0); k += 1) filler.push(['', `Linea ${k + 1} del objetivo.`]);
    const at = rows.findIndex(([label]) => /^(Objetivo|Main objective|Problema|What is the public)/.test(label)) + 1;
    rows.splice(at, 0, ...filler);
    for (const [label, value] of rows) {
      const heading = /^(Compromiso|Commitment) n/i.test(label);
      page.drawText(safe(heading ? label : label.slice(0, 44), bold), { x: 40, y, size: 9, font: bold });
      if (value) page.drawText(safe(value, font), { x: 300, y, size: 9, font });
      newline();
    }
    for (const m of c.milestones ?? []) {
      page.drawText(safe(m, font), { x: 40, y, size: 9, font });
      newline();
    }
    if (c.completion) {
      newline(4);
      page.drawText(lang === 'es' ? 'Cumplimiento' : 'Completion', { x: 40, y, size: 9, font: bold });
      LEVELS[lang].forEach((l, k) => page.drawText(l, { x: PDF_COLUMNS[k]!, y, size: 9, font: bold }));
      newline(14);
      const width = (l: string) => bold.widthOfTextAtSize(l, 9);
      const center = (k: number) => PDF_COLUMNS[k]! + width(LEVELS[lang][k]!) / 2;
      if ('column' in c.completion) {
        if (c.mark && c.mark !== '✓') page.drawText(c.mark, { x: center(c.completion.column) - 3, y, size: 10, font });
        else page.drawText('✓', { x: center(c.completion.column) - 4, y, size: 10, font: zapf });
      } else if ('x' in c.completion) {
        page.drawText('✓', { x: c.completion.x, y, size: 10, font: zapf });
      } else {
        const byColumn = new Map<number, string[]>();
        for (const [letter, k] of Object.entries(c.completion.letters)) byColumn.set(k, [...(byColumn.get(k) ?? []), letter]);
        for (const [k, letters] of byColumn) page.drawText(letters.join(', '), { x: center(k) - 6, y, size: 9, font });
      }
      newline(24);
    }
  }
  return doc.save();
}
