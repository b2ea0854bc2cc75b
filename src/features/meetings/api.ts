import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { AppDeps } from '../../app.js';
import { forums, meetings } from '../../db/schema/index.js';
import { completionLevelSchema } from '../../lib/levels.js';
import { apiRouter, idParams, invalid, json, langParam, langQuery, missing, notFound } from '../api/common.js';
import { localizedTextOut } from '../commitments/schemas.js';
import { isoDate } from '../reports/schemas.js';
import { linkedCommitments, listForumMeetings, meetingDetail } from './queries.js';

export const MAX_MEETINGS_PAGE = 200;
export const DEFAULT_MEETINGS_PAGE = 50;

const isoDateTime = z.string().openapi({ format: 'date-time', example: '2026-11-20T14:00:00.000Z' });
const day = z.string().openapi({ format: 'date', example: '2026-12-31' });

const wholeNumber = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,10}$/, { message: `${name} must be a whole number` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { message: `${name} must be from ${min} to ${max}` });

const meetingSummaryOut = z
  .object({
    id: z.number().int(),
    forumId: z.number().int(),
    title: localizedTextOut,
    startsAt: isoDateTime,
    endsAt: isoDateTime,
    place: z.string(),
    link: z.string().nullable().openapi({ description: 'The online meeting’s link (http/https), if any.' }),
    cancelledAt: isoDateTime.nullable(),
    page: z.string(),
    api: z.string(),
    ics: z.string().openapi({ description: 'The meeting as an iCalendar file.' }),
  })
  .openapi('MeetingSummary');

const meetingPageOut = z
  .object({ total: z.number().int().openapi({ description: 'How many meetings match the filters.' }), limit: z.number().int(), offset: z.number().int(), items: z.array(meetingSummaryOut) })
  .openapi('MeetingPage');

const agreementOut = z
  .object({
    id: z.number().int(),
    meetingId: z.number().int(),
    text: z.string(),
    owner: z.string(),
    dueOn: day.nullable(),
    state: z.enum(['open', 'in_progress', 'done', 'dropped']),
    overdue: z.boolean().openapi({ description: 'Open or in progress with its due date passed.' }),
  })
  .openapi('Agreement');

const meetingOut = meetingSummaryOut
  .extend({
    agenda: z.array(z.object({ position: z.number().int(), title: z.string(), minutes: z.number().int().openapi({ description: 'Planned duration in minutes.' }), presenter: z.string(), commitmentId: z.number().int().nullable() })),
    commitments: z
      .array(
        z.object({
          id: z.number().int(),
          number: z.string(),
          title: localizedTextOut,
          status: completionLevelSchema.nullable().openapi({ description: 'The commitment’s current public completion (monitoring data); null = not reported.' }),
          reviewed: z.boolean().openapi({ description: 'Reviewed at the meeting (what its institution presented is recorded).' }),
          presented: z.string().openapi({ description: 'What its institution presented at the meeting.' }),
          page: z.string(),
          api: z.string(),
        }),
      )
      .openapi({ description: 'Commitments linked to the meeting (on the agenda or reviewed).' }),
    attendance: z.array(z.object({ personName: z.string(), onBehalfOf: z.string(), sector: z.string().nullable().openapi({ description: 'The forum sector’s code, for members of the forum.' }), voting: z.boolean().openapi({ description: 'Counted for quorum.' }) })),
    quorum: z.object({ present: z.number().int(), required: z.number().int(), seatsHeld: z.number().int(), reached: z.boolean() }).nullable(),
    agreements: z.array(agreementOut),
    pendingAgreements: z.array(agreementOut).openapi({ description: 'Agreements of earlier meetings still to do, listed at this one.' }),
    minutes: z
      .array(
        z.object({
          version: z.number().int(),
          approvedAt: isoDateTime,
          approvedBy: z.string(),
          correctionReason: z.string().nullable(),
          html: z.string().openapi({ description: 'The approved text on the meeting’s page.' }),
          pdf: z.string().nullable().openapi({ description: 'The PDF in the document repository.' }),
          document: z.string().nullable().openapi({ description: 'The repository document (`/api/v1/repository/{id}`).' }),
        }),
      )
      .openapi({ description: 'Approved versions only, newest first: never drafts or review comments.' }),
  })
  .openapi('Meeting');

const listRoute = createRoute({
  method: 'get',
  path: '/meetings',
  summary: 'Meetings of the multistakeholder forums, filtered and paged, in calendar order',
  request: {
    query: z.object({
      forum: wholeNumber('forum', 1, 2_147_483_647).optional().openapi({ param: { name: 'forum', in: 'query' }, type: 'integer', description: 'Only meetings of this forum.' }),
      from: isoDate.optional().openapi({ param: { name: 'from', in: 'query' }, format: 'date', description: 'Meetings starting on or after this day (YYYY-MM-DD, UTC).' }),
      to: isoDate.optional().openapi({ param: { name: 'to', in: 'query' }, format: 'date', description: 'Meetings starting on or before this day (YYYY-MM-DD, UTC).' }),
      limit: wholeNumber('limit', 1, MAX_MEETINGS_PAGE)
        .optional()
        .openapi({ param: { name: 'limit', in: 'query' }, type: 'integer', description: `Page size, 1–${MAX_MEETINGS_PAGE} (default ${DEFAULT_MEETINGS_PAGE}).` }),
      offset: wholeNumber('offset', 0, 1_000_000).optional().openapi({ param: { name: 'offset', in: 'query' }, type: 'integer', description: 'How many items to skip (default 0).' }),
      lang: langParam,
    }),
  },
  responses: { 200: json(meetingPageOut, 'A page of meetings'), 400: invalid },
});

const getRoute = createRoute({
  method: 'get',
  path: '/meetings/{id}',
  summary: 'A forum meeting: agenda, linked commitments with what was presented, attendance and quorum, agreements, approved minutes',
  request: { params: idParams, query: langQuery },
  responses: { 200: json(meetingOut, 'The meeting'), 400: invalid, 404: notFound },
});

type MeetingRow = typeof meetings.$inferSelect;
const summary = (m: MeetingRow) => ({
  id: m.id,
  forumId: m.forumId!,
  title: m.title,
  startsAt: m.startsAt.toISOString(),
  endsAt: m.endsAt.toISOString(),
  place: m.place,
  link: m.link,
  cancelledAt: m.cancelledAt ? m.cancelledAt.toISOString() : null,
  page: `/meetings/${m.id}`,
  api: `/api/v1/meetings/${m.id}`,
  ics: `/meetings/${m.id}/meeting.ics`,
});

const agreementOf = (a: { id: number; meetingId: number; text: string; owner: string; dueOn: string | null; state: 'open' | 'in_progress' | 'done' | 'dropped'; overdue: boolean }) => ({
  id: a.id,
  meetingId: a.meetingId,
  text: a.text,
  owner: a.owner,
  dueOn: a.dueOn,
  state: a.state,
  overdue: a.overdue,
});

/** `/api/v1/meetings`, `/api/v1/meetings/{id}`: only what the meeting's public page shows. */
export function meetingsApi(deps: AppDeps) {
  const api = apiRouter();
  const today = () => deps.now().toISOString().slice(0, 10);

  api.openapi(listRoute, async (c) => {
    const { limit = DEFAULT_MEETINGS_PAGE, offset = 0, forum, from, to } = c.req.valid('query');
    const r = await listForumMeetings(deps.db, { forum, from, to }, { limit, offset });
    return c.json({ total: r.total, limit, offset, items: r.items.map(summary) }, 200);
  });

  api.openapi(getRoute, async (c) => {
    const { id } = c.req.valid('param');
    const [row] = await deps.db.select({ id: meetings.id }).from(meetings).innerJoin(forums, eq(forums.id, meetings.forumId)).where(eq(meetings.id, id));
    const d = row ? await meetingDetail(deps.db, row.id, { includeDraft: false, today: today() }) : null;
    if (!d || d.meeting.kind !== 'forum') return c.json(missing(c), 404);
    const linked = await linkedCommitments(deps.db, d.meeting.id);
    return c.json(
      {
        ...summary(d.meeting),
        agenda: d.agenda.map((a) => ({ position: a.position, title: a.title, minutes: a.minutes, presenter: a.presenter, commitmentId: a.commitmentId })),
        commitments: linked.map((l) => ({ id: l.commitmentId, number: l.number, title: l.title, status: l.completion, reviewed: l.reviewed, presented: l.presented, page: `/commitments/${l.commitmentId}`, api: `/api/v1/commitments/${l.commitmentId}` })),
        attendance: d.attendance.map((a) => ({ personName: a.personName, onBehalfOf: a.onBehalfOf, sector: a.sectorCode, voting: a.voting })),
        quorum: d.quorum,
        agreements: d.agreements.map(agreementOf),
        pendingAgreements: d.pending.map(agreementOf),
        minutes: d.minutes
          .filter((m) => m.state === 'approved' && m.approvedAt && m.approvedByName)
          .map((m) => ({
            version: m.version,
            approvedAt: m.approvedAt!.toISOString(),
            approvedBy: m.approvedByName!,
            correctionReason: m.correctionReason,
            html: `/meetings/${d.meeting.id}#minutes-${m.id}`,
            pdf: m.documentId ? `/repository/${m.documentId}/file` : null,
            document: m.documentId ? `/api/v1/repository/${m.documentId}` : null,
          })),
      },
      200,
    );
  });

  return api;
}
