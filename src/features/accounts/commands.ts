import { and, asc, count, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client.js';
import { accountTokens, institutions, loginAttempts, members, roleGrants, sessions, users } from '../../db/schema/index.js';
import { messages } from '../../i18n/index.js';
import { recordAudit } from '../../lib/audit.js';
import type { Locale } from '../../lib/levels.js';
import { queueMail } from '../../lib/mail.js';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords.js';
import type { Grant } from './policy.js';
import { createSession } from './sessions.js';
import { newToken, tokenId } from './tokens.js';

export const INVITATION_MS = 7 * 24 * 60 * 60 * 1000;
export const RESET_MS = 60 * 60 * 1000;
/** Login rate limit (shared by every app server through the database). */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_IP = 30;
/** Sign-in attempts older than this are deleted (each sign-in prunes them; decision 035). */
export const LOGIN_ATTEMPTS_KEEP_MS = 24 * 60 * 60 * 1000;

export type AccountErrorCode =
  | 'member_not_found'
  | 'institution_needed'
  | 'member_needed'
  | 'email_taken'
  | 'user_not_found'
  | 'grant_not_found'
  | 'own_account'
  | 'own_last_admin_grant';

export class AccountError extends Error {
  constructor(readonly code: AccountErrorCode) {
    super(`account error: ${code}`);
    this.name = 'AccountError';
  }
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Checks a grant is coherent: a member for every role but admin; an institution of that member for contacts. */
async function checkGrant(tx: Executor, grant: Grant): Promise<Grant> {
  if (grant.role === 'admin') return { role: 'admin', memberId: null, institutionId: null, seat: null };
  if (grant.memberId === null) throw new AccountError('member_needed');
  const m = await tx.select({ id: members.id }).from(members).where(eq(members.id, grant.memberId)).limit(1);
  if (!m[0]) throw new AccountError('member_not_found');
  if (grant.role === 'institution_contact') {
    if (grant.institutionId === null) throw new AccountError('institution_needed');
    const i = await tx
      .select({ id: institutions.id })
      .from(institutions)
      .where(and(eq(institutions.id, grant.institutionId), eq(institutions.memberId, grant.memberId)))
      .limit(1);
    if (!i[0]) throw new AccountError('institution_needed');
    return { role: grant.role, memberId: grant.memberId, institutionId: grant.institutionId, seat: null };
  }
  return { role: grant.role, memberId: grant.memberId, institutionId: null, seat: grant.role === 'forum_member' ? grant.seat : null };
}

/**
 * Invites someone (or gives an existing account one more role): the account exists without a
 * password until the invitation link is used. Returns the link's secret (also sent by e-mail).
 */
export async function inviteUser(
  db: Database,
  input: { email: string; name: string; locale: Locale; grant: Grant; actor: string; baseUrl: string; now: Date },
): Promise<{ userId: number; token: string | null; link: string | null; created: boolean }> {
  return db.transaction(async (tx) => {
    const email = normalizeEmail(input.email);
    const grant = await checkGrant(tx, input.grant);
    const existing = await tx.select().from(users).where(eq(users.email, email)).limit(1);
    let userId: number;
    let created = false;
    if (existing[0]) {
      userId = existing[0].id;
    } else {
      const inserted = await tx
        .insert(users)
        .values({ email, name: input.name, locale: input.locale, createdAt: input.now, updatedAt: input.now })
        .returning({ id: users.id });
      userId = inserted[0]!.id;
      created = true;
    }
    await tx
      .insert(roleGrants)
      .values({ userId, ...grant, createdAt: input.now })
      .onConflictDoNothing();
    let token: string | null = null;
    let link: string | null = null;
    if (!existing[0]?.passwordHash) {
      const t = newToken();
      token = t.token;
      link = `${input.baseUrl.replace(/\/$/, '')}/invitations/${t.token}`;
      await tx.insert(accountTokens).values({ id: t.id, purpose: 'invitation', userId, expiresAt: new Date(input.now.getTime() + INVITATION_MS), createdAt: input.now });
      const m = messages(input.locale).accounts.mail;
      await queueMail(tx, { to: email, subject: m.invitationSubject, text: m.invitationText(input.name, link), userId, meta: { kind: 'invitation' } }, input.now);
    }
    await recordAudit(tx, { actor: input.actor, action: created ? 'user.invite' : 'user.grant', entityType: 'user', entityId: userId, details: { email, grant } });
    return { userId, token, link, created };
  });
}

async function validToken(db: Executor, token: string, purpose: 'invitation' | 'password_reset', now: Date) {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const rows = await db
    .select({ tokenId: accountTokens.id, user: users })
    .from(accountTokens)
    .innerJoin(users, eq(users.id, accountTokens.userId))
    .where(and(eq(accountTokens.id, tokenId(token)), eq(accountTokens.purpose, purpose), isNull(accountTokens.usedAt), gt(accountTokens.expiresAt, now), isNull(users.disabledAt)))
    .limit(1);
  return rows[0] ?? null;
}

/** The account an invitation link is for, or null when the link is unknown, used or expired. */
export async function invitationFor(db: Executor, token: string, now: Date) {
  const row = await validToken(db, token, 'invitation', now);
  return row ? { email: row.user.email, name: row.user.name } : null;
}

export async function resetTokenIsValid(db: Executor, token: string, now: Date): Promise<boolean> {
  return (await validToken(db, token, 'password_reset', now)) !== null;
}

/** Uses an invitation: sets the name and password and signs in. Null when the link is not valid. */
export async function acceptInvitation(db: Database, input: { token: string; name: string; password: string; now: Date }) {
  const hash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const row = await validToken(tx, input.token, 'invitation', input.now);
    if (!row) return null;
    // Conditional (issue 8): of two uses of one link at once, only the first finds it unused.
    const used = await tx.update(accountTokens).set({ usedAt: input.now }).where(and(eq(accountTokens.id, row.tokenId), isNull(accountTokens.usedAt))).returning({ id: accountTokens.id });
    if (used.length === 0) return null;
    await tx.update(users).set({ name: input.name, passwordHash: hash, updatedAt: input.now }).where(eq(users.id, row.user.id));
    await recordAudit(tx, { actor: `user:${row.user.id}`, action: 'user.accept_invitation', entityType: 'user', entityId: row.user.id, details: { before: { name: row.user.name }, after: { name: input.name } } });
    const session = await createSession(tx, row.user.id, input.now);
    return { userId: row.user.id, session };
  });
}

/** Sends a reset link when the account exists; says nothing either way (no account discovery). */
export async function requestPasswordReset(db: Database, input: { email: string; baseUrl: string; now: Date }): Promise<void> {
  const email = normalizeEmail(input.email);
  await db.transaction(async (tx) => {
    const u = (await tx.select().from(users).where(and(eq(users.email, email), isNull(users.disabledAt))).limit(1))[0];
    if (!u) return;
    const t = newToken();
    await tx.insert(accountTokens).values({ id: t.id, purpose: 'password_reset', userId: u.id, expiresAt: new Date(input.now.getTime() + RESET_MS), createdAt: input.now });
    const link = `${input.baseUrl.replace(/\/$/, '')}/password/reset/${t.token}`;
    const m = messages(u.locale === 'en' ? 'en' : 'es').accounts.mail;
    await queueMail(tx, { to: u.email, subject: m.resetSubject, text: m.resetText(link), userId: u.id, meta: { kind: 'password_reset' } }, input.now);
    await recordAudit(tx, { actor: `user:${u.id}`, action: 'user.request_password_reset', entityType: 'user', entityId: u.id });
  });
}

/** Sets a new password from a reset link and ends every session of the account. False when the link is not valid. */
export async function resetPassword(db: Database, input: { token: string; password: string; now: Date }): Promise<boolean> {
  const hash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const row = await validToken(tx, input.token, 'password_reset', input.now);
    if (!row) return false;
    // Conditional (issue 8): of two uses of one link at once, only the first finds it unused.
    const used = await tx.update(accountTokens).set({ usedAt: input.now }).where(and(eq(accountTokens.id, row.tokenId), isNull(accountTokens.usedAt))).returning({ id: accountTokens.id });
    if (used.length === 0) return false;
    await tx.update(users).set({ passwordHash: hash, updatedAt: input.now }).where(eq(users.id, row.user.id));
    await tx.delete(sessions).where(eq(sessions.userId, row.user.id));
    await recordAudit(tx, { actor: `user:${row.user.id}`, action: 'user.reset_password', entityType: 'user', entityId: row.user.id });
    return true;
  });
}

export type SignInOutcome = { ok: true; userId: number; token: string; expiresAt: Date } | { ok: false; reason: 'invalid' | 'rate_limited' };

/**
 * Signs in with e-mail and password. Refused without checking the password after
 * MAX_FAILURES_PER_EMAIL failures for the e-mail, or MAX_FAILURES_PER_IP for the address, in 15 minutes.
 */
export async function signIn(db: Database, input: { email: string; password: string; ip: string; now: Date }): Promise<SignInOutcome> {
  const email = normalizeEmail(input.email).slice(0, 320);
  const since = new Date(input.now.getTime() - LOGIN_WINDOW_MS);
  const [byEmail, byIp] = await Promise.all([
    db.select({ n: count() }).from(loginAttempts).where(and(eq(loginAttempts.email, email), eq(loginAttempts.succeeded, false), gt(loginAttempts.at, since))),
    db.select({ n: count() }).from(loginAttempts).where(and(eq(loginAttempts.ip, input.ip), eq(loginAttempts.succeeded, false), gt(loginAttempts.at, since))),
  ]);
  if ((byEmail[0]?.n ?? 0) >= MAX_FAILURES_PER_EMAIL || (byIp[0]?.n ?? 0) >= MAX_FAILURES_PER_IP) {
    return { ok: false, reason: 'rate_limited' };
  }
  const u = (await db.select().from(users).where(and(eq(users.email, email), isNull(users.disabledAt))).limit(1))[0];
  const ok = await verifyPassword(input.password, u?.passwordHash ?? DUMMY_HASH);
  return db.transaction(async (tx) => {
    await tx.delete(loginAttempts).where(lt(loginAttempts.at, new Date(input.now.getTime() - LOGIN_ATTEMPTS_KEEP_MS)));
    await tx.insert(loginAttempts).values({ email, ip: input.ip.slice(0, 100), succeeded: ok && !!u, at: input.now });
    if (!ok || !u) return { ok: false, reason: 'invalid' } as const;
    const session = await createSession(tx, u.id, input.now);
    await recordAudit(tx, { actor: `user:${u.id}`, action: 'session.create', entityType: 'user', entityId: u.id, details: { ip: input.ip.slice(0, 100) } });
    return { ok: true, userId: u.id, token: session.token, expiresAt: session.expiresAt } as const;
  });
}

export async function userCount(db: Executor): Promise<number> {
  const rows = await db.select({ n: count() }).from(users);
  return rows[0]?.n ?? 0;
}

/** Every account with its grants, for the people page. */
export async function listUsers(db: Executor, memberIds: number[] | 'all') {
  const us = await db.select().from(users).orderBy(asc(users.email));
  const gs = await db.select().from(roleGrants).orderBy(asc(roleGrants.userId), asc(roleGrants.id));
  const out = us.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    pending: u.passwordHash === null,
    disabled: u.disabledAt !== null,
    grants: gs.filter((g) => g.userId === u.id),
  }));
  if (memberIds === 'all') return out;
  return out.filter((u) => u.grants.some((g) => g.memberId !== null && memberIds.includes(g.memberId)));
}

/** Who acts on an account: a signed-in administrator (may not act against themself) or the command line. */
export type AccountActor = { userId: number } | 'cli';

function actorName(actor: AccountActor): string {
  return actor === 'cli' ? 'cli' : `user:${actor.userId}`;
}

/** The id of the account with this e-mail, or null. */
export async function userIdByEmail(db: Executor, email: string): Promise<number | null> {
  const rows = await db.select({ id: users.id }).from(users).where(eq(users.email, normalizeEmail(email))).orderBy(asc(users.id)).limit(1);
  return rows[0]?.id ?? null;
}

/**
 * Disables an account: it can no longer sign in or use its links, and every session it has ends now.
 * Disabling an account that already is changes nothing. An administrator may not disable themself.
 */
export async function disableUser(db: Database, input: { userId: number; actor: AccountActor; now: Date }): Promise<{ changed: boolean; sessionsEnded: number }> {
  if (input.actor !== 'cli' && input.actor.userId === input.userId) throw new AccountError('own_account');
  return db.transaction(async (tx) => {
    const u = (await tx.select().from(users).where(eq(users.id, input.userId)).limit(1).for('update'))[0];
    if (!u) throw new AccountError('user_not_found');
    if (u.disabledAt !== null) return { changed: false, sessionsEnded: 0 };
    await tx.update(users).set({ disabledAt: input.now, updatedAt: input.now }).where(eq(users.id, u.id));
    const ended = await tx.delete(sessions).where(eq(sessions.userId, u.id)).returning({ id: sessions.id });
    await recordAudit(tx, {
      actor: actorName(input.actor),
      action: 'user.disable',
      entityType: 'user',
      entityId: u.id,
      details: { email: u.email, before: { disabledAt: null }, after: { disabledAt: input.now.toISOString() }, sessionsEnded: ended.length },
    });
    return { changed: true, sessionsEnded: ended.length };
  });
}

/** Enables a disabled account again (it signs in with its old password). Enabling an active account changes nothing. */
export async function enableUser(db: Database, input: { userId: number; actor: AccountActor; now: Date }): Promise<{ changed: boolean }> {
  return db.transaction(async (tx) => {
    const u = (await tx.select().from(users).where(eq(users.id, input.userId)).limit(1).for('update'))[0];
    if (!u) throw new AccountError('user_not_found');
    if (u.disabledAt === null) return { changed: false };
    await tx.update(users).set({ disabledAt: null, updatedAt: input.now }).where(eq(users.id, u.id));
    await recordAudit(tx, {
      actor: actorName(input.actor),
      action: 'user.enable',
      entityType: 'user',
      entityId: u.id,
      details: { email: u.email, before: { disabledAt: u.disabledAt.toISOString() }, after: { disabledAt: null } },
    });
    return { changed: true };
  });
}

/**
 * Revokes one role grant of an account. An administrator may not revoke their own last
 * administrator grant (so that nobody locks the instance out by mistake).
 */
export async function revokeGrant(db: Database, input: { userId: number; grantId: number; actor: AccountActor; now: Date }): Promise<void> {
  await db.transaction(async (tx) => {
    const g = (await tx.select().from(roleGrants).where(and(eq(roleGrants.id, input.grantId), eq(roleGrants.userId, input.userId))).limit(1).for('update'))[0];
    if (!g) throw new AccountError('grant_not_found');
    if (input.actor !== 'cli' && input.actor.userId === g.userId && g.role === 'admin') {
      const admins = await tx.select({ n: count() }).from(roleGrants).where(and(eq(roleGrants.userId, g.userId), eq(roleGrants.role, 'admin')));
      if ((admins[0]?.n ?? 0) <= 1) throw new AccountError('own_last_admin_grant');
    }
    await tx.delete(roleGrants).where(eq(roleGrants.id, g.id));
    await recordAudit(tx, {
      actor: actorName(input.actor),
      action: 'user.revoke',
      entityType: 'user',
      entityId: g.userId,
      details: { before: { grantId: g.id, role: g.role, memberId: g.memberId, institutionId: g.institutionId, seat: g.seat }, after: null },
    });
  });
}
