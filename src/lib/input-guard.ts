import type { MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';

/**
 * Input no handler should ever see, refused before any handler runs with 400 and a message in the
 * user's language (never a 500):
 * - a form body that cannot be parsed (malformed multipart, a boundary that does not match,
 *   broken percent-encoding);
 * - control characters (NUL and the other C0 codes except tab, line feed and carriage return) in
 *   the query, a form field or an uploaded file's name: PostgreSQL cannot store NUL in text, and
 *   XML-based exports (XLSX, DOCX) cannot contain the others.
 */
export const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export class InputRejected extends HTTPException {
  constructor(readonly reason: 'malformed' | 'control') {
    super(400, { message: reason });
  }
}

export function inputGuard(): MiddlewareHandler {
  return async (c, next) => {
    const search = new URL(c.req.url).search;
    if (search) {
      let query: string;
      try {
        query = decodeURIComponent(search.replace(/\+/g, ' '));
      } catch {
        query = search;
      }
      if (CONTROL_CHARS.test(query) || /%00/i.test(search)) throw new InputRejected('control');
    }
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (type === 'multipart/form-data' || type === 'application/x-www-form-urlencoded') {
        let body: Record<string, string | File | (string | File)[]>;
        try {
          // Hono keeps the parsed form: handlers read it again without re-parsing.
          body = (await c.req.parseBody({ all: true })) as typeof body;
        } catch {
          throw new InputRejected('malformed');
        }
        for (const [key, value] of Object.entries(body)) {
          if (CONTROL_CHARS.test(key)) throw new InputRejected('control');
          for (const v of Array.isArray(value) ? value : [value]) {
            if (typeof v === 'string' ? CONTROL_CHARS.test(v) : CONTROL_CHARS.test(v.name)) throw new InputRejected('control');
          }
        }
      }
    }
    return next();
  };
}
