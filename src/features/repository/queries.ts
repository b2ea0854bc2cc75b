import { and, asc, count, desc, eq, gte, inArray, isNotNull, lte, max, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { actionPlans, commitments, contestations, documents, documentVersions, documentWithdrawals, files, members, milestones, progressUpdates, users } from '../../db/schema/index.js';
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
  /** Who filed or published it (null when the platform wrote it, or the account is gone). */
  filedBy: users.name,
  withdrawnAt: documentWithdrawals.withdrawnAt,
  withdrawalReason: documentWithdrawals.reason,
};

function base(db: Executor) {
  return db
    .select(itemColumns)
    .from(documents)
    .leftJoin(actionPlans, eq(actionPlans.id, documents.planId))
    .leftJoin(members, eq(members.id, actionPlans.memberId))
    .leftJoin(files, eq(files.sha256, documents.fileSha256))
    .leftJoin(users, eq(users.id, documents.createdBy))
    .leftJoin(documentWithdrawals, eq(documentWithdrawals.documentId, documents.id));
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

/** Every version of a document, newest first, with who made it, when and why. */
export async function documentVersionsOf(db: Executor, documentId: number) {
  return db
    .select({
      number: documentVersions.number,
      fileSha256: documentVersions.fileSha256,
      url: documentVersions.url,
      fileName: documentVersions.fileName,
      reason: documentVersions.reason,
      createdAt: documentVersions.createdAt,
      by: users.name,
      mediaType: files.mediaType,
      size: files.size,
    })
    .from(documentVersions)
    .leftJoin(users, eq(users.id, documentVersions.createdBy))
    .leftJoin(files, eq(files.sha256, documentVersions.fileSha256))
    .where(eq(documentVersions.documentId, documentId))
    .orderBy(desc(documentVersions.number));
}
export type DocumentVersion = Awaited<ReturnType<typeof documentVersionsOf>>[number];

/** How many versions each document has (1 for a document never corrected or written by the platform). */
export async function versionCounts(db: Executor, ids: number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: documentVersions.documentId, n: max(documentVersions.number) })
    .from(documentVersions)
    .where(inArray(documentVersions.documentId, ids))
    .groupBy(documentVersions.documentId)
    .orderBy(asc(documentVersions.documentId));
  return new Map(rows.map((r) => [r.id, Number(r.n ?? 1)]));
}

/** What a piece of evidence supports: a report (progress update) or a contestation, on a milestone of a commitment. */
export interface EvidenceSubject {
  kind: 'progress_update' | 'contestation';
  id: number;
  commitmentId: number;
  commitmentNumber: string;
  milestoneNumber: number;
}

export async function evidenceSubjects(db: Executor, items: { id: number; subjectType: string | null; subjectId: number | null }[]): Promise<Map<number, EvidenceSubject>> {
  const out = new Map<number, EvidenceSubject>();
  const updates = items.filter((i) => i.subjectType === 'progress_update' && i.subjectId !== null).map((i) => i.subjectId!);
  const contested = items.filter((i) => i.subjectType === 'contestation' && i.subjectId !== null).map((i) => i.subjectId!);
  const where = new Map<string, Omit<EvidenceSubject, 'kind' | 'id'>>();
  if (updates.length > 0) {
    const rows = await db
      .select({ id: progressUpdates.id, commitmentId: commitments.id, commitmentNumber: commitments.number, milestoneNumber: milestones.number })
      .from(progressUpdates)
      .innerJoin(milestones, eq(milestones.id, progressUpdates.milestoneId))
      .innerJoin(commitments, eq(commitments.id, milestones.commitmentId))
      .where(inArray(progressUpdates.id, [...new Set(updates)]))
      .orderBy(asc(progressUpdates.id));
    for (const r of rows) where.set(`progress_update:${r.id}`, r);
  }
  if (contested.length > 0) {
    const rows = await db
      .select({ id: contestations.id, commitmentId: commitments.id, commitmentNumber: commitments.number, milestoneNumber: milestones.number })
      .from(contestations)
      .innerJoin(milestones, eq(milestones.id, contestations.milestoneId))
      .innerJoin(commitments, eq(commitments.id, milestones.commitmentId))
      .where(inArray(contestations.id, [...new Set(contested)]))
      .orderBy(asc(contestations.id));
    for (const r of rows) where.set(`contestation:${r.id}`, r);
  }
  for (const i of items) {
    const w = i.subjectType && i.subjectId !== null ? where.get(`${i.subjectType}:${i.subjectId}`) : undefined;
    if (w) out.set(i.id, { kind: i.subjectType as EvidenceSubject['kind'], id: i.subjectId!, ...w });
  }
  return out;
}

/** An uploaded document as its managers see it: any state (the public pages show only published ones). */
export async function getUploadedDocument(db: Executor, id: number) {
  const rows = await base(db)
    .where(and(eq(documents.id, id), eq(documents.subjectType, 'upload'), isNotNull(documents.publishedAt)))
    .limit(1);
  return rows[0] ?? null;
}

/** The member a plan belongs to (for the permission check), or null. */
export async function memberOfPlan(db: Executor, planId: number): Promise<number | null> {
  const rows = await db.select({ memberId: actionPlans.memberId }).from(actionPlans).where(eq(actionPlans.id, planId)).limit(1);
  return rows[0]?.memberId ?? null;
}

/** The plans of some members (all of them for 'all'), for the upload form's plan choice: one statement. */
export async function planOptionsOf(db: Executor, memberIds: number[] | 'all') {
  if (memberIds !== 'all' && memberIds.length === 0) return [];
  return db
    .select({ id: actionPlans.id, title: actionPlans.title, memberCode: members.code, number: actionPlans.number })
    .from(actionPlans)
    .innerJoin(members, eq(members.id, actionPlans.memberId))
    .where(memberIds === 'all' ? undefined : inArray(actionPlans.memberId, memberIds))
    .orderBy(asc(members.code), asc(actionPlans.number), asc(actionPlans.id));
}
