import { and, asc, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app.js';
import { loadConfig } from '../../config.js';
import { accountTokens, auditLog, loginAttempts, outbox, roleGrants, sessions, users } from '../../db/schema/index.js';
import { createPlan, NOW } from '../../../tests/support/factories.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { createUser, getAs, postForm, signedInUser, signIn as signInAs, type SignedIn } from '../../../tests/support/auth.js';
import { disableUser, enableUser, LOGIN_ATTEMPTS_KEEP_MS, revokeGrant } from './commands.js';
import type { SessionUser } from './policy.js';
import { canManageAccounts } from './policy.js';
import { newToken } from './tokens.js';

let t: TestDatabase;
let app: App;
let memberId: number;
let admin: SignedIn;

beforeAll(async () => {
  t = await testDatabase();
  memberId = (await createPlan(t.db)).memberId;
  admin = await signedInUser(t.db, [{ role: 'admin' }], NOW, { name: 'Ada Admin' });
  app = createApp({ db: t.db, now: () => NOW });
});
afterAll(async () => {
  await t.dispose();
});

/** Everything an account action could change, to check that a refused one changed nothing. */
async function snapshot() {
  const [u, g, s, a] = await Promise.all([
    t.db.select({ id: users.id, disabledAt: users.disabledAt }).from(users).orderBy(asc(users.id)),
    t.db.select({ id: roleGrants.id }).from(roleGrants).orderBy(asc(roleGrants.id)),
    t.db.select({ n: count() }).from(sessions),
    t.db.select({ n: count() }).from(auditLog),
  ]);
  return { u, g, s: s[0]!.n, a: a[0]!.n };
}

async function userRow(id: number) {
  return (await t.db.select().from(users).where(eq(users.id, id)))[0]!;
}

async function follow(res: Response, who: SignedIn, lang: 'es' | 'en' = 'es') {
  expect(res.status).toBe(303);
  return (await getAs(app, res.headers.get('location')!, who, lang)).text();
}

describe('account actions: who may', () => {
  it('the permission table: administrators only', () => {
    const person = (grants: SessionUser['grants']): SessionUser => ({ id: 1, email: 'p@example.org', name: 'P', locale: 'es', grants });
    const table: [string, SessionUser | null, boolean][] = [
      ['public', null, false],
      ['admin', person([{ role: 'admin', memberId: null, institutionId: null, seat: null }]), true],
      ['secretariat', person([{ role: 'secretariat', memberId: 1, institutionId: null, seat: null }]), false],
      ['institution contact', person([{ role: 'institution_contact', memberId: 1, institutionId: 1, seat: null }]), false],
      ['forum member', person([{ role: 'forum_member', memberId: 1, institutionId: null, seat: 'civil_society' }]), false],
      ['IRM reviewer', person([{ role: 'irm_reviewer', memberId: 1, institutionId: null, seat: null }]), false],
    ];
    for (const [, user, expected] of table) expect(canManageAccounts(user)).toBe(expected);
  });

  it('anonymous visitors are sent to sign in, the secretariat and others get 403, and nothing changes', async () => {
    const target = await createUser(t.db, { password: 'clave-del-objetivo', grants: [{ role: 'forum_member', memberId }] });
    const [grant] = await t.db.select().from(roleGrants).where(eq(roleGrants.userId, target.id));
    const secretariat = await signedInUser(t.db, [{ role: 'secretariat', memberId }], NOW);
    const forum = await signedInUser(t.db, [{ role: 'forum_member', memberId }], NOW);
    const before = await snapshot();
    for (const path of [`/admin/users/${target.id}/disable`, `/admin/users/${target.id}/enable`, `/admin/users/${target.id}/grants/${grant!.id}/revoke`]) {
      // A POST from nobody gets the 401 page that offers to sign in (a GET is redirected to /login).
      const anonymous = await postForm(app, path, {}, null);
      expect(anonymous.status).toBe(401);
      expect(await anonymous.text()).toContain('href="/login');
      expect((await postForm(app, path, {}, secretariat)).status).toBe(403);
      expect((await postForm(app, path, {}, forum)).status).toBe(403);
    }
    expect(await snapshot()).toEqual(before);
    const login = await getAs(app, '/admin/users', null);
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/login?next=%2Fadmin%2Fusers');
    const page = await (await getAs(app, '/admin/users', secretariat)).text();
    expect(page).not.toContain('/disable');
    expect(page).not.toContain('/revoke');
  });

  it('a POST without the CSRF field is refused (403) and changes nothing', async () => {
    const target = await signedInUser(t.db, [{ role: 'forum_member', memberId }], NOW);
    const before = await snapshot();
    expect((await postForm(app, `/admin/users/${target.userId}/disable`, {}, admin, { csrf: false })).status).toBe(403);
    expect(await snapshot()).toEqual(before);
    expect((await userRow(target.userId)).disabledAt).toBeNull();
  });

  it('hostile or unknown ids get a clear message and change nothing', async () => {
    const target = await createUser(t.db, { grants: [{ role: 'forum_member', memberId }] });
    const other = await createUser(t.db, { grants: [{ role: 'irm_reviewer', memberId }] });
    const [otherGrant] = await t.db.select().from(roleGrants).where(eq(roleGrants.userId, other.id));
    const before = await snapshot();
    for (const id of ['abc', '-1', '0', '99999999999999999999', '2147483648', '999999', '1e3', "1'%20OR%201=1", '%3Cscript%3E']) {
      for (const action of ['disable', 'enable']) {
        const res = await postForm(app, `/admin/users/${id}/${action}`, {}, admin);
        expect(res.status).toBe(404);
        expect(await res.text()).toContain('Esa cuenta no existe. No se cambió nada.');
      }
    }
    for (const grantId of ['abc', '-1', '99999999999999999999', '999999', String(otherGrant!.id)]) {
      const res = await postForm(app, `/admin/users/${target.id}/grants/${grantId}/revoke`, {}, admin, { lang: 'en' });
      expect(res.status).toBe(404);
      expect(await res.text()).toContain('That role does not exist or does not belong to that account. Nothing was changed.');
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe('disable, enable, revoke', () => {
  it('disabling ends the sessions at once, refuses sign-in (the generic answer), links and resets; enabling restores sign-in', async () => {
    const person = await createUser(t.db, { email: 'dora@example.org', password: 'clave-de-dora-1', grants: [{ role: 'forum_member', memberId }] });
    const browser = await signInAs(t.db, person.id, NOW);
    const second = await signInAs(t.db, person.id, NOW);
    expect((await getAs(app, '/work', browser)).status).toBe(200);
    const reset = newToken();
    await t.db.insert(accountTokens).values({ id: reset.id, purpose: 'password_reset', userId: person.id, expiresAt: new Date(NOW.getTime() + 3_600_000), createdAt: NOW });
    expect((await app.request(`/password/reset/${reset.token}`)).status).toBe(200);

    const res = await postForm(app, `/admin/users/${person.id}/disable`, {}, admin);
    expect(res.headers.get('location')).toBe(`/admin/users?done=disabled&user=${person.id}`);
    expect(await follow(res, admin)).toContain('La cuenta dora@example.org quedó desactivada');
    expect((await getAs(app, res.headers.get('location')!, admin, 'en').then((r) => r.text()))).toContain('The account dora@example.org is disabled');
    expect((await userRow(person.id)).disabledAt).toEqual(NOW);
    expect((await t.db.select().from(sessions).where(eq(sessions.userId, person.id))).length).toBe(0);
    // The open sessions stop working on the next request.
    const work = await getAs(app, '/work', browser);
    expect(work.status).toBe(303);
    expect(work.headers.get('location')).toMatch(/^\/login/);
    expect((await getAs(app, '/work', second)).status).toBe(303);
    // Sign-in: the same answer as a wrong password.
    const login = await postForm(app, '/login', { email: 'dora@example.org', password: 'clave-de-dora-1' }, null);
    expect(login.status).toBe(422);
    expect(await login.text()).toContain('El correo o la contraseña no son correctos.');
    // Links do not work; a reset is not sent.
    expect((await app.request(`/password/reset/${reset.token}`)).status).toBe(404);
    expect((await postForm(app, `/password/reset/${reset.token}`, { password: 'clave-nueva-dora', passwordRepeat: 'clave-nueva-dora' }, null)).status).toBe(404);
    expect((await postForm(app, '/password/forgot', { email: 'dora@example.org' }, null)).status).toBe(200);
    await app.deps.idle();
    expect((await t.db.select().from(outbox).where(eq(outbox.to, 'dora@example.org'))).length).toBe(0);
    // Disabling again changes nothing (and keeps the first date).
    const again = await postForm(createApp({ db: t.db, now: () => new Date(NOW.getTime() + 60_000) }), `/admin/users/${person.id}/disable`, {}, admin);
    expect(again.headers.get('location')).toBe(`/admin/users?done=unchanged&user=${person.id}`);
    expect((await userRow(person.id)).disabledAt).toEqual(NOW);

    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.entityId, String(person.id)), eq(auditLog.action, 'user.disable')));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor).toBe(`user:${admin.userId}`);
    expect(audit[0]!.details).toMatchObject({ before: { disabledAt: null }, after: { disabledAt: NOW.toISOString() }, sessionsEnded: 2 });

    const enabled = await postForm(app, `/admin/users/${person.id}/enable`, {}, admin);
    expect(await follow(enabled, admin)).toContain('La cuenta dora@example.org está activa de nuevo.');
    expect((await userRow(person.id)).disabledAt).toBeNull();
    expect((await postForm(app, '/login', { email: 'dora@example.org', password: 'clave-de-dora-1' }, null)).status).toBe(303);
    const enableAudit = await t.db.select().from(auditLog).where(and(eq(auditLog.entityId, String(person.id)), eq(auditLog.action, 'user.enable')));
    expect(enableAudit[0]!.details).toMatchObject({ before: { disabledAt: NOW.toISOString() }, after: { disabledAt: null } });
  });

  it('an invitation link of a disabled account does not work', async () => {
    const invited = await postForm(app, '/admin/users', { email: 'ines@example.org', name: 'Inés', role: 'forum_member', memberId: String(memberId), seat: 'academia' }, admin);
    // Without SMTP the sender gets the page with the link (decision 052).
    expect(invited.status).toBe(200);
    const [mail] = await t.db.select().from(outbox).where(eq(outbox.to, 'ines@example.org'));
    const token = /\/invitations\/([A-Za-z0-9_-]{43})/.exec(mail!.text)![1]!;
    expect((await app.request(`/invitations/${token}`)).status).toBe(200);
    const [u] = await t.db.select().from(users).where(eq(users.email, 'ines@example.org'));
    expect((await postForm(app, `/admin/users/${u!.id}/disable`, {}, admin)).status).toBe(303);
    expect((await app.request(`/invitations/${token}`)).status).toBe(404);
    expect((await postForm(app, `/invitations/${token}`, { name: 'Inés', password: 'una clave larga', passwordRepeat: 'una clave larga' }, null)).status).toBe(404);
    expect((await userRow(u!.id)).passwordHash).toBeNull();
  });

  it('revokes one grant, with an audit record of what it was', async () => {
    const person = await createUser(t.db, { email: 'rita@example.org', grants: [{ role: 'forum_member', memberId, seat: 'observer' }, { role: 'irm_reviewer', memberId }] });
    const grants = await t.db.select().from(roleGrants).where(eq(roleGrants.userId, person.id)).orderBy(asc(roleGrants.id));
    const page = await (await getAs(app, '/admin/users', admin)).text();
    expect(page).toContain(`/admin/users/${person.id}/grants/${grants[0]!.id}/revoke`);
    const res = await postForm(app, `/admin/users/${person.id}/grants/${grants[0]!.id}/revoke`, {}, admin, { lang: 'en' });
    expect(await follow(res, admin, 'en')).toContain('The role was revoked from rita@example.org.');
    const left = await t.db.select().from(roleGrants).where(eq(roleGrants.userId, person.id));
    expect(left.map((g) => g.role)).toEqual(['irm_reviewer']);
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.entityId, String(person.id)), eq(auditLog.action, 'user.revoke')));
    expect(audit!.details).toMatchObject({ before: { grantId: grants[0]!.id, role: 'forum_member', memberId, seat: 'observer' }, after: null });
  });

  it('an administrator cannot disable themself nor revoke their own last administrator grant', async () => {
    const [own] = await t.db.select().from(roleGrants).where(eq(roleGrants.userId, admin.userId));
    const before = await snapshot();
    const self = await postForm(app, `/admin/users/${admin.userId}/disable`, {}, admin);
    expect(self.status).toBe(422);
    expect(await self.text()).toContain('No puede desactivar su propia cuenta.');
    const revoke = await postForm(app, `/admin/users/${admin.userId}/grants/${own!.id}/revoke`, {}, admin, { lang: 'en' });
    expect(revoke.status).toBe(422);
    expect(await revoke.text()).toContain('You cannot revoke your own administrator role.');
    expect(await snapshot()).toEqual(before);
    // Another administrator may.
    const other = await signedInUser(t.db, [{ role: 'admin' }], NOW);
    const [otherGrant] = await t.db.select().from(roleGrants).where(eq(roleGrants.userId, other.userId));
    await expect(revokeGrant(t.db, { userId: other.userId, grantId: otherGrant!.id, actor: { userId: admin.userId }, now: NOW })).resolves.toBeUndefined();
    expect((await disableUser(t.db, { userId: other.userId, actor: 'cli', now: NOW })).changed).toBe(true);
    expect((await enableUser(t.db, { userId: other.userId, actor: 'cli', now: NOW })).changed).toBe(true);
  });
});

describe('sign-in attempts', () => {
  it('each sign-in deletes attempts older than a day and keeps the recent ones', async () => {
    const old = new Date(NOW.getTime() - LOGIN_ATTEMPTS_KEEP_MS - 1000);
    const recent = new Date(NOW.getTime() - 60 * 60 * 1000);
    await t.db.insert(loginAttempts).values([
      { email: 'old@example.org', ip: '198.51.100.1', succeeded: false, at: old },
      { email: 'old@example.org', ip: '198.51.100.1', succeeded: true, at: new Date(old.getTime() - 86_400_000) },
      { email: 'recent@example.org', ip: '198.51.100.2', succeeded: false, at: recent },
    ]);
    await postForm(app, '/login', { email: 'someone@example.org', password: 'una-clave-cualquiera' }, null);
    const rows = await t.db.select({ email: loginAttempts.email }).from(loginAttempts).orderBy(asc(loginAttempts.id));
    expect(rows.map((r) => r.email)).not.toContain('old@example.org');
    expect(rows.map((r) => r.email)).toEqual(expect.arrayContaining(['recent@example.org', 'someone@example.org']));
  });
});

describe('TRUST_PROXY', () => {
  async function attemptIp(target: App, email: string, forwardedFor?: string): Promise<string> {
    const csrf = 'c'.repeat(43);
    const body = new URLSearchParams({ email, password: 'una-clave-cualquiera', _csrf: csrf });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', cookie: `csrf=${csrf}` };
    if (forwardedFor !== undefined) headers['x-forwarded-for'] = forwardedFor;
    expect((await target.request('/login', { method: 'POST', headers, body })).status).toBe(422);
    const [row] = await t.db.select({ ip: loginAttempts.ip }).from(loginAttempts).where(eq(loginAttempts.email, email)).orderBy(asc(loginAttempts.id));
    return row!.ip;
  }

  it('is off by default: X-Forwarded-For is ignored and the connection address counts', async () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(() => loadConfig({ TRUST_PROXY: 'yes' })).toThrow(/TRUST_PROXY/);
    expect(await attemptIp(app, 'p0@example.org', '203.0.113.7')).toBe('unknown');
  });

  it('when on, the first valid address of X-Forwarded-For counts; anything else falls back to the connection', async () => {
    const proxied = createApp({ db: t.db, now: () => NOW, trustProxy: true });
    expect(await attemptIp(proxied, 'p1@example.org', '203.0.113.7')).toBe('203.0.113.7');
    expect(await attemptIp(proxied, 'p2@example.org', ' 2001:db8::1 , 10.0.0.1')).toBe('2001:db8::1');
    for (const [i, hostile] of ['<script>alert(1)</script>', "1.2.3.4' OR 1=1 --", 'x'.repeat(10_000), '999.1.1.1', '', ', 203.0.113.9'].entries()) {
      expect(await attemptIp(proxied, `h${i}@example.org`, hostile)).toBe('unknown');
    }
    expect(await attemptIp(proxied, 'p3@example.org')).toBe('unknown');
  });
});
