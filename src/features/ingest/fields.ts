import type { CompletionLevel, Locale, TemplateGeneration } from '../../lib/levels.js';
import type { Month } from '../../lib/month.js';
import { looksLikeDate, readMonthRange } from './dates.js';
import { type ParseWarning, type ParsedCommitment, type ParsedMilestone } from './parsed.js';
import {
  CIVIL_SOCIETY_SUBLABEL_RE,
  GOVERNMENT_SUBLABEL_RE,
  GOVERNMENT_WORDS_RE,
  MARK_IN_CELL_RE,
  MILESTONE_HEADER_RE,
  STATUS_LINE_RE,
  foldText,
  readLevel,
  type FieldKey,
} from './template-labels.js';
import { deriveLevel, type CompletionRead } from './completion.js';
import { B_CLOSE, plain } from './template-normalize.js';
import { endsBold, isBoldStart, type Line } from './layout.js';
import { append, type Block, type FieldAcc } from './blocks.js';

/**
 * Fields (decision 106): a commitment block's labelled lines → the model's field values (label
 * synonyms in template-labels.ts), with where each was read (page and label) and a warning for
 * every field missing, uncertain or cut. A field that cannot be read is reported missing, never
 * filled with a neighbour's text.
 */

export const BRIEF_DESCRIPTION_LIMIT = 140;

function isListLine(text: string): boolean {
  return /^[-–—•·▪◦]\s/.test(text);
}

function stripBullet(text: string): string {
  return text.replace(/^(?:[-–—•·▪◦]|\d{1,2}[.)])\s+/, '').trim();
}

function isStatusLine(text: string): boolean {
  return text.length <= 100 && STATUS_LINE_RE.test(text);
}

function looksLikeMilestoneHeader(line: Line): boolean {
  return isBoldStart(line.raw) && MILESTONE_HEADER_RE.test(line.text);
}

/** Whether the line continues the previous one across a page break (a sentence cut in two). */
function continues(prev: Line, cur: Line): boolean {
  if (cur.boundary === 'cell' || cur.boundary === 'line') return false;
  const p = prev.text;
  const c = cur.text;
  if (!p || !c) return false;
  if (endsBold(prev.raw)) return false;
  if (isListLine(c) || isStatusLine(c) || looksLikeMilestoneHeader(cur)) return false;
  const last = p.charAt(p.length - 1);
  if (/[.!?…:;]/.test(last)) return false;
  const first = c.charAt(0);
  const lower = first !== first.toUpperCase() && first === first.toLowerCase();
  if (lower && !/[)\]"”»]/.test(last)) return true;
  return cur.page && cur.table && /[\p{L}\p{N},]/u.test(last);
}

/** Joins the lines that a page break split. */
function joinPageBreaks(lines: Line[]): Line[] {
  const out: Line[] = [];
  let head: Line | null = null;
  let tail: Line | null = null;
  let raws: string[] = [];
  let texts: string[] = [];
  const close = () => {
    if (!head) return;
    out.push(raws.length > 1 ? { ...head, raw: raws.join(' '), text: texts.join(' ') } : head);
  };
  for (const line of lines) {
    // the joined line ends where its last piece ends: test that piece, never the growing whole
    if (tail && continues(tail, line)) {
      raws.push(line.raw.trim());
      texts.push(line.text);
      tail = line;
      continue;
    }
    close();
    head = line;
    tail = line;
    raws = [line.raw.trim()];
    texts = [line.text];
  }
  close();
  return out;
}

/** Paragraphs separated by "\n\n"; list items on their own lines; other lines joined by spaces. */
function renderLines(lines: Line[]): string | null {
  const paragraphs: Line[][] = [];
  for (const line of lines) {
    const last = paragraphs[paragraphs.length - 1];
    if (!last || line.boundary === 'para' || line.boundary === 'cell') paragraphs.push([line]);
    else last.push(line);
  }
  const out = paragraphs
    .map((para) => {
      let s = '';
      para.forEach((line, i) => {
        const t = line.text;
        if (t === '') return;
        if (i === 0 || s === '') s = t;
        else if (isListLine(t) || isListLine(para[i - 1]?.text ?? '')) s += `\n${t}`;
        else s += ` ${t}`;
      });
      return s.trim();
    })
    .filter((s) => s !== '');
  return out.length > 0 ? out.join('\n\n') : null;
}

const PLACEHOLDER_RE =
  /^(n\/?a|n\/?d|s\/?i|no aplica|not applicable|ninguno|ninguna|none|nada|sin informacion|no hay|-+|–|—|\.+|x{2,}|\[.*\])$/;

function nullIfPlaceholder(text: string | null): string | null {
  if (text === null) return null;
  const t = text.trim();
  if (t === '' || (t.length <= 60 && PLACEHOLDER_RE.test(foldText(t)))) return null;
  return t;
}

function splitSentences(text: string): string[] {
  return text
    .split(/\n+|(?<=[.!?…])\s+(?=[^\s])/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

const NOT_DELAYED_RE =
  /\b(sin (ningun |mayor(es)? )?(retrasos?|atrasos?|demoras?)|no (se )?(encuentra|esta|presenta|tiene|registra|muestra|reporta|ha presentado|ha tenido|presento|hay|existe)( con| ningun| mayor(es)?)? (retrasos?|atrasos?|demoras?)|not (been )?delayed|no delays?|(is|are|was|were|has not been|have not been) not delayed|on (time|schedule|track)|without (any )?delays?)\b/;
const DELAYED_RE = /\b(retras\w*|atraso|atrasos|atrasad[oa]s?|demora(d[oa]s?)?|delay(ed|s)?|behind schedule)\b/;

/** Whether a milestone's text says it is delayed, and the sentence that says so. */
function readDelay(text: string): { delayed: boolean | null; note: string | null } {
  for (const sentence of splitSentences(text)) {
    const f = foldText(sentence);
    if (NOT_DELAYED_RE.test(f)) return { delayed: false, note: sentence };
    if (DELAYED_RE.test(f)) return { delayed: true, note: sentence };
  }
  return { delayed: null, note: null };
}

// ---------------------------------------------------------------------------------------------
// Milestones

interface DateRead {
  start: Month | null;
  end: Month | null;
  dateText: string | null;
  unreadable: string | null;
}

/** "Título (Septiembre a Octubre 2016)" → the title and the dates of its trailing parentheses. */
function splitTrailingDate(title: string, language: Locale): { title: string } & DateRead {
  const m = /\(([^()]{1,150})\)\s*[.:;,]?\s*$/.exec(title);
  if (m && m[1] !== undefined) {
    const inner = m[1].trim();
    const range = readMonthRange(inner, { language });
    const clean = title.slice(0, m.index).replace(/[\s:,;–—-]+$/, '').trim();
    if (range) return { title: clean, start: range.start, end: range.end, dateText: inner, unreadable: null };
    if (looksLikeDate(inner) && inner.split(/\s+/).length <= 8)
      return { title: clean, start: null, end: null, dateText: inner, unreadable: inner };
  }
  return { title: title.trim(), start: null, end: null, dateText: null, unreadable: null };
}

interface MilestoneDraft {
  number: number;
  header: string;
  subItems: string[];
  statusText: string | null;
  narrative: Line[];
}

function headerNumber(text: string): { number: number; title: string } | null {
  const m = MILESTONE_HEADER_RE.exec(text.length > 2000 ? text.slice(0, 2000) : text);
  if (!m) return null;
  const n = Number(m[1] ?? m[2]);
  if (!Number.isInteger(n) || n <= 0) return null;
  return { number: n, title: (m[3] ?? '').trim() };
}

/** Splits "1. Título (fechas)   - Sub   - Sub  Estado: Completo" into its lines. */
function splitHeaderLine(line: Line): Line[] {
  // runs of spaces shortened first: the split below then never backtracks over a long run
  const parts = line.raw.replace(/[ \u00a0]{3,}/g, '  ').split(
    /[ \u00a0]{2,}(?=[\uE000\uE001]*\s*[-–•]\s)|[ \u00a0]{2,}(?=[\uE000\uE001]*\s*(?:estado|status|estatus)\s*:)|\s*\uE001\s*(?=\uE000\s*(?:estado|status|estatus)\s*:)/i,
  );
  const out: Line[] = [];
  parts.forEach((raw, i) => {
    const text = plain(raw);
    if (text === '') return;
    out.push({ ...line, raw, text, boundary: i === 0 ? line.boundary : 'line' });
  });
  return out;
}

function parseNarrativeMilestones(lines: Line[]): { pre: Line[]; drafts: MilestoneDraft[] } {
  const pre: Line[] = [];
  const drafts: MilestoneDraft[] = [];
  let current: MilestoneDraft | null = null;
  let state: 'head' | 'narrative' = 'head';
  const strongHeader = (i: number, line: Line, title: string): boolean => {
    if (isBoldStart(line.raw)) return true;
    if (/\((?:[^()]{1,150})\)\s*[.:;,]?\s*$/.test(title) && looksLikeDate(/\(([^()]*)\)\s*[.:;,]?\s*$/.exec(title)?.[1] ?? '')) return true;
    if (/\s(estado|status|estatus)\s*:/i.test(line.text)) return true;
    for (let j = i + 1; j < Math.min(lines.length, i + 8); j += 1) {
      const next = lines[j];
      if (!next) break;
      if (isStatusLine(next.text)) return true;
      if (headerNumber(next.text)) break;
    }
    return false;
  };
  const feed = (line: Line) => {
    if (!current) return;
    const status = STATUS_LINE_RE.exec(line.text);
    if (status && current.statusText === null && line.text.length <= 100) {
      current.statusText = (status[1] ?? '').trim();
      state = 'narrative';
      return;
    }
    if (state === 'head' && isListLine(line.text)) {
      current.subItems.push(stripBullet(line.text));
      return;
    }
    state = 'narrative';
    current.narrative.push(line);
  };
  lines.forEach((line, i) => {
    const h = headerNumber(line.text);
    const expected = current ? current.number + 1 : null;
    if (h && (expected === null ? h.number <= 20 : h.number === expected) && h.title.length <= 400 && strongHeader(i, line, h.title)) {
      const [first, ...rest] = splitHeaderLine(line);
      const header = first ? (headerNumber(first.text)?.title ?? h.title) : h.title;
      current = { number: h.number, header, subItems: [], statusText: null, narrative: [] };
      drafts.push(current);
      state = 'head';
      rest.forEach(feed);
      return;
    }
    if (!current) pre.push(line);
    else feed(line);
  });
  return { pre, drafts };
}

export interface Collector {
  warnings: ParseWarning[];
  commitment: number;
}

function warn(col: Collector, code: ParseWarning['code'], field: string | undefined, params: Record<string, string | number> = {}) {
  const w: ParseWarning = { code, commitment: col.commitment, params };
  if (field !== undefined) w.field = field;
  col.warnings.push(w);
}

function finishMilestone(
  draft: { number: number; header: string; subItems: string[]; statusText: string | null; narrative: Line[] },
  index: number,
  language: Locale,
  col: Collector,
  statusExpected: boolean,
): ParsedMilestone {
  const head = splitTrailingDate(draft.header.replace(/[\s:]+$/, ''), language);
  if (head.unreadable !== null) warn(col, 'date_unreadable', `milestones[${index}].dateText`, { text: head.unreadable });
  const subItems = draft.subItems.map((s, k) => {
    const sub = splitTrailingDate(s, language);
    if (sub.unreadable !== null) warn(col, 'date_unreadable', `milestones[${index}].subItems[${k}]`, { text: sub.unreadable });
    return { title: sub.title, start: sub.start, end: sub.end };
  });
  let start = head.start;
  let end = head.end;
  if (start === null && end === null) {
    const starts = subItems.map((s) => s.start).filter((m): m is Month => m !== null);
    const ends = subItems.map((s) => s.end).filter((m): m is Month => m !== null);
    if (starts.length > 0) start = starts.reduce((a, b) => (b < a ? b : a));
    if (ends.length > 0) end = ends.reduce((a, b) => (b > a ? b : a));
  }
  let status: CompletionLevel | null = null;
  if (draft.statusText !== null) {
    status = readLevel(draft.statusText);
    if (status === null) warn(col, 'milestone_status_unreadable', `milestones[${index}].status`, { text: draft.statusText });
  } else if (statusExpected) {
    warn(col, 'field_missing', `milestones[${index}].status`);
  }
  const narrative = renderLines(draft.narrative) ?? '';
  const delay = readDelay([draft.statusText ?? '', narrative].filter((s) => s !== '').join('\n'));
  return {
    number: draft.number,
    title: head.title,
    subItems,
    start,
    end,
    dateText: head.dateText,
    status,
    narrative,
    reportedDelayed: delay.delayed,
    delayNote: delay.note,
  };
}

/** The 2019 table: "Actividad con un entregable verificable | Fecha de inicio | Fecha de término". */
function parseMilestoneTable(acc: FieldAcc, language: Locale, col: Collector): ParsedMilestone[] {
  const rows = new Map<number, Map<number, string[]>>();
  for (const line of acc.lines) {
    if (line.row === acc.row) continue;
    const cells = rows.get(line.row) ?? new Map<number, string[]>();
    rows.set(line.row, cells);
    const texts = cells.get(line.cell) ?? [];
    texts.push(line.text);
    cells.set(line.cell, texts);
  }
  const out: ParsedMilestone[] = [];
  for (const cells of rows.values()) {
    const values = [...cells.entries()].sort((a, b) => a[0] - b[0]).map(([, t]) => t.join(' ').trim());
    if (values.length < 2) {
      const last = out[out.length - 1];
      if (last && values[0]) last.narrative = last.narrative ? `${last.narrative}\n\n${values[0]}` : values[0];
      continue;
    }
    const index = out.length;
    const [titleCell = '', startText = '', endText = ''] = values;
    const h = headerNumber(titleCell);
    const title = h ? h.title : titleCell;
    const s = readMonthRange(startText, { language });
    const e = endText ? readMonthRange(endText, { language }) : s;
    if (startText && !s) warn(col, 'date_unreadable', `milestones[${index}].start`, { text: startText });
    if (endText && !e) warn(col, 'date_unreadable', `milestones[${index}].end`, { text: endText });
    out.push({
      number: h ? h.number : index + 1,
      title,
      subItems: [],
      start: s ? s.start : null,
      end: e ? e.end : null,
      dateText: endText ? `${startText} – ${endText}` : startText || null,
      status: null,
      narrative: '',
      reportedDelayed: null,
      delayNote: null,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Fields

function otherActors(lines: Line[]): { government: string[]; civilSociety: string[] } {
  const government: string[] = [];
  const civilSociety: string[] = [];
  const seen = new Set<string>();
  let target: string[] | null = null;
  const add = (list: string[] | null, value: string) => {
    for (const piece of value.split(/[;,\n]|\s[•·]\s/)) {
      const item = stripBullet(piece).replace(/\.+$/, '').trim();
      if (item === '' || nullIfPlaceholder(item) === null) continue;
      const into = list ?? (GOVERNMENT_WORDS_RE.test(foldText(item.slice(0, 300))) ? government : civilSociety);
      const key = `${into === government ? 'g' : 'c'}:${item}`;
      if (seen.has(key)) continue;
      seen.add(key);
      into.push(item);
    }
  };
  for (const line of lines) {
    const f = foldText(line.text);
    const gov = GOVERNMENT_SUBLABEL_RE.exec(f);
    const cso = gov ? null : CIVIL_SOCIETY_SUBLABEL_RE.exec(f);
    const m = gov ?? cso;
    if (m) {
      target = gov ? government : civilSociety;
      let rest = line.text.slice(m[0].length).replace(/^[\s:\-–—]+/, '');
      // a bold sub-label ends where its bold ends
      if (isBoldStart(line.raw)) {
        const close = line.raw.indexOf(B_CLOSE);
        rest = close >= 0 ? plain(line.raw.slice(close + 1)).replace(/^[\s:\-–—]+/, '') : '';
      }
      if (rest !== '') add(target, rest);
      continue;
    }
    add(target, line.text);
  }
  return { government, civilSociety };
}

function nextStepsOf(lines: Line[]): string[] {
  if (lines.some((l) => isListLine(l.text))) {
    const items: string[][] = [];
    for (const line of lines) {
      if (isListLine(line.text) || items.length === 0) items.push([stripBullet(line.text)]);
      else items[items.length - 1]?.push(line.text);
    }
    return items.map((parts) => parts.join(' ').trim()).filter((s) => s !== '');
  }
  const text = renderLines(lines);
  return text === null ? [] : text.split('\n\n').map(stripBullet).filter((s) => s !== '');
}

const EMAIL_RE = /[^\s@<>()[\]:;,"]+@[^\s@<>()[\]:;,"]+\.[a-z]{2,}/i;

const LEVEL_NAMES: Record<Locale, Record<CompletionLevel, string>> = {
  es: { not_started: 'no iniciado', limited: 'limitado', substantial: 'sustancial', complete: 'completo' },
  en: { not_started: 'not started', limited: 'limited', substantial: 'substantial', complete: 'complete' },
};

/**
 * The completion read by position (a PDF's completion row): one mark for the whole commitment, or
 * letters of sub-items; the commitment's level derived from the sub-items' by the stated rule.
 */
function completionFromMarks(read: CompletionRead, language: Locale, col: Collector): { level: CompletionLevel | null; subItems: Record<string, CompletionLevel> } {
  const subItems = read.subItems;
  if (read.level !== null) {
    if (read.ambiguous.length > 0) warn(col, 'completion_mark_ambiguous', 'completion', { mark: read.ambiguous[0] ?? 'X' });
    return { level: read.level, subItems };
  }
  const derived = deriveLevel(subItems);
  if (derived.level === null) {
    if (read.ambiguous.length > 0) warn(col, 'completion_mark_ambiguous', 'completion', { mark: read.ambiguous[0] ?? 'X' });
    else warn(col, 'completion_missing', 'completion');
    return { level: null, subItems };
  }
  if (read.ambiguous.length > 0) warn(col, 'completion_mark_ambiguous', 'completion', { mark: read.ambiguous[0] ?? 'X' });
  if (derived.differs) {
    const levels = Object.entries(subItems)
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([letter, level]) => `${letter}: ${LEVEL_NAMES[language][level]}`)
      .join(', ');
    warn(col, 'completion_sub_items_differ', 'completion', { levels, level: LEVEL_NAMES[language][derived.level] });
  }
  return { level: derived.level, subItems };
}

function completionOf(block: Block, col: Collector): CompletionLevel | null {
  const acc = block.fields.get('completion');
  const ambiguous = () => {
    warn(col, 'completion_mark_ambiguous', 'completion', { mark: block.marks[0]?.text ?? 'X' });
    return null;
  };
  if (!acc) return block.marks.length > 0 ? ambiguous() : null;
  const cells = acc.hadCells ? acc.rowCells : [];
  const cellLevels = cells.map((c, i) => (i === acc.labelCell ? null : readLevel(c)));
  const distinct = new Set(cellLevels.filter((l): l is CompletionLevel => l !== null));
  if (distinct.size >= 2) {
    // the header row of the scale: the mark is beside a level, or in the row below, in its column
    const marked = cells
      .map((c, i) => ({ level: cellLevels[i] ?? null, marked: MARK_IN_CELL_RE.test(c) }))
      .filter((x) => x.level !== null && x.marked);
    if (marked.length === 1) return marked[0]?.level ?? null;
    const below = block.marks.find((m) => m.adjacentToCompletion);
    if (below && below.cellCount <= cells.length && below.cell !== acc.labelCell) {
      const level = cellLevels[below.cell] ?? null;
      if (level !== null) return level;
    }
    if (block.marks.length > 0 || marked.length > 1) return ambiguous();
    warn(col, 'completion_missing', 'completion');
    return null;
  }
  if (distinct.size === 1) return [...distinct][0] ?? null;
  const stated = renderLines(acc.lines);
  const level = stated ? readLevel(stated) : null;
  if (level !== null) return level;
  if (block.marks.length > 0) return ambiguous();
  warn(col, 'completion_missing', 'completion');
  return null;
}

export function detectLanguage(votes: Record<Locale, number>, sample: string): Locale {
  if (votes.es !== votes.en) return votes.es > votes.en ? 'es' : 'en';
  const f = ` ${foldText(sample.slice(0, 200_000))} `;
  const count = (re: RegExp) => (f.match(re) ?? []).length;
  const es = count(/ (el|la|los|las|de|del|que|y|en|para|con) /g);
  const en = count(/ (the|of|and|to|in|for|with|that|is) /g);
  return en > es ? 'en' : 'es';
}

export function assemble(block: Block, language: Locale, col: Collector): ParsedCommitment {
  const generation: TemplateGeneration = block.genVotes['2019'] > block.genVotes['2014'] ? '2019' : '2014';
  const lines = (key: FieldKey): Line[] | null => {
    const acc = block.fields.get(key);
    return acc ? joinPageBreaks(acc.lines) : null;
  };
  const text = (key: FieldKey): string | null => {
    const l = lines(key);
    return l ? nullIfPlaceholder(renderLines(l)) : null;
  };
  const present = (key: FieldKey) => block.fields.has(key);

  // number and title
  let number = block.number;
  let title = block.title;
  const numberTitle = text('numberTitle');
  if (numberTitle) {
    const m = /^(?:(?:compromiso|commitment)\s*(?:n[°º.o]*\.?|no\.?|nro\.?|#)?\s*)?(\d{1,3})\s*[:.\-–—)]\s*(.*)$/is.exec(numberTitle);
    if (m) {
      if (number === null) number = Number(m[1]);
      if (title === '') title = (m[2] ?? '').trim();
    } else if (title === '') {
      title = numberTitle;
    }
  }
  if (number === null) warn(col, 'number_missing', 'number');

  // dates
  const dateText = text('dates');
  let start: Month | null = null;
  let end: Month | null = null;
  if (dateText !== null) {
    const range = readMonthRange(dateText, { language });
    if (range) ({ start, end } = range);
    else warn(col, 'date_unreadable', 'dateText', { text: dateText.slice(0, 200) });
  }

  // contact
  let email = text('email');
  let phone = text('phone');
  const emailPhone = text('emailPhone');
  if (emailPhone) {
    const m = EMAIL_RE.exec(emailPhone.slice(0, 1000));
    if (m && email === null) email = m[0];
    const rest = (m ? emailPhone.replace(m[0], ' ') : emailPhone).replace(/^[\s,;/|]+|[\s,;/|]+$/g, '').replace(/^(y|and)\s+/i, '');
    if (phone === null && (rest.match(/\d/g) ?? []).length >= 6) phone = rest;
  }
  if (email !== null) {
    const m = EMAIL_RE.exec(email.slice(0, 1000));
    if (m) email = m[0];
  }

  const actorsLines = lines('otherActors');
  const actors = actorsLines ? otherActors(actorsLines) : { government: [], civilSociety: [] };

  const briefDescription = text('brief');
  if (briefDescription !== null) {
    const length = [...briefDescription].length;
    if (length > BRIEF_DESCRIPTION_LIMIT)
      warn(col, 'brief_description_too_long', 'briefDescription', { length, limit: BRIEF_DESCRIPTION_LIMIT });
  }

  const completionAcc = block.fields.get('completion');
  let completionSubItems: Record<string, CompletionLevel> = {};
  let completion: CompletionLevel | null;
  if (completionAcc?.completion) {
    const read = completionFromMarks(completionAcc.completion, language, col);
    completion = read.level;
    completionSubItems = read.subItems;
  } else completion = completionOf(block, col);

  // results and milestones
  const selfAssessment = present('completion') || present('results');
  const milestonesAcc = block.fields.get('milestones');
  const tableMode =
    milestonesAcc !== undefined &&
    milestonesAcc.hadCells &&
    milestonesAcc.rowCells.some((c, i) => i !== milestonesAcc.labelCell && /\b(fecha|start|end|inicio|termino)\b/.test(foldText(c)));
  const region: Line[] = [...(lines('results') ?? [])];
  if (milestonesAcc && !tableMode) append(region, lines('milestones') ?? []);
  const parsedRegion = parseNarrativeMilestones(region);
  const milestones: ParsedMilestone[] = parsedRegion.drafts.map((d, i) => finishMilestone(d, i, language, col, generation === '2014' && selfAssessment));
  if (tableMode && milestonesAcc) {
    for (const m of parseMilestoneTable({ ...milestonesAcc, lines: joinPageBreaks(milestonesAcc.lines) }, language, col)) milestones.push(m);
  }
  const resultsDescription = present('results') ? nullIfPlaceholder(renderLines(parsedRegion.pre)) : null;
  // Sub-item letters stand for milestones 1, 2 … in order: their levels give those milestones' status.
  for (const m of milestones) {
    const level = completionSubItems[String.fromCharCode(96 + m.number)];
    if (level && m.status === null) m.status = level;
  }

  const nextStepsLines = lines('nextSteps');
  const nextSteps = nextStepsLines ? nextStepsOf(nextStepsLines).filter((s) => nullIfPlaceholder(s) !== null) : [];

  const commitment: ParsedCommitment = {
    language,
    generation,
    number,
    title,
    theme: text('theme') ?? block.themeHeading,
    start,
    end,
    dateText,
    leadInstitution: text('lead'),
    contact: {
      name: text('contactName'),
      title: text('contactTitle'),
      email,
      phone,
    },
    otherActors: actors,
    problem: text('problem'),
    objective: text('objective'),
    briefDescription,
    description: text('description'),
    howItSolves: text('howItSolves'),
    relevance: text('relevance'),
    ambition: text('ambition'),
    completion,
    resultsDescription,
    milestones,
    endDateText: text('endDate'),
    nextSteps,
    additionalInformation: text('additional'),
    remainingChallenges: text('remaining'),
    ...(Object.keys(completionSubItems).length > 0 ? { completionSubItems } : {}),
    sources: sourcesOf(block),
  };

  // one warning per template field that is missing or empty
  const missing = (field: string, key: FieldKey | null, value: unknown, core: boolean) => {
    const empty = value === null || value === '' || (Array.isArray(value) && value.length === 0);
    if (!empty) return;
    if (core || (key !== null && present(key))) warn(col, 'field_missing', field);
  };
  const is2014 = generation === '2014';
  missing('title', null, title, true);
  missing('theme', 'theme', commitment.theme, is2014);
  missing('dateText', 'dates', dateText, true);
  missing('leadInstitution', 'lead', commitment.leadInstitution, true);
  missing('contact.name', 'contactName', commitment.contact.name, true);
  missing('contact.email', null, email, present('email') || present('emailPhone'));
  missing('problem', 'problem', commitment.problem, true);
  missing('objective', 'objective', commitment.objective, is2014);
  missing('briefDescription', 'brief', briefDescription, is2014);
  missing('description', 'description', commitment.description, !is2014);
  missing('howItSolves', 'howItSolves', commitment.howItSolves, !is2014);
  missing('relevance', 'relevance', commitment.relevance, true);
  missing('ambition', 'ambition', commitment.ambition, is2014);
  missing('milestones', 'milestones', milestones, true);
  if (milestones.length === 0) missing('resultsDescription', 'results', resultsDescription, false);
  missing('endDateText', 'endDate', commitment.endDateText, is2014 && selfAssessment);
  missing('nextSteps', 'nextSteps', nextSteps, is2014 && selfAssessment);
  missing('additionalInformation', 'additional', commitment.additionalInformation, false);
  missing('remainingChallenges', 'remaining', commitment.remainingChallenges, is2014 && selfAssessment);
  return commitment;
}

/** Field names of the model, for each template field. */
const SOURCE_FIELDS: Partial<Record<FieldKey, string>> = {
  numberTitle: 'title', theme: 'theme', dates: 'dateText', lead: 'leadInstitution', contactName: 'contact.name',
  contactTitle: 'contact.title', emailPhone: 'contact.email', email: 'contact.email', phone: 'contact.phone',
  otherActors: 'otherActors', problem: 'problem', objective: 'objective', brief: 'briefDescription',
  description: 'description', howItSolves: 'howItSolves', relevance: 'relevance', ambition: 'ambition',
  completion: 'completion', results: 'resultsDescription', milestones: 'milestones', endDate: 'endDateText',
  nextSteps: 'nextSteps', additional: 'additionalInformation', remaining: 'remainingChallenges',
};

/** Where each field was read: its page and the label it stood under. */
export function sourcesOf(block: Block): Record<string, { page: number | null; label: string }> {
  const out: Record<string, { page: number | null; label: string }> = {};
  if (block.sawHeading && block.title !== '') out.title = { page: block.page, label: '' };
  for (const [key, acc] of block.fields) {
    const name = SOURCE_FIELDS[key];
    if (name && !(name in out)) out[name] = { page: acc.page, label: acc.label };
  }
  return out;
}
