import { sql } from 'drizzle-orm';
import { check, customType, date, index, integer, pgEnum, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { localized } from './columns.js';
import { actionPlans } from './plans.js';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => new Uint8Array(value),
});

/**
 * Stored files (evidence, minutes, generated reports, uploaded documents), content-addressed by
 * SHA-256 and kept in the database itself so that every app server sees them and a database backup
 * holds everything (decision 008).
 */
export const files = pgTable('files', {
  sha256: text().primaryKey(),
  bytes: bytea().notNull(),
  size: integer().notNull(),
  /** The media type checked on upload (from the content, not the name). */
  mediaType: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** The public document repository (OGP minimum requirement 2.2): every report, minute, evidence file and plan document. */
export const DOCUMENT_TYPES = ['self_assessment', 'follow_up_report', 'minutes', 'evidence', 'plan_document', 'other'] as const;
export const documentType = pgEnum('document_type', DOCUMENT_TYPES);

export const documents = pgTable(
  'documents',
  {
    id: serial().primaryKey(),
    planId: integer().references(() => actionPlans.id, { onDelete: 'restrict' }),
    type: documentType().notNull(),
    title: localized(),
    description: localized(),
    /** The date the document is of (a meeting, a report's cut-off). */
    documentDate: date({ mode: 'string' }).notNull(),
    /** A stored file, or … */
    fileSha256: text().references(() => files.sha256, { onDelete: 'restrict' }),
    /** … a link elsewhere (http/https only). */
    url: text(),
    fileName: text(),
    /** What it belongs to, e.g. `{ progressUpdateId: 7 }` or `{ followUpReportId: 2 }`. */
    subjectType: text(),
    subjectId: integer(),
    /** Null while not public. */
    publishedAt: timestamp({ withTimezone: true }),
    createdBy: integer().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('documents_plan_idx').on(t.planId, t.documentDate),
    index('documents_subject_idx').on(t.subjectType, t.subjectId),
    check('documents_file_or_url', sql`(${t.fileSha256} is not null) <> (${t.url} is not null)`),
    check('documents_url_scheme', sql`${t.url} is null or ${t.url} ~ '^https?://'`),
  ],
);
