import { z } from 'zod';

/** A positive 32-bit id as written in a URL or a form: `1` … `2147483647`, nothing else (`-1`, `1e3`, `007`). */
export const ID_PATTERN = /^[1-9]\d{0,9}$/;

export function parseIdText(value: string | undefined): number | null {
  if (!value || !ID_PATTERN.test(value)) return null;
  const n = Number(value);
  return n <= 2_147_483_647 ? n : null;
}

/** A form's optional id (a select with an empty choice): null when empty; the issue's message is the key `invalid`. */
export const optionalIdField = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (!v) return null;
    const id = parseIdText(v);
    if (id === null) {
      ctx.addIssue({ code: 'custom', message: 'invalid' });
      return z.NEVER;
    }
    return id;
  });
