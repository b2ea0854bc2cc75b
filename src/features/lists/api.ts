import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppDeps } from '../../app.js';
import { completionLevelSchema, PLAN_PHASES } from '../../lib/levels.js';
import { commitmentNumber, institutionRefOut, localizedTextOut, rollupOut } from '../commitments/schemas.js';
import { apiRouter, invalid, json, langParam } from '../api/common.js';
import { planSummaryOut } from '../plans/schemas.js';
import { searchParamsSchema } from '../search/schemas.js';
import { listCommitments, listInstitutions, listMembers, listPlansPage } from './queries.js';

export const MAX_LIST_PAGE = 200;
export const DEFAULT_LIST_PAGE = 50;

const month = z.string().openapi({ example: '2016-09', description: 'A month, YYYY-MM' });

const wholeNumber = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,10}$/, { message: `${name} must be a whole number` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { message: `${name} must be from ${min} to ${max}` });

const paging = {
  limit: wholeNumber('limit', 1, MAX_LIST_PAGE)
    .optional()
    .openapi({ param: { name: 'limit', in: 'query' }, type: 'integer', description: `Page size, 1–${MAX_LIST_PAGE} (default ${DEFAULT_LIST_PAGE}).` }),
  offset: wholeNumber('offset', 0, 1_000_000)
    .optional()
    .openapi({ param: { name: 'offset', in: 'query' }, type: 'integer', description: 'How many items to skip (default 0).' }),
  lang: langParam,
};

const s = searchParamsSchema.shape;
const memberFilter = s.member.openapi({ param: { name: 'member', in: 'query' }, description: 'A member code (e.g. CHL), any case.' });

const pageOf = <T extends z.ZodType>(item: T, name: string) =>
  z
    .object({
      total: z.number().int().openapi({ description: 'How many items match the filters.' }),
      limit: z.number().int(),
      offset: z.number().int(),
      items: z.array(item),
    })
    .openapi(name);

export const commitmentListItemOut = z
  .object({
    id: z.number().int(),
    number: commitmentNumber,
    ogpId: z.string().nullable(),
    title: localizedTextOut,
    theme: localizedTextOut,
    plan: z.object({ id: z.number().int(), number: z.number().int(), title: localizedTextOut }),
    member: z.object({ code: z.string(), name: localizedTextOut }),
    leadInstitution: institutionRefOut.nullable(),
    startMonth: month.nullable(),
    endMonth: month.nullable(),
    completion: completionLevelSchema.nullable().openapi({ description: "The government's self-reported completion; null when not reported." }),
    values: z.object({
      accessToInformation: z.boolean().nullable(),
      civicParticipation: z.boolean().nullable(),
      publicAccountability: z.boolean().nullable(),
      technologyInnovation: z.boolean().nullable(),
    }),
    policyAreas: z.array(z.string()).openapi({ description: 'Policy-area slugs (OGP tags).' }),
    rollup: rollupOut,
    page: z.string(),
    api: z.string(),
  })
  .openapi('CommitmentListItem');
export const commitmentPageOut = pageOf(commitmentListItemOut, 'CommitmentPage');

export const institutionListItemOut = z
  .object({
    id: z.number().int(),
    name: localizedTextOut,
    abbreviation: z.string().nullable(),
    member: z.object({ code: z.string(), name: localizedTextOut }),
    commitmentCount: z.number().int().openapi({ description: 'Commitments it leads.' }),
    page: z.string(),
  })
  .openapi('InstitutionListItem');
export const institutionPageOut = pageOf(institutionListItemOut, 'InstitutionPage');

export const memberListItemOut = z
  .object({
    id: z.number().int(),
    code: z.string(),
    name: localizedTextOut,
    kind: z.enum(['national', 'local']),
    countryCode: z.string().nullable(),
    planCount: z.number().int(),
    commitmentCount: z.number().int(),
    latestPlan: z
      .object({ id: z.number().int(), number: z.number().int(), title: localizedTextOut, startMonth: month, endMonth: month, phase: z.enum(PLAN_PHASES) })
      .nullable()
      .openapi({ description: 'The plan with the latest start.' }),
  })
  .openapi('MemberListItem');
export const memberPageOut = pageOf(memberListItemOut, 'MemberPage');

const commitmentsRoute = createRoute({
  method: 'get',
  path: '/commitments',
  summary: 'Commitments of every plan, filtered and paged (by member, plan start and commitment number)',
  request: {
    query: z.object({
      member: memberFilter,
      plan: s.plan.openapi({ param: { name: 'plan', in: 'query' }, type: 'integer', description: 'A plan id.' }),
      institution: s.institution.openapi({ param: { name: 'institution', in: 'query' }, type: 'integer', description: 'The lead institution id.' }),
      theme: s.theme.openapi({ param: { name: 'theme', in: 'query' }, description: 'The theme contains this (accents and case ignored).' }),
      value: s.value.openapi({ param: { name: 'value', in: 'query' }, description: 'Relevant to this OGP value.' }),
      area: s.area.openapi({ param: { name: 'area', in: 'query' }, description: 'Tagged with this policy area (a group includes its areas).' }),
      status: s.status.openapi({ param: { name: 'status', in: 'query' }, description: 'Self-reported completion (`not_reported` = none).' }),
      delayed: s.delayed.openapi({ param: { name: 'delayed', in: 'query' }, type: 'string', description: '`1`: only commitments with a delayed milestone.' }),
      contested: s.contested.openapi({ param: { name: 'contested', in: 'query' }, type: 'string', description: '`1`: only commitments with a contested milestone.' }),
      ...paging,
    }),
  },
  responses: { 200: json(commitmentPageOut, 'A page of commitments'), 400: invalid },
});

const institutionsRoute = createRoute({
  method: 'get',
  path: '/institutions',
  summary: 'Institutions of every member, filtered and paged (by member and name)',
  request: {
    query: z.object({
      member: memberFilter,
      name: z
        .string()
        .max(100, { message: 'name must be at most 100 characters' })
        .transform((v) => v.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim())
        .optional()
        .openapi({ param: { name: 'name', in: 'query' }, description: 'The name contains this (accents and case ignored).' }),
      ...paging,
    }),
  },
  responses: { 200: json(institutionPageOut, 'A page of institutions'), 400: invalid },
});

const membersRoute = createRoute({
  method: 'get',
  path: '/members',
  summary: 'OGP members (national and local), paged by code',
  request: { query: z.object({ kind: z.enum(['national', 'local']).optional().openapi({ param: { name: 'kind', in: 'query' } }), ...paging }) },
  responses: { 200: json(memberPageOut, 'A page of members'), 400: invalid },
});

const plansRoute = createRoute({
  method: 'get',
  path: '/plans',
  summary: 'Action plans with their roll-up, paged (by member code and plan number)',
  description: `The body is the array of plans it always was (one page of it); \`X-Total-Count\` gives how many match and \`Link\` the next and previous pages (rel="next"/"prev"). Page size 1–${MAX_LIST_PAGE} (default ${DEFAULT_LIST_PAGE}).`,
  request: {
    query: z.object({ member: memberFilter, phase: z.enum(PLAN_PHASES).optional().openapi({ param: { name: 'phase', in: 'query' } }), ...paging }),
  },
  responses: {
    200: {
      ...json(z.array(planSummaryOut), 'A page of action plans'),
      headers: {
        'X-Total-Count': { schema: { type: 'integer' }, description: 'How many plans match the filters.' },
        Link: { schema: { type: 'string' }, description: 'RFC 8288 links to the next and previous pages.' },
      },
    },
    400: invalid,
  },
});

function linkHeader(c: Context, total: number, limit: number, offset: number): string | null {
  const url = new URL(c.req.url);
  const at = (o: number) => {
    const u = new URL(`${url.pathname}${url.search}`, 'http://x');
    u.searchParams.set('limit', String(limit));
    u.searchParams.set('offset', String(o));
    return `<${u.pathname}${u.search}>`;
  };
  const links: string[] = [];
  if (offset + limit < total) links.push(`${at(offset + limit)}; rel="next"`);
  if (offset > 0) links.push(`${at(Math.max(0, offset - limit))}; rel="prev"`);
  return links.length > 0 ? links.join(', ') : null;
}

/** `/api/v1/commitments`, `/institutions`, `/members` and the paged `/plans`. */
export function listsApi(deps: AppDeps) {
  const api = apiRouter();

  api.openapi(commitmentsRoute, async (c) => {
    const { limit = DEFAULT_LIST_PAGE, offset = 0, lang: _lang, ...filter } = c.req.valid('query');
    const r = await listCommitments(deps.db, filter, { limit, offset }, deps.now());
    return c.json({ total: r.total, limit, offset, items: r.items.map((i) => ({ ...i, page: `/commitments/${i.id}`, api: `/api/v1/commitments/${i.id}` })) }, 200);
  });

  api.openapi(institutionsRoute, async (c) => {
    const { limit = DEFAULT_LIST_PAGE, offset = 0, member, name } = c.req.valid('query');
    const r = await listInstitutions(deps.db, { member, name: name === '' ? undefined : name }, { limit, offset });
    return c.json({ total: r.total, limit, offset, items: r.items.map((i) => ({ ...i, page: `/institutions/${i.id}` })) }, 200);
  });

  api.openapi(membersRoute, async (c) => {
    const { limit = DEFAULT_LIST_PAGE, offset = 0, kind } = c.req.valid('query');
    const r = await listMembers(deps.db, { kind }, { limit, offset });
    return c.json({ total: r.total, limit, offset, items: r.items }, 200);
  });

  api.openapi(plansRoute, async (c) => {
    const { limit = DEFAULT_LIST_PAGE, offset = 0, member, phase } = c.req.valid('query');
    const r = await listPlansPage(deps.db, { member, phase }, { limit, offset }, deps.now());
    c.header('X-Total-Count', String(r.total));
    const link = linkHeader(c, r.total, limit, offset);
    if (link) c.header('Link', link);
    return c.json(r.items, 200);
  });

  return api;
}
