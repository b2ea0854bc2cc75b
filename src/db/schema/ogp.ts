import { jsonb, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { timestamps } from './columns.js';
import { commitments } from './commitments.js';
import { imports } from './imports.js';

/**
 * A commitment's row of OGP's commitment data as last imported, every column as written. The
 * export writes the model's value for each column it holds and this raw value where the model
 * has no place for it (derived IRM scores, flags, URLs) or where the raw value still reads as the
 * model's (so "7/1/18" is given back as written, not as "2018-07").
 */
export const ogpCommitmentRecords = pgTable('ogp_commitment_records', {
  commitmentId: integer()
    .primaryKey()
    .references(() => commitments.id, { onDelete: 'cascade' }),
  /** The language the row's texts were stored in (`es` or `en`). */
  language: text().notNull(),
  raw: jsonb().$type<Record<string, string>>().notNull(),
  importId: integer().references(() => imports.id, { onDelete: 'set null' }),
  ...timestamps,
});
