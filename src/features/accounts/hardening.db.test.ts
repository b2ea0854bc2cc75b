import { eq } from 'drizzle-orm';
import { CONTROL_CHARS } from '../../lib/input-guard.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp, type App } from '../../app.js';
import { ConfigError, loadConfig } from '../../config.js';
import { documents, outbox } from '../../db/schema/index.js';
import { storeFile } from '../../lib/files.js';
import { safePath } from '../../lib/next.js';
import { createPlan, NOW } from '../../../tests/support/factories.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { createUser, getAs, postForm, signedInUser, type SignedIn } from '../../../tests/support/auth.js';

// Every password check is counted (the real check still runs).
const checks = vi.hoisted(() => ({ n: 0 }));
vi.mock('./passwords.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('./passwords.js')>();
  return {
    ...original,
    verifyPassword: async (...args: Parameters<typeof original.verifyPassword>) => {
      checks.n++;
      return original.verifyPassword(...args);
    },
  };
});

let t: TestDatabase;
let app: App;
let memberId: number;
let admin: SignedIn;

beforeAll(async () => {
  t = await testDatabase();
  memberId = (await createPlan(t.db)).memberId;
  admin = await signedInUser(t.db, [{ role: 'admin' }], NOW, { name: 'Ada Admin' });
  app = createApp({ db: t.db, now: () => NOW, publicUrl: 'https://abierto.example.org/' });
});
afterAll(async () => {
  await t.dispose();
});

const mailsTo = async (to: string) => t.db.select().from(outbox).where(eq(outbox.to, to)).orderBy(outbox.id);
function tokenIn(text: string, path: string): string {
  const m = new RegExp(`(https?://[^\\s/]+)${path}/([A-Za-z0-9_-]{43})`).exec(text);
  if (!m) throw new Error(`no ${path} link in ${text}`);
  expect(m[1]).toBe('https://abierto.example.org');
  return m[2]!;
}
function post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const body = new URLSearchParams({ ...fields, _csrf: 'c'.repeat(43) });
  return app.request(`http://evil.example${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `csrf=${'c'.repeat(43)}`, host: 'evil.example', ...headers }, body });
}

describe('links in e-mails', () => {
  it('start with PUBLIC_URL, whatever Host the request names', async () => {
    await createUser(t.db, { email: 'host@example.org', password: 'clave-antigua-1' });
    const res = await post('/password/forgot', { email: 'host@example.org' }, { 'x-forwarded-host': 'evil.example' });
    expect(res.status).toBe(200);
    await app.deps.idle();
    const [mail] = await mailsTo('host@example.org');
    expect(mail!.text).not.toContain('evil.example');
    tokenIn(mail!.text, '/password/reset');
  });

  it('without PUBLIC_URL, from the configured host and port; with SMTP_URL, PUBLIC_URL is required', () => {
    expect(loadConfig({ HOST: '0.0.0.0', PORT: '8080' }).linkUrl).toBe('http://localhost:8080');
    expect(loadConfig({ HOST: '10.0.0.5', PORT: '80', PUBLIC_URL: 'https://abierto.example.org/' }).linkUrl).toBe('https://abierto.example.org');
    expect(() => loadConfig({ SMTP_URL: 'smtp://mail.example.org:587' })).toThrow(ConfigError);
    expect(() => loadConfig({ SMTP_URL: 'smtp://mail.example.org:587' })).toThrow(/^PUBLIC_URL is required when SMTP_URL is set/);
    expect(loadConfig({ SMTP_URL: 'smtp://mail.example.org:587', PUBLIC_URL: 'https://a.example.org' }).linkUrl).toBe('https://a.example.org');
  });
});

describe('links end when they should', () => {
  it('activating an account ends all of its invitation links', async () => {
    const invite = () => postForm(app, '/admin/users', { email: 'twice@example.org', name: 'Dos Veces', role: 'forum_member', memberId: String(memberId), seat: 'civil_society', locale: 'es' }, admin);
    expect((await invite()).status).toBe(200);
    expect((await invite()).status).toBe(200);
    const mails = await mailsTo('twice@example.org');
    expect(mails).toHaveLength(2);
    const [first, second] = mails.map((m) => tokenIn(m.text, '/invitations'));
    const accept = (token: string, password: string) => postForm(app, `/invitations/${token}`, { name: 'Dos Veces', password, passwordRepeat: password }, null);
    expect((await accept(first!, 'primera-clave-1')).status).toBe(303);
    expect((await app.request(`/invitations/${second}`)).status).toBe(404);
    expect((await accept(second!, 'clave-del-atacante')).status).toBe(404);
    expect((await postForm(app, '/login', { email: 'twice@example.org', password: 'primera-clave-1' }, null)).status).toBe(303);
    expect((await postForm(app, '/login', { email: 'twice@example.org', password: 'clave-del-atacante' }, null)).status).toBe(422);
  });

  it('a successful reset ends every reset link of the account', async () => {
    await createUser(t.db, { email: 'resets@example.org', password: 'clave-antigua-1' });
    for (let i = 0; i < 3; i++) await post('/password/forgot', { email: 'resets@example.org' });
    await app.deps.idle();
    const tokens = (await mailsTo('resets@example.org')).map((m) => tokenIn(m.text, '/password/reset'));
    expect(tokens).toHaveLength(3);
    const reset = (token: string, password: string) => postForm(app, `/password/reset/${token}`, { password, passwordRepeat: password }, null);
    expect((await reset(tokens[1]!, 'clave-nueva-123')).status).toBe(303);
    for (const other of [tokens[0]!, tokens[2]!]) {
      expect((await app.request(`/password/reset/${other}`)).status).toBe(404);
      expect((await reset(other, 'clave-del-atacante')).status).toBe(404);
    }
  });
});

describe('the sign-in rate limit under concurrency', () => {
  it('100 simultaneous wrong passwords give at most 5 password checks', async () => {
    await createUser(t.db, { email: 'target@example.org', password: 'la-clave-buena-1' });
    checks.n = 0;
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => postForm(app, '/login', { email: 'target@example.org', password: `mala-${i}` }, null)));
    const statuses = results.map((r) => r.status);
    console.log(`rate limit: 100 parallel wrong passwords → ${checks.n} password checks; ${statuses.filter((s) => s === 429).length} refused`);
    expect(checks.n).toBeLessThanOrEqual(5);
    expect(checks.n).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 422)).toHaveLength(checks.n);
    expect(statuses.filter((s) => s === 429)).toHaveLength(100 - checks.n);
  });
});

/** Ways to write "another site" that a browser would follow. */
const TRICKS = [
  '//evil.example',
  '///evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  '/\r\n/evil.example',
  '/ /evil.example',
  '/\u0000/evil.example',
  '/\u007f/evil.example',
  '/%09/evil.example',
  '/%2F/evil.example',
  '/%2f%2fevil.example',
  '/%5Cevil.example',
  '/%5cevil.example',
  '/%252F/evil.example',
  '/%0d%0a/evil.example',
  '/%E0%A4%A',
  'https://evil.example',
  'http:evil.example',
  'javascript:alert(1)',
  ' /plans',
  '/\u2028/evil.example',
  '/\uff0f/evil.example',
  `/${'a'.repeat(600)}`,
  '',
];

describe('next only leads to a path on this site', () => {
  it('refuses every trick, keeps ordinary paths', () => {
    for (const trick of TRICKS) expect(safePath(trick), JSON.stringify(trick)).toBeNull();
    for (const ok of ['/', '/plans/1', '/commitments/3?lang=en', '/data#descargas', '/reports/plans/1/follow-up/new', '/repository?q=a%20b']) expect(safePath(ok)).toBe(ok);
  });

  it('the language switch and the sign-in form fall back for every trick', async () => {
    await createUser(t.db, { email: 'next@example.org', password: 'la-clave-buena-1' });
    for (const trick of TRICKS) {
      const lang = await app.request(`/lang/en?next=${encodeURIComponent(trick)}`);
      const page = await app.request(`/login?next=${encodeURIComponent(trick)}`);
      if (CONTROL_CHARS.test(trick)) {
        // The input guard refuses control characters before any route: a clear 400, never a redirect.
        expect(lang.status, JSON.stringify(trick)).toBe(400);
        expect(lang.headers.get('location'), JSON.stringify(trick)).toBeNull();
        expect(page.status, JSON.stringify(trick)).toBe(400);
        continue;
      }
      expect(lang.status, JSON.stringify(trick)).toBe(303);
      expect(lang.headers.get('location'), JSON.stringify(trick)).toBe('/');
      expect(page.status).toBe(200);
    }
    // The literal request of the report.
    expect((await app.request('/lang/en?next=/%09/evil.example')).headers.get('location')).toBe('/');
    for (const trick of TRICKS.slice(0, 8)) {
      const res = await postForm(app, '/login', { email: 'next@example.org', password: 'la-clave-buena-1', next: trick }, null);
      expect(res.headers.get('location'), JSON.stringify(trick)).toBe('/work');
    }
    expect((await app.request('/lang/en?next=%2Fplans%2F1%3Flang%3Den')).headers.get('location')).toBe('/plans/1?lang=en');
  });
});

describe('forgot-password', () => {
  it('answers the same, without waiting for the e-mail, whether or not the e-mail has an account', async () => {
    await createUser(t.db, { email: 'slowmail@example.org', password: 'clave-antigua-1' });
    // The mail server does not answer until the test lets it: a response that waited for the e-mail
    // would never arrive. (No clock involved, so a busy machine cannot make this pass or fail.)
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const sent: string[] = [];
    const slow = createApp({ db: t.db, now: () => NOW, publicUrl: 'https://abierto.example.org', mailTransport: { send: async (m) => { await held; sent.push(m.to); } } });
    const answer = async (email: string) => {
      const res = await postForm(slow, '/password/forgot', { email }, null);
      expect(res.status).toBe(200);
      return (await res.text()).replace(/<input type="hidden" name="_csrf"[^>]*>/g, '').replace(/email[^"]*@example\.org/g, '');
    };
    const known = await answer('slowmail@example.org');
    const unknown = await answer('nobody@example.org');
    expect(sent).toEqual([]);
    expect(known).toBe(unknown);
    release();
    await slow.deps.idle();
    // (Mail left in the outbox by the tests before goes out too.)
    expect(sent.filter((to) => to === 'slowmail@example.org')).toHaveLength(1);
    expect(sent.filter((to) => to.startsWith('nobody'))).toHaveLength(0);
  });
});

describe('caching of signed-in pages', () => {
  it('every response to a signed-in request says no-store, the outbox included; public pages stay cacheable', async () => {
    for (const path of ['/work', '/admin/outbox', '/admin/users', '/', '/data', '/no-such-page']) {
      const res = await getAs(app, path, admin);
      expect(res.headers.get('cache-control'), path).toBe('private, no-store');
    }
    expect((await app.request('/data')).headers.get('cache-control') ?? '').not.toContain('no-store');
  });
});

describe('downloads', () => {
  it('keep their sandbox and take the extension of the detected type', async () => {
    const pdf = new TextEncoder().encode('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const stored = await t.db.transaction((tx) => storeFile(tx, pdf, 'informe.pdf'));
    const [evidence] = await t.db.insert(documents).values({ type: 'evidence', title: { es: 'Informe' }, documentDate: '2026-11-01', fileSha256: stored.sha256, fileName: 'informe.html', publishedAt: NOW }).returning();
    const [doc] = await t.db.insert(documents).values({ type: 'minutes', title: { es: 'Acta' }, documentDate: '2026-11-01', fileSha256: stored.sha256, fileName: 'acta.svg', publishedAt: NOW }).returning();
    for (const path of [`/evidence/${evidence!.id}`, `/repository/${doc!.id}/file`]) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-disposition')).toMatch(/filename="(informe|acta)\.pdf"/);
    }
  });
});
