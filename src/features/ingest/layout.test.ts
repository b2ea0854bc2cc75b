import { describe, expect, it } from 'vitest';
import { endsBold, filled, isBoldStart, rowLines, type RowContext } from './layout.js';
import { B_CLOSE, B_OPEN, LINE_SEP, PARA_SEP } from './template-normalize.js';

const fresh = (over: Partial<RowContext> = {}): RowContext => ({ blankBefore: false, markBefore: false, prevTrailingEmpty: false, prevTabular: false, ...over });

describe('layout: rows of cells → lines', () => {
  it('a table row: each line knows its row, its cell and how it is separated from the one before', () => {
    const row = { cells: [`${B_OPEN}Secretaría/Ministerio Responsable${B_CLOSE}`, `Ministerio de Hacienda${PARA_SEP}Dirección de Presupuestos${LINE_SEP}(DIPRES)`], page: 3 };
    const lines = rowLines(row, 7, fresh());
    expect(lines.map((l) => [l.text, l.row, l.cell, l.boundary])).toEqual([
      ['Secretaría/Ministerio Responsable', 7, 0, 'para'],
      ['Ministerio de Hacienda', 7, 1, 'cell'],
      ['Dirección de Presupuestos', 7, 1, 'para'],
      ['(DIPRES)', 7, 1, 'line'],
    ]);
    // bold markers stay in the raw text, for the label and heading readers
    expect(isBoldStart(lines[0]!.raw)).toBe(true);
    expect(endsBold(lines[0]!.raw)).toBe(true);
    expect(isBoldStart(lines[1]!.raw)).toBe(false);
  });

  it('running text is one line per row: a line boundary, or a paragraph after a blank row or a table', () => {
    expect(rowLines({ cells: ['continúa el texto'] }, 0, fresh())[0]!.boundary).toBe('line');
    expect(rowLines({ cells: ['nuevo párrafo'] }, 0, fresh({ blankBefore: true }))[0]!.boundary).toBe('para');
    expect(rowLines({ cells: ['después de una tabla'] }, 0, fresh({ prevTabular: true }))[0]!.boundary).toBe('para');
  });

  it('marks where a page or a table break is likely: blank rows or a stray mark before, empty cells around', () => {
    const afterBlank = rowLines({ cells: ['texto'] }, 0, fresh({ blankBefore: true }))[0]!;
    expect(afterBlank.page).toBe(true);
    expect(afterBlank.table).toBe(false);
    const leadingEmpty = rowLines({ cells: ['', 'sigue la celda'] }, 0, fresh())[0]!;
    expect(leadingEmpty).toMatchObject({ text: 'sigue la celda', cell: 1, table: true, page: false });
    const afterTrailingEmpty = rowLines({ cells: ['x', 'y'] }, 0, fresh({ prevTrailingEmpty: true }))[0]!;
    expect(afterTrailingEmpty.table).toBe(true);
    // only the row's first line carries the flags
    expect(rowLines({ cells: ['a', 'b'] }, 0, fresh({ blankBefore: true }))[1]!.page).toBe(false);
  });

  it('empty and markup-only cells give no line; filled() lists a row’s non-empty cells', () => {
    const row = { cells: ['', `${B_OPEN}${B_CLOSE}`, ' Valor ', ''] };
    expect(rowLines(row, 0, fresh()).map((l) => l.text)).toEqual(['Valor']);
    expect(filled(row)).toEqual(['Valor']);
    expect(filled(undefined)).toEqual([]);
  });
});
