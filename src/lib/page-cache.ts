import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import '../features/accounts/middleware.js';

interface Entry {
  body: string;
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

  set(key: string, body: string): Entry {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    const e: Entry = {
      body,
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

/**
 * Serves GET pages from the cache, keyed by the language and the URL, with an ETag (a 304 costs a
 * slow connection nothing) and gzip when the client takes it. Only 200 HTML answers are kept.
 */
export function cachedPages(cache: PageCache): MiddlewareHandler {
  return async (c, next) => {
    // Only the public's pages: a signed-in person's page shows who they are and carries their CSRF token.
    if (c.req.method !== 'GET' || c.get('user')) return next();
    const url = new URL(c.req.url);
    const key = `${c.get('locale')}|${url.pathname}${url.search}`;
    let entry = cache.get(key);
    if (!entry) {
      await next();
      const type = c.res.headers.get('content-type') ?? '';
      if (c.res.status !== 200 || !type.startsWith('text/html')) return;
      const body = await c.res.clone().text();
      entry = cache.set(key, body);
    }
    const headers: Record<string, string> = {
      'content-type': 'text/html; charset=UTF-8',
      etag: entry.etag,
      vary: 'Cookie, Accept-Encoding',
      'cache-control': 'public, max-age=0, must-revalidate',
    };
    if (c.req.header('if-none-match') === entry.etag) {
      c.res = new Response(null, { status: 304, headers });
      return;
    }
    if (acceptsGzip(c.req.header('accept-encoding'))) {
      entry.gzip ??= new Uint8Array(gzipSync(entry.body));
      c.res = new Response(entry.gzip, { status: 200, headers: { ...headers, 'content-encoding': 'gzip' } });
      return;
    }
    c.res = new Response(entry.body, { status: 200, headers });
  };
}
