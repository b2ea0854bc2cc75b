import type { Messages } from '../i18n/index.js';
import { parseMonth, type Month } from '../lib/month.js';

export function formatMonth(value: Month | string | null | undefined, t: Messages): string | null {
  if (!value) return null;
  const { year, month } = parseMonth(value as Month);
  const name = t.months[month - 1] ?? String(month);
  return t.monthYear(name, year);
}

export function formatMonthRange(from: Month | string | null, to: Month | string | null, t: Messages): string | null {
  const a = formatMonth(from, t);
  const b = formatMonth(to, t);
  if (a && b) return a === b ? a : t.monthRange(a, b);
  return a ?? b;
}

/** One formatter per language, made once (making an Intl.DateTimeFormat costs ~0.1 ms, more than formatting). */
const DATE_FORMATS = {
  es: new Intl.DateTimeFormat('es-CL', { dateStyle: 'long', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }),
};
const TIME_FORMATS = {
  es: new Intl.DateTimeFormat('es-CL', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'UTC' }),
};

/** A moment with its time, in UTC and saying so: "23 de noviembre de 2026, 12:00 UTC". A date alone stays a date. */
export function formatDateTime(value: Date | string, locale: 'es' | 'en'): string {
  if (typeof value === 'string' && !value.includes('T')) return formatDate(value, locale);
  const d = typeof value === 'string' ? new Date(value) : value;
  const date = formatDate(d, locale);
  const time = TIME_FORMATS[locale === 'es' ? 'es' : 'en'].format(d);
  return `${date}, ${time} UTC`;
}

export function formatDate(date: Date | string, locale: 'es' | 'en'): string {
  const d = typeof date === 'string' ? new Date(date) : date;
  return DATE_FORMATS[locale === 'es' ? 'es' : 'en'].format(d);
}
