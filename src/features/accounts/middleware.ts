import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import type { Database } from '../../db/client.js';
import type { SessionUser } from './policy.js';
import { SESSION_COOKIE, sessionUser } from './sessions.js';

declare module 'hono' {
  interface ContextVariableMap {
    user: SessionUser | null;
  }
}

/** Reads the session cookie and sets `c.get('user')` (null when not signed in): one statement, with the unread notices count. */
export function session(deps: { db: Database; now: () => Date }): MiddlewareHandler {
  return async (c, next) => {
    const user = await sessionUser(deps.db, getCookie(c, SESSION_COOKIE), deps.now());
    c.set('user', user);
    await next();
  };
}

/**
 * The signed-in user, or an HTTP outcome: 401 (the error page offers to sign in) when nobody is.
 * Use in handlers: `const user = requireUser(c)`.
 */
export function requireUser(c: Context): SessionUser {
  const user = c.get('user');
  if (!user) throw new HTTPException(401, { message: 'unauthenticated' });
  return user;
}

/** 403 unless `allowed` — the answer of a policy function, which never ends "not set": it is true or denied. */
export function requirePermission(c: Context, allowed: (user: SessionUser) => boolean): SessionUser {
  const user = requireUser(c);
  if (!allowed(user)) throw new HTTPException(403, { message: 'forbidden' });
  return user;
}
