import { readFileSync } from 'node:fs';
import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { messages } from '../../i18n/index.js';
import { templateDocx, templatePdf } from '../../../tests/support/documents.js';
import { DecodeError } from './decode.js';
import { DocumentReadError, htmlTablesToTemplateText } from './docx.js';
import { importErrorMessage, readTemplateDocument, UnsupportedFormatError } from './documents.js';
import { ZipRejectedError } from './zip-guard.js';

const SEED = new Uint8Array(readFileSync('fixtures/000_3f13f33dc8e8d7d3.txt'));
const milestones = ['1. Diseño del portal (Enero a Marzo 2017)', '2. Publicación (Abril a Junio 2017)', '3. Evaluación (Julio 2017)'];

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('readTemplateDocument: DOCX', () => {
  it('finds every commitment of a whole report, with its fields and the completion marked under its column', async () => {
    const bytes = await templateDocx([
      { number: 1, title: 'Datos abiertos del presupuesto', theme: 'Transparencia fiscal', completion: { column: 2 }, milestones },
      { number: 2, title: 'Registro de lobby', lead: 'Ministerio Secretaría General de la Presidencia', completion: { column: 0 } },
      { number: 3, title: 'Participación ciudadana', brief: 'x'.repeat(150), completion: { column: 3 }, mark: '✓' },
    ]);
    const { format, parsed } = await readTemplateDocument('informe.docx', bytes);
    expect(format).toBe('docx');
    expect(parsed.commitments.map((c) => [c.number, c.title, c.completion])).toEqual([
      [1, 'Datos abiertos del presupuesto', 'substantial'],
      [2, 'Registro de lobby', 'not_started'],
      [3, 'Participación ciudadana', 'complete'],
    ]);
    const first = parsed.commitments[0]!;
    expect(first).toMatchObject({ language: 'es', theme: 'Transparencia fiscal', start: '2017-01', end: '2018-06', leadInstitution: 'Ministerio de Hacienda' });
    expect(first.milestones.map((m) => [m.number, m.title, m.start, m.end])).toEqual([
      [1, 'Diseño del portal', '2017-01', '2017-03'],
      [2, 'Publicación', '2017-04', '2017-06'],
      [3, 'Evaluación', '2017-07', '2017-07'],
    ]);
    expect(parsed.commitments[1]!.leadInstitution).toBe('Ministerio Secretaría General de la Presidencia');
    expect(parsed.warnings).toContainEqual(expect.objectContaining({ code: 'brief_description_too_long', commitment: 2, params: expect.objectContaining({ length: 150 }) }));
  });

  it('reads English labels and the 2019 template', async () => {
    const bytes = await templateDocx([{ number: 7, title: 'Open budget data', lang: 'en', generation: '2019', dates: 'March 2021 to August 2023', completion: { column: 1 } }]);
    const { parsed } = await readTemplateDocument('report.docx', bytes);
    expect(parsed.commitments[0]).toMatchObject({
      language: 'en',
      generation: '2019',
      number: 7,
      title: 'Open budget data',
      start: '2021-03',
      end: '2023-08',
      problem: 'Budget data is hard to find.',
      description: 'Publish budget data.',
      leadInstitution: 'Ministry of Finance',
      completion: 'limited',
    });
  });

  it('refuses a corrupt or truncated DOCX, and a zip bomb, with a clear error', async () => {
    const good = await templateDocx([{ number: 1, title: 'A' }]);
    expect(await failure(readTemplateDocument('a.docx', good.subarray(0, Math.floor(good.length / 2))))).toBeInstanceOf(DocumentReadError);
    const junk = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...strToU8('not a zip at all')]);
    const e = (await failure(readTemplateDocument('a.docx', junk))) as DocumentReadError;
    expect(e.code).toBe('docx_unreadable');
    expect(importErrorMessage(e, messages('es'))).toContain('dañado o incompleto');
    expect(importErrorMessage(e, messages('en'))).toContain('damaged or incomplete');
    const notWord = zipSync({ 'hello.txt': strToU8('hi') });
    expect(((await failure(readTemplateDocument('a.docx', notWord))) as DocumentReadError).code).toBe('docx_unreadable');
    const bomb = zipSync({ 'word/document.xml': new Uint8Array(210 * 1024 * 1024) }, { level: 9 });
    const b = (await failure(readTemplateDocument('bomb.docx', bomb))) as DocumentReadError;
    expect(b.code).toBe('zip_bomb');
    expect(importErrorMessage(b, messages('en'))).toContain('zip bomb');
  });
});

describe('readTemplateDocument: PDF', () => {
  it('reads the completion from the mark under a column, sub-item letters per milestone, and removes page headers and footers', async () => {
    const bytes = await templatePdf(
      [
        { number: 1, title: 'Datos abiertos del presupuesto', completion: { column: 2 }, milestones },
        { number: 2, title: 'Registro de lobby', completion: { letters: { a: 1, b: 1, c: 3 } }, milestones: ['1. Registro (Enero 2017)', '2. Portal (Febrero 2017)', '3. Ley (Marzo 2017)'] },
        { number: 3, title: 'Marca entre columnas', completion: { x: 380 } },
        { number: 4, title: 'Marca X', completion: { column: 0 }, mark: 'X' },
      ],
      { rowsPerCommitment: 25 },
    );
    const { format, text, parsed } = await readTemplateDocument('informe.pdf', bytes);
    expect(format).toBe('pdf');
    expect(text).not.toContain('Gobierno de Chile - Informe');
    expect(text).not.toMatch(/Pagina \d/);
    expect(parsed.commitments.map((c) => [c.number, c.title, c.completion])).toEqual([
      [1, 'Datos abiertos del presupuesto', 'substantial'],
      // a: limited, b: limited, c: complete — the commitment is as complete as its least complete sub-item
      [2, 'Registro de lobby', 'limited'],
      [3, 'Marca entre columnas', null],
      [4, 'Marca X', 'not_started'],
    ]);
    // The block crosses pages and still reads on: 25 lines of objective, then the milestones.
    const first = parsed.commitments[0]!;
    expect(first.objective).toContain('Linea 25 del objetivo.');
    expect(first.milestones.map((m) => m.title)).toEqual(['Diseño del portal', 'Publicación', 'Evaluación']);
    expect(parsed.commitments[1]!.milestones.map((m) => m.status)).toEqual(['limited', 'limited', 'complete']);
    expect(parsed.commitments[1]!.completionSubItems).toEqual({ a: 'limited', b: 'limited', c: 'complete' });
    expect(parsed.warnings).toContainEqual(expect.objectContaining({ code: 'completion_sub_items_differ', commitment: 1 }));
    expect(parsed.warnings).toContainEqual(expect.objectContaining({ code: 'completion_mark_ambiguous', commitment: 2 }));
  });

  it('a single letter level for all sub-items gives the commitment that level', async () => {
    const bytes = await templatePdf([{ number: 5, title: 'Todo sustancial', completion: { letters: { a: 2, b: 2 } }, milestones: ['1. Uno (Enero 2017)', '2. Dos (Febrero 2017)'] }]);
    const { parsed } = await readTemplateDocument('x.pdf', bytes);
    expect(parsed.commitments[0]).toMatchObject({ completion: 'substantial' });
    expect(parsed.warnings.filter((w) => w.code === 'completion_missing')).toEqual([]);
  });

  it('refuses a truncated or corrupt PDF and one without text', async () => {
    const good = await templatePdf([{ number: 1, title: 'A' }]);
    const truncated = (await failure(readTemplateDocument('a.pdf', good.subarray(0, 200)))) as DocumentReadError;
    expect(truncated).toBeInstanceOf(DocumentReadError);
    expect(importErrorMessage(truncated, messages('es'))).toMatch(/PDF/);
    const garbage = new Uint8Array([...strToU8('%PDF-1.7\n'), ...new Uint8Array(5000).map((_, i) => (i * 7919) % 256)]);
    expect(await failure(readTemplateDocument('b.pdf', garbage))).toBeInstanceOf(DocumentReadError);
    const { PDFDocument } = await import('pdf-lib');
    const blank = await PDFDocument.create();
    blank.addPage();
    const e = (await failure(readTemplateDocument('c.pdf', await blank.save()))) as DocumentReadError;
    expect(e.code).toBe('pdf_no_text');
    expect(importErrorMessage(e, messages('en'))).toContain('scanned');
  });
});

describe('readTemplateDocument: text, HTML, encodings', () => {
  it('reads the seed in UTF-8, with a BOM, in UTF-16 and in Latin-1 alike', async () => {
    const base = await readTemplateDocument('seed.txt', SEED);
    const text = new TextDecoder().decode(SEED);
    const utf16 = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Buffer.from(text, 'utf16le'))]);
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...SEED]);
    const latin1 = new Uint8Array(Buffer.from(text.replace(/[^\u0000-\u00ff]/g, '-'), 'latin1'));
    for (const bytes of [utf16, bom]) expect((await readTemplateDocument('seed.txt', bytes)).parsed.commitments[0]!.title).toBe(base.parsed.commitments[0]!.title);
    const l = await readTemplateDocument('seed.txt', latin1);
    expect(l.parsed.commitments[0]!.title).toContain('Institucionalización');
  });

  it('HTML saved from Word: table rows become rows of cells', async () => {
    const html = '<html><body><p><b>Compromiso n° 9: Transparencia</b></p><table><tr><td><b>Tema</b></td><td>Acceso</td></tr><tr><td colspan="2"><b>Cumplimiento</b></td><td>x</td></tr></table></body></html>';
    const lines = htmlTablesToTemplateText(html).split('\n');
    expect(lines).toContain('<b>Tema</b>\tAcceso');
    expect(lines).toContain('<b>Cumplimiento</b>\t\tx');
    expect(lines[0]).toContain('<p><b>Compromiso n° 9: Transparencia</b></p>');
    const { parsed } = await readTemplateDocument('doc.html', new TextEncoder().encode(html));
    expect(parsed.commitments[0]).toMatchObject({ number: 9, theme: 'Acceso' });
  });

  it('refuses unknown formats and files over the limit before reading them', async () => {
    const e = await failure(readTemplateDocument('a.odt', new Uint8Array([1, 2, 3])));
    expect(e).toBeInstanceOf(UnsupportedFormatError);
    expect(importErrorMessage(e, messages('en'))).toContain('.docx, .pdf');
    const big = new Uint8Array(21 * 1024 * 1024).fill(0x61);
    expect(await failure(readTemplateDocument('big.txt', big))).toBeInstanceOf(DecodeError);
    expect(ZipRejectedError).toBeDefined();
  });
});
