import { z } from 'zod';
import type { Locale } from './levels.js';

/**
 * Content in several languages, stored per field (decision 002): `{ "es": "…", "en": "…" }`.
 * Either key may be missing; a field in only one language is shown in that language, marked with
 * its `lang` so screen readers pronounce it right.
 */
export type LocalizedText = Partial<Record<Locale, string>>;

export const localizedTextSchema = z
  .object({ es: z.string().optional(), en: z.string().optional() })
  .strict();

export interface ResolvedText {
  text: string;
  /** The language the text is actually in (differs from the requested one on fallback). */
  lang: Locale;
  fallback: boolean;
}

const OTHER: Record<Locale, Locale> = { es: 'en', en: 'es' };

export function resolveText(value: LocalizedText | null | undefined, locale: Locale): ResolvedText | null {
  if (!value) return null;
  const own = value[locale];
  if (own && own.trim() !== '') return { text: own, lang: locale, fallback: false };
  const other = value[OTHER[locale]];
  if (other && other.trim() !== '') return { text: other, lang: OTHER[locale], fallback: true };
  return null;
}

/** The text in `locale`, else in the other language, else ''. */
export function textIn(value: LocalizedText | null | undefined, locale: Locale): string {
  return resolveText(value, locale)?.text ?? '';
}

export function isEmptyText(value: LocalizedText | null | undefined): boolean {
  return resolveText(value, 'es') === null;
}

export function inLocale(locale: Locale, text: string | null | undefined): LocalizedText {
  return text && text.trim() !== '' ? { [locale]: text } : {};
}
