import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { forums, newsChanges, newsItems } from '../../db/schema/index.js';

export type NewsItem = typeof newsItems.$inferSelect;

/** A forum's items: the public ones (published and withdrawn), or every one (drafts too) for the secretariat; newest first. */
export async function newsOfForum(db: Executor, forumId: number, options: { includeDrafts: boolean }): Promise<NewsItem[]> {
  const states = options.includeDrafts ? (['draft', 'published', 'unpublished'] as const) : (['published', 'unpublished'] as const);
  return db
    .select()
    .from(newsItems)
    .where(and(eq(newsItems.forumId, forumId), inArray(newsItems.state, [...states])))
    .orderBy(desc(newsItems.itemDate), desc(newsItems.id));
}

/** Published items of a forum (the feed, the calendar), newest first. */
export async function publishedNews(db: Executor, forumId: number, limit = 100): Promise<NewsItem[]> {
  return db
    .select()
    .from(newsItems)
    .where(and(eq(newsItems.forumId, forumId), eq(newsItems.state, 'published')))
    .orderBy(desc(newsItems.itemDate), desc(newsItems.id))
    .limit(limit);
}

/** One item with its forum's member (for the permission check) and its public history, oldest change first. */
export async function newsItemDetail(db: Executor, id: number) {
  const [row] = await db.select({ item: newsItems, memberId: forums.memberId, forumName: forums.name }).from(newsItems).innerJoin(forums, eq(forums.id, newsItems.forumId)).where(eq(newsItems.id, id));
  if (!row) return null;
  const history = await db.select().from(newsChanges).where(eq(newsChanges.itemId, id)).orderBy(asc(newsChanges.changedAt), asc(newsChanges.id));
  return { ...row, history };
}

/** Published events of a forum with their times (the forum's iCalendar feed), soonest first. */
export async function publishedEvents(db: Executor, forumId: number) {
  const rows = await db
    .select()
    .from(newsItems)
    .where(and(eq(newsItems.forumId, forumId), eq(newsItems.state, 'published'), eq(newsItems.kind, 'event')))
    .orderBy(asc(newsItems.startsAt), asc(newsItems.id));
  return rows.filter((r): r is NewsItem & { startsAt: Date; endsAt: Date } => r.startsAt !== null && r.endsAt !== null);
}
