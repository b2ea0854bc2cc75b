import type { Locale } from '../lib/levels.js';
import { en } from './en.js';
import { es } from './es.js';

import type { Widen } from './widen.js';

/** The shape of a message catalog: every language has every key (the compiler checks en against es). */
export type Messages = Widen<typeof es>;

export const catalogs: Record<Locale, Messages> = { es, en };

export function messages(locale: Locale): Messages {
  return catalogs[locale];
}

export const DEFAULT_LOCALE: Locale = 'es';
