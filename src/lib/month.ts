import { z } from 'zod';

/**
 * A calendar month, the precision OGP action plans use for dates ("Septiembre 2016 a Junio 2018").
 * Stored and exchanged as the ISO 8601 string `YYYY-MM`.
 */
export type Month = `${number}-${string}`;

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

export const monthSchema = z
  .string()
  .regex(MONTH_PATTERN, { message: 'month must be written YYYY-MM' })
  .transform((value) => value as Month);

export function isMonth(value: unknown): value is Month {
  return typeof value === 'string' && MONTH_PATTERN.test(value);
}

export function month(year: number, monthNumber: number): Month {
  if (!Number.isInteger(year) || !Number.isInteger(monthNumber) || monthNumber < 1 || monthNumber > 12) {
    throw new RangeError(`not a month: ${year}-${monthNumber}`);
  }
  return `${String(year).padStart(4, '0')}-${String(monthNumber).padStart(2, '0')}` as Month;
}

export function monthOf(date: Date): Month {
  return month(date.getUTCFullYear(), date.getUTCMonth() + 1);
}

export function parseMonth(value: Month): { year: number; month: number } {
  const [y, m] = value.split('-');
  return { year: Number(y), month: Number(m) };
}

/** Whole months from a to b (b − a); negative when b is before a. */
export function monthsBetween(a: Month, b: Month): number {
  const pa = parseMonth(a);
  const pb = parseMonth(b);
  return (pb.year - pa.year) * 12 + (pb.month - pa.month);
}

export function compareMonths(a: Month, b: Month): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True once the whole month has ended at `now` (the first instant of the next month, UTC). */
export function monthHasEnded(value: Month, now: Date): boolean {
  return compareMonths(value, monthOf(now)) < 0;
}
