import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../../app.js';
import { ORGANISATION_KINDS } from '../../db/schema/index.js';
import { localizedTextOut } from '../commitments/schemas.js';
import { apiRouter, idParams, invalid, json, langQuery, missing, notFound } from '../api/common.js';
import { callCounts, getCall, publishedCalls, type CallRow } from './queries.js';

const day = z.string().openapi({ format: 'date', example: '2027-01-01' });

const countsOut = z
  .object({
    received: z.number().int().openapi({ description: 'Confirmed applications (accepted + rejected + pending).' }),
    accepted: z.number().int(),
    rejected: z.number().int(),
    pending: z.number().int().openapi({ description: 'Under review or awaiting more information.' }),
  })
  .openapi('OpenCallCounts');

/** Only the call's public information and the counts: never an applicant, an e-mail or a representative. */
const openCallOut = z
  .object({
    id: z.number().int(),
    forumId: z.number().int(),
    memberId: z.number().int(),
    title: localizedTextOut,
    eligibility: localizedTextOut,
    opensOn: day,
    closesOn: day,
    kinds: z.array(z.enum(ORGANISATION_KINDS)).openapi({ description: 'Kinds of organisation that may apply.' }),
    phase: z.enum(['upcoming', 'open', 'closed']).openapi({ description: 'Computed from the dates (and a close by hand) at the time of the request.' }),
    publishedAt: z.string().nullable(),
    closedAt: z.string().nullable().openapi({ description: 'When the secretariat closed it by hand, if it did.' }),
    counts: countsOut,
    href: z.string(),
    page: z.string(),
  })
  .openapi('OpenCall');

const listCalls = createRoute({ method: 'get', path: '/open-calls', summary: 'Published open calls to join a network, newest first, with their counts', request: { query: langQuery }, responses: { 200: json(z.object({ items: z.array(openCallOut) }), 'The open calls') } });
const getOne = createRoute({ method: 'get', path: '/open-calls/{id}', summary: 'A published open call: dates, eligibility, kinds, phase and the counts of applications', request: { params: idParams, query: langQuery }, responses: { 200: json(openCallOut, 'The open call'), 400: invalid, 404: notFound } });

/** `/api/v1/open-calls`, `/api/v1/open-calls/{id}`. */
export function openCallApi(deps: AppDeps) {
  const api = apiRouter();
  const shape = async (c: CallRow) => ({
    id: c.id,
    forumId: c.forumId,
    memberId: c.memberId,
    title: c.title,
    eligibility: c.eligibility,
    opensOn: c.opensOn,
    closesOn: c.closesOn,
    kinds: c.kinds.filter((k): k is (typeof ORGANISATION_KINDS)[number] => (ORGANISATION_KINDS as readonly string[]).includes(k)),
    phase: c.phase as 'upcoming' | 'open' | 'closed',
    publishedAt: c.publishedAt ? c.publishedAt.toISOString() : null,
    closedAt: c.closedAt ? c.closedAt.toISOString() : null,
    counts: await callCounts(deps.db, c.id),
    href: `/api/v1/open-calls/${c.id}`,
    page: `/open-calls/${c.id}`,
  });

  api.openapi(listCalls, async (c) => {
    const items = [];
    for (const call of await publishedCalls(deps.db, deps.now())) items.push(await shape(call));
    return c.json({ items }, 200);
  });

  api.openapi(getOne, async (c) => {
    const { id } = c.req.valid('param');
    const call = await getCall(deps.db, id, deps.now());
    if (!call || call.phase === 'draft') return c.json(missing(c), 404);
    return c.json(await shape(call), 200);
  });

  return api;
}
