import { pgEnum, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { localized, versionColumn, timestamps } from './columns.js';

/** National members (countries) and local members (cities, provinces) of OGP. One instance can hold many. */
export const memberKind = pgEnum('member_kind', ['national', 'local']);

export const members = pgTable(
  'members',
  {
    id: serial().primaryKey(),
    /** Stable short code used in URLs and imports: `CL`, `US`, `cl-santiago`. */
    code: text().notNull(),
    name: localized(),
    kind: memberKind().notNull().default('national'),
    /** ISO 3166-1 alpha-2 of the country (of the locality, for local members). */
    countryCode: text(),
    /** The institution that holds the member's OGP secretariat (the author of its reports); {} when not given. */
    secretariatInstitution: localized(),
    version: versionColumn(),
    ...timestamps,
  },
  (t) => [uniqueIndex('members_code_unique').on(t.code)],
);
