import type { CompletionLevel } from '../../lib/levels.js';

/**
 * Completion as the document gives it (decision 101): the template's completion row is a header of
 * four columns (Not started | Limited | Substantial | Completed) and, under one of them, either one
 * mark for the whole commitment (✓, X …) or the letters of sub-items ("a, b"). A mark counts only
 * when it stands under a column header inside the completion row; a bullet anywhere else is text.
 */

export const LEVEL_ORDER: readonly CompletionLevel[] = ['not_started', 'limited', 'substantial', 'complete'];

/** One column of the scale, with its horizontal extent (points in a PDF, column index in a table). */
export interface ScaleColumn {
  level: CompletionLevel;
  x: number;
  end: number;
}

/** Something written below the header: its text and extent; `symbol` when drawn in a symbol font. */
export interface MarkCell {
  text: string;
  x: number;
  end: number;
  symbol?: boolean;
}

export interface CompletionRead {
  /** A single mark's level, for the whole commitment. */
  level: CompletionLevel | null;
  /** Sub-item letters and their levels: `{ a: 'substantial', b: 'complete' }`. */
  subItems: Record<string, CompletionLevel>;
  /** Marks found whose column could not be told (between two columns, or outside them). */
  ambiguous: string[];
}

/** A check mark written as text: X, ✓, ✔, ☑, ☒, ■, ● (a symbol-font glyph also counts). */
export const SINGLE_MARK_RE = /^(?:x|✓|✔|✗|✘|☑|☒|■|●|\[x\]|\(x\))$/i;
/** Sub-item letters: "a", "a, b", "b, c, d, e", "a y b", "a-c". */
export const LETTERS_RE = /^\(?[a-z]\)?(?:\s*(?:,|;|&|y|and|-|–)\s*\(?[a-z]\)?)*\.?$/i;

/** Whether a text below the header can be a completion mark at all. */
export function isMarkText(text: string, symbol = false): boolean {
  const t = text.trim();
  if (t === '') return false;
  if (symbol && [...t].length <= 2) return true;
  return SINGLE_MARK_RE.test(t) || /^[\uE000-\uF8FF]$/.test(t) || LETTERS_RE.test(t);
}

/** The letters a text names: "a, b" → [a, b]; "b-d" → [b, c, d]. */
export function lettersOf(text: string): string[] {
  const t = text.toLowerCase().replace(/\band\b|\by\b/g, ',');
  const out: string[] = [];
  const range = /([a-z])\s*[-–]\s*([a-z])/g;
  let rest = t;
  for (let m = range.exec(t); m; m = range.exec(t)) {
    const from = m[1]!.charCodeAt(0);
    const to = m[2]!.charCodeAt(0);
    for (let c = from; c <= to && c - from < 26; c += 1) out.push(String.fromCharCode(c));
    rest = rest.replace(m[0], ',');
  }
  for (const l of rest.match(/[a-z]/g) ?? []) out.push(l);
  return [...new Set(out)].sort();
}

/** The column a mark stands under: the one whose extent it overlaps most or is nearest to; null when two are as near. */
export function columnOf(columns: readonly ScaleColumn[], mark: { x: number; end: number }): ScaleColumn | null {
  if (columns.length === 0) return null;
  const center = (mark.x + mark.end) / 2;
  const distance = (c: ScaleColumn) => (center < c.x ? c.x - center : center > c.end ? center - c.end : 0);
  const sorted = [...columns].sort((p, q) => distance(p) - distance(q));
  const best = sorted[0]!;
  const second = sorted[1];
  const centers = columns.map((c) => (c.x + c.end) / 2).sort((p, q) => p - q);
  const spacing = centers.length > 1 ? (centers[centers.length - 1]! - centers[0]!) / (centers.length - 1) : Math.max(1, best.end - best.x);
  const d = distance(best);
  if (d > spacing * 0.45) return null;
  if (second && distance(second) - d < spacing * 0.15) return null;
  return best;
}

/** The marks under the header, read by column. */
export function readMarks(columns: readonly ScaleColumn[], marks: readonly MarkCell[]): CompletionRead {
  const out: CompletionRead = { level: null, subItems: {}, ambiguous: [] };
  for (const m of marks) {
    const text = m.text.trim();
    if (!isMarkText(text, m.symbol)) continue;
    const column = columnOf(columns, m);
    if (!column) {
      out.ambiguous.push(text);
      continue;
    }
    const single = m.symbol || SINGLE_MARK_RE.test(text) || /^[\uE000-\uF8FF]$/.test(text);
    if (single) {
      if (out.level !== null && out.level !== column.level) out.ambiguous.push(text);
      else out.level = column.level;
    } else for (const letter of lettersOf(text)) out.subItems[letter] = column.level;
  }
  return out;
}

/**
 * The commitment's level from its sub-items' levels, by the stated rule (decision 101): a
 * commitment is as complete as its least complete sub-item. `differs` when the sub-items do not
 * all have the same level (the import warns).
 */
export function deriveLevel(subItems: Record<string, CompletionLevel>): { level: CompletionLevel | null; differs: boolean } {
  const levels = Object.values(subItems);
  if (levels.length === 0) return { level: null, differs: false };
  const lowest = levels.reduce((a, b) => (LEVEL_ORDER.indexOf(b) < LEVEL_ORDER.indexOf(a) ? b : a));
  return { level: lowest, differs: new Set(levels).size > 1 };
}
