import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { documents, files } from './documents.js';

/**
 * Every version of a document the secretariat uploaded to the repository (issue 9, scope 5; decision
 * 056). Version 1 is the first publication; a correction adds the next number, and the document row
 * points at the newest file or link. Older versions stay downloadable, each with who, when and why.
 */
export const documentVersions = pgTable(
  'document_versions',
  {
    id: serial().primaryKey(),
    documentId: integer()
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    number: integer().notNull(),
    fileSha256: text().references(() => files.sha256, { onDelete: 'restrict' }),
    url: text(),
    fileName: text(),
    /** Why this version: empty for the first publication, the correction's reason after. */
    reason: text().notNull().default(''),
    createdBy: integer().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('document_versions_document_number_unique').on(t.documentId, t.number),
    index('document_versions_document_idx').on(t.documentId),
    check('document_versions_file_or_url', sql`(${t.fileSha256} is not null) <> (${t.url} is not null)`),
    check('document_versions_url_scheme', sql`${t.url} is null or ${t.url} ~ '^https?://'`),
    check('document_versions_number_positive', sql`${t.number} > 0`),
  ],
);

/** A withdrawn document: it stays listed, marked withdrawn with its public reason. One row per document (the key): of two withdrawals at once, one wins. */
export const documentWithdrawals = pgTable('document_withdrawals', {
  documentId: integer()
    .primaryKey()
    .references(() => documents.id, { onDelete: 'cascade' }),
  reason: text().notNull(),
  withdrawnBy: integer().references(() => users.id, { onDelete: 'set null' }),
  withdrawnAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
