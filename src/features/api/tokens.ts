import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client.js';
import { apiTokens, users } from '../../db/schema/index.js';
import { recordAudit } from '../../lib/audit.js';
import { loadSessionUser } from '../accounts/sessions.js';
import type { SessionUser } from '../accounts/policy.js';

/** Personal API tokens (decision 054): `abt_` + 43 characters; stored as SHA-256 only. */
const TOKEN_PATTERN = /^abt_[A-Za-z0-9_-]{43}$/;
export const MAX_TOKENS_PER_PERSON = 20;

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export class TokenError extends Error {
  constructor(readonly code: 'too_many' | 'name' | 'not_found') {
    super(code);
  }
}

/** Creates a token for a person; returns it once (it cannot be read back). */
export async function createApiToken(db: Database, input: { userId: number; name: string; actor: string; now: Date }) {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100 || /[\u0000-\u001f\u007f]/.test(name)) throw new TokenError('name');
  return db.transaction(async (tx) => {
    // Lock the person: two creations at once still respect the limit.
    await tx.select({ id: users.id }).from(users).where(eq(users.id, input.userId)).for('update');
    const live = await tx.select({ id: apiTokens.id }).from(apiTokens).where(and(eq(apiTokens.userId, input.userId), isNull(apiTokens.revokedAt)));
    if (live.length >= MAX_TOKENS_PER_PERSON) throw new TokenError('too_many');
    const token = `abt_${randomBytes(32).toString('base64url')}`;
    const [row] = await tx.insert(apiTokens).values({ userId: input.userId, name, tokenHash: hash(token), prefix: token.slice(0, 10), createdAt: input.now }).returning();
    await recordAudit(tx, { actor: input.actor, action: 'api_token.create', entityType: 'api_token', entityId: row!.id, details: { userId: input.userId, name, prefix: row!.prefix } });
    return { id: row!.id, name, prefix: row!.prefix, token };
  });
}

export async function listApiTokens(db: Executor, userId: number) {
  return db
    .select({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(asc(apiTokens.id));
}

/** Revokes one of the person's tokens (a conditional update: revoking twice changes nothing). */
export async function revokeApiToken(db: Database, input: { userId: number; tokenId: number; actor: string; now: Date }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: input.now })
      .where(and(eq(apiTokens.id, input.tokenId), eq(apiTokens.userId, input.userId), isNull(apiTokens.revokedAt)))
      .returning();
    if (!row) return false;
    await recordAudit(tx, { actor: input.actor, action: 'api_token.revoke', entityType: 'api_token', entityId: row.id, details: { userId: input.userId, prefix: row.prefix } });
    return true;
  });
}

/** The person a bearer token acts for, or null (unknown, revoked, malformed, disabled account). */
export async function apiTokenUser(db: Database, token: string, now: Date): Promise<(SessionUser & { tokenId: number }) | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const [row] = await db
    .select({ id: users.id, email: users.email, name: users.name, locale: users.locale, tokenId: apiTokens.id, disabledAt: users.disabledAt })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, hash(token)), isNull(apiTokens.revokedAt)))
    .limit(1);
  if (!row || row.disabledAt) return null;
  await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.tokenId));
  return { ...(await loadSessionUser(db, row)), tokenId: row.tokenId };
}
