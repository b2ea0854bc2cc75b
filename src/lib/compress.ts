import { createHash } from 'node:crypto';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { MiddlewareHandler } from 'hono';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Formats that are already compressed (zip containers, images, PDF streams): tagged, not compressed again. */
const PACKED = /^(application\/(zip|pdf|gzip|vnd\.openxmlformats|octet-stream)|image\/(png|jpe?g|gif|webp)|video\/|audio\/)/;

/** Below this, compression costs more than it saves. */
const MIN_BYTES = 1024;
/** Bodies above this are streamed as they are (nothing the app serves is that large). */
const MAX_BYTES = 64 * 1024 * 1024;

export function preferredEncoding(accept: string | undefined): 'br' | 'gzip' | null {
  if (!accept) return null;
  const offered = new Map<string, number>();
  for (const part of accept.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
    offered.set(name!.trim(), q ? Number(q[1]) : 1);
  }
  const star = offered.get('*') ?? 0;
  const br = offered.get('br') ?? star;
  const gz = offered.get('gzip') ?? star;
  if (br > 0 && br >= gz) return 'br';
  if (gz > 0) return 'gzip';
  return null;
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const weak = (t: string) => t.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => weak(t) === weak(etag));
}

/**
 * API answers and downloads (every non-HTML GET answer; HTML pages have the page cache): an ETag
 * from the bytes (a matching `If-None-Match` gets 304 and no body) and brotli or gzip as the client
 * prefers (decision 091). Already-compressed formats get the ETag only.
 */
export function compressAndTag(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return;
    const res = c.res;
    if (res.status !== 200 || !res.body) return;
    const type = res.headers.get('content-type') ?? '';
    if (type.startsWith('text/html') || res.headers.has('content-encoding')) return;
    const length = Number(res.headers.get('content-length') ?? '0');
    if (length > MAX_BYTES) return;
    const bytes = new Uint8Array(await res.arrayBuffer());
    const headers = new Headers(res.headers);
    const etag = headers.get('etag') ?? `"${createHash('sha1').update(bytes).digest('base64url')}"`;
    headers.set('etag', etag);
    const vary = headers.get('vary');
    if (!vary || !/accept-encoding/i.test(vary)) headers.set('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
    if (!headers.has('cache-control')) headers.set('cache-control', 'public, max-age=0, must-revalidate');
    if (matches(c.req.header('if-none-match'), etag)) {
      headers.delete('content-length');
      c.res = undefined as unknown as Response;
      c.res = new Response(null, { status: 304, headers });
      return;
    }
    const encoding = bytes.length >= MIN_BYTES && !PACKED.test(type) ? preferredEncoding(c.req.header('accept-encoding')) : null;
    let body: Uint8Array = bytes;
    if (encoding === 'br') {
      body = await brotli(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
    } else if (encoding === 'gzip') {
      body = await gzipAsync(bytes, { level: 6 });
    }
    if (encoding) {
      headers.set('content-encoding', encoding);
      // One tag for every coding of the same bytes: weak, as RFC 9110 asks.
      if (!etag.startsWith('W/')) headers.set('etag', `W/${etag}`);
    }
    headers.set('content-length', String(body.length));
    c.res = undefined as unknown as Response;
    c.res = new Response(c.req.method === 'HEAD' ? null : (body as Uint8Array<ArrayBuffer>), { status: 200, headers });
  };
}
