import type { Locale } from './levels.js';

const rules: Record<Locale, Intl.PluralRules> = { es: new Intl.PluralRules('es'), en: new Intl.PluralRules('en') };
const numbers: Record<Locale, Intl.NumberFormat> = { es: new Intl.NumberFormat('es-CL'), en: new Intl.NumberFormat('en-GB') };

/** Picks the form for `n` by the language's plural rules (`Intl.PluralRules`): "1 compromiso", "2 compromisos". */
export function pick(locale: Locale, n: number, forms: { one: string; other: string }): string {
  return rules[locale].select(n) === 'one' ? forms.one : forms.other;
}

/** Small whole numbers as each language writes them and whether they take the singular, kept once worked out (pages write hundreds). */
const SMALL = 1000;
const written: Record<Locale, string[]> = { es: [], en: [] };
const isOne: Record<Locale, boolean[]> = { es: [], en: [] };

/** `n` written for the language, then its noun in the right form. */
export function count(locale: Locale, n: number, one: string, other: string): string {
  if (Number.isInteger(n) && n >= 0 && n < SMALL) {
    const text = (written[locale][n] ??= numbers[locale].format(n));
    return `${text} ${(isOne[locale][n] ??= rules[locale].select(n) === 'one') ? one : other}`;
  }
  return `${numbers[locale].format(n)} ${pick(locale, n, { one, other })}`;
}
