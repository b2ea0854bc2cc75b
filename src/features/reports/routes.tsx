import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../../app.js';
import { eq } from 'drizzle-orm';
import { actionPlans, members } from '../../db/schema/index.js';
import type { Executor } from '../../db/client.js';
import type { Locale } from '../../lib/levels.js';
import { STYLES } from '../../ui/assets.js';
import { pageContext, parseId } from '../../ui/page.js';
import { requirePermission } from '../accounts/middleware.js';
import { canManageReports } from './policy.js';
import { publishFollowUpReport, publishSelfAssessment, ReportError, saveSelfAssessmentSections, currentSnapshot } from './commands.js';
import type { ReportDocument } from './document.js';
import { buildFollowUpReport, type FollowUpData } from './follow-up.js';
import { getFollowUpReport, getSections, getSelfAssessmentData, latestFollowUpReport, listFollowUpReports, snapshotRows } from './queries.js';
import { renderDocx, renderPdf } from './render-lazy.js';
import { refusedLinks } from './markdown.js';
import { isoDate, kindFromSlug, KIND_SLUGS, MAX_NOTE_CHARS, MAX_SECTION_CHARS, MEDIA_TYPES, REPORT_FORMATS, type ReportFormat } from './schemas.js';
import { buildSelfAssessment, SECTION_KEYS, type SectionTexts } from './self-assessment.js';
import { FollowUpNewPage, PlanReportsPage, ReportPage, SectionsForm, StandaloneReport, type FieldErrors, type FollowUpFormValues, type SectionValues } from './views.js';
import { messages } from '../../i18n/index.js';

async function planRow(db: Executor, id: number) {
  const rows = await db
    .select({ id: actionPlans.id, title: actionPlans.title, memberId: actionPlans.memberId, memberName: members.name, memberCode: members.code, secretariat: members.secretariatInstitution })
    .from(actionPlans)
    .innerJoin(members, eq(members.id, actionPlans.memberId))
    .where(eq(actionPlans.id, id))
    .limit(1);
  return rows[0] ?? null;
}

/** Renders a report document in a format, as a download with a good file name. */
export async function renderReport(doc: ReportDocument, format: ReportFormat): Promise<Uint8Array> {
  if (format === 'docx') return renderDocx(doc);
  if (format === 'pdf') return renderPdf(doc);
  return new TextEncoder().encode(`<!doctype html>${(<StandaloneReport doc={doc} styles={STYLES} />).toString()}`);
}

function download(bytes: Uint8Array, doc: ReportDocument, format: ReportFormat): Response {
  const name = `${doc.fileStem}.${format}`;
  return new Response(bytes as Uint8Array<ArrayBuffer>, {
    status: 200,
    headers: {
      'content-type': MEDIA_TYPES[format],
      'content-disposition': `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'content-length': String(bytes.length),
      'cache-control': 'public, max-age=0, must-revalidate',
    },
  });
}

const sectionField = z.string().max(MAX_SECTION_CHARS);
const noteField = z.string().max(MAX_NOTE_CHARS);

function formString(value: unknown): string | null {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : null;
}

function clean(text: string): string | undefined {
  const v = text.replace(/\r\n?/g, '\n').trim();
  return v === '' ? undefined : v;
}

export function reportRoutes(deps: AppDeps) {
  const app = new Hono();

  app.get('/plans/:planId', async (c) => {
    const id = parseId(c.req.param('planId'));
    const plan = id === null ? null : await planRow(deps.db, id);
    if (!plan) return c.notFound();
    const followUps = await listFollowUpReports(deps.db, plan.id);
    return c.html(<PlanReportsPage page={pageContext(c)} plan={plan} followUps={followUps} canManage={canManageReports(c.get('user'), plan.memberId)} />);
  });

  // The self-assessment: public HTML (cached for the public), downloads in every format and both languages.
  async function selfAssessment(c: Context, locale: Locale) {
    const id = parseId(c.req.param('planId'));
    const kind = kindFromSlug(c.req.param('kind'));
    if (id === null || kind === null) return null;
    const data = await getSelfAssessmentData(deps.db, id, kind, deps.now());
    if (!data) return null;
    return { data, kind, doc: buildSelfAssessment(data, messages(locale), locale) };
  }

  app.get('/plans/:planId/self-assessment/:kind', async (c) => {
    const found = await selfAssessment(c, c.get('locale'));
    if (!found) return c.notFound();
    const { data, kind, doc } = found;
    const base = `/reports/plans/${data.plan.id}/self-assessment/${KIND_SLUGS[kind]}`;
    const canEdit = canManageReports(c.get('user'), data.plan.member.id);
    return c.html(
      <ReportPage
        page={pageContext(c)}
        doc={doc}
        plan={data.plan}
        base={base}
        editHref={canEdit ? `${base}/edit` : undefined}
        editLabel={c.get('t').reports.edit}
        publishAction={canEdit ? `${base}/publish` : undefined}
        versionsHref={`/repository?plan=${data.plan.id}&type=self_assessment`}
      />,
    );
  });

  // Publishing puts the PDF and DOCX (es, and en when written) into the repository as a new version.
  app.post('/plans/:planId/self-assessment/:kind/publish', async (c) => {
    const target = await sectionsTarget(c);
    if (!target) return c.notFound();
    const user = requirePermission(c, (u) => canManageReports(u, target.plan.memberId));
    await publishSelfAssessment(deps.db, { planId: target.plan.id, kind: target.kind, userId: user.id, actor: `user:${user.id}`, now: deps.now() });
    deps.cache.invalidate();
    return c.redirect(`/repository?plan=${target.plan.id}&type=self_assessment`, 303);
  });

  app.get('/plans/:planId/self-assessment/:kind/download/:format', async (c) => {
    const format = REPORT_FORMATS.find((f) => f === c.req.param('format'));
    if (!format) return c.notFound();
    const found = await selfAssessment(c, c.get('locale'));
    if (!found) return c.notFound();
    return download(await renderReport(found.doc, format), found.doc, format);
  });

  async function sectionsTarget(c: Context) {
    const id = parseId(c.req.param('planId'));
    const kind = kindFromSlug(c.req.param('kind'));
    const plan = id === null ? null : await planRow(deps.db, id);
    return plan && kind ? { plan, kind } : null;
  }

  app.get('/plans/:planId/self-assessment/:kind/edit', async (c) => {
    const target = await sectionsTarget(c);
    if (!target) return c.notFound();
    requirePermission(c, (u) => canManageReports(u, target.plan.memberId));
    const row = await getSections(deps.db, target.plan.id, target.kind);
    const values = {} as SectionValues;
    for (const key of SECTION_KEYS) for (const lang of ['es', 'en'] as const) values[`${key}_${lang}`] = row?.[key][lang] ?? '';
    return c.html(<SectionsForm page={pageContext(c)} plan={target.plan} kind={target.kind} values={values} errors={{}} />);
  });

  app.post('/plans/:planId/self-assessment/:kind/edit', async (c) => {
    const target = await sectionsTarget(c);
    if (!target) return c.notFound();
    const user = requirePermission(c, (u) => canManageReports(u, target.plan.memberId));
    const t = c.get('t');
    const body = await c.req.parseBody();
    const values = {} as SectionValues;
    const errors: FieldErrors = {};
    const sections = {} as SectionTexts;
    for (const key of SECTION_KEYS) {
      sections[key] = {};
      for (const lang of ['es', 'en'] as const) {
        const name = `${key}_${lang}` as const;
        const raw = formString(body[name]);
        values[name] = raw ?? '';
        if (raw === null) errors[name] = t.reports.notText;
        else if (!sectionField.safeParse(raw).success) errors[name] = t.reports.tooLong(MAX_SECTION_CHARS);
        else if (refusedLinks(raw).length > 0) errors[name] = t.reports.unsafeLinks(refusedLinks(raw).join(', '));
        else {
          const v = clean(raw);
          if (v) sections[key][lang] = v;
        }
      }
    }
    if (Object.keys(errors).length > 0) {
      return c.html(<SectionsForm page={pageContext(c)} plan={target.plan} kind={target.kind} values={values} errors={errors} />, 422);
    }
    await saveSelfAssessmentSections(deps.db, { planId: target.plan.id, kind: target.kind, sections, userId: user.id, actor: `user:${user.id}`, now: deps.now() });
    deps.cache.invalidate();
    return c.redirect(`/reports/plans/${target.plan.id}/self-assessment/${KIND_SLUGS[target.kind]}`, 303);
  });

  // Follow-up reports: a preview and the form that publishes one; once published, a stable page.
  async function followUpPreview(plan: NonNullable<Awaited<ReturnType<typeof planRow>>>, cutOffDate: string, note: { es?: string; en?: string }, locale: Locale) {
    const previous = await latestFollowUpReport(deps.db, plan.id);
    const rows = await currentSnapshot(deps.db, plan.id, cutOffDate);
    const now = deps.now();
    const data: FollowUpData = {
      report: { id: 0, planId: plan.id, number: (previous?.number ?? 0) + 1, cutOffDate, note, planTitle: plan.title, publishedAt: now, publishedBy: null, createdAt: now },
      snapshot: rows.map((r, i) => ({
        id: i + 1,
        reportId: 0,
        commitmentId: r.commitmentId ?? null,
        commitmentNumber: r.commitmentNumber,
        commitmentPosition: r.commitmentPosition,
        commitmentTitle: r.commitmentTitle ?? {},
        commitmentCompletion: r.commitmentCompletion ?? null,
        milestoneId: r.milestoneId ?? null,
        milestoneNumber: r.milestoneNumber ?? null,
        milestoneTitle: r.milestoneTitle ?? {},
        plannedStart: r.plannedStart ?? null,
        plannedEnd: r.plannedEnd ?? null,
        status: r.status ?? null,
        delayed: r.delayed ?? false,
        contested: r.contested ?? false,
        subItems: r.subItems ?? [],
        verifiedNarrative: r.verifiedNarrative ?? {},
        verifiedAsOf: r.verifiedAsOf ?? null,
        verifiedEvidence: r.verifiedEvidence ?? [],
      })),
      previous: previous ? { report: previous, snapshot: await snapshotRows(deps.db, previous.id) } : null,
      memberName: plan.memberName[locale] ?? plan.memberName.es ?? plan.memberCode,
      secretariat: plan.secretariat,
    };
    return buildFollowUpReport(data, messages(locale), locale);
  }

  async function followUpTarget(c: Context) {
    const id = parseId(c.req.param('planId'));
    const plan = id === null ? null : await planRow(deps.db, id);
    if (!plan) return null;
    requirePermission(c, (u) => canManageReports(u, plan.memberId));
    return plan;
  }

  app.get('/plans/:planId/follow-up/new', async (c) => {
    const plan = await followUpTarget(c);
    if (!plan) return c.notFound();
    const today = deps.now().toISOString().slice(0, 10);
    const values: FollowUpFormValues = { cutOffDate: today, note_es: '', note_en: '' };
    const preview = await followUpPreview(plan, today, {}, c.get('locale'));
    return c.html(<FollowUpNewPage page={pageContext(c)} plan={plan} values={values} errors={{}} preview={preview} today={today} />);
  });

  app.post('/plans/:planId/follow-up/new', async (c) => {
    const plan = await followUpTarget(c);
    if (!plan) return c.notFound();
    const user = requirePermission(c, (u) => canManageReports(u, plan.memberId));
    const t = c.get('t');
    const f = t.reports.followUp;
    const today = deps.now().toISOString().slice(0, 10);
    const body = await c.req.parseBody();
    const values: FollowUpFormValues = { cutOffDate: formString(body.cutOffDate) ?? '', note_es: formString(body.note_es) ?? '', note_en: formString(body.note_en) ?? '' };
    const errors: FieldErrors = {};
    const dateOk = isoDate.safeParse(values.cutOffDate).success && values.cutOffDate <= today;
    if (!dateOk) errors.cutOffDate = f.cutOffInvalid;
    for (const name of ['note_es', 'note_en'] as const) {
      if (formString(body[name]) === null) errors[name] = t.reports.notText;
      else if (!noteField.safeParse(values[name]).success) errors[name] = t.reports.tooLong(MAX_NOTE_CHARS);
      else if (refusedLinks(values[name]).length > 0) errors[name] = t.reports.unsafeLinks(refusedLinks(values[name]).join(', '));
    }
    const note = { ...(clean(values.note_es) ? { es: clean(values.note_es) } : {}), ...(clean(values.note_en) ? { en: clean(values.note_en) } : {}) };
    const invalid = async (errs: FieldErrors) => {
      const preview = await followUpPreview(plan, dateOk ? values.cutOffDate : today, {}, c.get('locale'));
      return c.html(<FollowUpNewPage page={pageContext(c)} plan={plan} values={values} errors={errs} preview={preview} today={today} />, 422);
    };
    if (Object.keys(errors).length > 0) return invalid(errors);
    try {
      const published = await publishFollowUpReport(deps.db, { planId: plan.id, cutOffDate: values.cutOffDate, note, userId: user.id, actor: `user:${user.id}`, now: deps.now() });
      deps.cache.invalidate();
      return c.redirect(`/reports/follow-up/${published.id}`, 303);
    } catch (error) {
      if (error instanceof ReportError && error.code === 'cut_off_before_previous') return invalid({ cutOffDate: f.cutOffBeforePrevious(String(error.params.date)) });
      if (error instanceof ReportError && error.code === 'cut_off_in_future') return invalid({ cutOffDate: f.cutOffInvalid });
      throw error;
    }
  });

  async function followUp(c: Context, locale: Locale) {
    const id = parseId(c.req.param('id'));
    const found = id === null ? null : await getFollowUpReport(deps.db, id);
    if (!found) return null;
    const plan = await planRow(deps.db, found.report.planId);
    if (!plan) return null;
    const doc = buildFollowUpReport({ ...found, memberName: plan.memberName[locale] ?? plan.memberName.es ?? plan.memberCode, secretariat: plan.secretariat }, messages(locale), locale);
    return { doc, plan, report: found.report };
  }

  app.get('/follow-up/:id', async (c) => {
    const found = await followUp(c, c.get('locale'));
    if (!found) return c.notFound();
    return c.html(<ReportPage page={pageContext(c)} doc={found.doc} plan={found.plan} base={`/reports/follow-up/${found.report.id}`} />);
  });

  app.get('/follow-up/:id/download/:format', async (c) => {
    const format = REPORT_FORMATS.find((f) => f === c.req.param('format'));
    if (!format) return c.notFound();
    const found = await followUp(c, c.get('locale'));
    if (!found) return c.notFound();
    return download(await renderReport(found.doc, format), found.doc, format);
  });

  return app;
}
