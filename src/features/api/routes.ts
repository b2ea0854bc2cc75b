import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../../app.js';
import { getCommitmentDetail } from '../commitments/queries.js';
import { commitmentOut } from '../commitments/schemas.js';
import { getPlanDetail, listPlans } from '../plans/queries.js';
import { planDetailOut, planSummaryOut } from '../plans/schemas.js';

export const errorOut = z
  .object({
    error: z.object({
      code: z.enum(['not_found', 'invalid_request']),
      message: z.string().openapi({ description: "In the request's language (?lang=es|en, the lang cookie, else Spanish)." }),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .openapi('Error');

const idParams = z.object({
  id: z
    .string()
    .regex(/^[1-9]\d{0,9}$/, { message: 'id must be a positive whole number' })
    .refine((v) => Number(v) <= 2_147_483_647, { message: 'id is too large' })
    .transform(Number)
    .openapi({ param: { name: 'id', in: 'path' }, type: 'integer', example: 1 }),
});

const langQuery = z.object({
  lang: z.enum(['es', 'en']).optional().openapi({ param: { name: 'lang', in: 'query' }, description: 'Language of error messages.' }),
});

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

const notFound = json(errorOut, 'No such item');
const invalid = json(errorOut, 'The request is not valid');

const listPlansRoute = createRoute({
  method: 'get',
  path: '/plans',
  summary: 'Every action plan, with its roll-up',
  request: { query: langQuery },
  responses: { 200: json(z.array(planSummaryOut), 'The action plans') },
});

const getPlanRoute = createRoute({
  method: 'get',
  path: '/plans/{id}',
  summary: 'One action plan with its commitments',
  request: { params: idParams, query: langQuery },
  responses: { 200: json(planDetailOut, 'The action plan'), 400: invalid, 404: notFound },
});

const getCommitmentRoute = createRoute({
  method: 'get',
  path: '/commitments/{id}',
  summary: 'One commitment: every field of the template, milestones with status and computed delay',
  request: { params: idParams, query: langQuery },
  responses: { 200: json(commitmentOut, 'The commitment'), 400: invalid, 404: notFound },
});

/** The read-only JSON API, `/api/v1`, documented by the OpenAPI document generated from the same zod schemas. */
export function apiRoutes(deps: AppDeps) {
  const api = new OpenAPIHono({
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

  const missing = (c: { get: (k: 't') => { errors: { notFound: string } } }) => ({
    error: { code: 'not_found' as const, message: c.get('t').errors.notFound },
  });

  api.openapi(listPlansRoute, async (c) => c.json(await listPlans(deps.db, deps.now()), 200));

  api.openapi(getPlanRoute, async (c) => {
    const { id } = c.req.valid('param');
    const plan = await getPlanDetail(deps.db, id, deps.now());
    return plan ? c.json(plan, 200) : c.json(missing(c), 404);
  });

  api.openapi(getCommitmentRoute, async (c) => {
    const { id } = c.req.valid('param');
    const commitment = await getCommitmentDetail(deps.db, id, deps.now());
    return commitment ? c.json(commitment, 200) : c.json(missing(c), 404);
  });

  api.doc('/openapi.json', {
    openapi: '3.0.3',
    info: {
      title: 'Abierto API',
      version: '1.0.0',
      description:
        'Read-only open data of Open Government Partnership action plans: plans, commitments and milestones. Texts are objects with "es" and "en" versions. Licensed for reuse.',
    },
    servers: [{ url: '/api/v1' }],
  });

  return api;
}
