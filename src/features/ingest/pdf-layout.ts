import { readMarks, isMarkText, type MarkCell, type ScaleColumn } from './completion.js';
import { labelLength, readLevel } from './template-labels.js';
import { PARA_SEP, type Row } from './template-normalize.js';
import type { CompletionLevel } from '../../lib/levels.js';

/**
 * PDF layout (decision 100): text items with positions → rows of cells, the form every reader
 * gives. A self-assessment is a two-column table (label | value) whose rows wrap over many lines
 * and run over page breaks; the lines are read by cell, not by line:
 * 1. items → lines per page; running headers, footers and page numbers removed;
 * 2. the label and value columns found from where values start beside known labels;
 * 3. lines → rows: a line with text in the label column starts a row (unless it continues a
 *    wrapped label), value-column lines continue the row's value (across pages), full-width lines
 *    are paragraphs (titles, theme headings, text) — or, in a label⇥value layout, a value that
 *    wrapped back to the margin;
 * 4. the completion row (a header with the four levels) is read with its marks by position.
 */

export interface PdfItem {
  text: string;
  x: number;
  /** Baseline, from the bottom of the page. */
  y: number;
  width: number;
  size: number;
  /** Drawn in a symbol font (Wingdings, ZapfDingbats, Symbol): a check mark or a bullet. */
  symbol?: boolean;
}

export interface PdfPage {
  height: number;
  items: PdfItem[];
}

export interface Line {
  y: number;
  size: number;
  page: number;
  items: PdfItem[];
}

interface Cell {
  text: string;
  x: number;
  end: number;
  symbol: boolean;
}

export function toLines(items: PdfItem[], page: number): Line[] {
  const sorted = [...items].sort((p, q) => q.y - p.y || p.x - q.x);
  const lines: Line[] = [];
  for (const item of sorted) {
    let line: Line | undefined;
    for (let k = lines.length - 1; k >= 0 && k >= lines.length - 3; k -= 1) {
      const l = lines[k]!;
      if (Math.abs(l.y - item.y) <= Math.max(2, Math.min(l.size, item.size) * 0.45)) {
        line = l;
        break;
      }
    }
    if (line) {
      line.items.push(item);
      line.size = Math.max(line.size, item.size);
    } else lines.push({ y: item.y, size: item.size, page, items: [item] });
  }
  for (const l of lines) l.items.sort((p, q) => p.x - q.x);
  return lines.sort((p, q) => q.y - p.y);
}

function joinItems(items: readonly PdfItem[], size: number): string {
  let text = '';
  let end = -Infinity;
  for (const item of items) {
    const gap = item.x - end;
    text += text !== '' && gap > size * 0.12 && !text.endsWith(' ') && !item.text.startsWith(' ') ? ` ${item.text}` : item.text;
    end = Math.max(end, item.x + item.width);
  }
  return text.replace(/\s+/g, ' ').trim();
}

/** A line's cells: items far apart (a column gap) start a new cell. */
export function cellsOf(items: readonly PdfItem[], size: number, gapFactor = 1.6): Cell[] {
  const groups: PdfItem[][] = [];
  let end = -Infinity;
  for (const item of items) {
    const last = groups[groups.length - 1];
    if (last && item.x - end < size * gapFactor) last.push(item);
    else groups.push([item]);
    end = Math.max(last ? end : -Infinity, item.x + item.width);
  }
  return groups.map((g) => ({
    text: joinItems(g, size),
    x: g[0]!.x,
    end: Math.max(...g.map((i) => i.x + i.width)),
    symbol: g.every((i) => i.symbol === true),
  }));
}

const PAGE_NUMBER_RE = /^(?:(?:p[aá]gina|page|p[aá]g\.?)\s*)?-?\s*(?:\d{1,4}|[ivxlc]{1,6})\s*-?(?:\s*(?:de|of|\/)\s*\d{1,4})?$/i;
const pattern = (s: string) => s.replace(/\d+/g, '#').toLowerCase();

/**
 * Lines in the top or bottom band of a page that are page numbers, or that repeat (digits aside)
 * on other pages, are running headers and footers ("DRAFT", "4"): dropped.
 */
export function withoutHeadersAndFooters(pages: { height: number; lines: Line[] }[]): Line[][] {
  const band = (p: { height: number }, l: Line) => l.y > p.height * 0.9 || l.y < p.height * 0.1;
  const text = (l: Line) => joinItems(l.items, l.size);
  const seen = new Map<string, number>();
  for (const p of pages) {
    const mine = new Set(p.lines.filter((l) => band(p, l)).map((l) => pattern(text(l))));
    for (const k of mine) seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  return pages.map((p) =>
    p.lines.filter((l) => {
      if (!band(p, l)) return true;
      const t = text(l);
      return !(PAGE_NUMBER_RE.test(t) || (pages.length > 1 && (seen.get(pattern(t)) ?? 0) >= 2));
    }),
  );
}

/** Where labels and values start: from the lines where a known label is followed by a column gap. */
export function findColumns(lines: readonly Line[]): { labelX: number; valueX: number } | null {
  const values: number[] = [];
  const labels: number[] = [];
  for (const line of lines) {
    const items = line.items;
    let end = items[0] ? items[0].x + items[0].width : 0;
    for (let k = 1; k < items.length && k < 40; k += 1) {
      const item = items[k]!;
      const gap = item.x - end;
      end = Math.max(end, item.x + item.width);
      if (gap < line.size * 0.6) continue;
      if (labelLength(joinItems(items.slice(0, k), line.size)) > 0) {
        values.push(item.x);
        labels.push(items[0]!.x);
      }
      break;
    }
  }
  if (values.length === 0) return null;
  const mode = (xs: number[]) => {
    const buckets = new Map<number, number[]>();
    for (const x of xs) {
      const b = Math.round(x / 4);
      for (const k of [b - 1, b, b + 1]) buckets.set(k, [...(buckets.get(k) ?? []), x]);
    }
    const best = [...buckets.values()].sort((p, q) => q.length - p.length || Math.min(...p) - Math.min(...q))[0]!;
    return Math.min(...best);
  };
  return { labelX: mode(labels), valueX: mode(values) };
}

const LIST_START_RE = /^(?:[•·▪◦✓✔➢►\-–]\s*|\(?[a-z][.)]\s|\(?\d{1,2}[.)]\s|[ivx]{1,4}[.)]\s)/i;
/** A milestone's status line ("Estado: Completo") always starts its own paragraph. */
const STATUS_START_RE = /^(?:estado|status|estatus)\s*:/i;
const BULLET_RE = /^[•·▪◦✓✔➢►]\s*/;
const BLOCK_HEADING_RE = /^(?:\d{1,3}[.)]\s+\S|(?:compromiso|commitment)\s*(?:n|no|nro|number)?\s*[°º.#]?\s*\d)/i;

interface Seg {
  text: string;
  y: number;
  page: number;
  size: number;
  x: number;
  end: number;
}

interface OpenRow {
  label: Seg[];
  value: Seg[];
  page: number;
  last: Line;
  /** A value line wrapped back to the margin was seen: a label⇥value paragraph layout. */
  tabLayout: boolean;
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((p, q) => p - q);
  return s[Math.floor(s.length / 2)]!;
}

/** Segments of a cell to its text: wrapped lines joined, paragraphs and list items kept apart. */
function cellText(segs: readonly Seg[], step: number): string {
  let out = '';
  let prev: Seg | null = null;
  const left = Math.min(...segs.map((g) => g.x));
  const right = Math.max(...segs.map((g) => g.end));
  for (const seg of segs) {
    const text = seg.text.replace(BULLET_RE, '- ');
    if (prev === null) out = text;
    else {
      const gap = prev.page === seg.page ? prev.y - seg.y : step;
      // A line that stops well short of the cell's right edge ends its paragraph.
      const short = prev.end < right - (right - left) * 0.2 && /^[\p{Lu}\d¿¡"“(]/u.test(seg.text);
      const para = LIST_START_RE.test(seg.text) || STATUS_START_RE.test(seg.text) || gap > step * 1.45 || short;
      if (para) out += PARA_SEP + text;
      else if (/\p{L}-$/u.test(out) && /^\p{Ll}/u.test(text)) out += text;
      else out += ` ${text}`;
    }
    prev = seg;
  }
  return out;
}

function completionColumns(cells: readonly Cell[]): ScaleColumn[] | null {
  const cols: (ScaleColumn & { text: string })[] = [];
  for (const c of cells) {
    const level = c.text.length <= 40 ? readLevel(c.text) : null;
    if (level) cols.push({ level, x: c.x, end: c.end, text: c.text });
  }
  return new Set(cols.map((c) => c.level)).size >= 3 ? cols : null;
}

/** Where a line that starts with a label splits into label and value: the first wide gap after the label (0: none). */
function labelSplit(line: Line): number {
  let end = line.items[0] ? line.items[0].x + line.items[0].width : 0;
  for (let k = 1; k < line.items.length; k += 1) {
    const item = line.items[k]!;
    const gap = item.x - end;
    end = Math.max(end, item.x + item.width);
    if (gap >= line.size * 0.6 && labelLength(joinItems(line.items.slice(0, k), line.size)) > 0) return k;
  }
  return 0;
}

/**
 * A label⇥value layout (paragraphs with a tab stop, no table): values wrap back to the left
 * margin, so full-width lines follow value lines closely. In a table they never do.
 */
function isTabLayout(lines: readonly Line[], columns: { labelX: number; valueX: number }, near: (a: { y: number; page: number }, b: Line) => boolean, bodySize: number): boolean {
  let wraps = 0;
  for (let i = 1; i < lines.length; i += 1) {
    const a = lines[i - 1]!;
    const b = lines[i]!;
    if (!near(a, b) || b.size > bodySize * 1.12) continue;
    const startsLeft = b.items[0]!.x < columns.valueX - 3;
    const bEnd = Math.max(...b.items.map((it) => it.x + it.width));
    const aRight = a.items.some((it) => it.x >= columns.valueX - 3);
    if (startsLeft && bEnd > columns.valueX + 3 && aRight && labelLength(joinItems(b.items, b.size)) === 0 && !BLOCK_HEADING_RE.test(joinItems(b.items, b.size))) {
      // the full-width line is running text, not a table row with a gap between its cells
      const gaps = b.items.slice(1).some((it, k) => it.x - (b.items[k]!.x + b.items[k]!.width) >= b.size * 0.6);
      if (!gaps) wraps += 1;
    }
  }
  return wraps >= 2;
}

/** The rows of a PDF's text (items with positions, page by page). */
export function layoutPdf(pages: PdfPage[]): Row[] {
  const lined = pages.map((p, i) => ({ height: p.height, lines: toLines(p.items, i + 1) }));
  const lines = withoutHeadersAndFooters(lined).flat();
  const columns = findColumns(lines);
  const bodySize = median(lines.map((l) => l.size));
  const steps: number[] = [];
  for (let i = 1; i < lines.length; i += 1) {
    const a = lines[i - 1]!;
    const b = lines[i]!;
    if (a.page === b.page && a.y - b.y > 0 && a.y - b.y < bodySize * 3) steps.push(a.y - b.y);
  }
  const step = Math.max(bodySize * 1.05, steps.length > 0 ? Math.min(...steps.filter((s) => s >= bodySize * 0.9).concat([bodySize * 1.2])) : bodySize * 1.2);
  const near = (a: { y: number; page: number }, b: Line) => a.page === b.page && a.y - b.y <= step * 1.45;

  const rows: Row[] = [];
  let open: OpenRow | null = null;
  const close = () => {
    if (!open) return;
    const label = cellText(open.label, step);
    const value = cellText(open.value, step);
    rows.push({ cells: value === '' && label === '' ? [] : [label, value], page: open.page });
    open = null;
  };
  const tol = 3;
  const tabDoc = columns !== null && isTabLayout(lines, columns, near, bodySize);
  let lastPara: { row: Row; line: Line } | null = null;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    const cells = cellsOf(line.items, line.size);
    const seg = (items: PdfItem[]): Seg => ({
      text: joinItems(items, line.size),
      y: line.y,
      page: line.page,
      size: line.size,
      x: Math.min(...items.map((it) => it.x)),
      end: Math.max(...items.map((it) => it.x + it.width)),
    });

    // The completion row: the four levels as a header, the marks under them.
    const scale = completionColumns(cells);
    if (scale) {
      let label = cells.filter((c) => !scale.some((s) => s.x === c.x)).map((c) => c.text).join(' ');
      const current = open as OpenRow | null;
      if (label === '' && current && current.value.length === 0 && labelLength(cellText(current.label, step)) > 0) {
        label = cellText(current.label, step);
        open = null;
      } else close();
      const marks: MarkCell[] = [];
      let j = i + 1;
      for (; j < lines.length && j <= i + 8; j += 1) {
        const next = lines[j]!;
        const nextCells = cellsOf(next.items, next.size, 1.2);
        const labelCells = nextCells.filter((c) => columns !== null && c.x < columns.valueX - tol && c.end < scale[0]!.x && labelLength(c.text) > 0);
        const rest = nextCells.filter((c) => !labelCells.includes(c));
        if (rest.some((c) => !isMarkText(c.text, c.symbol))) break;
        if (labelCells.length > 0 && label === '') label = labelCells.map((c) => c.text).join(' ');
        else if (labelCells.length > 0) break;
        for (const c of rest) marks.push(c);
      }
      const read = readMarks(scale, marks);
      rows.push({
        cells: [label === '' ? 'Completion' : label, ...scale.map((s) => (s as ScaleColumn & { text: string }).text)],
        page: line.page,
        completion: read,
      });
      i = j - 1;
      continue;
    }

    if (!columns) {
      close();
      rows.push({ cells: cells.map((c) => c.text), page: line.page, para: cells.length === 1 });
      continue;
    }
    const left = line.items.filter((it) => it.x < columns.valueX - tol);
    const right = line.items.filter((it) => it.x >= columns.valueX - tol);
    const leftEnd = left.length > 0 ? Math.max(...left.map((it) => it.x + it.width)) : -Infinity;
    const crossing = left.length > 0 && (leftEnd > columns.valueX + tol || (right.length > 0 && right[0]!.x - leftEnd < line.size * 0.6));
    const text = joinItems(line.items, line.size);
    const headingLike = BLOCK_HEADING_RE.test(text) || line.size > bodySize * 1.12;

    // A paragraph (a title) wrapped onto the next line: same size, close below, no label, no value column of its own.
    if (lastPara && lastPara.row === rows[rows.length - 1] && near(lastPara.line, line) && Math.abs(lastPara.line.size - line.size) < 0.5 && (crossing || right.length === 0) && !BLOCK_HEADING_RE.test(text) && labelLength(text) === 0) {
      lastPara.row.cells[0] = `${lastPara.row.cells[0]} ${text}`;
      lastPara.line = line;
      continue;
    }
    if (crossing) {
      const current = open as OpenRow | null;
      if (current && !headingLike && near(current.last, line) && labelLength(text) === 0 && current.label.length > 0) {
        current.value.push(seg(line.items));
        current.last = line;
        current.tabLayout = true;
        continue;
      }
      // A label longer than the tab stop, then its value: split at the first gap after the label.
      if (!headingLike && labelLength(text) > 0) {
        const at = labelSplit(line);
        if (at > 0) {
          close();
          open = { label: [seg(line.items.slice(0, at))], value: [seg(line.items.slice(at))], page: line.page, last: line, tabLayout: true };
          continue;
        }
      }
      close();
      const row: Row = { cells: [text], page: line.page, para: true };
      rows.push(row);
      lastPara = { row, line };
      continue;
    }
    if (left.length > 0) {
      const leftText = joinItems(left, line.size);
      const current = open as OpenRow | null;
      // a row split by a page break reads on at the top of the next page
      const overBreak = current !== null && line.page === current.last.page + 1 && lines[i - 1] === current.last;
      if (current && (near(current.last, line) || overBreak) && labelLength(leftText) === 0) {
        const before = labelLength(cellText(current.label, step));
        const joined = labelLength(`${cellText(current.label, step)} ${leftText}`);
        // In a table, a line in the label column close under the label continues the label (rows are
        // apart by their padding); in a label⇥value layout it is the value wrapped back to the margin.
        if (!tabDoc && !current.tabLayout && (joined > before || before > 0 || current.value.length <= current.label.length)) {
          current.label.push(seg(left));
          if (right.length > 0) current.value.push(seg(right));
          current.last = line;
          continue;
        }
        if (current.tabLayout || right.length === 0) {
          current.value.push(seg(line.items));
          current.last = line;
          continue;
        }
      }
      close();
      open = { label: [seg(left)], value: right.length > 0 ? [seg(right)] : [], page: line.page, last: line, tabLayout: false };
      continue;
    }
    const current = open as OpenRow | null;
    if (current) {
      current.value.push(seg(right));
      current.last = line;
    } else rows.push({ cells: ['', joinItems(right, line.size)], page: line.page });
  }
  close();
  return rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
}

export type { CompletionLevel };
