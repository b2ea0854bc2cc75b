import { describe, expect, it } from 'vitest';
import { buildBlocks, buildEvents, matchHeading, matchLabel, numberedTitleAt, renumberRestarts, themeHeadingAt } from './blocks.js';
import type { ParsedCommitment, ParseWarning } from './parsed.js';
import { B_CLOSE, B_OPEN, type Row } from './template-normalize.js';

const rows = (...cells: string[][]): Row[] => cells.map((c, i) => ({ cells: c, page: 1 + Math.floor(i / 10) }));
const bold = (t: string) => `${B_OPEN}${t}${B_CLOSE}`;

describe('blocks: commitment headings however they are written', () => {
  it('"Compromiso n° N", "Commitment N" (with their language), bold "N:" only when bold', () => {
    expect(matchHeading('Compromiso n° 19: Institucionalización de la Alianza', false)).toEqual({ number: 19, title: 'Institucionalización de la Alianza', lang: 'es' });
    expect(matchHeading('Commitment 4: Open contracting', false)).toEqual({ number: 4, title: 'Open contracting', lang: 'en' });
    expect(matchHeading('El compromiso se cumplió en parte', false)).toBeNull();
  });

  it('"N. Title" standing alone right above the template’s first label, and the theme heading above it', () => {
    const r = rows(['Transparencia fiscal'], ['1. Datos abiertos de presupuesto'], ['Lead government actors', 'Ministry of Finance']);
    expect(themeHeadingAt(r, 0)).toBe('Transparencia fiscal');
    expect(numberedTitleAt(r, 1)).toEqual({ number: 1, title: 'Datos abiertos de presupuesto' });
    // a numbered sentence in running text is not a title
    const prose = rows(['1. Se realizaron tres talleres.'], ['Otro párrafo']);
    expect(numberedTitleAt(prose, 0)).toBeNull();
  });
});

describe('blocks: labels and events', () => {
  it('a label at the start of a line, with the value that shares its cell', () => {
    const m = matchLabel('Secretaría/Ministerio Responsable: Ministerio de Hacienda', { moreCells: false, boldStart: false });
    expect(m?.def.field).toBe('lead');
    expect(m?.remainder).toBe('Ministerio de Hacienda');
    expect(matchLabel('The ministry was responsible for the results', { moreCells: false, boldStart: false })).toBeNull();
  });

  it('rows → events: heading, label with its value cell, content continuing the field, blank, mark', () => {
    const events = buildEvents(rows([bold('Compromiso n° 3: Compras públicas')], ['Secretaría/Ministerio Responsable', 'Dirección ChileCompra'], ['', 'segunda línea del valor'], [''], ['X']));
    expect(events.map((e) => e.kind)).toEqual(['heading', 'label', 'content', 'blank', 'mark']);
    expect(events[0]).toMatchObject({ kind: 'heading', number: 3, title: 'Compras públicas', lang: 'es', page: 1 });
    const label = events[1]!;
    expect(label.kind === 'label' && label.def.field).toBe('lead');
    expect(label.kind === 'label' && label.lines.map((l) => l.text)).toEqual(['Dirección ChileCompra']);
    expect(label.kind === 'label' && label.label).toBe('Secretaría/Ministerio Responsable');
  });

  it('events → blocks in document order, each with its theme, fields and marks; numbering restarting under themes', () => {
    const r = rows(
      ['Transparencia'],
      ['1. Datos abiertos'],
      ['Lead government actors', 'Ministry of Finance'],
      ['Main objective', 'Publish the budget'],
      ['Participación'],
      ['1. Presupuesto participativo'],
      ['Lead government actors', 'Ministry of the Interior'],
      ['Completion level', 'Not started', 'Limited', 'Substantial', 'Complete'],
      ['', '', '', 'X', ''],
    );
    const votes = { es: 0, en: 0 };
    const blocks = buildBlocks(buildEvents(r), votes);
    expect(blocks.map((b) => [b.number, b.title, b.themeHeading, b.numberedTitle])).toEqual([
      [1, 'Datos abiertos', 'Transparencia', true],
      [1, 'Presupuesto participativo', 'Participación', true],
    ]);
    expect([...blocks[0]!.fields.keys()]).toEqual(['lead', 'objective']);
    expect(blocks[1]!.fields.get('lead')?.lines.map((l) => l.text)).toEqual(['Ministry of the Interior']);
    expect(votes.en).toBeGreaterThan(votes.es);
    // the restart: numbered by position, the printed number kept, one warning per commitment
    const commitments = [{ number: 1 }, { number: 1 }] as ParsedCommitment[];
    const warnings: ParseWarning[] = [{ code: 'number_missing', commitment: 0, params: {} }];
    renumberRestarts(commitments, blocks, warnings);
    expect(commitments).toEqual([
      { number: 1, numberInSection: 1 },
      { number: 2, numberInSection: 1 },
    ]);
    expect(warnings.map((w) => w.code)).toEqual(['numbering_restarts', 'numbering_restarts']);
  });

  it('numbers that only go up are not renumbered', () => {
    const blocks = buildBlocks(buildEvents(rows(['Commitment 1: A'], ['Lead government actors', 'X'], ['Commitment 2: B'], ['Lead government actors', 'Y'])), { es: 0, en: 0 });
    const commitments = [{ number: 1 }, { number: 2 }] as ParsedCommitment[];
    const warnings: ParseWarning[] = [];
    renumberRestarts(commitments, blocks, warnings);
    expect(commitments).toEqual([{ number: 1 }, { number: 2 }]);
    expect(warnings).toEqual([]);
  });
});
