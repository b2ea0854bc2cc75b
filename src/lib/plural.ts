import type { Locale } from './levels.js';

const rules: Record<Locale, Intl.PluralRules> = { es: new Intl.PluralRules('es'), en: new Intl.PluralRules('en') };
const numbers: Record<Locale, Intl.NumberFormat> = { es: new Intl.NumberFormat('es-CL'), en: new Intl.NumberFormat('en-GB') };

/** Picks the form for `n` by the language's plural rules (`Intl.PluralRules`): "1 compromiso", "2 compromisos". */
export function pick(locale: Locale, n: number, forms: { one: string; other: string }): string {
  return rules[locale].select(n) === 'one' ? forms.one : forms.other;
}

/** `n` written for the language, then its noun in the right form. */
export function count(locale: Locale, n: number, one: string, other: string): string {
  return `${numbers[locale].format(n)} ${pick(locale, n, { one, other })}`;
}
