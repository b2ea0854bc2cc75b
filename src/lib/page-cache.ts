import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import '../features/accounts/middleware.js';
import { SESSION_COOKIE } from '../features/accounts/sessions.js';

interface Entry {
  body: string;
  headers: [string, string][];
  gzip: Uint8Array<ArrayBuffer> | null;
  etag: string;
  storedAt: number;
  version: number;
}

/**
 * Public pages cached in memory (hono/jsx renders ~1 ms per 200 list items). An entry lives until
 * the next write in this process (`invalidate()`) or until `ttlMs` has passed, which bounds how stale
 * a page can be when another process (a second app server, the CLI) wrote to the database.
 */
export class PageCache {
  private entries = new Map<string, Entry>();
  private version = 0;

  constructor(
    readonly ttlMs: number,
    readonly maxEntries = 2000,
    private readonly clock: () => number = Date.now,
  ) {}

  invalidate(): void {
    this.version += 1;
    this.entries.clear();
  }

  get(key: string): Entry | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.version !== this.version || this.clock() - e.storedAt > this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  set(key: string, body: string, headers: [string, string][] = []): Entry {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    const e: Entry = {
      body,
      headers,
      gzip: null,
      etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
      storedAt: this.clock(),
      version: this.version,
    };
    if (this.ttlMs > 0) this.entries.set(key, e);
    return e;
  }

  get size(): number {
    return this.entries.size;
  }
}

function acceptsGzip(header: string | undefined): boolean {
  return !!header && /\bgzip\b/.test(header);
}

/** Headers of the rendered page kept with it; the ones that describe one particular response are not. */
const NOT_KEPT = new Set(['set-cookie', 'content-length', 'content-encoding', 'etag', 'vary', 'cache-control']);

declare module 'hono' {
  interface ContextVariableMap {
    /** Set when the response carries a CSRF token: such a page belongs to one visitor and is never cached. */
    csrfUsed: boolean;
  }
}

/**
 * Serves anonymous GET pages from the cache, keyed by the language and the URL, with an ETag (a
 * 304 costs a slow connection nothing) and gzip when the client takes it. Mounted first, so a hit
 * costs almost nothing; the security headers of the rendered page are kept with it.
 * A page is stored only if it is a 200 HTML answer to someone not signed in, sets no cookie and
 * carries no CSRF token (no form): per-person pages are never shared.
 */
/** The rendered page as a cache entry, or undefined when it must not be shared. */
async function storable(c: Context, cache: PageCache, key: string): Promise<Entry | undefined> {
  const res = c.res;
  const type = res.headers.get('content-type') ?? '';
  if (res.status !== 200 || !type.startsWith('text/html') || res.headers.has('set-cookie') || c.get('csrfUsed') || c.get('user')) return undefined;
  const headers: [string, string][] = [];
  res.headers.forEach((value, name) => {
    if (!NOT_KEPT.has(name)) headers.push([name, value]);
  });
  return cache.set(key, await res.clone().text(), headers);
}

export function cachedPages(cache: PageCache, localeOf: (c: Context) => string): MiddlewareHandler {
  const rendering = new Map<string, Promise<Entry | undefined>>();
  return async (c, next) => {
    if (c.req.method !== 'GET' || getCookie(c, SESSION_COOKIE)) return next();
    const url = new URL(c.req.url);
    const key = `${localeOf(c)}|${url.pathname}${url.search}`;
    let entry = cache.get(key);
    const pending = entry ? undefined : rendering.get(key);
    if (pending) entry = await pending;
    if (!entry) {
      // One render per page at a time: requests for the same page that arrive meanwhile wait for it
      // (a burst right after a write costs one render, not fifty). Not with the cache off (ttl 0).
      // (Set before the first await, so that the requests of the same tick see it.)
      let done: (e: Entry | undefined) => void = () => {};
      if (cache.ttlMs > 0) rendering.set(key, new Promise((resolve) => (done = resolve)));
      try {
        await next();
        entry = await storable(c, cache, key);
      } finally {
        rendering.delete(key);
        done(entry);
      }
      if (!entry) return;
      c.res = undefined as unknown as Response; // replace, do not merge, the rendered response's headers
    }
    const headers = new Headers(entry.headers);
    headers.set('etag', entry.etag);
    headers.set('vary', 'Cookie, Accept-Encoding');
    headers.set('cache-control', 'public, max-age=0, must-revalidate');
    if (c.req.header('if-none-match') === entry.etag) return (c.res = new Response(null, { status: 304, headers }));
    if (acceptsGzip(c.req.header('accept-encoding'))) {
      entry.gzip ??= new Uint8Array(gzipSync(entry.body));
      headers.set('content-encoding', 'gzip');
      return (c.res = new Response(entry.gzip, { status: 200, headers }));
    }
    return (c.res = new Response(entry.body, { status: 200, headers }));
  };
}
