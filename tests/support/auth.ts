import { randomBytes } from 'node:crypto';
import type { Database } from '../../src/db/client.js';
import { roleGrants, users } from '../../src/db/schema/index.js';
import { hashPassword } from '../../src/features/accounts/passwords.js';
import type { Grant } from '../../src/features/accounts/policy.js';
import { createSession } from '../../src/features/accounts/sessions.js';

let counter = 0;

/** Creates an account with the given grants (and a password when asked). */
export async function createUser(
  db: Database,
  input: { email?: string; name?: string; password?: string; locale?: 'es' | 'en'; grants?: Partial<Grant>[] } = {},
): Promise<{ id: number; email: string; name: string }> {
  counter += 1;
  const email = input.email ?? `user${counter}-${randomBytes(3).toString('hex')}@example.org`;
  const name = input.name ?? `Persona ${counter}`;
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const [u] = await db.insert(users).values({ email, name, passwordHash, locale: input.locale ?? 'es' }).returning({ id: users.id });
  for (const g of input.grants ?? []) {
    await db.insert(roleGrants).values({
      userId: u!.id,
      role: g.role ?? 'forum_member',
      memberId: g.memberId ?? null,
      institutionId: g.institutionId ?? null,
      seat: g.seat ?? null,
    });
  }
  return { id: u!.id, email, name };
}

export interface SignedIn {
  userId: number;
  /** The CSRF token to send as the `_csrf` field (or `x-csrf-token` header). */
  csrf: string;
  /** The Cookie header: session + CSRF cookie. */
  cookie: string;
  headers: Record<string, string>;
}

/** A signed-in browser for `app.request()`: a session cookie and a CSRF cookie with its token. */
export async function signIn(db: Database, userId: number, now: Date = new Date()): Promise<SignedIn> {
  const { token } = await createSession(db, userId, now);
  const csrf = randomBytes(32).toString('base64url');
  const cookie = `sid=${token}; csrf=${csrf}`;
  return { userId, csrf, cookie, headers: { cookie } };
}

/** Creates an account with grants and signs it in. */
export async function signedInUser(db: Database, grants: Partial<Grant>[], now: Date = new Date(), input: { name?: string; email?: string } = {}) {
  const u = await createUser(db, { ...input, grants });
  return { ...u, ...(await signIn(db, u.id, now)) };
}

/** A POST of a form (urlencoded), with the CSRF field unless `csrf: false`. */
export function postForm(
  app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> },
  path: string,
  fields: Record<string, string | string[]>,
  who: SignedIn | null,
  options: { csrf?: boolean; lang?: 'es' | 'en' } = {},
): Promise<Response> {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
  const anonCsrf = randomBytes(32).toString('base64url');
  const csrf = who?.csrf ?? anonCsrf;
  if (options.csrf !== false) body.set('_csrf', csrf);
  const cookie = [who ? who.cookie : `csrf=${anonCsrf}`, options.lang ? `lang=${options.lang}` : ''].filter(Boolean).join('; ');
  return Promise.resolve(app.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body }));
}

/** A multipart POST (file uploads), with the CSRF field. */
export function postMultipart(
  app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> },
  path: string,
  form: FormData,
  who: SignedIn,
  options: { csrf?: boolean } = {},
): Promise<Response> {
  if (options.csrf !== false) form.set('_csrf', who.csrf);
  return Promise.resolve(app.request(path, { method: 'POST', headers: { cookie: who.cookie }, body: form }));
}

/** A GET as the signed-in person. */
export function getAs(app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> }, path: string, who: SignedIn | null, lang?: 'es' | 'en') {
  const cookie = [who?.cookie, lang ? `lang=${lang}` : ''].filter(Boolean).join('; ');
  return Promise.resolve(app.request(path, { headers: cookie ? { cookie } : {} }));
}
