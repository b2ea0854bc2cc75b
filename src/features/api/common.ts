import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';

/** What every API error looks like (the message in the request's language). */
export const errorOut = z
  .object({
    error: z.object({
      code: z.enum(['not_found', 'invalid_request', 'unauthenticated', 'forbidden', 'conflict', 'rate_limited']),
      message: z.string().openapi({ description: "In the request's language (?lang=es|en, the lang cookie, else Spanish)." }),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .openapi('Error');

/** A positive 32-bit id in the path. */
export const idParams = z.object({
  id: z
    .string()
    .regex(/^[1-9]\d{0,9}$/, { message: 'id must be a positive whole number' })
    .refine((v) => Number(v) <= 2_147_483_647, { message: 'id is too large' })
    .transform(Number)
    .openapi({ param: { name: 'id', in: 'path' }, type: 'integer', example: 1 }),
});

export const langParam = z
  .enum(['es', 'en'])
  .optional()
  .openapi({ param: { name: 'lang', in: 'query' }, description: 'Language of error messages (and of generated report texts).' });

export const langQuery = z.object({ lang: langParam });

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

export const notFound = json(errorOut, 'No such item');
export const invalid = json(errorOut, 'The request is not valid');

/** The 404 body, in the request's language. */
export function missing(c: Context) {
  return { error: { code: 'not_found' as const, message: c.get('t').errors.notFound } };
}

/** A sub-router of `/api/v1`: invalid parameters answer 400 with the issues, in the request's language. */
export function apiRouter() {
  return new OpenAPIHono({
    defaultHook: (result, c) => {
      if (!result.success) {
        const t = c.get('t');
        return c.json(
          {
            error: {
              code: 'invalid_request' as const,
              message: t.errors.badRequestTitle,
              issues: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
            },
          },
          400,
        );
      }
      return undefined;
    },
  });
}
