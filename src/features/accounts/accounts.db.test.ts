import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app.js';
import { auditLog, loginAttempts, outbox, roleGrants, sessions, users } from '../../db/schema/index.js';
import { createPlan, NOW } from '../../../tests/support/factories.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { createUser, getAs, postForm, signedInUser, type SignedIn } from '../../../tests/support/auth.js';
import { MAX_FAILURES_PER_EMAIL } from './commands.js';
import { hashPassword, verifyPassword } from './passwords.js';

let t: TestDatabase;
let app: App;
let memberId: number;
let admin: SignedIn;

function cookieOf(res: Response, name: string): string | null {
  const all = res.headers.getSetCookie();
  const c = all.find((x) => x.startsWith(`${name}=`));
  return c ?? null;
}

function linkIn(text: string, path: string): string {
  const m = new RegExp(`https?://[^\\s]+${path}/([A-Za-z0-9_-]{43})`).exec(text);
  if (!m) throw new Error(`no ${path} link in ${text}`);
  return m[1]!;
}

beforeAll(async () => {
  t = await testDatabase();
  memberId = (await createPlan(t.db)).memberId;
  admin = await signedInUser(t.db, [{ role: 'admin' }], NOW, { name: 'Ada Admin' });
  app = createApp({ db: t.db, now: () => NOW });
});
afterAll(async () => {
  await t.dispose();
});

describe('passwords', () => {
  it('are hashed with scrypt and verified', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('wrong', hash)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
    expect(await verifyPassword('x', null)).toBe(false);
  });
});

describe('invitations, sign-in, sign-out', () => {
  it('an administrator invites a forum member; the link arrives through the outbox; the invitee sets a password and is signed in', async () => {
    const res = await postForm(app, '/admin/users', { email: 'Carla@Example.org', name: 'Carla', role: 'forum_member', memberId: String(memberId), seat: 'civil_society', locale: 'es' }, admin);
    expect(res.status).toBe(200); // without SMTP: the link on screen for the sender (decision 052)
    const [mail] = await t.db.select().from(outbox).where(eq(outbox.to, 'carla@example.org'));
    const token = linkIn(mail!.text, '/invitations');
    const page = await app.request(`/invitations/${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('carla@example.org');
    const mismatch = await postForm(app, `/invitations/${token}`, { name: 'Carla Pérez', password: 'una clave larga', passwordRepeat: 'otra clave larga' }, null);
    expect(mismatch.status).toBe(422);
    expect(await mismatch.text()).toContain('Las contraseñas no coinciden.');
    const ok = await postForm(app, `/invitations/${token}`, { name: 'Carla <b>Pérez</b>', password: 'una clave larga', passwordRepeat: 'una clave larga' }, null);
    expect(ok.status).toBe(303);
    const sid = cookieOf(ok, 'sid')!;
    expect(sid).toMatch(/HttpOnly/);
    expect(sid).toMatch(/SameSite=Lax/);
    const work = await app.request('/work', { headers: { cookie: sid.split(';')[0]! } });
    expect(work.status).toBe(200);
    const html = await work.text();
    expect(html).toContain('Carla &lt;b&gt;Pérez&lt;/b&gt;');
    expect((await app.request(`/invitations/${token}`)).status).toBe(404);
    const [row] = await t.db.select().from(roleGrants).innerJoin(users, eq(users.id, roleGrants.userId)).where(eq(users.email, 'carla@example.org'));
    expect(row!.role_grants).toMatchObject({ role: 'forum_member', memberId, seat: 'civil_society' });
  });

  it('signs in with the right password (Secure cookie behind TLS), refuses a wrong one, signs out', async () => {
    await createUser(t.db, { email: 'rodrigo@example.org', password: 'clave-de-rodrigo', grants: [] });
    const wrong = await postForm(app, '/login', { email: 'rodrigo@example.org', password: 'nope-nope-nope' }, null);
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('El correo o la contraseña no son correctos.');
    const body = new URLSearchParams({ email: 'RODRIGO@example.org', password: 'clave-de-rodrigo', next: '/periods', _csrf: 'a'.repeat(43) });
    const ok = await app.request('https://abierto.example/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `csrf=${'a'.repeat(43)}` }, body });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/periods');
    const sid = cookieOf(ok, 'sid')!;
    expect(sid).toMatch(/Secure/);
    const token = sid.split(';')[0]!.slice(4);
    const who: SignedIn = { userId: 0, csrf: 'b'.repeat(43), cookie: `sid=${token}; csrf=${'b'.repeat(43)}`, headers: {} };
    expect((await getAs(app, '/work', who)).status).toBe(200);
    const out = await postForm(app, '/logout', {}, who);
    expect(out.status).toBe(303);
    expect((await getAs(app, '/work', who)).status).toBe(303);
  });

  it('a next address elsewhere is ignored', async () => {
    await createUser(t.db, { email: 'nx@example.org', password: 'clave-larga-nx', grants: [] });
    const res = await postForm(app, '/login', { email: 'nx@example.org', password: 'clave-larga-nx', next: '//evil.example/x' }, null);
    expect(res.headers.get('location')).toBe('/work');
  });

  it('is rate limited: after 5 failures even the right password is refused for 15 minutes', async () => {
    await createUser(t.db, { email: 'limited@example.org', password: 'clave-correcta', grants: [] });
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i += 1) {
      expect((await postForm(app, '/login', { email: 'limited@example.org', password: `mala-${i}-xxxxx` }, null)).status).toBe(422);
    }
    const refused = await postForm(app, '/login', { email: 'limited@example.org', password: 'clave-correcta' }, null);
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain('Demasiados intentos fallidos');
    const later = createApp({ db: t.db, now: () => new Date(NOW.getTime() + 16 * 60_000) });
    expect((await postForm(later, '/login', { email: 'limited@example.org', password: 'clave-correcta' }, null)).status).toBe(303);
    expect((await t.db.select().from(loginAttempts).where(eq(loginAttempts.email, 'limited@example.org'))).length).toBe(MAX_FAILURES_PER_EMAIL + 1);
  });

  it('hostile and oversized sign-in input is refused with a message, never a crash', async () => {
    for (const fields of [{ email: 'x'.repeat(10_000), password: 'y' }, { email: "' OR 1=1 --", password: "' OR 1=1 --" }, { email: '<script>alert(1)</script>', password: 'p' }, {}]) {
      const res = await postForm(app, '/login', fields as Record<string, string>, null);
      expect([422]).toContain(res.status);
      expect(await res.text()).not.toContain('<script>alert(1)</script>');
    }
  });
});

describe('password reset', () => {
  it('answers the same whether the account exists; the link sets a new password once and ends the old sessions', async () => {
    const u = await createUser(t.db, { email: 'reset@example.org', password: 'clave-antigua-1', grants: [] });
    const old = await signedInUser(t.db, [], NOW);
    await t.db.delete(sessions).where(eq(sessions.userId, old.userId));
    const unknown = await postForm(app, '/password/forgot', { email: 'nobody@example.org' }, null);
    const known = await postForm(app, '/password/forgot', { email: 'reset@example.org' }, null);
    expect(unknown.status).toBe(200);
    expect(known.status).toBe(200);
    await app.deps.idle();
    const a = (await unknown.text()).replace(/value="[^"]*"/g, '');
    const b = (await known.text()).replace(/value="[^"]*"/g, '');
    expect(a).toBe(b);
    const [mail] = await t.db.select().from(outbox).where(eq(outbox.to, 'reset@example.org'));
    const token = linkIn(mail!.text, '/password/reset');
    expect((await app.request(`/password/reset/${token}`)).status).toBe(200);
    const short = await postForm(app, `/password/reset/${token}`, { password: 'corta', passwordRepeat: 'corta' }, null);
    expect(short.status).toBe(422);
    expect(await short.text()).toContain('al menos 10 caracteres');
    const ok = await postForm(app, `/password/reset/${token}`, { password: 'clave-nueva-123', passwordRepeat: 'clave-nueva-123' }, null);
    expect(ok.status).toBe(303);
    expect((await postForm(app, `/password/reset/${token}`, { password: 'clave-nueva-456', passwordRepeat: 'clave-nueva-456' }, null)).status).toBe(404);
    expect((await postForm(app, '/login', { email: 'reset@example.org', password: 'clave-nueva-123' }, null)).status).toBe(303);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.entityId, String(u.id)));
    expect(audit.map((r) => r.action)).toContain('user.reset_password');
  });
});

describe('who may manage people, read the audit log and the outbox', () => {
  it('the secretariat invites contacts for its member but not administrators; others are refused', async () => {
    const secretariat = await signedInUser(t.db, [{ role: 'secretariat', memberId }], NOW);
    const forum = await signedInUser(t.db, [{ role: 'forum_member', memberId }], NOW);
    expect((await getAs(app, '/admin/users', secretariat)).status).toBe(200);
    expect((await getAs(app, '/admin/users', forum)).status).toBe(403);
    const asAdmin = await postForm(app, '/admin/users', { email: 'boss@example.org', name: 'Boss', role: 'admin' }, secretariat);
    expect(asAdmin.status).toBe(422);
    expect((await t.db.select().from(users).where(eq(users.email, 'boss@example.org'))).length).toBe(0);
    const noInstitution = await postForm(app, '/admin/users', { email: 'c@example.org', name: 'C', role: 'institution_contact', memberId: String(memberId) }, secretariat);
    expect(noInstitution.status).toBe(422);
    expect(await noInstitution.text()).toContain('Un contacto institucional necesita una institución');
    const xss = await postForm(app, '/admin/users', { email: 'not-an-email<script>', name: '<script>alert(1)</script>', role: 'forum_member' }, secretariat);
    expect(xss.status).toBe(422);
    expect(await xss.text()).not.toContain('<script>alert(1)</script>');
    expect((await postForm(app, '/admin/users', { email: 'z@example.org', name: 'Z', role: 'forum_member', memberId: String(memberId) }, secretariat, { csrf: false })).status).toBe(403);
    expect((await t.db.select().from(users).where(eq(users.email, 'z@example.org'))).length).toBe(0);
  });

  it('only administrators read the audit log and the outbox', async () => {
    const secretariat = await signedInUser(t.db, [{ role: 'secretariat', memberId }], NOW);
    expect((await getAs(app, '/admin/audit', secretariat)).status).toBe(403);
    expect((await getAs(app, '/admin/outbox', secretariat)).status).toBe(403);
    expect((await app.request('/admin/audit')).status).toBe(303);
    const audit = await getAs(app, '/admin/audit', admin);
    expect(audit.status).toBe(200);
    expect(await audit.text()).toContain('user.invite');
    const box = await getAs(app, '/admin/outbox', admin);
    expect(await box.text()).toContain('Invitación a Abierto');
  });
});

describe('SMTP delivery', () => {
  it('sends waiting e-mail through the transport and marks it sent; a failure is recorded', async () => {
    const sent: string[] = [];
    let fail = false;
    const smtp = createApp({ db: t.db, now: () => NOW, mailTransport: { send: async (m) => { if (fail) throw new Error('connection refused'); sent.push(m.to); } } });
    const res = await postForm(smtp, '/password/forgot', { email: 'rodrigo@example.org' }, null);
    expect(res.status).toBe(200);
    await smtp.deps.idle();
    expect(sent).toContain('rodrigo@example.org');
    const rows = await t.db.select().from(outbox).where(eq(outbox.to, 'rodrigo@example.org'));
    expect(rows.every((r) => r.sentAt !== null)).toBe(true);
    fail = true;
    await postForm(smtp, '/password/forgot', { email: 'rodrigo@example.org' }, null);
    await smtp.deps.idle();
    const after = await t.db.select().from(outbox).where(eq(outbox.to, 'rodrigo@example.org'));
    expect(after.some((r) => r.error === 'connection refused')).toBe(true);
  });
});
