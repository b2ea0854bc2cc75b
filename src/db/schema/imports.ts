import { jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

/** A document brought in through an importer: where stored values came from (provenance). */
export const imports = pgTable('imports', {
  id: serial().primaryKey(),
  /** The file name as given. */
  sourceName: text().notNull(),
  sha256: text().notNull(),
  format: text().notNull(),
  /** Warnings the parser gave, as stored: `[{ code, field, params }]`. */
  warnings: jsonb().$type<unknown[]>().notNull().default([]),
  actor: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
