import { B_CLOSE, B_OPEN, LINE_SEP, PARA_SEP, plain, type Row } from './template-normalize.js';

/**
 * Layout (decision 106): what every reader gives — rows of cells, with the page a row starts on
 * (`Row`, template-normalize.ts; the PDF's by position in pdf-layout.ts, Word's in docx.ts) — read
 * into lines: each line knows its row and cell, how it is separated from the line before (cell,
 * paragraph, line) and whether a page or table break is likely before it. Blocks and fields read
 * these lines; nothing here knows a label.
 */
export type { Row };

export type Boundary = 'para' | 'line' | 'cell';

export interface Line {
  /** With bold markers; no tabs, no newlines. */
  raw: string;
  /** Plain text, whitespace collapsed. */
  text: string;
  row: number;
  cell: number;
  /** How this line is separated from the one before it. */
  boundary: Boundary;
  /** Blank rows or a stray mark row stand before this line (a page break is likely). */
  page: boolean;
  /** The previous row ended in empty cells, or this one starts with one: a table split by a page. */
  table: boolean;
}

export function isBoldStart(raw: string): boolean {
  return raw.trimStart().startsWith(B_OPEN);
}

export function endsBold(raw: string): boolean {
  return raw.trimEnd().endsWith(B_CLOSE);
}

export interface RowContext {
  blankBefore: boolean;
  markBefore: boolean;
  prevTrailingEmpty: boolean;
  prevTabular: boolean;
}

export function rowLines(row: Row, index: number, ctx: RowContext): Line[] {
  const lines: Line[] = [];
  const tabular = row.cells.length > 1;
  const leadingEmpty = tabular && plain(row.cells[0] ?? '') === '';
  row.cells.forEach((cell, c) => {
    let firstInCell = true;
    for (const para of cell.split(PARA_SEP)) {
      let firstInPara = true;
      for (const piece of para.split(LINE_SEP)) {
        const text = plain(piece);
        if (text === '') continue;
        let boundary: Boundary;
        if (lines.length === 0) boundary = ctx.blankBefore || tabular || ctx.prevTabular ? 'para' : 'line';
        else if (firstInCell) boundary = 'cell';
        else if (firstInPara) boundary = 'para';
        else boundary = 'line';
        const first = lines.length === 0;
        lines.push({
          raw: piece,
          text,
          row: index,
          cell: c,
          boundary,
          page: first && (ctx.blankBefore || ctx.markBefore),
          table: first && (ctx.prevTrailingEmpty || leadingEmpty || ctx.markBefore),
        });
        firstInCell = false;
        firstInPara = false;
      }
    }
  });
  return lines;
}

/** The plain texts of a row's non-empty cells. */
export function filled(row: Row | undefined): string[] {
  return row ? row.cells.map((c) => plain(c)).filter((t) => t !== '') : [];
}
