import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { roleGrants, sessions, users } from '../../db/schema/index.js';
import type { SessionUser } from './policy.js';
import { newToken, tokenId } from './tokens.js';

export const SESSION_COOKIE = 'sid';
/** Sessions last 30 days. */
export const SESSION_MS = 30 * 24 * 60 * 60 * 1000;

/** Starts a session for the user; returns the secret for the cookie. */
export async function createSession(db: Executor, userId: number, now: Date): Promise<{ token: string; expiresAt: Date }> {
  const { token, id } = newToken();
  const expiresAt = new Date(now.getTime() + SESSION_MS);
  await db.insert(sessions).values({ id, userId, createdAt: now, expiresAt });
  return { token, expiresAt };
}

export async function destroySession(db: Executor, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, tokenId(token)));
}

/** The signed-in user of a session token, or null (unknown, expired, or the account is disabled). */
export async function sessionUser(db: Executor, token: string | undefined, now: Date): Promise<SessionUser | null> {
  if (!token || token.length > 200) return null;
  const rows = await db
    .select({ id: users.id, email: users.email, name: users.name, locale: users.locale })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, tokenId(token)), gt(sessions.expiresAt, now), isNull(users.disabledAt)))
    .limit(1);
  const u = rows[0];
  if (!u) return null;
  return loadSessionUser(db, u);
}

export async function loadSessionUser(db: Executor, u: { id: number; email: string; name: string; locale: string }): Promise<SessionUser> {
  const grants = await db
    .select({ role: roleGrants.role, memberId: roleGrants.memberId, institutionId: roleGrants.institutionId, seat: roleGrants.seat })
    .from(roleGrants)
    .where(eq(roleGrants.userId, u.id))
    .orderBy(asc(roleGrants.id));
  return { id: u.id, email: u.email, name: u.name, locale: u.locale === 'en' ? 'en' : 'es', grants };
}
