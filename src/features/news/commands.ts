import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { newsChanges, newsItems } from '../../db/schema/index.js';
import { recordAudit } from '../../lib/audit.js';
import type { LocalizedText } from '../../lib/localized.js';

/**
 * News and events of a forum (decision 077). Every command takes the database, the actor
 * (`user:N`) and its input, writes in one transaction with its audit record, and moves the state
 * with a conditional update or under a row lock; the loser of a race is told (`NewsError`).
 */
export class NewsError extends Error {
  constructor(readonly code: 'not_found' | 'wrong_state' | 'stale') {
    super(`news error: ${code}`);
    this.name = 'NewsError';
  }
}

export interface NewsContent {
  kind: 'news' | 'event';
  title: LocalizedText;
  body: LocalizedText;
  itemDate: string;
  startsAt: Date | null;
  endsAt: Date | null;
  place: string;
  link: string | null;
}

/** Keeps only the languages written (an empty text is no text). */
export function localizedOf(es: string, en: string): LocalizedText {
  const out: LocalizedText = {};
  if (es) out.es = es;
  if (en) out.en = en;
  return out;
}

/** News carry no time or place: those are for events. */
function normalise(c: NewsContent): NewsContent {
  return c.kind === 'news' ? { ...c, startsAt: null, endsAt: null, place: '', link: null } : c;
}

export async function createNewsItem(db: Database, actor: string, input: NewsContent & { forumId: number; userId: number | null; now: Date }): Promise<{ id: number }> {
  const c = normalise(input);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(newsItems)
      .values({ forumId: input.forumId, kind: c.kind, title: c.title, body: c.body, itemDate: c.itemDate, startsAt: c.startsAt, endsAt: c.endsAt, place: c.place, link: c.link, createdBy: input.userId, createdAt: input.now, updatedAt: input.now })
      .returning({ id: newsItems.id });
    await recordAudit(tx, { actor, action: 'news.create', entityType: 'news_item', entityId: row!.id, details: { forumId: input.forumId, kind: c.kind } });
    return row!;
  });
}

const stamp = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace('T', ' ') : '');

/** The fields of an item as texts, to compare and to show in the history. */
function fieldsOf(c: NewsContent): Record<string, string> {
  return {
    kind: c.kind,
    title_es: c.title.es ?? '',
    title_en: c.title.en ?? '',
    body_es: c.body.es ?? '',
    body_en: c.body.en ?? '',
    itemDate: c.itemDate,
    startsAt: stamp(c.startsAt),
    endsAt: stamp(c.endsAt),
    place: c.place,
    link: c.link ?? '',
  };
}

/**
 * Edits an item seen at `version` (optimistic concurrency: someone else's edit in between → `stale`).
 * A draft is simply changed. A published item's edit is a correction: each changed field goes to
 * its public history with its value before and after. A withdrawn item is not edited.
 */
export async function editNewsItem(
  db: Database,
  actor: string,
  input: NewsContent & { itemId: number; version: number; changedBy: string; reason: string | null; now: Date },
): Promise<{ changed: number }> {
  const next = normalise(input);
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(newsItems).where(eq(newsItems.id, input.itemId)).for('update');
    if (!row) throw new NewsError('not_found');
    if (row.state === 'unpublished') throw new NewsError('wrong_state');
    if (row.version !== input.version) throw new NewsError('stale');
    const before = fieldsOf(row);
    const after = fieldsOf(next);
    const changes = Object.keys(after)
      .filter((k) => before[k] !== after[k])
      .map((k) => ({ field: k, before: before[k]!, after: after[k]! }));
    if (changes.length === 0) return { changed: 0 };
    await tx
      .update(newsItems)
      .set({ kind: next.kind, title: next.title, body: next.body, itemDate: next.itemDate, startsAt: next.startsAt, endsAt: next.endsAt, place: next.place, link: next.link, version: row.version + 1, updatedAt: input.now })
      .where(and(eq(newsItems.id, row.id), eq(newsItems.version, row.version)));
    if (row.state === 'published') {
      await tx.insert(newsChanges).values({ itemId: row.id, action: 'correction', changes, reason: input.reason || null, changedBy: input.changedBy, changedAt: input.now });
    }
    await recordAudit(tx, { actor, action: row.state === 'published' ? 'news.correct' : 'news.edit', entityType: 'news_item', entityId: row.id, details: { fields: changes.map((c) => c.field), reason: input.reason || null } });
    return { changed: changes.length };
  });
}

/** Draft → published (a conditional update: publishing twice is refused). */
export async function publishNewsItem(db: Database, actor: string, input: { itemId: number; now: Date }): Promise<void> {
  await db.transaction(async (tx) => {
    const rows = await tx
      .update(newsItems)
      .set({ state: 'published', publishedAt: input.now, updatedAt: input.now })
      .where(and(eq(newsItems.id, input.itemId), eq(newsItems.state, 'draft')))
      .returning({ id: newsItems.id });
    if (!rows[0]) throw new NewsError('wrong_state');
    await recordAudit(tx, { actor, action: 'news.publish', entityType: 'news_item', entityId: input.itemId, details: {} });
  });
}

/** Published → withdrawn, with a reason that stays as a public note (and in the history). */
export async function unpublishNewsItem(db: Database, actor: string, input: { itemId: number; reason: string; changedBy: string; now: Date }): Promise<void> {
  const reason = input.reason.trim();
  if (!reason) throw new NewsError('wrong_state');
  await db.transaction(async (tx) => {
    const rows = await tx
      .update(newsItems)
      .set({ state: 'unpublished', unpublishedAt: input.now, unpublishReason: reason, updatedAt: input.now })
      .where(and(eq(newsItems.id, input.itemId), eq(newsItems.state, 'published')))
      .returning({ id: newsItems.id });
    if (!rows[0]) throw new NewsError('wrong_state');
    await tx.insert(newsChanges).values({ itemId: input.itemId, action: 'unpublish', changes: [], reason, changedBy: input.changedBy, changedAt: input.now });
    await recordAudit(tx, { actor, action: 'news.unpublish', entityType: 'news_item', entityId: input.itemId, details: { reason } });
  });
}
