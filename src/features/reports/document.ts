import type { Locale } from '../../lib/levels.js';
import { resolveText, type LocalizedText } from '../../lib/localized.js';

/**
 * A report as a neutral document: headings, paragraphs, tables and charts. The self-assessment and
 * the follow-up reports are built once into this shape; the HTML page, the DOCX and the PDF are
 * renderings of the same blocks, so the three formats cannot say different things.
 */
export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
  /** Set when the text is in another language than the document's (a fallback). */
  lang?: Locale;
  /** A link (an absolute http(s) or mailto address: see markdown.ts). */
  href?: string;
}

export interface Para {
  runs: Run[];
  /** A list item ("- Funciones"). */
  item?: boolean;
}

export interface Cell {
  paras: Para[];
  /** How many of the table's columns it spans (default 1). */
  span?: number;
  /** A label cell: shaded, bold. */
  head?: boolean;
  /** Centre the text (the completion columns). */
  center?: boolean;
}

export interface ChartBar {
  key: string;
  label: string;
  value: number;
  color: string;
}

/** An item of a list: its paragraphs, then the lists nested in it. */
export interface ListItem {
  paras: Para[];
  lists?: ListBlock[];
}

/** A bulleted or numbered list (from a section's Markdown). */
export interface ListBlock {
  type: 'list';
  ordered: boolean;
  /** The first number of a numbered list. */
  start: number;
  items: ListItem[];
}

export type Block =
  | ListBlock
  | { type: 'heading'; level: 1 | 2 | 3; text: string; id?: string }
  | { type: 'paragraph'; para: Para; muted?: boolean }
  | {
      type: 'table';
      /** Relative widths of the columns (they are scaled to the page). */
      widths: number[];
      rows: Cell[][];
      caption?: string;
      /** The template table of one commitment (tests count these). */
      role?: 'template' | 'summary' | 'changes';
    }
  | { type: 'chart'; title: string; bars: ChartBar[]; total: number };

export interface ReportDocument {
  locale: Locale;
  title: string;
  subtitle: string;
  /** Short lines under the title: plan, member, dates, generated on. */
  meta: string[];
  blocks: Block[];
  /** Who the document is by (DOCX/PDF author): the secretariat's institution, or the member. */
  author?: string;
  /** For file names: `autoevaluacion-medio-termino-CL-3`. */
  fileStem: string;
}

/** A text shown in the other language (not written in the report's) says so after it. */
export const FALLBACK_NOTE = { es: ' [only in Spanish]', en: ' [solo en inglés]' } as const;

export function withFallbackNote(runs: Run[]): Run[] {
  const lang = runs.find((r) => r.lang)?.lang;
  return lang ? [...runs, { text: FALLBACK_NOTE[lang], italic: true }] : runs;
}

export const run = (text: string, style: Omit<Run, 'text'> = {}): Run => ({ text, ...style });
export const para = (...runs: Run[]): Para => ({ runs });
export const textPara = (text: string, style: Omit<Run, 'text'> = {}): Para => ({ runs: [run(text, style)] });
export const cell = (paras: Para[], options: Omit<Cell, 'paras'> = {}): Cell => ({ paras, ...options });

/** A localized field as paragraphs (blank lines separate them), marked with its language on fallback. */
export function localizedParas(value: LocalizedText | null | undefined, locale: Locale): Para[] {
  const r = resolveText(value, locale);
  if (!r) return [];
  return r.text
    .split(/\n{2,}/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter(Boolean)
    .map((p) => ({ runs: [{ text: p, lang: r.fallback ? r.lang : undefined }] }));
}

/** A localized field as one run ('' when absent in both languages). */
export function localizedRun(value: LocalizedText | null | undefined, locale: Locale, style: Omit<Run, 'text'> = {}): Run {
  const r = resolveText(value, locale);
  return { text: r?.text ?? '', lang: r?.fallback ? r.lang : undefined, ...style };
}

/** Every text of a document, in order (tests and search). */
export function documentText(doc: ReportDocument): string {
  const out: string[] = [doc.title, doc.subtitle, ...doc.meta];
  const paraText = (p: Para) => p.runs.map((r) => r.text).join('');
  for (const b of doc.blocks) {
    if (b.type === 'heading') out.push(b.text);
    else if (b.type === 'paragraph') out.push(paraText(b.para));
    else if (b.type === 'table') for (const row of b.rows) for (const c of row) out.push(...c.paras.map(paraText));
    else if (b.type === 'list') out.push(...listTexts(b, paraText));
    else out.push(b.title, ...b.bars.map((bar) => `${bar.label}: ${bar.value}`));
  }
  return out.join('\n');
}

function listTexts(list: ListBlock, paraText: (p: Para) => string): string[] {
  return list.items.flatMap((item) => [...item.paras.map(paraText), ...(item.lists ?? []).flatMap((l) => listTexts(l, paraText))]);
}

/** A file name safe everywhere: ASCII letters, digits and dashes. */
export function safeStem(text: string): string {
  return (
    text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'report'
  );
}
