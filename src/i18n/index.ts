import type { Locale } from '../lib/levels.js';
import { en } from './en.js';
import { es } from './es.js';

type Widen<T> = T extends string
  ? string
  : T extends (...args: infer A) => string
    ? (...args: A) => string
    : T extends readonly string[]
      ? readonly string[]
      : { [K in keyof T]: Widen<T[K]> };

/** The shape of a message catalog: every language has every key (the compiler checks en against es). */
export type Messages = Widen<typeof es>;

export const catalogs: Record<Locale, Messages> = { es, en };

export function messages(locale: Locale): Messages {
  return catalogs[locale];
}

export const DEFAULT_LOCALE: Locale = 'es';
