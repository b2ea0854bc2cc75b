import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import type { Locale } from '../../lib/levels.js';
import { resolveText, type LocalizedText } from '../../lib/localized.js';
import type { Block, ListBlock, ListItem, Para, Run } from './document.js';

/**
 * The secretariat's report sections are Markdown (decision 105), read with markdown-it into the
 * report's neutral blocks (paragraphs, lists, runs in bold/italics, links), so the page, the PDF and
 * the DOCX render the same structure. Raw HTML is never HTML (`html: false`: it stays text, escaped
 * by every renderer), images are not read, and only absolute http(s) and mailto links become links.
 * A single line break is kept as a line break (`breaks`), so plain text written before reads as it did.
 */
const md = new MarkdownIt('commonmark', { html: false, breaks: true, linkify: false });
md.disable(['image']);

/** Parses with every link kept, to tell the author which links are refused (markdown-it drops them). */
const permissive = new MarkdownIt('commonmark', { html: false, breaks: true, linkify: false });
permissive.validateLink = () => true;

const SAFE_LINK = /^(https?:\/\/[^\s]+|mailto:[^\s]+)$/i;

/** A link a report may carry: an absolute http(s) address or a mailto. */
export function isSafeLink(href: string): boolean {
  return SAFE_LINK.test(href.trim());
}

/** The links of a text that would not be links (javascript:, data:, relative addresses …), for the form's message. */
export function refusedLinks(text: string): string[] {
  const out: string[] = [];
  const walk = (tokens: Token[]) => {
    for (const tk of tokens) {
      if (tk.type === 'link_open') {
        const href = tk.attrGet('href') ?? '';
        if (!isSafeLink(href)) out.push(href);
      }
      if (tk.children) walk(tk.children);
    }
  };
  walk(permissive.parse(text, {}));
  return out;
}

interface Style {
  bold: number;
  italic: number;
  href: string | null;
}

function inlineRuns(tokens: Token[], lang: Locale | undefined): Run[] {
  const runs: Run[] = [];
  const style: Style = { bold: 0, italic: 0, href: null };
  const push = (text: string) => {
    if (text === '') return;
    const r: Run = { text };
    if (style.bold > 0) r.bold = true;
    if (style.italic > 0) r.italic = true;
    if (style.href) r.href = style.href;
    if (lang) r.lang = lang;
    runs.push(r);
  };
  for (const tk of tokens) {
    switch (tk.type) {
      case 'text':
      case 'code_inline':
        push(tk.content);
        break;
      case 'softbreak':
      case 'hardbreak':
        push('\n');
        break;
      case 'strong_open':
        style.bold += 1;
        break;
      case 'strong_close':
        style.bold -= 1;
        break;
      case 'em_open':
        style.italic += 1;
        break;
      case 'em_close':
        style.italic -= 1;
        break;
      case 'link_open': {
        const href = tk.attrGet('href') ?? '';
        style.href = isSafeLink(href) ? href : null;
        break;
      }
      case 'link_close':
        style.href = null;
        break;
      default:
        // html_inline cannot occur (html: false); anything else keeps its text
        push(tk.content);
    }
  }
  // Adjacent runs of the same style become one (fewer PDF text objects, simpler DOCX).
  const merged: Run[] = [];
  for (const r of runs) {
    const last = merged[merged.length - 1];
    if (last && last.bold === r.bold && last.italic === r.italic && last.href === r.href && last.lang === r.lang && r.text !== '\n' && !last.text.endsWith('\n')) last.text += r.text;
    else merged.push({ ...r });
  }
  return merged;
}

/**
 * Markdown → blocks. Headings inside a section become level-3 headings (under the section's own);
 * block quotes and code read as paragraphs; a thematic break is dropped.
 */
export function markdownBlocks(text: string, lang?: Locale): Block[] {
  const tokens = md.parse(text, {});
  const out: Block[] = [];
  // the list being filled, innermost last
  const lists: ListBlock[] = [];
  const items: ListItem[] = [];
  let i = 0;
  const addPara = (p: Para) => {
    const item = items[items.length - 1];
    if (item && lists.length > 0) item.paras.push(p);
    else out.push({ type: 'paragraph', para: p });
  };
  while (i < tokens.length) {
    const tk = tokens[i]!;
    switch (tk.type) {
      case 'paragraph_open': {
        const inline = tokens[i + 1];
        const runs = inline?.children ? inlineRuns(inline.children, lang) : [];
        if (runs.length > 0) addPara({ runs });
        i += 3;
        continue;
      }
      case 'heading_open': {
        const inline = tokens[i + 1];
        const text = inline?.content.trim() ?? '';
        if (text) {
          if (lists.length > 0) addPara({ runs: [{ text, bold: true, ...(lang ? { lang } : {}) }] });
          else out.push({ type: 'heading', level: 3, text });
        }
        i += 3;
        continue;
      }
      case 'bullet_list_open':
      case 'ordered_list_open': {
        const ordered = tk.type === 'ordered_list_open';
        const start = ordered ? Number(tk.attrGet('start') ?? 1) : 1;
        const list: ListBlock = { type: 'list', ordered, start: Number.isFinite(start) ? start : 1, items: [] };
        const parent = items[items.length - 1];
        if (parent && lists.length > 0) (parent.lists ??= []).push(list);
        else out.push(list);
        lists.push(list);
        break;
      }
      case 'bullet_list_close':
      case 'ordered_list_close':
        lists.pop();
        break;
      case 'list_item_open': {
        const item: ListItem = { paras: [] };
        lists[lists.length - 1]?.items.push(item);
        items.push(item);
        break;
      }
      case 'list_item_close':
        items.pop();
        break;
      case 'code_block':
      case 'fence': {
        const content = tk.content.replace(/\n$/, '');
        if (content) addPara({ runs: [{ text: content, ...(lang ? { lang } : {}) }] });
        break;
      }
      default:
        // blockquote_open/close, hr: no block of their own
        break;
    }
    i += 1;
  }
  return out;
}

/** A localized Markdown text as blocks in the report's language (marked with its language on fallback). */
export function localizedMarkdown(value: LocalizedText | null | undefined, locale: Locale): Block[] {
  const r = resolveText(value, locale);
  if (!r) return [];
  return markdownBlocks(r.text, r.fallback ? r.lang : undefined);
}
