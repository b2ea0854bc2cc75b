import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../../app.js';
import type { FollowUpSnapshotRow } from '../../db/schema/reports.js';
import { messages } from '../../i18n/index.js';
import { completionLevelSchema, type Locale } from '../../lib/levels.js';
import { apiRouter, idParams, invalid, json, langParam, langQuery, missing, notFound } from '../api/common.js';
import { localizedTextOut } from '../commitments/schemas.js';
import { listRepository } from '../repository/queries.js';
import { presentDocument, repositoryDocumentOut } from '../repository/api.js';
import { compareSnapshots, statusCounts } from './follow-up.js';
import { getFollowUpReport, getSelfAssessmentData, listFollowUpReports, planExists } from './queries.js';
import { KIND_SLUGS, REPORT_FORMATS, SELF_ASSESSMENT_KINDS } from './schemas.js';
import { buildSelfAssessment, SECTION_KEYS, selfAssessmentSubject, templateTable } from './self-assessment.js';

const isoDateTime = z.string().openapi({ format: 'date-time', example: '2018-07-02T12:00:00.000Z' });
const day = z.string().openapi({ format: 'date', example: '2018-06-30' });
const month = z.string().nullable().openapi({ example: '2016-09', description: 'A month, YYYY-MM' });
const statusOut = completionLevelSchema.nullable().openapi({ description: 'null: not reported.' });

// The reports feature's document model (src/features/reports/document.ts), as the API gives it.
const runOut = z
  .object({ text: z.string(), bold: z.boolean().optional(), italic: z.boolean().optional(), lang: z.enum(['es', 'en']).optional().openapi({ description: 'Set when the text is a fallback in the other language.' }) })
  .openapi('ReportRun');
const paraOut = z.object({ runs: z.array(runOut), item: z.boolean().optional().openapi({ description: 'A list item.' }) }).openapi('ReportParagraph');
const cellOut = z
  .object({ paras: z.array(paraOut), span: z.number().int().optional(), head: z.boolean().optional(), center: z.boolean().optional() })
  .openapi('ReportCell');
export const reportTableOut = z
  .object({
    widths: z.array(z.number()).openapi({ description: 'Relative widths of the columns.' }),
    rows: z.array(z.array(cellOut)),
    caption: z.string().optional(),
  })
  .openapi('ReportTable', { description: 'A table of the report document, the same one the HTML, DOCX and PDF render.' });

const downloadsOut = z
  .object({ html: z.string(), docx: z.string(), pdf: z.string() })
  .openapi('ReportDownloads', { description: 'Where the report is generated in each format (add ?lang=es|en).' });

export const selfAssessmentOut = z
  .object({
    plan: z.object({ id: z.number().int(), number: z.number().int(), title: localizedTextOut, memberCode: z.string() }),
    kind: z.enum(SELF_ASSESSMENT_KINDS),
    locale: z.enum(['es', 'en']).openapi({ description: 'The language of the generated texts (title, headings, template labels): ?lang.' }),
    title: z.string(),
    subtitle: z.string(),
    meta: z.array(z.string()),
    sections: z
      .array(z.object({ key: z.enum(SECTION_KEYS), heading: z.string(), text: localizedTextOut }))
      .openapi({ description: 'The report-level sections written by the secretariat, in the report’s order (the commitments go after the third).' }),
    commitments: z.array(
      z.object({
        id: z.number().int(),
        number: z.string(),
        title: localizedTextOut,
        completion: statusOut,
        template: reportTableOut.openapi({ description: 'OGP’s “Plantilla de cumplimiento” of the commitment.' }),
      }),
    ),
    page: z.string(),
    downloads: downloadsOut,
    published: z.array(repositoryDocumentOut).openapi({ description: 'The versions published in the repository (PDF and DOCX per language), newest first.' }),
  })
  .openapi('SelfAssessment');

const followUpMilestoneOut = z
  .object({
    commitmentNumber: z.string(),
    milestoneNumber: z.number().int(),
    title: localizedTextOut,
    plannedStart: month,
    plannedEnd: month,
    status: statusOut,
    delayed: z.boolean().openapi({ description: 'Computed at the cut-off date (the public roll-up rule).' }),
    subItems: z.array(localizedTextOut),
  })
  .openapi('FollowUpMilestone');

const reportRefOut = z.object({ id: z.number().int(), number: z.number().int(), cutOffDate: day }).openapi('FollowUpReportRef');

export const followUpSummaryOut = z
  .object({ id: z.number().int(), planId: z.number().int(), number: z.number().int(), cutOffDate: day, publishedAt: isoDateTime, note: localizedTextOut, page: z.string() })
  .openapi('FollowUpReportSummary');

export const followUpReportOut = z
  .object({
    id: z.number().int(),
    planId: z.number().int(),
    number: z.number().int(),
    cutOffDate: day,
    publishedAt: isoDateTime,
    note: localizedTextOut,
    planTitle: localizedTextOut.openapi({ description: 'The plan’s title when the report was published.' }),
    previous: reportRefOut.nullable(),
    counts: z.object({ not_started: z.number().int(), limited: z.number().int(), substantial: z.number().int(), complete: z.number().int(), not_reported: z.number().int() }),
    commitments: z.array(
      z.object({ number: z.string(), title: localizedTextOut, completion: statusOut, milestones: z.array(followUpMilestoneOut) }),
    ),
    changes: z
      .object({
        statusChanges: z.array(z.object({ milestone: followUpMilestoneOut, from: statusOut })),
        newlyDelayed: z.array(followUpMilestoneOut),
        completed: z.array(followUpMilestoneOut),
        added: z.array(followUpMilestoneOut),
      })
      .openapi({ description: 'Since the previous report (with no previous report: every delayed and every complete milestone).' }),
    page: z.string(),
    downloads: downloadsOut,
  })
  .openapi('FollowUpReport');

const selfAssessmentQuery = z.object({
  kind: z.enum(SELF_ASSESSMENT_KINDS).openapi({ param: { name: 'kind', in: 'query' }, description: 'mid_term or end_of_term.' }),
  lang: langParam,
});

const listFollowUpsRoute = createRoute({
  method: 'get',
  path: '/plans/{id}/follow-up-reports',
  summary: 'The published follow-up reports of a plan, newest first',
  request: { params: idParams, query: langQuery },
  responses: { 200: json(z.array(followUpSummaryOut), 'The follow-up reports'), 400: invalid, 404: notFound },
});

const getFollowUpRoute = createRoute({
  method: 'get',
  path: '/follow-up-reports/{id}',
  summary: 'A published follow-up report: its snapshot of every milestone and what changed since the previous report',
  request: { params: idParams, query: langQuery },
  responses: { 200: json(followUpReportOut, 'The follow-up report'), 400: invalid, 404: notFound },
});

const getSelfAssessmentRoute = createRoute({
  method: 'get',
  path: '/plans/{id}/self-assessment',
  summary: 'The self-assessment report of a plan: the secretariat’s sections and every commitment as OGP’s template lays it out',
  request: { params: idParams, query: selfAssessmentQuery },
  responses: { 200: json(selfAssessmentOut, 'The self-assessment'), 400: invalid, 404: notFound },
});

function downloads(base: string) {
  return Object.fromEntries(REPORT_FORMATS.map((f) => [f, `${base}/download/${f}`])) as Record<(typeof REPORT_FORMATS)[number], string>;
}

type Milestone = FollowUpSnapshotRow & { milestoneNumber: number };
function presentMilestone(m: Milestone) {
  return {
    commitmentNumber: m.commitmentNumber,
    milestoneNumber: m.milestoneNumber,
    title: m.milestoneTitle,
    plannedStart: m.plannedStart,
    plannedEnd: m.plannedEnd,
    status: m.status,
    delayed: m.delayed,
    subItems: m.subItems,
  };
}

/** `/api/v1`: self-assessments and follow-up reports (a follow-up report exists only once published). */
export function reportsApi(deps: AppDeps) {
  const api = apiRouter();

  api.openapi(listFollowUpsRoute, async (c) => {
    const { id } = c.req.valid('param');
    if (!(await planExists(deps.db, id))) return c.json(missing(c), 404);
    const reports = await listFollowUpReports(deps.db, id);
    return c.json(
      reports.map((r) => ({ id: r.id, planId: r.planId, number: r.number, cutOffDate: r.cutOffDate, publishedAt: r.publishedAt.toISOString(), note: r.note, page: `/reports/follow-up/${r.id}` })),
      200,
    );
  });

  api.openapi(getFollowUpRoute, async (c) => {
    const { id } = c.req.valid('param');
    const found = await getFollowUpReport(deps.db, id);
    if (!found) return c.json(missing(c), 404);
    const { report, snapshot, previous } = found;
    const changes = compareSnapshots(snapshot, previous?.snapshot ?? null);
    const commitments: { number: string; title: FollowUpSnapshotRow['commitmentTitle']; completion: FollowUpSnapshotRow['commitmentCompletion']; milestones: ReturnType<typeof presentMilestone>[] }[] = [];
    for (const row of snapshot) {
      let last = commitments[commitments.length - 1];
      if (!last || last.number !== row.commitmentNumber) {
        last = { number: row.commitmentNumber, title: row.commitmentTitle, completion: row.commitmentCompletion, milestones: [] };
        commitments.push(last);
      }
      if (row.milestoneNumber !== null) last.milestones.push(presentMilestone(row as Milestone));
    }
    const page = `/reports/follow-up/${report.id}`;
    return c.json(
      {
        id: report.id,
        planId: report.planId,
        number: report.number,
        cutOffDate: report.cutOffDate,
        publishedAt: report.publishedAt.toISOString(),
        note: report.note,
        planTitle: report.planTitle,
        previous: previous ? { id: previous.report.id, number: previous.report.number, cutOffDate: previous.report.cutOffDate } : null,
        counts: statusCounts(snapshot),
        commitments,
        changes: {
          statusChanges: changes.statusChanges.map((s) => ({ milestone: presentMilestone(s.now), from: s.before.status })),
          newlyDelayed: changes.newlyDelayed.map(presentMilestone),
          completed: changes.completed.map(presentMilestone),
          added: changes.added.map(presentMilestone),
        },
        page,
        downloads: downloads(page),
      },
      200,
    );
  });

  api.openapi(getSelfAssessmentRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { kind } = c.req.valid('query');
    const locale: Locale = c.get('locale');
    const data = await getSelfAssessmentData(deps.db, id, kind, deps.now());
    if (!data) return c.json(missing(c), 404);
    const t = messages(locale);
    const doc = buildSelfAssessment(data, t, locale);
    const page = `/reports/plans/${id}/self-assessment/${KIND_SLUGS[kind]}`;
    const published = (await listRepository(deps.db, { plan: id, type: 'self_assessment' })).filter((d) => d.subjectType === selfAssessmentSubject(kind));
    return c.json(
      {
        plan: { id: data.plan.id, number: data.plan.number, title: data.plan.title, memberCode: data.plan.member.code },
        kind,
        locale,
        title: doc.title,
        subtitle: doc.subtitle,
        meta: doc.meta,
        sections: SECTION_KEYS.map((key) => ({ key, heading: t.reports.sections[key], text: data.sections[key] })),
        commitments: data.commitments.map((cm) => {
          const table = templateTable(cm, t, locale);
          if (table.type !== 'table') throw new Error('the template is a table');
          return { id: cm.id, number: cm.number, title: cm.title, completion: cm.completion, template: { widths: table.widths, rows: table.rows, caption: table.caption } };
        }),
        page,
        downloads: downloads(page),
        published: published.map((d) => presentDocument(d)),
      },
      200,
    );
  });

  return api;
}
