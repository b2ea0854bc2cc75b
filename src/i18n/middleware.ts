import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { Hono } from 'hono';
import { LOCALES, type Locale } from '../lib/levels.js';
import { safePath } from '../lib/next.js';
import { DEFAULT_LOCALE, messages, type Messages } from './index.js';

export const LOCALE_COOKIE = 'lang';

declare module 'hono' {
  interface ContextVariableMap {
    locale: Locale;
    t: Messages;
  }
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * The interface language: `?lang=` on the request, else the `lang` cookie set by the switch, else
 * Spanish. (Spanish is the default on purpose: the forum works in Spanish; see decision 002.)
 */
export function localeFor(c: Context): Locale {
  const query = c.req.query('lang');
  if (isLocale(query)) return query;
  const cookie = getCookie(c, LOCALE_COOKIE);
  if (isLocale(cookie)) return cookie;
  return DEFAULT_LOCALE;
}

export function language(): MiddlewareHandler {
  return async (c, next) => {
    const locale = localeFor(c);
    c.set('locale', locale);
    c.set('t', messages(locale));
    await next();
  };
}

/** A path inside this site to go back to; anything else (other hosts in any spelling, see `safePath`) becomes `/`. */
export function safeNext(next: string | undefined): string {
  return safePath(next) ?? '/';
}

/** `GET /lang/en?next=/plans/1` sets the language and goes back: a plain link, no JavaScript. */
export const languageRoutes = new Hono().get('/:locale', (c) => {
  const locale = c.req.param('locale');
  if (!isLocale(locale)) return c.notFound();
  setCookie(c, LOCALE_COOKIE, locale, {
    path: '/',
    maxAge: 60 * 60 * 24 * 365,
    sameSite: 'Lax',
    httpOnly: true,
    secure: new URL(c.req.url).protocol === 'https:',
  });
  return c.redirect(safeNext(c.req.query('next')), 303);
});
