import type { Locale } from '../../lib/levels.js';
import { TemplateParseError, type ParseResult, type ParseWarning } from './parsed.js';
import { normalizeMarkup, toRows, type Row } from './template-normalize.js';
import { buildBlocks, buildEvents, renumberRestarts } from './blocks.js';
import { BRIEF_DESCRIPTION_LIMIT, assemble, detectLanguage } from './fields.js';

/**
 * The template parser: reads the OGP commitment template ("Plantilla de cumplimiento de
 * Compromisos" and its English and 2019 versions) out of a document, which may hold one commitment
 * or a whole report of them. Three modules, each with its own tests (decision 106):
 * 1. layout.ts — rows of cells (every reader's output, decision 100) → lines;
 * 2. blocks.ts — lines → events → commitment blocks, themes, numbering;
 * 3. fields.ts — a block's labelled lines → field values, provenance, warnings.
 */

export const MAX_TEMPLATE_CHARS = 5_000_000;
export { BRIEF_DESCRIPTION_LIMIT };

export interface ParseTemplateOptions {
  language?: Locale;
}

function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  const sample = text.length > 100_000 ? text.slice(0, 100_000) : text;
  let control = 0;
  let replacement = 0;
  for (let i = 0; i < sample.length; i += 1) {
    const code = sample.charCodeAt(i);
    if ((code < 32 && code !== 9 && code !== 10 && code !== 13 && code !== 12 && code !== 11) || code === 127) control += 1;
    else if (code === 0xfffd) replacement += 1;
  }
  return control > 8 && control / sample.length > 0.01 ? true : replacement > 8 && replacement / sample.length > 0.05;
}

/**
 * Reads every commitment template in a document. Throws TemplateParseError when the text cannot
 * be a template at all (empty, binary, too large, no template labels); everything else that is
 * wrong or missing becomes a warning.
 */
export function parseTemplate(text: string, options: ParseTemplateOptions = {}): ParseResult {
  if (typeof text !== 'string') throw new TemplateParseError('not_a_template');
  if (text.length > MAX_TEMPLATE_CHARS) throw new TemplateParseError('too_large', { limit: MAX_TEMPLATE_CHARS });
  if (text.trim() === '') throw new TemplateParseError('empty');
  if (looksBinary(text)) throw new TemplateParseError('binary');

  const normalized = normalizeMarkup(text);
  return parseRows(toRows(normalized), options, normalized);
}

/**
 * Reads every commitment template in a document given as rows of cells (what every reader gives,
 * decision 100): blocks, then fields. `sample` is text to guess the language from when the labels
 * do not tell.
 */
export function parseRows(rows: Row[], options: ParseTemplateOptions = {}, sample?: string): ParseResult {
  const events = buildEvents(rows);
  const langVotes: Record<Locale, number> = { es: 0, en: 0 };
  const blocks = buildBlocks(events, langVotes).filter((b) => {
    const fields = [...b.fields.keys()].filter((k) => k !== 'section');
    return fields.length >= 2 || ((b.sawHeading || b.sawTemplate) && fields.length >= 1);
  });
  if (blocks.length === 0) throw new TemplateParseError('not_a_template');

  const language = options.language ?? detectLanguage(langVotes, sample ?? rows.slice(0, 400).map((r) => r.cells.join(' ')).join('\n'));
  const warnings: ParseWarning[] = [];
  const commitments = blocks.map((block, i) => assemble(block, language, { warnings, commitment: i }));
  renumberRestarts(commitments, blocks, warnings);
  return { commitments, warnings };
}

