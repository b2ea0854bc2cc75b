import { diffWords } from 'diff';
import type { DraftFields } from '../../db/schema/index.js';
import type { Locale } from '../../lib/levels.js';
import { textIn } from '../../lib/localized.js';
import type { CommentableField } from './commands.js';

export interface DiffPart {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/** The text of one field of a draft in a language, as the diff and the comments see it. */
export function fieldText(f: DraftFields, field: CommentableField, locale: Locale): string {
  switch (field) {
    case 'leadInstitution':
      return f.leadInstitution;
    case 'dates':
      return `${f.startMonth} – ${f.endMonth}`;
    case 'milestones':
      return f.milestones.map((m, i) => `${i + 1}. ${textIn(m.title, locale)} (${m.start} – ${m.end})`).join('\n');
    default:
      return textIn(f[field], locale);
  }
}

/** A word-level diff of two texts (the `diff` package). */
export function wordDiff(a: string, b: string): DiffPart[] {
  return diffWords(a, b).map((p) => ({ kind: p.added ? 'added' : p.removed ? 'removed' : 'same', text: p.value }));
}
