import { stringify } from 'csv-stringify/sync';

/**
 * The one CSV writer (RFC 4180): comma-separated, CRLF between records, UTF-8 with a BOM so that
 * Excel reads the accents. Every cell containing CR, LF, a double quote or a comma is quoted —
 * csv-stringify on its own quotes only the record delimiter (`\r\n`), not a bare `\n` or `\r`,
 * which makes Python's csv module, pandas and LibreOffice split one record into several.
 */
export function csvText(rows: readonly (readonly string[])[]): string {
  return stringify(rows as string[][], { record_delimiter: '\r\n', delimiter: ',', quote: '"', quoted_match: /[\r\n",]/ });
}

/** `csvText` encoded as UTF-8 with a byte-order mark. */
export function csvBytes(rows: readonly (readonly string[])[]): Uint8Array {
  return new TextEncoder().encode(`\uFEFF${csvText(rows)}`);
}
