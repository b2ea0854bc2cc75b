import { parseIdText } from '../lib/fields.js';
import { issueCsrfToken } from '../lib/csrf.js';
import type { Context } from 'hono';
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
