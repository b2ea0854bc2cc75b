import { sql } from 'drizzle-orm';
import { check, integer, jsonb, text, timestamp } from 'drizzle-orm/pg-core';
import type { LocalizedText } from '../../lib/localized.js';
import type { Month } from '../../lib/month.js';

/** A text field in es and en (decision 002). */
export const localized = (name?: string) =>
  (name ? jsonb(name) : jsonb()).$type<LocalizedText>().notNull().default({});

/** A list of texts in es and en (e.g. next steps). */
export const localizedList = (name?: string) =>
  (name ? jsonb(name) : jsonb()).$type<LocalizedText[]>().notNull().default([]);

/** A month `YYYY-MM` (the precision plans are written in). */
export const monthColumn = (name?: string) => (name ? text(name) : text()).$type<Month>();

export const monthCheck = (name: string, column: Parameters<typeof sql>[1]) =>
  check(name, sql`${column} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`);

/** Optimistic concurrency (decision 050): every edit is `UPDATE … WHERE version = $seen`, then version + 1. */
export const versionColumn = () => integer().notNull().default(1);

export const timestamps = {
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
};
