import { mailLinks } from '../../lib/mail.js';
import { markAllNoticesRead, markNoticeRead } from './notices.js';
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { and, asc, eq } from 'drizzle-orm';
import type { AppDeps } from '../../app.js';
import { documents, milestones as milestonesTable } from '../../db/schema/index.js';
import { DOWNLOAD_HEADERS, downloadName, FileRejectedError, readStoredFile } from '../../lib/files.js';
import { fieldErrors, type FieldErrors } from '../../ui/forms.js';
import { pageContext, parseId } from '../../ui/page.js';
import { requirePermission, requireUser } from '../accounts/middleware.js';
import { isAdmin, secretariatMembers, type SessionUser } from '../accounts/policy.js';
import { isDelayed } from '../milestones/rules.js';
import type { Locale } from '../../lib/levels.js';
import type { Messages } from '../../i18n/index.js';
import {
  closePeriod,
  contestMilestone,
  replyToContestation,
  resolveContestation,
  createProgressUpdate,
  editProgressUpdate,
  MonitoringError,
  openPeriod,
  returnProgressUpdate,
  setFollow,
  verifyProgressUpdate,
} from './commands.js';
import { canAnswerContestation, canResolveContestation, canContest, canEditUpdate, canFollow, canManagePeriods, canRecordIrm, canReport, canVerify, isSecretariatSomewhere } from './policy.js';
import {
  commitmentScope,
  contactWork,
  contestationThread,
  evidenceOf,
  isFollowing,
  milestoneContext,
  openPeriodsOfPlan,
  periodsFor,
  periodsOverview,
  plansOfMembers,
  progressUpdate,
  reportFormContext,
  verificationQueue,
  workOf,
} from './queries.js';
import { contestForm, evidenceFiles, periodForm, replyForm, resolveForm, returnForm, updateForm } from './schemas.js';
import { ActionsPage, ContestationPage, ContestPage, PeriodsPage, QueuePage, SheetPage, UpdateFormPage, WorkPage } from './views.js';
import { SecretariatWork } from '../authoring/views.js';
import { applySheet, exportSheet, MAX_SHEET_BYTES, planSheet, readSheet, SheetError, sheetToCsv, sheetToXlsx, type RowOutcome } from './spreadsheet.js';

type Body = Record<string, string | File | (string | File)[]>;

function texts(body: Body): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** What the form showed, to show it again: long texts cut so a huge hostile input is not echoed whole. */
function echo(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.slice(0, 25_000)]));
}

function fileErrorKey(error: FileRejectedError): 'fileTooLarge' | 'fileEmpty' | 'fileType' {
  return error.code === 'too_large' ? 'fileTooLarge' : error.code === 'empty' ? 'fileEmpty' : 'fileType';
}

/** When a decision was taken, in the reader's language, to the minute (UTC). */
function decidedAt(at: string | null, locale: Locale): string | null {
  if (!at) return null;
  return new Intl.DateTimeFormat(locale === 'es' ? 'es-CL' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(at)) + ' UTC';
}

/** "Already verified by X at T": the message for the loser of a race, or null when the error is not one. */
export function decidedMessage(error: unknown, t: Messages['monitoring'], locale: Locale): string | null {
  if (!(error instanceof MonitoringError)) return null;
  if (error.code === 'already_decided' && error.decided) return t.decided.report(error.decided.state, error.decided.by, decidedAt(error.decided.at, locale));
  if (error.code === 'already_contested') return t.decided.contested(decidedAt(error.decided?.at ?? null, locale));
  if (error.code === 'wrong_state') return t.formErrors.wrongState;
  return null;
}

/** The form field a failed create/edit of a progress update points at, or null when it is not the person's to fix. */
function updateErrors(error: unknown, t: Messages['monitoring'], locale: Locale): FieldErrors | null {
  if (error instanceof FileRejectedError) return { evidence: t.formErrors[fileErrorKey(error)] };
  if (error instanceof MonitoringError && error.code.startsWith('period')) return { periodId: t.formErrors.period };
  const decided = decidedMessage(error, t, locale);
  if (decided) return { _form: decided };
  return null;
}

export function monitoringRoutes(deps: AppDeps) {
  const app = new Hono();
  const today = () => deps.now().toISOString().slice(0, 10);

  async function loadMilestone(c: Context) {
    const id = parseId(c.req.param('id'));
    const n = parseId(c.req.param('n'));
    const ctx = id === null || n === null ? null : await milestoneContext(deps.db, { commitmentId: id, number: n });
    if (!ctx || ctx.milestone.removedAt) throw new HTTPException(404, { message: 'not_found' });
    return ctx;
  }

  /** Parses the update form: field errors, or the values and evidence. */
  async function parseUpdate(c: Context) {
    const t = c.get('t').monitoring.formErrors;
    const body = (await c.req.parseBody({ all: true })) as Body;
    const values = texts(body);
    const parsed = updateForm.safeParse(values);
    const files = await evidenceFiles(body.evidence);
    const errors: FieldErrors = parsed.success ? {} : fieldErrors(parsed.error, t);
    if ('error' in files) errors.evidence = t[files.error];
    if (!parsed.success || 'error' in files) return { ok: false as const, values: echo(values), errors };
    const d = parsed.data;
    return {
      ok: true as const,
      values: echo(values),
      /** What the create and edit commands take from the form. */
      input: {
        status: d.status,
        narrative: d.narrative,
        asOf: d.asOf,
        periodId: d.periodId,
        locale: c.get('locale'),
        evidence: { files: files.files, links: d.links },
        submit: d.action === 'submit',
        removeEvidence: (Array.isArray(body.removeEvidence) ? body.removeEvidence : [body.removeEvidence])
          .map((v) => (typeof v === 'string' ? parseId(v) : null))
          .filter((v): v is number => v !== null)
          .slice(0, 100),
        now: deps.now(),
      },
    };
  }

  // ——— the "what can I do here" page of a commitment ———
  app.get('/commitments/:id/actions', async (c) => {
    const user = requireUser(c);
    const id = parseId(c.req.param('id'));
    const scope = id === null ? null : await commitmentScope(deps.db, id);
    if (!scope || id === null) return c.notFound();
    const ms = await deps.db.select().from(milestonesTable).where(eq(milestonesTable.commitmentId, id)).orderBy(asc(milestonesTable.number));
    return c.html(
      <ActionsPage
        page={pageContext(c)}
        commitment={{ id, number: scope.number, title: scope.title }}
        following={await isFollowing(deps.db, user.id, id)}
        canIrm={canRecordIrm(user, scope)}
        milestones={ms.map((m) => ({ number: m.number, title: m.title, status: m.status, canReport: canReport(user, scope), canContest: canContest(user, scope) }))}
      />,
    );
  });

  for (const follow of [true, false]) {
    app.post(`/commitments/:id/${follow ? 'follow' : 'unfollow'}`, async (c) => {
      const user = requirePermission(c, canFollow);
      const id = parseId(c.req.param('id'));
      const scope = id === null ? null : await commitmentScope(deps.db, id);
      if (!scope || id === null) return c.notFound();
      await setFollow(deps.db, { userId: user.id, commitmentId: id, follow, now: deps.now() });
      return c.redirect(`/commitments/${id}/actions`, 303);
    });
  }

  // ——— progress updates ———
  app.get('/commitments/:id/milestones/:n/updates/new', async (c) => {
    const id = parseId(c.req.param('id'));
    const n = parseId(c.req.param('n'));
    const ctx = id === null || n === null ? null : await reportFormContext(deps.db, { commitmentId: id, number: n });
    if (!ctx || ctx.milestone.removed) throw new HTTPException(404, { message: 'not_found' });
    requirePermission(c, (u) => canReport(u, ctx.scope));
    return c.html(
      <UpdateFormPage page={pageContext(c)} action={c.req.path} commitment={ctx.commitment} milestone={ctx.milestone} periods={ctx.periods} values={{ status: ctx.milestone.status ?? '', asOf: today() }} />,
    );
  });

  app.post('/commitments/:id/milestones/:n/updates/new', async (c) => {
    const ctx = await loadMilestone(c);
    const user = requirePermission(c, (u) => canReport(u, ctx.scope));
    const t = c.get('t').monitoring;
    const form = await parseUpdate(c);
    const again = async (errors: FieldErrors) =>
      c.html(<UpdateFormPage page={pageContext(c)} action={c.req.path} commitment={ctx.commitment} milestone={ctx.milestone} periods={await openPeriodsOfPlan(deps.db, ctx.commitment.planId)} values={form.values} errors={errors} />, 422);
    if (!form.ok) return again(form.errors);
    try {
      await createProgressUpdate(deps.db, { ...form.input, milestoneId: ctx.milestone.id, authorId: user.id });
    } catch (error) {
      const errors = updateErrors(error, t, c.get('locale'));
      if (errors) return again(errors);
      throw error;
    }
    deps.cache.invalidate();
    await deps.flushMail();
    return c.redirect(`/work?done=${form.input.submit ? 'submitted' : 'saved'}`, 303);
  });

  async function loadUpdate(c: Context, user: SessionUser) {
    const id = parseId(c.req.param('uid'));
    const u = id === null ? null : await progressUpdate(deps.db, id);
    if (!u) throw new HTTPException(404, { message: 'not_found' });
    const ctx = await milestoneContext(deps.db, { milestoneId: u.milestoneId });
    if (!ctx) throw new HTTPException(404, { message: 'not_found' });
    return { u, ctx, user };
  }

  app.get('/updates/:uid/edit', async (c) => {
    requireUser(c);
    const id = parseId(c.req.param('uid'));
    const ctx = id === null ? null : await reportFormContext(deps.db, { updateId: id });
    const u = ctx?.update;
    if (!ctx || !u) throw new HTTPException(404, { message: 'not_found' });
    requirePermission(c, (user) => canEditUpdate(user, ctx.scope, u));
    const locale = c.get('locale');
    return c.html(
      <UpdateFormPage
        page={pageContext(c)}
        action={`/updates/${u.id}`}
        editing
        commitment={ctx.commitment}
        milestone={ctx.milestone}
        periods={ctx.periods}
        returnReason={u.state === 'returned' ? u.returnReason : null}
        existingEvidence={ctx.evidence}
        values={{ status: u.status, narrative: u.narrative[locale] ?? '', asOf: u.asOf, periodId: u.periodId ? String(u.periodId) : '' }}
      />,
    );
  });

  app.post('/updates/:uid', async (c) => {
    const { u, ctx, user } = await loadUpdate(c, requireUser(c));
    requirePermission(c, (who) => canEditUpdate(who, ctx.scope, u));
    const t = c.get('t').monitoring;
    const form = await parseUpdate(c);
    const again = async (errors: FieldErrors) =>
      c.html(
        <UpdateFormPage page={pageContext(c)} action={`/updates/${u.id}`} editing commitment={ctx.commitment} milestone={ctx.milestone} periods={await openPeriodsOfPlan(deps.db, ctx.commitment.planId)} values={form.values} errors={errors} returnReason={u.state === 'returned' ? u.returnReason : null} />,
        422,
      );
    if (!form.ok) return again(form.errors);
    try {
      await editProgressUpdate(deps.db, { ...form.input, updateId: u.id, authorId: user.id });
    } catch (error) {
      const errors = updateErrors(error, t, c.get('locale'));
      if (errors) return again(errors);
      throw error;
    }
    deps.cache.invalidate();
    await deps.flushMail();
    return c.redirect(`/work?done=${form.input.submit ? 'submitted' : 'saved'}`, 303);
  });

  // ——— verification ———
  async function queuePage(c: Context, flash: string | null, errors?: Record<number, string>, status: 200 | 409 | 422 = 200, problem: string | null = null) {
    const user = requirePermission(c, isSecretariatSomewhere);
    const items = await verificationQueue(deps.db, secretariatMembers(user));
    return c.html(
      <QueuePage
        page={pageContext(c)}
        flash={flash}
        errors={errors}
        problem={problem}
        items={items.map((i) => ({
          ...i,
          mayVerify: canVerify(user, { memberId: i.memberId, planPhase: i.phase, leadInstitutionId: i.leadInstitutionId }, i.u),
        }))}
      />,
      status,
    );
  }

  app.get('/verification', (c) => {
    const done = c.req.query('done');
    const v = c.get('t').monitoring.verify;
    return queuePage(c, done === 'verified' ? v.verified : done === 'returned' ? v.returned : null);
  });

  for (const verb of ['verify', 'return'] as const) {
    app.post(`/updates/:uid/${verb}`, async (c) => {
      const { u, ctx, user } = await loadUpdate(c, requireUser(c));
      requirePermission(c, (who) => canVerify(who, ctx.scope, u));
      const t = c.get('t').monitoring;
      try {
        if (verb === 'verify') {
          await verifyProgressUpdate(deps.db, { updateId: u.id, actorId: user.id, now: deps.now() });
        } else {
          const parsed = returnForm.safeParse(texts((await c.req.parseBody({ all: true })) as Body));
          if (!parsed.success) return queuePage(c, null, { [u.id]: fieldErrors(parsed.error, t.formErrors).reason ?? t.formErrors.invalid }, 422);
          await returnProgressUpdate(deps.db, { updateId: u.id, actorId: user.id, reason: parsed.data.reason, now: deps.now() });
        }
      } catch (error) {
        const decided = decidedMessage(error, t, c.get('locale'));
        if (decided) return queuePage(c, null, {}, 409, decided);
        throw error;
      }
      deps.cache.invalidate();
      await deps.flushMail();
      return c.redirect(`/verification?done=${verb === 'verify' ? 'verified' : 'returned'}`, 303);
    });
  }

  // ——— contest ———
  app.get('/commitments/:id/milestones/:n/contest', async (c) => {
    const ctx = await loadMilestone(c);
    requirePermission(c, (u) => canContest(u, ctx.scope));
    return c.html(<ContestPage page={pageContext(c)} commitment={ctx.commitment} milestone={ctx.milestone} values={{}} />);
  });

  app.post('/commitments/:id/milestones/:n/contest', async (c) => {
    const ctx = await loadMilestone(c);
    const user = requirePermission(c, (u) => canContest(u, ctx.scope));
    const t = c.get('t').monitoring;
    const body = (await c.req.parseBody({ all: true })) as Body;
    const values = echo(texts(body));
    const parsed = contestForm.safeParse(values);
    const files = await evidenceFiles(body.evidence);
    const again = (errors: FieldErrors) => c.html(<ContestPage page={pageContext(c)} commitment={ctx.commitment} milestone={ctx.milestone} values={values} errors={errors} />, 422);
    const errors: FieldErrors = parsed.success ? {} : fieldErrors(parsed.error, t.formErrors);
    if ('error' in files) errors.evidence = t.formErrors[files.error];
    if (!parsed.success || 'error' in files) return again(errors);
    try {
      await contestMilestone(deps.db, { milestoneId: ctx.milestone.id, authorId: user.id, comment: parsed.data.comment, locale: c.get('locale'), evidence: { files: files.files, links: parsed.data.links }, now: deps.now() });
    } catch (error) {
      if (error instanceof FileRejectedError) return again({ evidence: t.formErrors[fileErrorKey(error)] });
      const decided = decidedMessage(error, t, c.get('locale'));
      if (decided) return c.html(<ContestPage page={pageContext(c)} commitment={ctx.commitment} milestone={ctx.milestone} values={values} errors={{ _form: decided }} />, 409);
      throw error;
    }
    deps.cache.invalidate();
    await deps.flushMail();
    return c.redirect(`/commitments/${ctx.commitment.id}#milestone-${ctx.milestone.number}`, 303);
  });

  // ——— contestation threads (decision 042) ———
  async function loadThread(c: Context) {
    const id = parseId(c.req.param('cid'));
    const thread = id === null ? null : await contestationThread(deps.db, id);
    const ctx = thread ? await milestoneContext(deps.db, { milestoneId: thread.milestoneId }) : null;
    if (!thread || !ctx) throw new HTTPException(404, { message: 'not_found' });
    return { thread, ctx };
  }

  async function threadPage(c: Context, extra: { values?: Record<string, string>; errors?: FieldErrors; problem?: string | null } = {}, status: 200 | 409 | 422 = 200) {
    const { thread, ctx } = await loadThread(c);
    const user = c.get('user');
    return c.html(
      <ContestationPage
        page={pageContext(c)}
        thread={thread}
        commitment={ctx.commitment}
        milestone={ctx.milestone}
        mayAnswer={canAnswerContestation(user, ctx.scope, thread) !== null}
        mayResolve={canResolveContestation(user, ctx.scope)}
        {...extra}
      />,
      status,
    );
  }

  app.get('/contestations/:cid', (c) => threadPage(c));

  app.post('/contestations/:cid/replies', async (c) => {
    const { thread, ctx } = await loadThread(c);
    const user = requireUser(c);
    const capacity = canAnswerContestation(user, ctx.scope, thread);
    if (!capacity) requirePermission(c, () => false);
    const t = c.get('t').monitoring;
    const values = echo(texts((await c.req.parseBody({ all: true })) as Body));
    const parsed = replyForm.safeParse(values);
    if (!parsed.success) return threadPage(c, { values, errors: fieldErrors(parsed.error, t.formErrors) }, 422);
    try {
      await replyToContestation(deps.db, { contestationId: thread.id, authorId: user.id, capacity: capacity!, body: parsed.data.body, now: deps.now() });
    } catch (error) {
      const decided = decidedMessage(error, t, c.get('locale'));
      if (decided) return threadPage(c, { values, problem: decided }, 409);
      throw error;
    }
    deps.cache.invalidate();
    await deps.flushMail();
    return c.redirect(`/contestations/${thread.id}`, 303);
  });

  app.post('/contestations/:cid/resolve', async (c) => {
    const { thread, ctx } = await loadThread(c);
    const user = requirePermission(c, (u) => canResolveContestation(u, ctx.scope));
    const t = c.get('t').monitoring;
    const values = echo(texts((await c.req.parseBody({ all: true })) as Body));
    const parsed = resolveForm.safeParse(values);
    if (!parsed.success) return threadPage(c, { values, errors: fieldErrors(parsed.error, t.formErrors) }, 422);
    try {
      await resolveContestation(deps.db, { contestationId: thread.id, actorId: user.id, outcome: parsed.data.outcome, reason: parsed.data.reason, now: deps.now() });
    } catch (error) {
      const decided = decidedMessage(error, t, c.get('locale'));
      if (decided) return threadPage(c, { values, problem: decided }, 409);
      throw error;
    }
    deps.cache.invalidate();
    await deps.flushMail();
    return c.redirect(`/contestations/${thread.id}`, 303);
  });

  // ——— reporting periods ———
  async function periodsPage(c: Context, extra: { values?: Record<string, string>; errors?: FieldErrors; flash?: string | null }, status: 200 | 422 = 200) {
    const user = requirePermission(c, isSecretariatSomewhere);
    const scope = secretariatMembers(user);
    const { plans, periods } = await periodsOverview(deps.db, scope);
    return c.html(<PeriodsPage page={pageContext(c)} plans={plans} periods={periods} {...extra} />, status);
  }

  app.get('/periods', (c) => periodsPage(c, {}));

  app.post('/periods', async (c) => {
    const user = requirePermission(c, isSecretariatSomewhere);
    const t = c.get('t').monitoring;
    const values = echo(texts((await c.req.parseBody({ all: true })) as Body));
    const parsed = periodForm.safeParse(values);
    if (!parsed.success) return periodsPage(c, { values, errors: fieldErrors(parsed.error, t.formErrors) }, 422);
    const plans = await plansOfMembers(deps.db, 'all');
    const plan = plans.find((p) => p.id === parsed.data.planId);
    if (!plan || !canManagePeriods(user, { memberId: plan.memberId, planPhase: plan.phase })) {
      return periodsPage(c, { values, errors: { planId: t.formErrors.invalid } }, 422);
    }
    await openPeriod(deps.db, { planId: plan.id, name: parsed.data.name, locale: c.get('locale'), deadline: parsed.data.deadline, actorId: user.id, now: deps.now() });
    return c.redirect('/periods', 303);
  });

  app.post('/periods/:pid/close', async (c) => {
    const user = requirePermission(c, isSecretariatSomewhere);
    const id = parseId(c.req.param('pid'));
    const all = id === null ? [] : await periodsFor(deps.db, 'all');
    const row = all.find((r) => r.p.id === id);
    if (!row) return c.notFound();
    requirePermission(c, (u) => canManagePeriods(u, { memberId: row.plan.memberId, planPhase: row.plan.phase }));
    try {
      await closePeriod(deps.db, { periodId: row.p.id, actorId: user.id, now: deps.now() });
    } catch (error) {
      if (!(error instanceof MonitoringError)) throw error;
    }
    return c.redirect('/periods', 303);
  });

  // ——— evidence files ———
  app.get('/evidence/:did', async (c) => {
    const id = parseId(c.req.param('did'));
    const doc = id === null ? null : (await deps.db.select().from(documents).where(and(eq(documents.id, id), eq(documents.type, 'evidence'))).limit(1))[0];
    if (!doc || !doc.fileSha256) return c.notFound();
    if (!doc.publishedAt) {
      // A draft's evidence: only its author.
      const user = c.get('user');
      if (!user || doc.createdBy !== user.id) return c.notFound();
    }
    const file = await readStoredFile(deps.db, doc.fileSha256);
    if (!file) return c.notFound();
    const name = downloadName(doc.fileName ?? 'evidence', file.mediaType).replace(/[^\w.\- ]+/g, '_');
    return c.body(new Uint8Array(file.bytes), 200, {
      'content-type': file.mediaType,
      'content-disposition': `attachment; filename="${name}"`,
      ...DOWNLOAD_HEADERS,
      'cache-control': 'private, max-age=0',
    });
  });

  // ——— institution spreadsheets ———
  const isContact = (u: SessionUser) => u.grants.some((g) => g.role === 'institution_contact');

  async function contactPeriods(user: SessionUser) {
    const work = await contactWork(deps.db, user);
    const planIds = [...new Set(work.milestones.map((r) => r.plan.id))];
    return (await Promise.all(planIds.map((id) => openPeriodsOfPlan(deps.db, id)))).flat();
  }

  app.get('/work/spreadsheet', async (c) => {
    const user = requirePermission(c, isContact);
    return c.html(<SheetPage page={pageContext(c)} periods={await contactPeriods(user)} />);
  });

  for (const format of ['xlsx', 'csv'] as const) {
    app.get(`/work/spreadsheet.${format}`, async (c) => {
      const user = requirePermission(c, isContact);
      const table = await exportSheet(deps.db, user, c.get('locale'));
      const bytes = format === 'xlsx' ? await sheetToXlsx(table) : sheetToCsv(table);
      return c.body(new Uint8Array(bytes), 200, {
        'content-type': format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="abierto-metas.${format}"`,
        'cache-control': 'private, no-store',
      });
    });
  }

  app.post('/work/spreadsheet', async (c) => {
    const user = requirePermission(c, isContact);
    const t = c.get('t').monitoring.sheet;
    const body = (await c.req.parseBody({ all: true })) as Body;
    const periods = await contactPeriods(user);
    const again = (props: { rows?: RowOutcome[]; outcome?: 'checked' | 'applied' | 'refused' | 'nothing' | 'unchanged' | null; error?: string | null }, status: 200 | 422) =>
      c.html(<SheetPage page={pageContext(c)} periods={periods} {...props} />, status);
    const file = body.file;
    if (!(file instanceof File) || file.size === 0) return again({ error: file instanceof File && file.name ? t.errors.empty : t.errors.missing }, 422);
    if (file.size > MAX_SHEET_BYTES) return again({ error: t.errors.too_large }, 422);
    const periodText = typeof body.periodId === 'string' ? body.periodId : '';
    const periodId = periodText === '' ? null : parseId(periodText);
    if (periodText !== '' && (periodId === null || !periods.some((p) => p.id === periodId))) return again({ error: c.get('t').monitoring.formErrors.period }, 422);
    let matrix: string[][];
    try {
      matrix = await readSheet(new Uint8Array(await file.arrayBuffer()));
    } catch (error) {
      if (error instanceof SheetError) return again({ error: t.errors[error.code] }, 422);
      throw error;
    }
    const now = deps.now();
    if (body.action !== 'apply') {
      const rows = await planSheet(deps.db, user, matrix, now.toISOString().slice(0, 10));
      if (rows.length === 0) return again({ outcome: 'nothing' }, 422);
      if (rows.some((r) => r.problems.length > 0)) return again({ rows, outcome: 'refused' }, 422);
      return again({ rows, outcome: rows.every((r) => r.unchanged) ? 'unchanged' : 'checked' }, 200);
    }
    const result = await applySheet(deps.db, user, matrix, { locale: c.get('locale'), periodId, fileName: file.name, now });
    if (!result.applied) {
      if (result.rows.length > 0 && result.rows.every((r) => r.unchanged)) return again({ rows: result.rows, outcome: 'unchanged' }, 200);
      return again({ rows: result.rows, outcome: result.rows.length === 0 ? 'nothing' : 'refused' }, 422);
    }
    deps.cache.invalidate();
    await deps.flushMail();
    return again({ rows: result.rows, outcome: 'applied' }, 200);
  });

  // ——— my work ———
  app.get('/work', async (c) => {
    const user = requireUser(c);
    const now = deps.now();
    const secretariat = isSecretariatSomewhere(user);
    const work = await workOf(deps.db, user, secretariat ? secretariatMembers(user) : null);
    const lastByMilestone = new Map<number, { state: string }>();
    for (const u of work.updates) if (!lastByMilestone.has(u.milestoneId)) lastByMilestone.set(u.milestoneId, { state: u.state });
    const allUpdates = work.updates;
    const numbers = (u: (typeof allUpdates)[number]) =>
      u.milestoneNumber !== null && u.commitmentNumber !== null && u.commitmentId !== null ? { milestoneNumber: u.milestoneNumber, commitmentNumber: u.commitmentNumber, commitmentId: u.commitmentId } : null;
    const done = c.req.query('done');
    const tu = c.get('t').monitoring.update;
    const page = pageContext(c);
    return c.html(
      <WorkPage
        extra={work.secretariat ? <SecretariatWork page={page} plans={work.secretariat.plans} members={work.secretariat.members} isAdmin={isAdmin(user)} /> : null}
        page={page}
        data={{
          name: user.name,
          grants: user.grants,
          isAdmin: isAdmin(user),
          isSecretariat: isSecretariatSomewhere(user),
          isContact: user.grants.some((g) => g.role === 'institution_contact'),
          flash: done === 'submitted' ? tu.submitted : done === 'saved' ? tu.saved : null,
          milestones: work.milestones.map((m) => ({ ...m, delayed: isDelayed(m, now), last: lastByMilestone.get(m.id) ?? null })),
          drafts: allUpdates
            .filter((u) => u.state === 'draft' || u.state === 'returned')
            .map((u) => ({ id: u.id, state: u.state, status: u.status, returnReason: u.returnReason, ...(numbers(u) ?? { milestoneNumber: 0, commitmentNumber: '?' }) })),
          submitted: allUpdates
            .filter((u) => u.state === 'submitted' || u.state === 'verified')
            .slice(0, 20)
            .map((u) => ({ id: u.id, state: u.state, status: u.status, ...(numbers(u) ?? { milestoneNumber: 0, commitmentNumber: '?', commitmentId: 0 }) })),
          following: work.following,
          notifications: work.notices.map((n) => ({ id: n.id, subject: n.subject, createdAt: n.createdAt, readAt: n.readAt, links: mailLinks(n.meta) })),
          noticeFlash: c.req.query('notices') === 'read' ? c.get('t').monitoring.work.noticesRead : null,
        }}
      />,
    );
  });

  // ——— in-app notices: mark read (one, or all); forms that work without JavaScript ———
  app.post('/notices/read-all', async (c) => {
    const user = requireUser(c);
    await markAllNoticesRead(deps.db, { userId: user.id, now: deps.now() });
    return c.redirect('/work?notices=read#s-notifications', 303);
  });
  app.post('/notices/:id/read', async (c) => {
    const user = requireUser(c);
    const id = parseId(c.req.param('id'));
    // Another person's notice, or none: the same 404 (whether it exists is not told).
    if (id === null || (await markNoticeRead(deps.db, { userId: user.id, noticeId: id, now: deps.now() })) === 'not_found') return c.notFound();
    return c.redirect('/work?notices=read#s-notifications', 303);
  });

  return app;
}


