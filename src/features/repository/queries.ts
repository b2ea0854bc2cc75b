import { and, asc, count, desc, eq, gte, isNotNull, lte, max, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { actionPlans, documents, files, members } from '../../db/schema/index.js';
import type { RepositoryFilter } from './schemas.js';

const itemColumns = {
  id: documents.id,
  planId: documents.planId,
  planTitle: actionPlans.title,
  memberCode: members.code,
  type: documents.type,
  title: documents.title,
  description: documents.description,
  documentDate: documents.documentDate,
  fileSha256: documents.fileSha256,
  fileName: documents.fileName,
  url: documents.url,
  mediaType: files.mediaType,
  size: files.size,
  subjectType: documents.subjectType,
  subjectId: documents.subjectId,
  publishedAt: documents.publishedAt,
  updatedAt: documents.updatedAt,
};

function base(db: Executor) {
  return db
    .select(itemColumns)
    .from(documents)
    .leftJoin(actionPlans, eq(actionPlans.id, documents.planId))
    .leftJoin(members, eq(members.id, actionPlans.memberId))
    .leftJoin(files, eq(files.sha256, documents.fileSha256));
}

export type RepositoryItem = Awaited<ReturnType<typeof listRepository>>[number];

function filterWhere(filter: RepositoryFilter): SQL | undefined {
  const where: SQL[] = [isNotNull(documents.publishedAt)];
  if (filter.plan) where.push(eq(documents.planId, filter.plan));
  if (filter.type) where.push(eq(documents.type, filter.type));
  if (filter.from) where.push(gte(documents.documentDate, filter.from));
  if (filter.to) where.push(lte(documents.documentDate, filter.to));
  return and(...where);
}

/** Published documents (every type, evidence included), newest first; `offset` pages through them. */
export async function listRepository(db: Executor, filter: RepositoryFilter = {}, limit = 1000, offset = 0) {
  return base(db)
    .where(filterWhere(filter))
    .orderBy(desc(documents.documentDate), desc(documents.id))
    .limit(limit)
    .offset(offset);
}

/** How many published documents match the filter. */
export async function countRepository(db: Executor, filter: RepositoryFilter = {}): Promise<number> {
  const rows = await db.select({ n: count() }).from(documents).where(filterWhere(filter));
  return Number(rows[0]?.n ?? 0);
}

export async function getRepositoryItem(db: Executor, id: number) {
  const rows = await base(db)
    .where(and(eq(documents.id, id), isNotNull(documents.publishedAt)))
    .limit(1);
  return rows[0] ?? null;
}

/** When the repository last changed: the latest publication or update of a public document. */
export async function repositoryLastUpdated(db: Executor): Promise<Date | null> {
  const rows = await db
    .select({ published: max(documents.publishedAt), updated: max(documents.updatedAt) })
    .from(documents)
    .where(isNotNull(documents.publishedAt));
  const r = rows[0];
  const times = [r?.published, r?.updated]
    .filter((d) => d !== null && d !== undefined)
    .map((d) => new Date(d as Date | string).getTime())
    .filter((n) => !Number.isNaN(n));
  return times.length ? new Date(Math.max(...times)) : null;
}

export async function planOptions(db: Executor) {
  return db
    .select({ id: actionPlans.id, title: actionPlans.title, memberCode: members.code, number: actionPlans.number })
    .from(actionPlans)
    .innerJoin(members, eq(members.id, actionPlans.memberId))
    .orderBy(asc(members.code), asc(actionPlans.number), asc(actionPlans.id));
}
