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
  key: string;
  /** What the entry holds, in bytes (approximately: the body, its gzip, the headers and the key). */
  bytes: number;
}

/** The default bound of the cache: 16 MiB as counted (two bytes a character; the bench plan page, 60 KB, counts ~120 KB: ~130 such pages). */
export const DEFAULT_CACHE_BYTES = 16 * 2 ** 20;

/**
 * Public pages cached in memory (hono/jsx renders ~1 ms per 200 list items). An entry lives until
 * the next write in this process (`invalidate()`) or until `ttlMs` has passed, which bounds how stale
 * a page can be when another process (a second app server, the CLI) wrote to the database.
 * The cache is bounded in bytes and forgets the least recently used page first (issue 10: traffic
 * with random query strings must not grow the process).
 */
export class PageCache {
  private entries = new Map<string, Entry>();
  private version = 0;
  private bytes = 0;

  constructor(
    readonly ttlMs: number,
    readonly maxBytes = DEFAULT_CACHE_BYTES,
    private readonly clock: () => number = Date.now,
  ) {}

  invalidate(): void {
    this.version += 1;
    this.entries.clear();
    this.bytes = 0;
  }

  private remove(key: string, e: Entry): void {
    this.entries.delete(key);
    this.bytes -= e.bytes;
  }

  get(key: string): Entry | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.version !== this.version || this.clock() - e.storedAt > this.ttlMs) {
      this.remove(key, e);
      return undefined;
    }
    // Most recently used last: a Map keeps insertion order.
    this.entries.delete(key);
    this.entries.set(key, e);
    return e;
  }

  set(key: string, body: string, headers: [string, string][] = []): Entry {
    const e: Entry = {
      body,
      headers,
      gzip: null,
      etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
      storedAt: this.clock(),
      version: this.version,
      key,
      bytes: 2 * (body.length + key.length) + headers.reduce((n, [a, b]) => n + 2 * (a.length + b.length), 0) + 200,
    };
    if (this.ttlMs <= 0 || e.bytes > this.maxBytes / 4) return e;
    const old = this.entries.get(key);
    if (old) this.remove(key, old);
    this.entries.set(key, e);
    this.bytes += e.bytes;
    this.trim();
    return e;
  }

  /** The gzip of an entry, made on first demand and counted in the bound. */
  gzipOf(e: Entry): Uint8Array<ArrayBuffer> {
    if (!e.gzip) {
      e.gzip = new Uint8Array(gzipSync(e.body));
      e.bytes += e.gzip.byteLength;
      if (this.entries.get(e.key) === e) {
        this.bytes += e.gzip.byteLength;
        this.trim();
      }
    }
    return e.gzip;
  }

  private trim(): void {
    for (const [key, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.remove(key, e);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** The bytes the entries hold now. */
  get byteSize(): number {
    return this.bytes;
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

/** The query parameters a page does not vary by: the language is in the key already. */
const NOT_KEYED = new Set(['lang']);

declare module 'hono' {
  interface ContextVariableMap {
    /** The query parameters the page read while it rendered (set by `cachedPages`), or 'all'. */
    queryRead: Set<string> | 'all';
  }
}

/**
 * Records the query parameters the handler reads (`c.req.query(name)`, `c.req.queries(name)`; reading
 * them all counts as 'all'), so a page is cached under the parameters it depends on and nothing else.
 */
function trackQueryReads(c: Context): Set<string> | 'all' {
  let read: Set<string> | 'all' = new Set<string>();
  const req = c.req as unknown as { query: (key?: string) => unknown; queries: (key?: string) => unknown };
  const query = req.query.bind(req);
  const queries = req.queries.bind(req);
  const note = (key: string | undefined) => {
    if (key === undefined) read = 'all';
    else if (read !== 'all') read.add(key);
    c.set('queryRead', read);
  };
  req.query = (key?: string) => (note(key), query(key));
  req.queries = (key?: string) => (note(key), queries(key));
  c.set('queryRead', read);
  return read;
}

/** The cache key of a request: the language, the path, and the values of the parameters `keyed`, sorted. */
function keyOf(locale: string, url: URL, keyed: readonly string[] | 'all'): string {
  const params = [...url.searchParams].filter(([name]) => !NOT_KEYED.has(name) && (keyed === 'all' || keyed.includes(name)));
  params.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${locale}|${url.pathname}?${new URLSearchParams(params).toString()}`;
}

/** The parameters each path has been seen to read (bounded: forgotten all at once past `MAX_PATHS`). */
const MAX_PATHS = 10_000;

export function cachedPages(cache: PageCache, localeOf: (c: Context) => string): MiddlewareHandler {
  const rendering = new Map<string, Promise<Entry | undefined>>();
  const readsOf = new Map<string, string[] | 'all'>();
  return async (c, next) => {
    if (c.req.method !== 'GET' || cache.ttlMs <= 0 || getCookie(c, SESSION_COOKIE)) return next();
    const url = new URL(c.req.url);
    const locale = localeOf(c);
    const known = readsOf.get(url.pathname);
    const key = known ? keyOf(locale, url, known) : undefined;
    let entry = key ? cache.get(key) : undefined;
    // Requests for the same page share one render: by its key, or by its whole URL while the path is new.
    const renderKey = key ?? `new|${keyOf(locale, url, 'all')}`;
    const pending = entry ? undefined : rendering.get(renderKey);
    if (pending) entry = await pending;
    if (!entry) {
      // One render per page at a time: requests for the same page that arrive meanwhile wait for it
      // (a burst right after a write costs one render, not fifty). (Set before the first await, so
      // that the requests of the same tick see it.) A path not seen before renders first: what it
      // reads decides its key.
      let done: (e: Entry | undefined) => void = () => {};
      rendering.set(renderKey, new Promise((resolve) => (done = resolve)));
      try {
        trackQueryReads(c);
        await next();
        const read = c.get('queryRead');
        const reads = read === 'all' ? 'all' : [...read].filter((name) => !NOT_KEYED.has(name)).sort();
        const before = readsOf.get(url.pathname);
        // The union of what the path has read: a page that reads more for some values is keyed on all of it.
        const union = reads === 'all' || before === 'all' ? 'all' : [...new Set([...(before ?? []), ...reads])].sort();
        if (!before || union === 'all' || union.length !== (before as string[]).length) {
          if (readsOf.size >= MAX_PATHS) readsOf.clear();
          readsOf.set(url.pathname, union);
        }
        entry = await storable(c, cache, keyOf(locale, url, union));
      } finally {
        rendering.delete(renderKey);
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
      headers.set('content-encoding', 'gzip');
      return (c.res = new Response(cache.gzipOf(entry), { status: 200, headers }));
    }
    return (c.res = new Response(entry.body, { status: 200, headers }));
  };
}
