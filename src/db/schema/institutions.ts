import { boolean, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { localized, versionColumn, timestamps } from './columns.js';
import { members } from './members.js';

/** A public institution that leads or supports commitments (ministries, agencies, congress …). */
export const institutions = pgTable(
  'institutions',
  {
    id: serial().primaryKey(),
    memberId: integer()
      .notNull()
      .references(() => members.id, { onDelete: 'restrict' }),
    name: localized(),
    /** The name folded to lower case without accents or punctuation, to match imports: one institution, one row. */
    nameKey: text().notNull(),
    abbreviation: text(),
    website: text(),
    version: versionColumn(),
    ...timestamps,
  },
  (t) => [uniqueIndex('institutions_member_name_key_unique').on(t.memberId, t.nameKey)],
);

/** A named contact person of an institution. Personal data: shown publicly only when `isPublic`. */
export const contacts = pgTable(
  'contacts',
  {
    id: serial().primaryKey(),
    institutionId: integer()
      .notNull()
      .references(() => institutions.id, { onDelete: 'restrict' }),
    name: text().notNull(),
    /** Job title: "Secretario Ejecutivo Comisión de Probidad y Transparencia". */
    title: localized(),
    email: text(),
    phone: text(),
    isPublic: boolean().notNull().default(true),
    version: versionColumn(),
    ...timestamps,
  },
  (t) => [uniqueIndex('contacts_institution_name_unique').on(t.institutionId, t.name)],
);
