import { month, type Month } from '../../lib/month.js';

/**
 * Reads the free-form dates of OGP templates, in Spanish or English, at month precision:
 * "Septiembre 2016 a Junio 2018", "Noviembre a enero 2017", "junio 30 de 2016 – junio 30 de 2018",
 * "January–March 2019", "2016-09", "09/2016", "Q1 2019", "primer trimestre 2019", "2017" …
 *
 * Anything with a word it does not know ("primavera 2017", "a partir de …") is unreadable: the
 * reader would rather return null than guess.
 */

export interface MonthRange {
  start: Month;
  end: Month;
}

export interface DateReadOptions {
  /** Decides the order of ambiguous numeric dates (03/04/2018): day first for 'es', month first for 'en'. */
  language?: 'es' | 'en';
}

/** Longer texts are not a date. */
const MAX_DATE_TEXT = 200;

const MONTHS: Record<string, number> = {
  enero: 1, ene: 1, january: 1, jan: 1,
  febrero: 2, feb: 2, february: 2,
  marzo: 3, mar: 3, march: 3,
  abril: 4, abr: 4, april: 4, apr: 4,
  mayo: 5, may: 5,
  junio: 6, jun: 6, june: 6,
  julio: 7, jul: 7, july: 7,
  agosto: 8, ago: 8, august: 8, aug: 8,
  septiembre: 9, setiembre: 9, sept: 9, sep: 9, set: 9, september: 9,
  octubre: 10, oct: 10, october: 10,
  noviembre: 11, nov: 11, november: 11,
  diciembre: 12, dic: 12, december: 12, dec: 12,
};

const ORDINALS: Record<string, number> = {
  primer: 1, primero: 1, primera: 1, '1er': 1, '1ro': 1, '1ra': 1, '1st': 1, first: 1,
  segundo: 2, segunda: 2, '2do': 2, '2da': 2, '2nd': 2, second: 2,
  tercer: 3, tercero: 3, tercera: 3, '3er': 3, '3ro': 3, '3ra': 3, '3rd': 3, third: 3,
  cuarto: 4, cuarta: 4, '4to': 4, '4ta': 4, '4th': 4, fourth: 4,
};

const QUARTER_WORDS = new Set(['trimestre', 'quarter']);
const HALF_WORDS = new Set(['semestre', 'half']);

/** Words and signs that may stand between the parts of a date. */
const FILLERS = new Set([
  'a', 'al', 'hasta', 'de', 'del', 'desde', 'entre', 'y', 'e', 'en', 'el', 'la',
  'to', 'from', 'until', 'till', 'through', 'thru', 'and', 'the', 'of', 'between', 'in',
  '-', '–', '—', '‒', '/', ',', '.', '(', ')', '~', ';', ':', '[', ']',
]);

/** Fillers allowed between a month (or a day, or a quarter) and its year. */
const YEAR_GLUE = new Set(['de', 'del', ',', '.', 'of', 'the']);

/** Lowercase without accents, same length as the input (ñ → n, é → e). */
export function foldText(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charAt(i);
    if (c < '\u0080') {
      out += c.toLowerCase();
      continue;
    }
    const base = c.normalize('NFD').charAt(0).toLowerCase();
    out += base.length === 1 ? base : c;
  }
  return out;
}

interface Span {
  sy: number | null;
  sm: number;
  ey: number | null;
  em: number;
}

const TOKEN_RE =
  /\d{4}-(?:0?[1-9]|1[0-2])(?!\d)(?:-\d{1,2}(?!\d))?|\d{1,2}[/.-]\d{1,2}[/.-]\d{4}(?!\d)|\d{1,2}[/.-]\d{4}(?!\d)|[a-z0-9]+|\S/g;

function tokenize(text: string): string[] {
  return foldText(text).match(TOKEN_RE) ?? [];
}

function isYear(token: string | undefined): boolean {
  if (token === undefined || !/^\d{4}$/.test(token)) return false;
  const y = Number(token);
  return y >= 1900 && y <= 2100;
}

function isDay(token: string | undefined): boolean {
  if (token === undefined) return false;
  const m = /^(\d{1,2})(st|nd|rd|th)?$/.exec(token);
  if (!m) return false;
  const d = Number(m[1]);
  return d >= 1 && d <= 31;
}

function validMonth(m: number): boolean {
  return Number.isInteger(m) && m >= 1 && m <= 12;
}

/** The year after position i, skipping only the glue allowed between a month and its year. */
function yearAfter(tokens: string[], i: number): { year: number; at: number } | null {
  let j = i + 1;
  while (j < tokens.length && (YEAR_GLUE.has(tokens[j] ?? '') || isDay(tokens[j]))) j += 1;
  const t = tokens[j];
  if (isYear(t)) return { year: Number(t), at: j };
  return null;
}

function monthAfter(tokens: string[], i: number): boolean {
  let j = i + 1;
  while (j < tokens.length && (tokens[j] === 'de' || tokens[j] === 'of' || tokens[j] === ',' || tokens[j] === '°' || tokens[j] === 'º'))
    j += 1;
  return MONTHS[tokens[j] ?? ''] !== undefined;
}

/** Reads a numeric date token (ISO, dd/mm/yyyy, mm/yyyy) as a year and month. */
function numericToken(token: string, language: 'es' | 'en'): { y: number; m: number } | null | undefined {
  let m = /^(\d{4})-(\d{1,2})(?:-\d{1,2})?$/.exec(token);
  if (m) return { y: Number(m[1]), m: Number(m[2]) };
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(token);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const y = Number(m[3]);
    let mo: number;
    if (a > 12 && b <= 12) mo = b;
    else if (b > 12 && a <= 12) mo = a;
    else mo = language === 'en' ? a : b;
    return validMonth(mo) ? { y, m: mo } : null;
  }
  m = /^(\d{1,2})[/.-](\d{4})$/.exec(token);
  if (m) {
    const mo = Number(m[1]);
    return validMonth(mo) ? { y: Number(m[2]), m: mo } : null;
  }
  return undefined;
}

/** The spans written in the text, or null when a token is not part of a date. */
function readSpans(tokens: string[], language: 'es' | 'en'): Span[] | null {
  const spans: Span[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const t = tokens[i] ?? '';
    const numeric = numericToken(t, language);
    if (numeric === null) return null;
    if (numeric) {
      if (numeric.y < 1900 || numeric.y > 2100 || !validMonth(numeric.m)) return null;
      spans.push({ sy: numeric.y, sm: numeric.m, ey: numeric.y, em: numeric.m });
      continue;
    }
    const mo = MONTHS[t];
    if (mo !== undefined) {
      const y = yearAfter(tokens, i);
      if (y) {
        spans.push({ sy: y.year, sm: mo, ey: y.year, em: mo });
        i = y.at;
      } else {
        spans.push({ sy: null, sm: mo, ey: null, em: mo });
      }
      continue;
    }
    if (isYear(t)) {
      const y = Number(t);
      // "2019 Q1", "2019-T2"
      const next = tokens[i + 1] === '-' ? tokens[i + 2] : tokens[i + 1];
      const q = next !== undefined ? /^[qt]([1-4])$/.exec(next) : null;
      if (q) {
        const n = Number(q[1]);
        spans.push({ sy: y, sm: 3 * n - 2, ey: y, em: 3 * n });
        i += tokens[i + 1] === '-' ? 2 : 1;
        continue;
      }
      spans.push({ sy: y, sm: 1, ey: y, em: 12 });
      continue;
    }
    // Quarters and halves: "Q1 2019", "T1 2019", "1Q 2019", "primer trimestre de 2019", "H2 2018".
    let quarter: number | null = null;
    let half: number | null = null;
    let at = i;
    let qm = /^[qt]([1-4])$/.exec(t) ?? /^([1-4])q$/.exec(t);
    if (qm) quarter = Number(qm[1]);
    else if ((qm = /^[hs]([12])$/.exec(t))) half = Number(qm[1]);
    else {
      let ordinal: number | undefined = ORDINALS[t];
      if (ordinal === undefined && /^[1-4]$/.test(t)) ordinal = Number(t);
      if (ordinal !== undefined) {
        let j = i + 1;
        if (tokens[j] === '°' || tokens[j] === 'º') j += 1;
        const word = tokens[j] ?? '';
        if (QUARTER_WORDS.has(word)) {
          quarter = ordinal;
          at = j;
        } else if (HALF_WORDS.has(word) && ordinal <= 2) {
          half = ordinal;
          at = j;
        }
      }
    }
    if (quarter !== null || half !== null) {
      const y = yearAfter(tokens, at);
      if (!y) return null;
      const [sm, em] = quarter !== null ? [3 * quarter - 2, 3 * quarter] : [6 * (half ?? 1) - 5, 6 * (half ?? 1)];
      spans.push({ sy: y.year, sm, ey: y.year, em });
      i = y.at;
      continue;
    }
    // A day before its month: "30 de junio de 2016".
    if (isDay(t) && monthAfter(tokens, i)) continue;
    if (FILLERS.has(t) || t === '°' || t === 'º') continue;
    return null;
  }
  return spans;
}

/**
 * Reads a text as a range of months, or null when it cannot be read. A single month gives
 * start = end; a year alone gives January to December; a quarter gives its three months.
 * A range whose first month has no year takes the year of the second, or the year before when its
 * month comes later in the calendar ("Noviembre a enero 2017" → 2016-11 … 2017-01).
 */
export function readMonthRange(text: string, options: DateReadOptions = {}): MonthRange | null {
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_DATE_TEXT) return null;
  const language = options.language ?? 'es';
  const tokens = tokenize(text);
  const spans = readSpans(tokens, language);
  if (!spans || spans.length === 0) return null;
  // Fill in missing years from the next span that has one, else from the previous one.
  for (let k = 0; k < spans.length; k += 1) {
    const s = spans[k];
    if (!s || s.sy !== null) continue;
    const next = spans.slice(k + 1).find((x) => x.sy !== null);
    if (next && next.sy !== null) {
      const y = s.sm > next.sm ? next.sy - 1 : next.sy;
      s.sy = y;
      s.ey = y;
      continue;
    }
    const prev = spans
      .slice(0, k)
      .reverse()
      .find((x) => x.ey !== null);
    if (prev && prev.ey !== null) {
      const y = s.sm < prev.em ? prev.ey + 1 : prev.ey;
      s.sy = y;
      s.ey = y;
      continue;
    }
    return null;
  }
  const first = spans[0];
  const last = spans[spans.length - 1];
  if (!first || !last || first.sy === null || last.ey === null) return null;
  const start = month(first.sy, first.sm);
  const end = month(last.ey, last.em);
  if (end < start) return null;
  return { start, end };
}

/** True when a text mentions a month, a year or a quarter, i.e. it was meant as a date. */
export function looksLikeDate(text: string): boolean {
  if (text.length > MAX_DATE_TEXT) return false;
  return tokenize(text).some(
    (t) => MONTHS[t] !== undefined || isYear(t) || /^[qt][1-4]$/.test(t) || QUARTER_WORDS.has(t) || HALF_WORDS.has(t),
  );
}
