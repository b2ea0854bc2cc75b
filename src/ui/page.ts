import { parseIdText } from '../lib/fields.js';
import { issueCsrfToken } from '../lib/csrf.js';
import type { Context } from 'hono';
import { HtmlEscapedCallbackPhase, resolveCallback } from 'hono/utils/html';
import type { PageContext } from './layout.js';

export function pageContext(c: Context): PageContext {
  const url = new URL(c.req.url);
  const params = new URLSearchParams(url.search);
  params.delete('lang');
  // A page shared through the cache depends only on the parameters it read (src/lib/page-cache.ts).
  const read = c.get('queryRead');
  if (read && read !== 'all') for (const name of [...params.keys()]) if (!read.has(name)) params.delete(name);
  const query = params.toString();
  const user = c.get('user') ?? null;
  return {
    t: c.get('t'),
    locale: c.get('locale'),
    path: `${url.pathname}${query ? `?${query}` : ''}`,
    user: user ? { id: user.id, name: user.name, unread: user.unreadNotices ?? 0 } : null,
    // Issued only when a form is rendered (see issueCsrfToken).
    get csrfToken() {
      return issueCsrfToken(c);
    },
  };
}

/** A positive integer id from a path segment, or null (`abc`, `-1`, `1e3`, `007x`, absurdly large). */
export const parseId = parseIdText;

/**
 * The page as `c.html` answers it, with the body as UTF-8 bytes (issue 10): a string body is scanned
 * for lone surrogates (`toUSVString`) and then encoded by the fetch `Response`; `Buffer.from` encodes
 * it once, natively. Same headers, same bytes; the page cache, ETag and compression see the same page.
 */
export async function htmlPage(c: Context, node: unknown, status: 200 | 404 = 200): Promise<Response> {
  const html = await resolveCallback(node as string, HtmlEscapedCallbackPhase.Stringify, false, {});
  return c.body(Buffer.from(html, 'utf8'), status, { 'content-type': 'text/html; charset=UTF-8' });
}
