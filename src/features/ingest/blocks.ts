import type { Locale, TemplateGeneration } from '../../lib/levels.js';
import { type ParseWarning, type ParsedCommitment } from './parsed.js';
import {
  ANY_LABEL_RE,
  HEADING_RE,
  LABELS,
  MARK_RE,
  TEMPLATE_STARTS,
  foldText,
  labelAt,
  labelLength,
  type FieldKey,
  type LabelDef,
} from './template-labels.js';
import { type CompletionRead } from './completion.js';
import { B_CLOSE, B_OPEN, plain, plainWithMap, type Row } from './template-normalize.js';
import { filled, isBoldStart, rowLines, type Line, type RowContext } from './layout.js';

/**
 * Blocks (decision 106): layout lines → events (commitment headings "Compromiso n° N",
 * "Commitment N", "N. Title" above the first label, theme headings, template starts, labels with
 * their values, content, stray completion marks, blank rows) → commitment blocks in document order,
 * each with its theme and its fields' lines. Numbering that restarts under themes is renumbered by
 * position here too. What the fields say is read in fields.ts.
 */

export type Event =
  | { kind: 'blank' }
  | { kind: 'mark'; cell: number; cellCount: number; text: string }
  | { kind: 'heading'; number: number; title: string; lang: Locale | null; page: number | null }
  | { kind: 'theme'; text: string }
  | { kind: 'template'; lang: Locale }
  | {
      kind: 'label';
      def: LabelDef;
      lines: Line[];
      row: number;
      rowCells: string[];
      labelCell: number;
      hadCells: boolean;
      page: number | null;
      label: string;
      completion: CompletionRead | null;
    }
  | { kind: 'content'; lines: Line[] };

export type LabelEvent = Extract<Event, { kind: 'label' }>;
export type ContentEvent = Extract<Event, { kind: 'content' }>;

const HEAD_LIMIT = 4000;

/** Index of `char` in p between from and to, outside parentheses, or -1. */
function findTopLevel(p: string, from: number, to: number, chars: string, stopAtSentenceEnd: boolean): number {
  let depth = 0;
  for (let i = from; i < to && i < p.length; i += 1) {
    const c = p.charAt(i);
    if (c === '(') depth += 1;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && chars.includes(c)) return i;
    else if (depth === 0 && stopAtSentenceEnd && c === '.' && /\s/.test(p.charAt(i + 1))) return -1;
  }
  return -1;
}

export function matchHeading(raw: string, boldStart: boolean): { number: number; title: string; lang: Locale } | null {
  const head = raw.length > HEAD_LIMIT ? raw.slice(0, HEAD_LIMIT) : raw;
  const p = plain(head).replace(/^[#>*\s]+/, '');
  const m = HEADING_RE.exec(foldText(p.slice(0, 200)));
  if (!m) return null;
  const number = Number(m[2]);
  if (!Number.isInteger(number) || number <= 0) return null;
  const full = head === raw ? p : plain(raw).replace(/^[#>*\s]+/, '');
  const title = full
    .slice(m[0].length)
    .replace(/^[\s:.\-–—)]+/, '')
    .replace(/[\s*:]+$/, '');
  if (!m[3] && !boldStart && title !== '') return null;
  return { number, title, lang: m[1] === 'commitment' ? 'en' : 'es' };
}

export function matchTemplateStart(text: string): { lang: Locale } | null {
  const f = foldText(text.slice(0, 200)).replace(/^[#>*\s]+/, '');
  for (const t of TEMPLATE_STARTS) if (t.re.test(f)) return { lang: t.lang };
  return null;
}

/**
 * A template label at the start of a line, with what follows it on the line (the value, when the
 * label and its value share a cell). A label is accepted only where labels stand: the first cell of
 * a table row, a bold span, or followed by ":"/"?" or nothing else.
 */
export function matchLabel(raw: string, ctx: { moreCells: boolean; boldStart: boolean }): { def: LabelDef; remainder: string } | null {
  const quick = plain(raw.length > 600 ? raw.slice(0, 600) : raw).replace(/^[\s¿¡#>*]+/, '');
  if (!ANY_LABEL_RE.test(foldText(quick.slice(0, 300)))) return null;
  const head = raw.length > HEAD_LIMIT ? raw.slice(0, HEAD_LIMIT) : raw;
  const { p, map } = plainWithMap(head);
  const lead = (/^[\s¿¡#>*]*/.exec(p)?.[0] ?? '').length;
  const folded = foldText(p.slice(lead, lead + 300));
  for (const def of LABELS) {
    const m = def.re.exec(folded);
    if (!m) continue;
    let end = lead + m[0].length;
    let inBold = false;
    let endedOnPunct = false;
    let boldEnd = -1;
    if (ctx.boldStart) {
      // where the first bold span ends, as an index into the plain text
      const close = head.indexOf(B_CLOSE, head.indexOf(B_OPEN) + 1);
      if (close < 0) boldEnd = p.length;
      else {
        let k = 0;
        while (k < map.length && (map[k] ?? 0) < close) k += 1;
        boldEnd = k;
      }
    }
    if (boldEnd >= end) {
      inBold = true;
      const stop = findTopLevel(p, end, boldEnd, def.question ? '?:' : ':', false);
      if (stop >= 0) {
        end = stop + 1;
        endedOnPunct = true;
      } else {
        end = boldEnd;
      }
    } else {
      let i = end;
      while (p.charAt(i) === ' ') i += 1;
      if (p.charAt(i) === '(') {
        const close = p.indexOf(')', i);
        if (close > 0 && close - i < 200) i = close + 1;
        while (p.charAt(i) === ' ') i += 1;
      }
      if (p.charAt(i) === ':' || p.charAt(i) === '?') {
        end = i + 1;
        endedOnPunct = true;
      } else {
        const stop = def.question
          ? findTopLevel(p, i, i + 250, '?', false)
          : findTopLevel(p, i, i + 150, ':', true);
        if (stop >= 0) {
          end = stop + 1;
          endedOnPunct = true;
        } else if (p.length - i <= 120 && !/[.!?;]/.test(p.slice(i))) {
          end = p.length;
        } else {
          end = i;
        }
      }
    }
    // a trailing ":" right after the label
    while (p.charAt(end) === ' ' || p.charAt(end) === ':') {
      if (p.charAt(end) === ':') endedOnPunct = true;
      end += 1;
    }
    const remainderPlain = p.slice(end).trim();
    if (!(ctx.moreCells || inBold || endedOnPunct || remainderPlain === '')) return null;
    const rawIndex = end < map.length ? (map[end] ?? raw.length) : head.length;
    const remainder = raw.slice(rawIndex).replace(/^[\s\uE001:?\-–—]+/, '');
    return { def, remainder: plain(remainder) === '' ? '' : remainder };
  }
  return null;
}

/** Labels that open a template's table: a numbered paragraph right above one of them is the block's title. */
const OPENING_FIELDS: ReadonlySet<FieldKey> = new Set(['lead', 'theme', 'dates', 'numberTitle', 'contactName', 'otherActors', 'problem', 'objective', 'brief']);
const NUMBERED_TITLE_RE = /^(\d{1,3})\s*[.)]\s+(\S.{2,400})$/;

/**
 * "N. Title" standing alone right above the template's first label starts a commitment (real
 * reports never write "Commitment N"); a short line standing alone right above such a title is the
 * theme heading the numbering restarts under.
 */
export function numberedTitleAt(rows: Row[], r: number): { number: number; title: string } | null {
  const texts = filled(rows[r]);
  if (texts.length !== 1) return null;
  const m = NUMBERED_TITLE_RE.exec(texts[0]!);
  if (!m || /[.;:]$/.test(m[2]!.trim())) return null;
  let k = r + 1;
  while (k < rows.length && filled(rows[k]).length === 0) k += 1;
  const next = filled(rows[k])[0];
  const def = next ? labelAt(next) : null;
  if (!def || !OPENING_FIELDS.has(def.field)) return null;
  return { number: Number(m[1]), title: m[2]!.trim() };
}

export function themeHeadingAt(rows: Row[], r: number): string | null {
  const texts = filled(rows[r]);
  if (texts.length !== 1) return null;
  const t = texts[0]!;
  if (t.length > 160 || /[.;:,]$/.test(t) || labelAt(t) || NUMBERED_TITLE_RE.test(t) || HEADING_RE.test(foldText(t))) return null;
  let k = r + 1;
  while (k < rows.length && filled(rows[k]).length === 0) k += 1;
  return k < rows.length && numberedTitleAt(rows, k) ? t : null;
}

export function buildEvents(rows: Row[]): Event[] {
  const events: Event[] = [];
  const ctx: RowContext = { blankBefore: false, markBefore: false, prevTrailingEmpty: false, prevTabular: false };
  rows.forEach((row, r) => {
    const cellTexts = row.cells.map((c) => plain(c));
    const nonEmpty: number[] = [];
    cellTexts.forEach((t, i) => {
      if (t !== '') nonEmpty.push(i);
    });
    if (nonEmpty.length === 0) {
      events.push({ kind: 'blank' });
      ctx.blankBefore = true;
      return;
    }
    const only = nonEmpty.length === 1 ? (cellTexts[nonEmpty[0] ?? 0] ?? '') : '';
    if (only !== '' && MARK_RE.test(only)) {
      events.push({ kind: 'mark', cell: nonEmpty[0] ?? 0, cellCount: row.cells.length, text: only });
      ctx.markBefore = true;
      return;
    }
    const numbered = numberedTitleAt(rows, r);
    if (numbered) {
      events.push({ kind: 'heading', number: numbered.number, title: numbered.title, lang: null, page: row.page ?? null });
      ctx.blankBefore = false;
      ctx.markBefore = false;
      return;
    }
    const theme = themeHeadingAt(rows, r);
    if (theme) {
      events.push({ kind: 'theme', text: theme });
      return;
    }
    const lines = rowLines(row, r, ctx);
    const lastNonEmpty = nonEmpty[nonEmpty.length - 1] ?? 0;
    ctx.blankBefore = false;
    ctx.markBefore = false;
    ctx.prevTrailingEmpty = row.cells.length - 1 > lastNonEmpty;
    ctx.prevTabular = row.cells.length > 1;

    let current: LabelEvent | ContentEvent = { kind: 'content', lines: [] };
    const flush = () => {
      if (current.kind === 'label' || current.lines.length > 0) events.push(current);
    };
    const skipCells = new Set<number>();
    const firstCell = nonEmpty[0] ?? 0;
    const nextCell = nonEmpty[1] ?? -1;
    for (let k = 0; k < lines.length; k += 1) {
      const line = lines[k];
      if (!line || skipCells.has(line.cell)) continue;
      const rowFirst = k === 0;
      const boldStart = isBoldStart(line.raw);
      if (rowFirst || boldStart) {
        const moreCells = rowFirst && nextCell >= 0;
        // a bold label in a later cell of the row (a value cell, or a table header such as
        // "Fecha de término:") counts only when something follows it in its cell
        const valueCell = line.cell !== firstCell;
        const heading = matchHeading(line.raw, boldStart);
        if (heading) {
          flush();
          let title = heading.title;
          if (title === '' && moreCells) {
            title = cellTexts[nextCell] ?? '';
            skipCells.add(nextCell);
          }
          events.push({ kind: 'heading', number: heading.number, title, lang: heading.lang, page: row.page ?? null });
          current = { kind: 'content', lines: [] };
          skipCells.add(line.cell);
          continue;
        }
        const start = matchTemplateStart(line.text);
        if (start) {
          flush();
          events.push({ kind: 'template', lang: start.lang });
          current = { kind: 'content', lines: [] };
          skipCells.add(line.cell);
          continue;
        }
        const label = matchLabel(line.raw, { moreCells, boldStart });
        const followed = label !== null && (label.remainder !== '' || lines[k + 1]?.cell === line.cell);
        if (label && (!valueCell || followed)) {
          flush();
          current = {
            kind: 'label',
            def: label.def,
            lines: [],
            row: r,
            rowCells: cellTexts,
            labelCell: line.cell,
            hadCells: moreCells,
            page: row.page ?? null,
            label: labelTextOf(line.text),
            completion: row.completion ?? null,
          };
          if (moreCells) {
            // the rest of the label cell is the template's instructions, not the value
            skipCells.add(line.cell);
          } else if (label.remainder !== '') {
            current.lines.push({ ...line, raw: label.remainder, text: plain(label.remainder), boundary: 'para', page: false, table: false });
          }
          continue;
        }
      }
      current.lines.push(line);
    }
    flush();
  });
  return events;
}

/** The words of the label as written (its instructions left out). */
export function labelTextOf(text: string): string {
  const t = text.replace(/^[\s¿¡#>*]+/, '');
  const n = labelLength(t);
  return (n > 0 ? t.slice(0, n) : t.slice(0, 80)).replace(/[\s:]+$/, '');
}

export interface FieldAcc {
  page: number | null;
  label: string;
  completion: CompletionRead | null;
  def: LabelDef;
  lines: Line[];
  /** The cells of the label's row (first occurrence). */
  rowCells: string[];
  labelCell: number;
  row: number;
  hadCells: boolean;
}

export interface Mark {
  cell: number;
  cellCount: number;
  text: string;
  /** The row right after the completion header, with no blank row between. */
  adjacentToCompletion: boolean;
}

export interface Block {
  /** The theme heading the block stands under (a report grouped by theme). */
  themeHeading: string | null;
  /** The block started with a "N. Title" paragraph. */
  numberedTitle: boolean;
  page: number | null;
  number: number | null;
  title: string;
  titlePending: boolean;
  fields: Map<FieldKey, FieldAcc>;
  marks: Mark[];
  substantive: boolean;
  sawTemplate: boolean;
  sawHeading: boolean;
  genVotes: Record<TemplateGeneration, number>;
}

export function newBlock(): Block {
  return {
    themeHeading: null,
    numberedTitle: false,
    page: null,
    number: null,
    title: '',
    titlePending: false,
    fields: new Map(),
    marks: [],
    substantive: false,
    sawTemplate: false,
    sawHeading: false,
    genVotes: { '2014': 0, '2019': 0 },
  };
}

/** push(...items) overflows the stack on huge arrays; this does not. */
export function append<T>(into: T[], items: readonly T[]): void {
  for (const item of items) into.push(item);
}

export const NON_SUBSTANTIVE: ReadonlySet<FieldKey> = new Set(['theme', 'numberTitle', 'section']);

export function buildBlocks(events: Event[], langVotes: Record<Locale, number>): Block[] {
  const blocks: Block[] = [];
  let block: Block | null = null;
  let field: FieldKey | null = null;
  let prev: Event | null = null;
  let blankSince = false;
  let themeHeading: string | null = null;
  const open = (): Block => {
    const b = newBlock();
    b.themeHeading = themeHeading;
    blocks.push(b);
    field = null;
    return b;
  };
  for (const ev of events) {
    if (ev.kind === 'blank') {
      blankSince = true;
      continue;
    }
    switch (ev.kind) {
      case 'theme': {
        themeHeading = ev.text;
        if (block && !block.substantive && block.fields.size === 0) block.themeHeading = themeHeading;
        break;
      }
      case 'heading': {
        // a different number opens a new block only while the current one has no labels yet (a
        // table of contents); after that, a mismatch between the heading and the table row is
        // one commitment with a typo, and the first number stays
        const otherNumber = block !== null && block.number !== null && block.number !== ev.number;
        if (!block || block.substantive || (otherNumber && block.fields.size === 0)) block = open();
        if (block.number === null) block.number = ev.number;
        if (block.title === '' && ev.title !== '') block.title = ev.title;
        block.titlePending = block.title === '';
        block.sawHeading = true;
        if (ev.lang === null) block.numberedTitle = true;
        if (block.page === null) block.page = ev.page;
        if (ev.lang !== null) langVotes[ev.lang] += 1;
        field = null;
        break;
      }
      case 'template': {
        if (!block || block.substantive || block.sawTemplate) block = open();
        block.sawTemplate = true;
        langVotes[ev.lang] += 1;
        field = null;
        break;
      }
      case 'label': {
        const key = ev.def.field;
        if (!block) block = open();
        else if ((key === 'theme' || key === 'numberTitle') && block.substantive && block.fields.has(key)) block = open();
        const existing = block.fields.get(key);
        if (existing) append(existing.lines, ev.lines);
        else
          block.fields.set(key, {
            def: ev.def,
            lines: [...ev.lines],
            page: ev.page,
            label: ev.label,
            completion: ev.completion,
            rowCells: ev.rowCells,
            labelCell: ev.labelCell,
            row: ev.row,
            hadCells: ev.hadCells,
          });
        if (!NON_SUBSTANTIVE.has(key)) block.substantive = true;
        if (block.page === null) block.page = ev.page;
        if (ev.def.lang) langVotes[ev.def.lang] += 1;
        if (ev.def.gen) block.genVotes[ev.def.gen] += 1;
        block.titlePending = false;
        field = key;
        break;
      }
      case 'content': {
        if (!block) break;
        if (field === null) {
          if (block.titlePending && block.title === '') {
            block.title = ev.lines[0]?.text ?? '';
            block.titlePending = false;
          }
          break;
        }
        const acc = block.fields.get(field);
        if (acc) append(acc.lines, ev.lines);
        break;
      }
      case 'mark': {
        if (!block) break;
        block.marks.push({
          cell: ev.cell,
          cellCount: ev.cellCount,
          text: ev.text,
          adjacentToCompletion: !blankSince && prev?.kind === 'label' && prev.def.field === 'completion',
        });
        break;
      }
    }
    prev = ev;
    blankSince = false;
  }
  return blocks;
}

/**
 * When the numbering restarts under theme headings ("1." again under the next theme), numbers
 * are not unique: every commitment is numbered by its position in the document and keeps its
 * printed number (decision 102).
 */
export function renumberRestarts(commitments: ParsedCommitment[], blocks: Block[], warnings: ParseWarning[]): void {
  let restarts = false;
  for (let i = 1; i < commitments.length; i += 1) {
    const a = commitments[i - 1]!;
    const b = commitments[i]!;
    if (a.number !== null && b.number !== null && b.number <= a.number && blocks[i]!.themeHeading !== blocks[i - 1]!.themeHeading) restarts = true;
  }
  if (!restarts) return;
  commitments.forEach((c, i) => {
    c.numberInSection = c.number;
    c.number = i + 1;
    warnings.push({ code: 'numbering_restarts', commitment: i, field: 'number', params: { printed: c.numberInSection ?? '', position: i + 1 } });
  });
  for (let k = warnings.length - 1; k >= 0; k -= 1) if (warnings[k]!.code === 'number_missing') warnings.splice(k, 1);
}
