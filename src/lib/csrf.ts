import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import './page-cache.js';

export const CSRF_COOKIE = 'csrf';
export const CSRF_FIELD = '_csrf';

declare module 'hono' {
  interface ContextVariableMap {
    csrfToken: string;
  }
}

export function isSecureRequest(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * The visitor's CSRF token for a form, issued (cookie set) on first use only: a public page that
 * renders no form sends no cookie, so it stays cacheable and costs nothing.
 */
export function issueCsrfToken(c: Context): string {
  c.set('csrfUsed', true);
  const existing = c.get('csrfToken');
  if (existing) return existing;
  const token = randomBytes(32).toString('base64url');
  setCookie(c, CSRF_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'Lax', secure: isSecureRequest(c) });
  c.set('csrfToken', token);
  return token;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * CSRF protection for every form (double submit): a random token in an HttpOnly, SameSite=Lax
 * cookie and the same token in a hidden field `_csrf` (or the `x-csrf-token` header). A request
 * that changes anything must carry both, equal, and — when the browser says where it comes from —
 * come from this site. Anything else is refused with 403 before any handler runs.
 */
export function csrf(): MiddlewareHandler {
  return async (c, next) => {
    const cookieToken = getCookie(c, CSRF_COOKIE);
    if (cookieToken && TOKEN_PATTERN.test(cookieToken)) c.set('csrfToken', cookieToken);
    if (['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)) return next();

    const origin = c.req.header('origin');
    if (origin && origin !== 'null' && origin !== new URL(c.req.url).origin) {
      const forwarded = c.req.header('x-forwarded-host');
      if (!forwarded || new URL(origin).host !== forwarded) throw new HTTPException(403, { message: 'csrf' });
    }
    const cookie = getCookie(c, CSRF_COOKIE);
    let sent = c.req.header('x-csrf-token');
    if (!sent) {
      const type = c.req.header('content-type') ?? '';
      if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
        const body = await c.req.parseBody({ all: true });
        const field = body[CSRF_FIELD];
        sent = typeof field === 'string' ? field : undefined;
      }
    }
    if (!cookie || !sent || !same(cookie, sent)) throw new HTTPException(403, { message: 'csrf' });
    return next();
  };
}
