import { asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { roleGrants, sessions, users } from '../../db/schema/index.js';
import type { Grant, SessionUser } from './policy.js';
import { sqlRows } from '../../lib/sql-rows.js';
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

/** A role grant as the session statement returns it: [role, member, institution, seat]. */
type GrantTuple = [Grant['role'], number | null, number | null, Grant['seat']];

/**
 * The signed-in user of a session token, or null (unknown, expired, or the account is disabled), with
 * their role grants and how many notices they have not read — one statement, since every signed-in
 * request runs it (issue 10: four statements through the query builder were most of a small page).
 */
export async function sessionUser(db: Executor, token: string | undefined, now: Date): Promise<SessionUser | null> {
  if (!token || token.length > 200) return null;
  const rows = await sqlRows<{ id: number; email: string; name: string; locale: string; grants: GrantTuple[]; unread: number }>(
    db,
    sql`select u.id, u.email, u.name, u.locale,
      (select coalesce(json_agg(json_build_array(g.role, g.member_id, g.institution_id, g.seat) order by g.id), '[]') from role_grants g where g.user_id = u.id) as grants,
      (select count(*)::int from outbox o where o.user_id = u.id and o.read_at is null) as unread
    from sessions s join users u on u.id = s.user_id
    where s.id = ${tokenId(token)} and s.expires_at > ${now.toISOString()}::timestamptz and u.disabled_at is null
    limit 1`,
  );
  const u = rows[0];
  if (!u) return null;
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    locale: u.locale === 'en' ? 'en' : 'es',
    grants: u.grants.map(([role, memberId, institutionId, seat]) => ({ role, memberId, institutionId, seat })),
    unreadNotices: u.unread,
  };
}

export async function loadSessionUser(db: Executor, u: { id: number; email: string; name: string; locale: string }): Promise<SessionUser> {
  const grants = await db
    .select({ role: roleGrants.role, memberId: roleGrants.memberId, institutionId: roleGrants.institutionId, seat: roleGrants.seat })
    .from(roleGrants)
    .where(eq(roleGrants.userId, u.id))
    .orderBy(asc(roleGrants.id));
  return { id: u.id, email: u.email, name: u.name, locale: u.locale === 'en' ? 'en' : 'es', grants };
}
