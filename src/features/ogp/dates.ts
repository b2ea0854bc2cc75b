import { month, type Month } from '../../lib/month.js';
import { readMonthRange } from '../ingest/dates.js';

/** OGP's markers for a missing value. */
export const MARKERS = new Set(['ND', 'NR', 'NA']);

export function isBlank(value: string | undefined): boolean {
  const v = (value ?? '').trim();
  return v === '' || MARKERS.has(v);
}

/** Excel's day count (1 = 1900-01-01, with its fictitious 1900-02-29). */
function fromExcelSerial(serial: number): Month | null {
  const ms = Date.UTC(1899, 11, 30) + serial * 86_400_000;
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  if (y < 1990 || y > 2100) return null;
  return month(y, d.getUTCMonth() + 1);
}

function year(y: number): number {
  return y < 100 ? 2000 + y : y;
}

/**
 * Reads one of the free-form dates of OGP's data at month precision: `7/1/2016` (month first, as
 * OGP's export writes them), `31/12/2016` (day first, when the first number cannot be a month),
 * `7/1/18`, `44439` (an Excel day count), `7/16/1905` (a year typed into a date cell: Excel shows
 * 2024 as 16 July 1905), `July 2014`, `Quarter 2 2015`, `I quarter of 2021`, `2011`. `which` says
 * which end of a period a year or a quarter stands for. Null when it cannot be read ("Underway",
 * "NA"): the text is kept as written.
 */
export function readOgpDate(text: string | undefined, which: 'start' | 'end'): Month | null {
  const v = (text ?? '').trim();
  if (isBlank(v) || v.length > 60) return null;
  if (/^\d{5}$/.test(v)) return fromExcelSerial(Number(v));
  const numeric = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(v);
  if (numeric) {
    const a = Number(numeric[1]);
    const b = Number(numeric[2]);
    const y = year(Number(numeric[3]));
    if (y >= 1900 && y <= 1906) {
      // A year typed into a cell formatted as a date.
      const serial = Math.round((Date.UTC(y, a - 1, b) - Date.UTC(1899, 11, 30)) / 86_400_000);
      if (serial >= 1990 && serial <= 2100) return month(serial, which === 'start' ? 1 : 12);
      return null;
    }
    if (y < 1990 || y > 2100) return null;
    if (a >= 1 && a <= 12 && b >= 1 && b <= 31) return month(y, a);
    if (b >= 1 && b <= 12 && a >= 1 && a <= 31) return month(y, b);
    return null;
  }
  const quarter = /^(I{1,3}|IV) quarter of (\d{4})$/i.exec(v);
  const text2 = quarter ? `Q${{ i: 1, ii: 2, iii: 3, iv: 4 }[quarter[1]!.toLowerCase() as 'i']} ${quarter[2]}` : v.replace(/^quarter (\d)/i, 'Q$1');
  const range = readMonthRange(text2, { language: 'en' });
  if (!range) return null;
  return which === 'start' ? range.start : range.end;
}

/** The year of a month, as OGP writes years. */
export function yearOf(m: Month): string {
  return m.slice(0, 4);
}
