import type { CompletionRead } from './completion.js';

/**
 * Markup normalisation for template documents converted from Word: HTML fragments, Markdown bold,
 * entities and tab-separated cells become rows of cells whose text carries only four private
 * markers: bold open/close, a line break and a paragraph break. Every pattern here is linear: no
 * nested quantifiers, no lazy scans to an end that may not exist.
 */

export const B_OPEN = '\uE000';
export const B_CLOSE = '\uE001';
const LI = '\uE002';
/** A line break inside a cell (<br>, <li>). */
export const LINE_SEP = '\u2028';
/** A paragraph break inside a cell (</p>, <ul>, <div> …). */
export const PARA_SEP = '\u2029';

const BLOCK_TAGS = new Set([
  'p', 'div', 'ul', 'ol', 'table', 'tbody', 'thead', 'tfoot', 'tr', 'td', 'th', 'blockquote', 'section',
  'article', 'header', 'footer', 'hr', 'dl', 'dt', 'dd', 'pre', 'center', 'body', 'html', 'head', 'title',
  'caption', 'figure', 'figcaption', 'nav', 'main', 'aside', 'form',
]);

function tagReplacement(closing: boolean, name: string): string {
  if (name === 'b' || name === 'strong') return closing ? B_CLOSE : B_OPEN;
  if (name === 'br') return LINE_SEP;
  if (name === 'li') return closing ? LINE_SEP : LINE_SEP + LI;
  if (/^h[1-6]$/.test(name)) return closing ? B_CLOSE + PARA_SEP : PARA_SEP + B_OPEN;
  if (BLOCK_TAGS.has(name)) return PARA_SEP;
  return '';
}

function removeComments(s: string): string {
  if (!s.includes('<!--')) return s;
  const out: string[] = [];
  let at = 0;
  for (;;) {
    const open = s.indexOf('<!--', at);
    if (open < 0) break;
    out.push(s.slice(at, open));
    const close = s.indexOf('-->', open + 4);
    if (close < 0) {
      // no comment closes after this point: keep the rest as text (no second scan)
      at = open + 4;
      break;
    }
    at = close + 3;
  }
  out.push(s.slice(at));
  return out.join(' ');
}

const NAMED_ENTITIES: Record<string, string> = {
  nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", ldquo: '“', rdquo: '”', lsquo: '‘',
  rsquo: '’', sbquo: '‚', bdquo: '„', laquo: '«', raquo: '»', ndash: '–', mdash: '—', hellip: '…',
  bull: '•', middot: '·', deg: '°', ordm: 'º', ordf: 'ª', iexcl: '¡', iquest: '¿', euro: '€',
  copy: '©', reg: '®', trade: '™', shy: '', sect: '§', para: '¶', times: '×', szlig: 'ß',
  oslash: 'ø', Oslash: 'Ø', aelig: 'æ', AElig: 'Æ', ensp: ' ', emsp: ' ', thinsp: ' ', zwnj: '', zwj: '',
  lrm: '', rlm: '', tab: ' ', newline: ' ', dash: '‐', minus: '−', prime: '′', Prime: '″', cent: '¢',
  pound: '£', yen: '¥', plusmn: '±', frac12: '½', frac14: '¼', frac34: '¾', sup1: '¹', sup2: '²', sup3: '³',
};
(() => {
  const marks: Record<string, string> = {
    acute: '\u0301', grave: '\u0300', circ: '\u0302', uml: '\u0308', tilde: '\u0303', cedil: '\u0327', ring: '\u030a',
  };
  for (const letter of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ') {
    for (const [suffix, mark] of Object.entries(marks)) {
      const composed = (letter + mark).normalize('NFC');
      if (composed.length === 1) NAMED_ENTITIES[letter + suffix] = composed;
    }
  }
})();

/** Windows-1252 code points that documents write as numeric references (&#147; for “). */
const CP1252: Record<number, string> = {
  128: '€', 130: '‚', 132: '„', 133: '…', 139: '‹', 145: '‘', 146: '’', 147: '“', 148: '”', 149: '•', 150: '–',
  151: '—', 152: '˜', 153: '™', 155: '›',
};

function fromCodePoint(code: number): string {
  if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '';
  if (CP1252[code] !== undefined) return CP1252[code] ?? '';
  // never let a reference create a cell, a row or one of our markers
  if (code === 9 || code === 10 || code === 13 || code === 0x2028 || code === 0x2029 || code === 0xa0) return ' ';
  if (code < 32 || (code >= 0x7f && code < 0xa0) || (code >= 0xe000 && code <= 0xe00f)) return '';
  return String.fromCodePoint(code);
}

export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#[xX][0-9a-fA-F]{1,6}|#\d{1,7}|[a-zA-Z][a-zA-Z0-9]{1,31});/g, (whole, body: string) => {
    if (body.startsWith('#x') || body.startsWith('#X')) return fromCodePoint(parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return fromCodePoint(parseInt(body.slice(1), 10));
    const named = NAMED_ENTITIES[body];
    return named === undefined ? whole : named;
  });
}

/** Markdown bold (`**…**`) to markers; bold never spans a blank line, so an unmatched ** closes there. */
function markdownBold(s: string): string {
  if (!s.includes('**')) return s;
  let open = false;
  return s.replace(/(?<!\\)\*\*|\n[ \t]*(?=\n)/g, (m) => {
    if (m === '**') {
      open = !open;
      return open ? B_OPEN : B_CLOSE;
    }
    open = false;
    return m;
  });
}

/** The whole document with markup interpreted; rows are still separated by "\n" and cells by "\t". */
export function normalizeMarkup(input: string): string {
  let s = input
    .replace(/[\uE000-\uE00F]/g, '')
    .replace(/\r\n?|[\u2028\u2029\v\f\u0085]/g, '\n');
  s = removeComments(s);
  s = s.replace(/<(\/?)([a-zA-Z][a-zA-Z0-9:_-]*)(?:\s[^<>]*)?\/?>/g, (_m, closing: string, name: string) =>
    tagReplacement(closing === '/', name.toLowerCase()),
  );
  s = s.replace(/<[!?][^<>]*>/g, '');
  s = s.replace(new RegExp(`${LI}[ \\t\\u00a0]*(?:[-–—•·*▪◦][ \\t\\u00a0]+)?`, 'g'), '- ');
  s = markdownBold(s);
  s = decodeEntities(s);
  // tags that were written as entities (&lt;script&gt;) are text now: strip them too
  s = s.replace(/<\/?[a-zA-Z][^<>]*>/g, '');
  s = s.replace(/[\u00a0\u2007\u202f\u2002\u2003\u2009]/g, ' ').replace(/[\u200b\u200c\u200d\u2060\ufeff\u00ad]/g, '');
  // Markdown escapes written by converters ("1\. Diseño")
  s = s.replace(/\\([\\`*_{}[\]()#+\-.!|>~])/g, '$1');
  return s;
}

/**
 * The one structured form every reader gives (decision 100): rows of cells, in document order,
 * with the page each row starts on where the format has pages.
 */
export interface Row {
  cells: string[];
  /** Page the row starts on (1-based), when the reader knows it. */
  page?: number;
  /** A paragraph outside any table (a heading, a title, running text), when the reader can tell. */
  para?: boolean;
  /** The completion row's marks, read by their position under the columns (PDF). */
  completion?: CompletionRead;
}

/** Rows of cells. A Markdown heading becomes bold; "* item" becomes "- item". */
export function toRows(normalized: string): Row[] {
  return normalized.split('\n').map((line) => {
    let l = line;
    const heading = /^[ \t]*#{1,6}[ \t]+/.exec(l);
    if (heading) l = B_OPEN + l.slice(heading[0].length) + B_CLOSE;
    else l = l.replace(/^([ \t]*)[*+•▪◦·][ \t]+/, '$1- ');
    return { cells: l.split('\t') };
  });
}

const MARKERS_RE = /[\uE000-\uE00F]/g;

/** Text without markers, whitespace collapsed, trimmed. */
export function plain(raw: string): string {
  return raw.replace(MARKERS_RE, '').replace(/\*\*/g, '').replace(/\s+/g, ' ').trim();
}

/**
 * Plain text (markers removed, whitespace collapsed, leading whitespace dropped) and, for each of
 * its characters, the index in the raw string it came from.
 */
export function plainWithMap(raw: string): { p: string; map: number[] } {
  const chars: string[] = [];
  const map: number[] = [];
  let space = true;
  for (let i = 0; i < raw.length; i += 1) {
    const c = raw.charAt(i);
    if (c >= '\uE000' && c <= '\uE00F') continue;
    if (/\s/.test(c)) {
      if (space) continue;
      space = true;
      chars.push(' ');
      map.push(i);
      continue;
    }
    space = false;
    chars.push(c);
    map.push(i);
  }
  return { p: chars.join(''), map };
}
