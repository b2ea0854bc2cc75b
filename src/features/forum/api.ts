import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../../app.js';
import { ORGANISATION_KINDS } from '../../db/schema/index.js';
import { localizedTextOut } from '../commitments/schemas.js';
import { apiRouter, idParams, invalid, json, langQuery, missing, notFound } from '../api/common.js';
import { electionsOfForum, publicElection } from '../elections/queries.js';
import { forumDetail, forumList, networkOf } from './queries.js';
import { members } from '../../db/schema/index.js';
import { asc } from 'drizzle-orm';

const day = z.string().openapi({ format: 'date', example: '2027-01-01' });

const membershipOut = z
  .object({
    id: z.number().int(),
    seatId: z.number().int(),
    personName: z.string(),
    onBehalfOf: z.string().nullable().openapi({ description: 'The organisation or institution the person represents.' }),
    role: z.enum(['titular', 'alternate']),
    startDate: day,
    endDate: day.nullable(),
    endReason: z.string().nullable().openapi({ description: 'Why it ended before its term (an early end by the secretariat).' }),
    electionId: z.number().int().nullable().openapi({ description: 'The election that seated them, when elected.' }),
  })
  .openapi('ForumMembership');

const forumOut = z
  .object({
    id: z.number().int(),
    memberId: z.number().int(),
    name: localizedTextOut,
    functions: localizedTextOut,
    quorumPercent: z.number().int(),
    rulesDocument: z.string().nullable().openapi({ description: 'The rules of participation in the repository (`/api/v1/repository/{id}`).' }),
    sectors: z.array(
      z.object({
        id: z.number().int(),
        code: z.string(),
        name: localizedTextOut,
        electedBy: z.enum(ORGANISATION_KINDS).nullable().openapi({ description: 'The kind of network organisation that elects its seats; null = appointed.' }),
        seats: z.array(z.object({ id: z.number().int(), label: localizedTextOut, current: z.array(membershipOut) })),
      }),
    ),
    pastMemberships: z.array(membershipOut),
    elections: z.array(z.object({ id: z.number().int(), phase: z.enum(['nominations', 'voting', 'published']), href: z.string() })),
  })
  .openapi('Forum');

const organisationOut = z
  .object({ id: z.number().int(), memberId: z.number().int(), name: z.string(), kind: z.enum(ORGANISATION_KINDS), region: z.string(), mission: z.string(), website: z.string().nullable(), joinedNetworkAt: z.string().nullable() })
  .openapi('NetworkOrganisation');

const resultsOut = z.object({
  entitled: z.number().int(),
  cast: z.number().int(),
  valid: z.number().int(),
  blank: z.number().int(),
  null: z.number().int(),
  turnout: z.number(),
  votes: z.array(z.object({ candidateId: z.number().int(), votes: z.number().int() })),
  elected: z.array(z.number().int()),
  vacant: z.number().int(),
  runoff: z.array(z.number().int()),
  draw: z.object({ seed: z.string(), tied: z.array(z.number().int()), order: z.array(z.number().int()) }).nullable(),
});

const electionOut = z
  .object({
    id: z.number().int(),
    forumId: z.number().int(),
    title: localizedTextOut,
    sector: z.object({ id: z.number().int(), code: z.string(), name: localizedTextOut }),
    phase: z.enum(['nominations', 'voting', 'published']),
    secret: z.boolean(),
    seats: z.number().int(),
    tieRule: z.enum(['draw', 'runoff']),
    termStart: day,
    termEnd: day,
    candidates: z.array(z.object({ id: z.number().int(), personName: z.string(), organisationId: z.number().int(), organisationName: z.string(), accepted: z.boolean() })),
    roll: z
      .object({
        frozenAt: z.string(),
        count: z.number().int(),
        sha256: z.string().openapi({ description: 'SHA-256 of the roll text: one line per entry sorted by organisation id, `id<TAB>organisation<TAB>voter\\n`.' }),
        entries: z.array(z.object({ organisationId: z.number().int(), organisationName: z.string(), voterName: z.string() })),
      })
      .nullable()
      .openapi({ description: 'Once voting opened.' }),
    published: z
      .object({
        closedAt: z.string(),
        results: resultsOut,
        chainStart: z.string().openapi({ description: 'SHA-256 of `abierto-election\\n{id}\\n{roll sha256}`.' }),
        receiptChainHead: z.string().openapi({ description: 'Each link = SHA-256 of `{previous link}\\n{receipt}`, receipts in ascending order.' }),
        ballotChainHead: z.string().openapi({ description: 'Each link = SHA-256 of `{previous}\\n{receipt}\\n{content}`, checked by an audit of the database.' }),
        receipts: z.array(z.object({ receipt: z.string(), hash: z.string() })),
        contents: z.array(z.string()).openapi({ description: 'Ballot contents apart from receipts, sorted: candidate ids `3,7`, `blank` or `null`.' }),
        voted: z.array(z.object({ organisationId: z.number().int(), organisationName: z.string() })),
      })
      .nullable()
      .openapi({ description: 'Once closed: nothing of the box, the results or who voted before.' }),
  })
  .openapi('Election');

const listForums = createRoute({ method: 'get', path: '/forums', summary: 'Multistakeholder forums', request: { query: langQuery }, responses: { 200: json(z.object({ items: z.array(z.object({ id: z.number().int(), memberId: z.number().int(), name: localizedTextOut, href: z.string() })) }), 'The forums') } });
const getForum = createRoute({ method: 'get', path: '/forums/{id}', summary: 'A forum: sectors, seats, current and past memberships, elections', request: { params: idParams, query: langQuery }, responses: { 200: json(forumOut, 'The forum'), 400: invalid, 404: notFound } });
const listOrganisations = createRoute({ method: 'get', path: '/organisations', summary: 'Organisations of the network (accepted ones only)', request: { query: langQuery }, responses: { 200: json(z.object({ items: z.array(organisationOut) }), 'The network') } });
const getElection = createRoute({
  method: 'get',
  path: '/elections/{id}',
  summary: 'An election: roll and fingerprint once frozen; results, receipts, chain heads and who voted once published',
  request: { params: idParams, query: langQuery },
  responses: { 200: json(electionOut, 'The election'), 400: invalid, 404: notFound },
});

/** `/api/v1/forums`, `/organisations`, `/elections/{id}`. */
export function forumApi(deps: AppDeps) {
  const api = apiRouter();
  const today = () => deps.now().toISOString().slice(0, 10);

  api.openapi(listForums, async (c) => c.json({ items: (await forumList(deps.db)).map((f) => ({ ...f, href: `/api/v1/forums/${f.id}` })) }, 200));

  api.openapi(getForum, async (c) => {
    const { id } = c.req.valid('param');
    const f = await forumDetail(deps.db, id, today());
    if (!f) return c.json(missing(c), 404);
    const strip = ({ id, seatId, personName, onBehalfOf, role, startDate, endDate, endReason, electionId }: (typeof f.past)[number] | (typeof f.sectors)[number]['seats'][number]['current'][number]) => ({ id, seatId, personName, onBehalfOf, role, startDate, endDate, endReason: endReason ?? null, electionId });
    return c.json(
      {
        id: f.id,
        memberId: f.memberId,
        name: f.name,
        functions: f.functions,
        quorumPercent: f.quorumPercent,
        rulesDocument: f.rules ? `/api/v1/repository/${f.rules.id}` : null,
        sectors: f.sectors.map((s) => ({ id: s.id, code: s.code, name: s.name, electedBy: s.electedBy as (typeof ORGANISATION_KINDS)[number] | null, seats: s.seats.map((x) => ({ id: x.id, label: x.label, current: x.current.map(strip) })) })),
        pastMemberships: f.past.map(strip),
        elections: (await electionsOfForum(deps.db, f.id)).map((e) => ({ id: e.id, phase: e.phase, href: `/api/v1/elections/${e.id}` })),
      },
      200,
    );
  });

  api.openapi(listOrganisations, async (c) => {
    const ms = await deps.db.select({ id: members.id }).from(members).orderBy(asc(members.id));
    const items = [];
    for (const m of ms) for (const o of await networkOf(deps.db, m.id)) items.push({ ...o, memberId: m.id, joinedNetworkAt: o.joinedNetworkAt ? o.joinedNetworkAt.toISOString() : null });
    return c.json({ items }, 200);
  });

  api.openapi(getElection, async (c) => {
    const { id } = c.req.valid('param');
    const e = await publicElection(deps.db, id);
    if (!e) return c.json(missing(c), 404);
    return c.json(
      {
        ...e,
        candidates: e.candidates.map(({ userId: _userId, ...rest }) => rest),
        roll: e.roll ? { ...e.roll, frozenAt: e.roll.frozenAt.toISOString() } : null,
        published: e.published ? { ...e.published, closedAt: e.published.closedAt.toISOString() } : null,
      },
      200,
    );
  });

  return api;
}
