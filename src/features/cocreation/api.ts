import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../../app.js';
import { COCREATION_PHASES, OGP_VALUES, RESPONSE_STATES, VOTE_MODES } from '../../db/schema/cocreation.js';
import type { DraftFields } from '../../db/schema/index.js';
import { localizedTextOut } from '../commitments/schemas.js';
import { apiRouter, idParams, invalid, json, langParam, langQuery, missing, notFound } from '../api/common.js';
import { draftDetail, draftsOf, getProcess, listProcesses, processDetail, proposalsOf, voteCounts } from './queries.js';

const dateTime = z.string().openapi({ format: 'date-time' });
const day = z.string().openapi({ format: 'date' });

export const phaseOut = z
  .object({ kind: z.enum(COCREATION_PHASES), startsOn: day, endsOn: day, announcedStartsOn: day.nullable(), announcedEndsOn: day.nullable(), whatIsOpen: localizedTextOut })
  .openapi('CoCreationPhase');

export const processSummaryOut = z
  .object({
    id: z.number().int(),
    memberId: z.number().int(),
    planNumber: z.number().int().openapi({ description: 'The number of the plan being written.' }),
    title: localizedTextOut,
    calendarPublishedAt: dateTime,
    planId: z.number().int().nullable().openapi({ description: 'The approved plan, once approved.' }),
    page: z.string(),
  })
  .openapi('CoCreationProcessSummary');

export const processOut = processSummaryOut
  .extend({
    description: localizedTextOut,
    voteMode: z.enum(VOTE_MODES),
    phases: z.array(phaseOut),
    counts: z.object({
      proposals: z.number().int().openapi({ description: 'Public (confirmed) proposals, hidden ones included.' }),
      unanswered: z.number().int().openapi({ description: 'Public, not hidden, without a published response.' }),
      workingTables: z.number().int(),
      drafts: z.number().int(),
    }),
    workingTables: z.array(z.object({ id: z.number().int(), name: localizedTextOut, theme: localizedTextOut, proposals: z.number().int(), unanswered: z.number().int(), meetingId: z.number().int().nullable() })),
  })
  .openapi('CoCreationProcess');

export const proposalOut = z
  .object({
    id: z.number().int(),
    processId: z.number().int(),
    title: z.string(),
    problem: z.string(),
    idea: z.string(),
    theme: z.string(),
    ogpValue: z.enum(OGP_VALUES),
    author: z.string(),
    organisation: z.string().nullable(),
    submittedAt: dateTime,
    hidden: z.object({ reason: localizedTextOut }).nullable(),
    duplicateOf: z.number().int().nullable(),
    workingTableId: z.number().int().nullable(),
    votes: z.number().int(),
    response: z
      .object({ state: z.enum(RESPONSE_STATES), reason: localizedTextOut, draftId: z.number().int().nullable(), mergedWith: z.number().int().nullable(), publishedAt: dateTime })
      .nullable()
      .openapi({ description: 'Null until the response is published.' }),
    became: z
      .object({ draftId: z.number().int(), commitmentId: z.number().int().nullable() })
      .nullable()
      .openapi({ description: 'Forward traceability: the draft it was incorporated into, and the commitment that draft became.' }),
    page: z.string(),
  })
  .openapi('Proposal');

const draftFieldsOut = z
  .object({
    title: localizedTextOut,
    problem: localizedTextOut,
    objective: localizedTextOut,
    description: localizedTextOut,
    howItSolves: localizedTextOut,
    relevance: localizedTextOut,
    ambition: localizedTextOut,
    leadInstitution: z.string(),
    startMonth: z.string(),
    endMonth: z.string(),
    values: z.array(z.string()),
    milestones: z.array(z.object({ title: localizedTextOut, start: z.string(), end: z.string() })),
  })
  .openapi('DraftCommitmentFields');

export const draftOut = z
  .object({
    id: z.number().int(),
    processId: z.number().int(),
    workingTableId: z.number().int().nullable(),
    currentVersion: z.number().int(),
    versions: z.array(z.object({ number: z.number().int(), fields: draftFieldsOut, changeNote: localizedTextOut, commentIds: z.array(z.number().int()), createdAt: dateTime })),
    comments: z.array(z.object({ id: z.number().int(), versionNumber: z.number().int(), field: z.string(), body: z.string(), author: z.string(), createdAt: dateTime })),
    proposals: z.array(z.object({ id: z.number().int(), title: z.string() })).openapi({ description: 'Backward traceability: the proposals incorporated into it (published responses).' }),
    commitmentId: z.number().int().nullable().openapi({ description: 'The commitment it became on approval.' }),
    page: z.string(),
  })
  .openapi('DraftCommitment');

const processQuery = z.object({
  process: z
    .string()
    .regex(/^[1-9]\d{0,9}$/, { message: 'process must be a co-creation process id' })
    .transform(Number)
    .refine((n) => n <= 2_147_483_647, { message: 'process is too large' })
    .openapi({ param: { name: 'process', in: 'query' }, type: 'integer', description: 'The co-creation process.' }),
  lang: langParam,
});

const listRoute = createRoute({ method: 'get', path: '/co-creation-processes', summary: 'Co-creation processes with a published calendar', request: { query: langQuery }, responses: { 200: json(z.array(processSummaryOut), 'The processes') } });
const getRoute = createRoute({ method: 'get', path: '/co-creation-processes/{id}', summary: 'One co-creation process: phases, working tables and counts', request: { params: idParams, query: langQuery }, responses: { 200: json(processOut, 'The process'), 400: invalid, 404: notFound } });
const proposalsRoute = createRoute({ method: 'get', path: '/proposals', summary: "A process's public proposals, each with its published response and what it became", request: { query: processQuery }, responses: { 200: json(z.array(proposalOut), 'The proposals'), 400: invalid, 404: notFound } });
const draftRoute = createRoute({ method: 'get', path: '/draft-commitments/{id}', summary: 'One draft commitment with every version, its comments and its traceability', request: { params: idParams, query: langQuery }, responses: { 200: json(draftOut, 'The draft'), 400: invalid, 404: notFound } });

const fieldsOut = (f: DraftFields) => f;

/** `/api/v1/co-creation-processes`, `/proposals`, `/draft-commitments`: only what is public. */
export function cocreationApi(deps: AppDeps) {
  const api = apiRouter();

  api.openapi(listRoute, async (c) => {
    const rows = (await listProcesses(deps.db, [])).filter((r) => r.p.calendarPublishedAt);
    return c.json(rows.map((r) => ({ id: r.p.id, memberId: r.p.memberId, planNumber: r.p.planNumber, title: r.p.title, calendarPublishedAt: r.p.calendarPublishedAt!.toISOString(), planId: r.p.planId, page: `/co-creation/${r.p.id}` })), 200);
  });

  api.openapi(getRoute, async (c) => {
    const { id } = c.req.valid('param');
    const d = await processDetail(deps.db, id);
    if (!d || !d.process.calendarPublishedAt) return c.json(missing(c), 404);
    const p = d.process;
    return c.json(
      {
        id: p.id,
        memberId: p.memberId,
        planNumber: p.planNumber,
        title: p.title,
        description: p.description,
        voteMode: p.voteMode,
        calendarPublishedAt: p.calendarPublishedAt!.toISOString(),
        planId: p.planId,
        page: `/co-creation/${p.id}`,
        phases: d.phases.map((x) => ({ kind: x.kind, startsOn: x.startsOn, endsOn: x.endsOn, announcedStartsOn: x.announcedStartsOn, announcedEndsOn: x.announcedEndsOn, whatIsOpen: x.whatIsOpen })),
        counts: { proposals: d.proposals.length, unanswered: d.unanswered.length, workingTables: d.tables.length, drafts: d.drafts.length },
        workingTables: d.tables.map((w) => ({ id: w.id, name: w.name, theme: w.theme, proposals: w.proposals, unanswered: w.unanswered.length, meetingId: w.meetingId })),
      },
      200,
    );
  });

  api.openapi(proposalsRoute, async (c) => {
    const { process } = c.req.valid('query');
    const p = await getProcess(deps.db, process);
    if (!p || !p.calendarPublishedAt) return c.json(missing(c), 404);
    const [props, drafts, votes] = await Promise.all([proposalsOf(deps.db, p.id), draftsOf(deps.db, p.id), voteCounts(deps.db, p.id)]);
    const commitmentOf = new Map(drafts.map((d) => [d.id, d.commitmentId]));
    return c.json(
      props.map((x) => {
        const published = x.responsePublishedAt && x.responseState;
        return {
          id: x.id,
          processId: x.processId,
          // A hidden proposal keeps its number, state and public reason; its texts are withheld.
          title: x.hiddenAt ? '' : x.title,
          problem: x.hiddenAt ? '' : x.problem,
          idea: x.hiddenAt ? '' : x.idea,
          theme: x.theme,
          ogpValue: x.ogpValue,
          author: x.authorName,
          organisation: x.organisation,
          submittedAt: (x.confirmedAt ?? x.createdAt).toISOString(),
          hidden: x.hiddenAt ? { reason: x.hiddenReason } : null,
          duplicateOf: x.duplicateOfId,
          workingTableId: x.workingTableId,
          votes: votes.get(x.id) ?? 0,
          response: published ? { state: x.responseState!, reason: x.responseReason, draftId: x.responseDraftId, mergedWith: x.responseMergedWithId, publishedAt: x.responsePublishedAt!.toISOString() } : null,
          became: published && x.responseDraftId ? { draftId: x.responseDraftId, commitmentId: commitmentOf.get(x.responseDraftId) ?? null } : null,
          page: `/proposals/${x.id}`,
        };
      }),
      200,
    );
  });

  api.openapi(draftRoute, async (c) => {
    const { id } = c.req.valid('param');
    const d = await draftDetail(deps.db, id);
    if (!d || !d.process.calendarPublishedAt) return c.json(missing(c), 404);
    return c.json(
      {
        id: d.draft.id,
        processId: d.process.id,
        workingTableId: d.draft.workingTableId,
        currentVersion: d.draft.currentVersion,
        versions: d.versions.map((v) => ({ number: v.number, fields: fieldsOut(v.fields), changeNote: v.changeNote, commentIds: v.commentIds, createdAt: v.createdAt.toISOString() })),
        comments: d.comments.map((x) => ({ id: x.id, versionNumber: x.versionNumber, field: x.field, body: x.body, author: x.authorName, createdAt: x.createdAt.toISOString() })),
        proposals: d.proposals,
        commitmentId: d.draft.commitmentId,
        page: `/drafts/${d.draft.id}`,
      },
      200,
    );
  });

  return api;
}
