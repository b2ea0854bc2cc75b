import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { documents, documentVersions, documentWithdrawals, users } from '../../db/schema/index.js';
import { recordAudit } from '../../lib/audit.js';
import type { LocalizedText } from '../../lib/localized.js';
import { storeFile } from '../../lib/files.js';

/** What a person may upload to the repository (the rest is written there by the platform itself). */
export const UPLOAD_TYPES = ['minutes', 'plan_document', 'other'] as const;
export type UploadType = (typeof UPLOAD_TYPES)[number];
/** The subject of a document a person uploaded: only these can be corrected or withdrawn here. */
export const UPLOAD_SUBJECT = 'upload';

/** A file or a link: exactly one. */
export type Source = { kind: 'file'; name: string; bytes: Uint8Array } | { kind: 'link'; url: string };

export type RepositoryErrorCode = 'not_found' | 'withdrawn' | 'stale';
export class RepositoryError extends Error {
  constructor(
    readonly code: RepositoryErrorCode,
    readonly params: { by?: string | null; at?: Date; reason?: string; version?: number } = {},
  ) {
    super(`repository: ${code}`);
    this.name = 'RepositoryError';
  }
}

async function stored(tx: Parameters<Parameters<Database['transaction']>[0]>[0], source: Source) {
  if (source.kind === 'link') return { fileSha256: null, url: source.url, fileName: null };
  const file = await storeFile(tx, source.bytes, source.name);
  return { fileSha256: file.sha256, url: null, fileName: source.name };
}

/** Publishes a document (minutes, plan document, other) as a file or a link: version 1, public at once. */
export async function publishDocument(
  db: Database,
  input: { planId: number | null; type: UploadType; title: LocalizedText; description: LocalizedText; documentDate: string; source: Source; actorId: number; now: Date },
): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const where = await stored(tx, input.source);
    const [doc] = await tx
      .insert(documents)
      .values({
        planId: input.planId,
        type: input.type,
        title: input.title,
        description: input.description,
        documentDate: input.documentDate,
        ...where,
        subjectType: UPLOAD_SUBJECT,
        subjectId: null,
        publishedAt: input.now,
        createdBy: input.actorId,
        createdAt: input.now,
        updatedAt: input.now,
      })
      .returning();
    await tx.insert(documentVersions).values({ documentId: doc!.id, number: 1, ...where, reason: '', createdBy: input.actorId, createdAt: input.now });
    await recordAudit(tx, { actor: `user:${input.actorId}`, action: 'document.publish', entityType: 'document', entityId: doc!.id, details: { after: { ...doc, version: 1 } } });
    return { id: doc!.id };
  });
}

/**
 * A correction: the next version of the same document, with its reason. The document row is locked
 * (`FOR UPDATE`) while the number is taken, so two corrections at once get 2 and 3, never two 2s; a
 * correction made from an older version than the newest is refused (`stale`) with who made the newer.
 */
export async function correctDocument(
  db: Database,
  input: { documentId: number; seenVersion: number; source: Source; reason: string; actorId: number; now: Date },
): Promise<{ version: number }> {
  return db.transaction(async (tx) => {
    const [doc] = await tx
      .select()
      .from(documents)
      .where(and(eq(documents.id, input.documentId), eq(documents.subjectType, UPLOAD_SUBJECT)))
      .for('update');
    if (!doc) throw new RepositoryError('not_found');
    const [withdrawn] = await tx.select().from(documentWithdrawals).where(eq(documentWithdrawals.documentId, doc.id));
    if (withdrawn) throw new RepositoryError('withdrawn', { at: withdrawn.withdrawnAt, reason: withdrawn.reason });
    const [latest] = await tx
      .select({ number: documentVersions.number, at: documentVersions.createdAt, by: users.name })
      .from(documentVersions)
      .leftJoin(users, eq(users.id, documentVersions.createdBy))
      .where(eq(documentVersions.documentId, doc.id))
      .orderBy(desc(documentVersions.number))
      .limit(1);
    const current = latest?.number ?? 0;
    if (current !== input.seenVersion) throw new RepositoryError('stale', { by: latest?.by ?? null, at: latest?.at, version: current });
    const where = await stored(tx, input.source);
    const number = current + 1;
    await tx.insert(documentVersions).values({ documentId: doc.id, number, ...where, reason: input.reason, createdBy: input.actorId, createdAt: input.now });
    await tx.update(documents).set({ ...where, updatedAt: input.now }).where(eq(documents.id, doc.id));
    await recordAudit(tx, {
      actor: `user:${input.actorId}`,
      action: 'document.correct',
      entityType: 'document',
      entityId: doc.id,
      details: { version: number, reason: input.reason, before: { fileSha256: doc.fileSha256, url: doc.url, fileName: doc.fileName }, after: where },
    });
    return { version: number };
  });
}

/** Withdraws a document with a public reason; it stays listed, marked withdrawn. Of two withdrawals at once, one wins (the row's key). */
export async function withdrawDocument(db: Database, input: { documentId: number; reason: string; actorId: number; now: Date }): Promise<void> {
  await db.transaction(async (tx) => {
    const [doc] = await tx
      .select({ id: documents.id })
      .from(documents)
      .where(and(eq(documents.id, input.documentId), eq(documents.subjectType, UPLOAD_SUBJECT)))
      .for('update');
    if (!doc) throw new RepositoryError('not_found');
    const [row] = await tx
      .insert(documentWithdrawals)
      .values({ documentId: doc.id, reason: input.reason, withdrawnBy: input.actorId, withdrawnAt: input.now })
      .onConflictDoNothing()
      .returning();
    if (!row) {
      const [w] = await tx
        .select({ at: documentWithdrawals.withdrawnAt, reason: documentWithdrawals.reason, by: users.name })
        .from(documentWithdrawals)
        .leftJoin(users, eq(users.id, documentWithdrawals.withdrawnBy))
        .where(eq(documentWithdrawals.documentId, doc.id));
      throw new RepositoryError('withdrawn', { by: w?.by ?? null, at: w?.at, reason: w?.reason });
    }
    await tx.update(documents).set({ updatedAt: input.now }).where(eq(documents.id, doc.id));
    await recordAudit(tx, { actor: `user:${input.actorId}`, action: 'document.withdraw', entityType: 'document', entityId: doc.id, details: { reason: input.reason } });
  });
}
