import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgEnum, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { localized, timestamps, versionColumn } from './columns.js';
import { forums } from './forum.js';

/**
 * News and events of a forum (issue 11, scope 5; decision 077): written by the secretariat as
 * Markdown in es and en, draft → published; a correction of a published item is an edit recorded
 * in its public history (before → after); unpublishing needs a reason and leaves a public note.
 */
export const NEWS_KINDS = ['news', 'event'] as const;
export const newsKind = pgEnum('news_kind', NEWS_KINDS);
export const NEWS_STATES = ['draft', 'published', 'unpublished'] as const;
export const newsState = pgEnum('news_state', NEWS_STATES);

export const newsItems = pgTable(
  'news_items',
  {
    id: serial().primaryKey(),
    forumId: integer()
      .notNull()
      .references(() => forums.id, { onDelete: 'restrict' }),
    kind: newsKind().notNull().default('news'),
    title: localized(),
    /** Markdown (raw HTML is never rendered). */
    body: localized(),
    /** The date the item is of (shown and ordered by). */
    itemDate: date({ mode: 'string' }).notNull(),
    /** Events: when and where (a place, a link or both). */
    startsAt: timestamp({ withTimezone: true }),
    endsAt: timestamp({ withTimezone: true }),
    place: text().notNull().default(''),
    link: text(),
    state: newsState().notNull().default('draft'),
    publishedAt: timestamp({ withTimezone: true }),
    unpublishedAt: timestamp({ withTimezone: true }),
    unpublishReason: text(),
    version: versionColumn(),
    createdBy: integer().references(() => users.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (t) => [
    index('news_items_forum_idx').on(t.forumId, t.state, t.itemDate),
    check('news_items_event_times', sql`${t.kind} = 'news' or (${t.startsAt} is not null and ${t.endsAt} is not null and ${t.endsAt} > ${t.startsAt})`),
    check('news_items_link_scheme', sql`${t.link} is null or ${t.link} ~ '^https?://'`),
    check('news_items_unpublish_reason', sql`${t.state} <> 'unpublished' or (${t.unpublishReason} is not null and ${t.unpublishedAt} is not null)`),
    check('news_items_published_at', sql`${t.state} = 'draft' or ${t.publishedAt} is not null`),
  ],
);

/** The public history of a published item: corrections (field, before → after) and unpublishing (with its reason). */
export const newsChanges = pgTable(
  'news_changes',
  {
    id: serial().primaryKey(),
    itemId: integer()
      .notNull()
      .references(() => newsItems.id, { onDelete: 'cascade' }),
    /** `correction` or `unpublish`. */
    action: text().notNull(),
    /** For a correction: each changed field with its value before and after. */
    changes: jsonb().$type<{ field: string; before: string; after: string }[]>().notNull().default([]),
    reason: text(),
    /** The person's display name at the time. */
    changedBy: text().notNull(),
    changedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('news_changes_item_idx').on(t.itemId, t.changedAt), check('news_changes_action', sql`${t.action} in ('correction', 'unpublish')`)],
);
