import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { and, eq } from 'drizzle-orm';
import type { AppDeps } from '../../app.js';
import { callApplicationFiles } from '../../db/schema/index.js';
import { DOWNLOAD_HEADERS, downloadName, FileRejectedError, readStoredFile } from '../../lib/files.js';
import { fieldErrors, type FieldErrors } from '../../ui/forms.js';
import { formatDateTime } from '../../ui/format.js';
import { pageContext, parseId } from '../../ui/page.js';
import type { SessionUser } from '../accounts/policy.js';
import { requirePermission, requireUser } from '../accounts/middleware.js';
import { baseUrl, clientIp } from '../accounts/routes.js';
import { formStamp, HONEYPOT_FIELD, looksHuman, sourceKey } from '../cocreation/spam.js';
import { forumDetail } from '../forum/queries.js';
import { answerRequest, closeCall, confirmApplication, createCall, decideApplication, OpenCallError, publishCall, submitApplication, updateCall, type Applicant, type CallInput, type Links } from './commands.js';
import { can, canRunCalls } from './policy.js';
import { applicationDetail, applicationIdByAccessToken, applicationsOfCall, applicationsOfUser, callCounts, callsOfForum, getCall, pendingConfirmation, type ApplicationDetail, type CallRow } from './queries.js';
import { answerForm, applicantEmailForm, applicationFiles, applicationForm, callForm, decisionForm, MAX_APPLICATION_FILE_BYTES, MAX_APPLICATION_FILES } from './schemas.js';
import { ApplicationPage, ApplyPage, CallFormPage, CallListPage, CallPage, ConfirmPage, ReviewPage } from './views.js';

type Values = Record<string, string>;
/** What the permission checks need of a call. */
const scopeOf = (call: CallRow) => ({ memberId: call.memberId, callPhase: call.phase });
type Body = Record<string, string | File | (string | File)[]>;
const TOKEN = ':token{[A-Za-z0-9_-]{43}}';

/** The text fields of a form (repeated ones joined by commas, each cut for echoing back), and the raw body for files. */
async function readForm(c: Context): Promise<{ values: Values; body: Body }> {
  const body = (await c.req.parseBody({ all: true })) as Body;
  const values: Values = {};
  for (const [key, v] of Object.entries(body)) {
    const list = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
    if (list.length > 0) values[key] = list.join(',').slice(0, 12_000);
  }
  return { values, body };
}

export function openCallRoutes(deps: AppDeps) {
  const app = new Hono();
  const t = (c: Context) => c.get('t').openCalls;
  const links = (): Links => {
    const base = deps.publicUrl;
    return { confirm: (token) => `${base}/applications/confirm/${token}`, access: (token) => `${base}/applications/private/${token}`, application: (id) => `${base}/applications/${id}` };
  };
  const done = async () => {
    deps.cache.invalidate();
    await deps.flushMail();
  };
  const notFound = () => new HTTPException(404, { message: 'not_found' });

  /** A call the person may see: published ones to everyone, drafts to the secretariat only. */
  async function loadCall(c: Context): Promise<CallRow> {
    const id = parseId(c.req.param('id'));
    const call = id === null ? null : await getCall(deps.db, id, deps.now());
    if (!call) throw notFound();
    if (call.phase === 'draft' && !can(c.get('user') ?? null, 'call.view_draft', scopeOf(call))) throw notFound();
    return call;
  }

  async function loadForum(c: Context) {
    const id = parseId(c.req.param('id'));
    const f = id === null ? null : await forumDetail(deps.db, id, deps.now().toISOString().slice(0, 10));
    if (!f) throw notFound();
    return f;
  }

  const callValues = (call: CallRow): Values => ({
    titleEs: call.title.es ?? '',
    titleEn: call.title.en ?? '',
    eligibilityEs: call.eligibility.es ?? '',
    eligibilityEn: call.eligibility.en ?? '',
    opensOn: call.opensOn,
    closesOn: call.closesOn,
    kinds: call.kinds.join(','),
  });
  const callInput = (v: ReturnType<typeof callForm.parse>): CallInput => ({
    title: { ...(v.titleEs ? { es: v.titleEs } : {}), ...(v.titleEn ? { en: v.titleEn } : {}) },
    eligibility: { ...(v.eligibilityEs ? { es: v.eligibilityEs } : {}), ...(v.eligibilityEn ? { en: v.eligibilityEn } : {}) },
    opensOn: v.opensOn,
    closesOn: v.closesOn,
    kinds: v.kinds,
  });
  const errorsOf = (c: Context, error: { issues: unknown[] } & Parameters<typeof fieldErrors>[0]) => fieldErrors(error, t(c).errors as unknown as Record<string, string>);

  // ——— calls ———
  app.get('/forums/:id{[0-9]+}/open-calls', async (c) => {
    const f = await loadForum(c);
    const user = c.get('user') ?? null;
    const manager = can(user, 'call.create', f);
    return c.html(<CallListPage page={pageContext(c)} forum={f} calls={await callsOfForum(deps.db, f.id, deps.now(), manager)} canCreate={manager} />);
  });

  app.get('/forums/:id{[0-9]+}/open-calls/new', async (c) => {
    const f = await loadForum(c);
    requirePermission(c, (u) => can(u, 'call.create', f));
    return c.html(<CallFormPage page={pageContext(c)} forum={f} values={{ kinds: 'civil_society,academia' }} />);
  });

  app.post('/forums/:id{[0-9]+}/open-calls/new', async (c) => {
    const f = await loadForum(c);
    const user = requirePermission(c, (u) => can(u, 'call.create', f));
    const { values } = await readForm(c);
    const parsed = callForm.safeParse(values);
    if (!parsed.success) return c.html(<CallFormPage page={pageContext(c)} forum={f} values={values} errors={errorsOf(c, parsed.error)} />, 422);
    const { id } = await createCall(deps.db, { userId: user.id }, { forumId: f.id, ...callInput(parsed.data) }, deps.now());
    return c.redirect(`/open-calls/${id}?done=created`, 303);
  });

  app.get('/open-calls/:id{[0-9]+}', async (c) => {
    const call = await loadCall(c);
    const user = c.get('user') ?? null;
    const flashKey = c.req.query('done');
    const flashes = t(c).flash as Record<string, string>;
    const flash = flashKey && Object.hasOwn(flashes, flashKey) ? flashes[flashKey] : null;
    return c.html(
      <CallPage
        page={pageContext(c)}
        call={call}
        counts={await callCounts(deps.db, call.id)}
        flash={flash}
        mine={user ? await applicationsOfUser(deps.db, user.id, call.id) : []}
        manage={{ edit: can(user, 'call.edit', scopeOf(call)), publish: can(user, 'call.publish', scopeOf(call)), close: can(user, 'call.close', scopeOf(call)), review: can(user, 'application.review', scopeOf(call)) }}
      />,
    );
  });

  app.get('/open-calls/:id{[0-9]+}/edit', async (c) => {
    const call = await loadCall(c);
    requirePermission(c, (u) => can(u, 'call.edit', scopeOf(call)));
    return c.html(<CallFormPage page={pageContext(c)} forum={{ id: call.forumId, name: call.forumName }} callId={call.id} values={callValues(call)} />);
  });

  app.post('/open-calls/:id{[0-9]+}/edit', async (c) => {
    const call = await loadCall(c);
    const user = requirePermission(c, (u) => canRunCalls(u, call));
    const { values } = await readForm(c);
    const again = (errors: FieldErrors) => c.html(<CallFormPage page={pageContext(c)} forum={{ id: call.forumId, name: call.forumName }} callId={call.id} values={values} errors={errors} />, 422);
    const parsed = callForm.safeParse(values);
    if (!parsed.success) return again(errorsOf(c, parsed.error));
    try {
      await updateCall(deps.db, { userId: user.id }, call.id, callInput(parsed.data), deps.now());
    } catch (e) {
      if (e instanceof OpenCallError) return again({ _form: t(c).errors.not_draft });
      throw e;
    }
    return c.redirect(`/open-calls/${call.id}?done=saved`, 303);
  });

  for (const [path, command, flash, failure] of [
    ['publish', publishCall, 'published', 'not_draft'],
    ['close', closeCall, 'closed', 'not_published'],
  ] as const) {
    app.post(`/open-calls/:id{[0-9]+}/${path}`, async (c) => {
      const call = await loadCall(c);
      const user = requirePermission(c, (u) => canRunCalls(u, call));
      try {
        await command(deps.db, { userId: user.id }, call.id, deps.now());
      } catch (e) {
        if (e instanceof OpenCallError) {
          const page = pageContext(c);
          return c.html(
            <CallPage page={page} call={call} counts={await callCounts(deps.db, call.id)} flash={t(c).errors[failure]} mine={[]} manage={{ edit: false, publish: false, close: false, review: true }} />,
            409,
          );
        }
        throw e;
      }
      await done();
      return c.redirect(`/open-calls/${call.id}?done=${flash}`, 303);
    });
  }

  // ——— applying ———
  const applyPage = (c: Context, call: CallRow, values: Values, errors: FieldErrors | undefined, status: 200 | 422 | 429 | 409) => {
    const user = c.get('user') ?? null;
    return c.html(<ApplyPage page={pageContext(c)} call={call} values={values} errors={errors} signedInAs={user ? user.name : null} mailConfigured={deps.mailConfigured} stamp={formStamp(deps.now())} />, status);
  };

  app.get('/open-calls/:id{[0-9]+}/apply', async (c) => {
    const call = await loadCall(c);
    if (!can(c.get('user') ?? null, 'call.apply', scopeOf(call))) return c.html(<CallPage page={pageContext(c)} call={call} counts={await callCounts(deps.db, call.id)} flash={t(c).notOpen} mine={[]} manage={{ edit: false, publish: false, close: false, review: false }} />, 409);
    return applyPage(c, call, {}, undefined, 200);
  });

  app.post('/open-calls/:id{[0-9]+}/apply', async (c) => {
    const call = await loadCall(c);
    const user: SessionUser | null = c.get('user') ?? null;
    const { values, body } = await readForm(c);
    const m = t(c);
    if (!can(user, 'call.apply', scopeOf(call))) return applyPage(c, call, values, { _form: m.errors.not_open }, 409);
    if (!user && !deps.mailConfigured) return applyPage(c, call, values, { _form: m.apply.noMail }, 422);
    // A person with an account is known; without one, the honeypot and the signed form time keep bots out.
    if (user ? (values[HONEYPOT_FIELD] ?? '') !== '' : !looksHuman(values, deps.now())) return applyPage(c, call, values, { _form: m.errors.spam }, 422);
    const parsed = applicationForm.safeParse(values);
    const errors: FieldErrors = parsed.success ? {} : errorsOf(c, parsed.error);
    let applicant: Applicant | null = user ? { kind: 'account', userId: user.id } : null;
    if (!user) {
      const e = applicantEmailForm.safeParse(values);
      if (e.success) applicant = { kind: 'email', email: e.data.applicantEmail };
      else Object.assign(errors, errorsOf(c, e.error));
    }
    const files = await applicationFiles(body.documents);
    if ('error' in files) errors.documents = files.error === 'tooManyFiles' ? m.errors.tooManyFiles(MAX_APPLICATION_FILES) : files.error === 'fileTooLarge' ? m.errors.fileTooLarge(MAX_APPLICATION_FILE_BYTES / 1024 / 1024) : m.errors.fileEmpty;
    if (!parsed.success || !applicant || 'error' in files) return applyPage(c, call, values, errors, 422);
    try {
      const r = await submitApplication(deps.db, { callId: call.id, form: parsed.data, files: files.files, applicant, locale: c.get('locale'), sourceKey: sourceKey(clientIp(c, deps.trustProxy)) }, deps.now(), links());
      await done();
      return c.redirect(r.needsConfirmation ? `/open-calls/${call.id}?done=sentConfirm` : `/applications/${r.id}?done=submitted`, 303);
    } catch (e) {
      if (e instanceof FileRejectedError) return applyPage(c, call, values, { documents: e.code === 'too_large' ? m.errors.fileTooLarge(MAX_APPLICATION_FILE_BYTES / 1024 / 1024) : e.code === 'empty' ? m.errors.fileEmpty : m.errors.fileType }, 422);
      if (e instanceof OpenCallError) {
        if (e.code === 'kind_not_allowed') return applyPage(c, call, values, { kind: m.errors.kind_not_allowed }, 422);
        if (e.code === 'rate_limited') return applyPage(c, call, values, { _form: m.errors.rate_limited }, 429);
        return applyPage(c, call, values, { _form: m.errors.not_open }, 409);
      }
      throw e;
    }
  });

  // ——— the confirmation link (a button: following a link alone changes nothing) ———
  app.get(`/applications/confirm/${TOKEN}`, async (c) => {
    const pending = await pendingConfirmation(deps.db, c.req.param('token'), deps.now());
    if (!pending) return c.html(<ConfirmPage page={pageContext(c)} action={c.req.path} message={t(c).confirm.invalid} />, 404);
    return c.html(<ConfirmPage page={pageContext(c)} action={c.req.path} organisationName={pending.organisationName} />);
  });

  app.post(`/applications/confirm/${TOKEN}`, async (c) => {
    try {
      const r = await confirmApplication(deps.db, c.req.param('token'), deps.now(), links());
      await done();
      return c.redirect(`/applications/private/${r.accessToken}?done=confirmed`, 303);
    } catch (e) {
      if (e instanceof OpenCallError) return c.html(<ConfirmPage page={pageContext(c)} action={c.req.path} message={t(c).confirm.invalid} />, 404);
      throw e;
    }
  });

  // ——— an application's private page: by account (or the secretariat), or by private link ———
  interface Viewer {
    detail: ApplicationDetail;
    base: string;
    isApplicant: boolean;
    user: SessionUser | null;
    actor: string;
    name: string;
  }

  async function byAccount(c: Context): Promise<Viewer> {
    const id = parseId(c.req.param('id'));
    const detail = id === null ? null : await applicationDetail(deps.db, id, deps.now());
    if (!detail) throw notFound();
    const user = requireUser(c);
    const isApplicant = detail.app.applicantUserId === user.id;
    // Not theirs: the same answer as a missing one (an application's existence is private).
    if (!can(user, 'application.view', { memberId: detail.call.memberId, applicationState: detail.app.state, isApplicant })) throw notFound();
    return { detail, base: `/applications/${detail.app.id}`, isApplicant, user, actor: `user:${user.id}`, name: user.name };
  }

  async function byLink(c: Context): Promise<Viewer> {
    const token = c.req.param('token')!;
    const id = await applicationIdByAccessToken(deps.db, token);
    const detail = id === null ? null : await applicationDetail(deps.db, id, deps.now());
    if (!detail) throw notFound();
    return { detail, base: `/applications/private/${token}`, isApplicant: true, user: c.get('user') ?? null, actor: 'public', name: detail.app.representativeName || detail.app.organisationName };
  }

  function applicationPage(c: Context, v: Viewer, extra: { flash?: string | null; values?: Values; errors?: FieldErrors } = {}, status: 200 | 409 | 422 = 200) {
    const scope = { memberId: v.detail.call.memberId, applicationState: v.detail.app.state, isApplicant: v.isApplicant };
    const flashKey = c.req.query('done');
    const flashes = t(c).flash as Record<string, string>;
    const flash = extra.flash ?? (flashKey && Object.hasOwn(flashes, flashKey) ? flashes[flashKey] : null);
    c.header('referrer-policy', 'no-referrer');
    return c.html(
      <ApplicationPage
        page={pageContext(c)}
        detail={v.detail}
        base={v.base}
        flash={flash}
        canAnswer={can(v.user, 'application.answer', scope)}
        canDecide={can(v.user, 'application.decide', scope)}
        isSecretariat={canRunCalls(v.user, scope)}
        values={extra.values}
        errors={extra.errors}
      />,
      status,
    );
  }

  async function serveFile(c: Context, v: Viewer) {
    const fid = parseId(c.req.param('fid'));
    const [f] = fid === null ? [] : await deps.db.select().from(callApplicationFiles).where(and(eq(callApplicationFiles.id, fid), eq(callApplicationFiles.applicationId, v.detail.app.id)));
    const file = f ? await readStoredFile(deps.db, f.fileSha256) : null;
    if (!f || !file) throw notFound();
    const name = downloadName(f.fileName, file.mediaType).replace(/[^\w.\- ]+/g, '_');
    return c.body(new Uint8Array(file.bytes), 200, { 'content-type': file.mediaType, 'content-disposition': `attachment; filename="${name}"`, ...DOWNLOAD_HEADERS, 'cache-control': 'private, no-store', 'referrer-policy': 'no-referrer' });
  }

  async function answer(c: Context, v: Viewer) {
    const scope = { memberId: v.detail.call.memberId, applicationState: v.detail.app.state, isApplicant: v.isApplicant };
    if (!v.isApplicant) throw new HTTPException(403, { message: 'forbidden' });
    const { values, body } = await readForm(c);
    const m = t(c);
    if (!can(v.user, 'application.answer', scope)) return applicationPage(c, v, { errors: { _form: m.errors.wrong_state } }, 409);
    const parsed = answerForm.safeParse(values);
    const files = await applicationFiles(body.documents);
    const errors: FieldErrors = parsed.success ? {} : errorsOf(c, parsed.error);
    if ('error' in files) errors.documents = files.error === 'tooManyFiles' ? m.errors.tooManyFiles(MAX_APPLICATION_FILES) : files.error === 'fileTooLarge' ? m.errors.fileTooLarge(MAX_APPLICATION_FILE_BYTES / 1024 / 1024) : m.errors.fileEmpty;
    if (!parsed.success || 'error' in files) return applicationPage(c, v, { values, errors }, 422);
    try {
      await answerRequest(deps.db, { applicationId: v.detail.app.id, answer: parsed.data.answer, files: files.files, actor: v.actor, authorName: v.name }, deps.now());
    } catch (e) {
      if (e instanceof FileRejectedError) return applicationPage(c, v, { values, errors: { documents: e.code === 'too_large' ? m.errors.fileTooLarge(MAX_APPLICATION_FILE_BYTES / 1024 / 1024) : e.code === 'empty' ? m.errors.fileEmpty : m.errors.fileType } }, 422);
      if (e instanceof OpenCallError) return applicationPage(c, v, { errors: { _form: m.errors.wrong_state } }, 409);
      throw e;
    }
    await done();
    return c.redirect(`${v.base}?done=answered`, 303);
  }

  app.get('/applications/:id{[0-9]+}', async (c) => applicationPage(c, await byAccount(c)));
  app.get(`/applications/private/${TOKEN}`, async (c) => applicationPage(c, await byLink(c)));
  app.get('/applications/:id{[0-9]+}/files/:fid{[0-9]+}', async (c) => serveFile(c, await byAccount(c)));
  app.get(`/applications/private/${TOKEN}/files/:fid{[0-9]+}`, async (c) => serveFile(c, await byLink(c)));
  app.post('/applications/:id{[0-9]+}/answer', async (c) => answer(c, await byAccount(c)));
  app.post(`/applications/private/${TOKEN}/answer`, async (c) => answer(c, await byLink(c)));

  // ——— the secretariat's review ———
  app.get('/open-calls/:id{[0-9]+}/applications', async (c) => {
    const call = await loadCall(c);
    requirePermission(c, (u) => can(u, 'application.review', scopeOf(call)));
    return c.html(<ReviewPage page={pageContext(c)} call={call} rows={await applicationsOfCall(deps.db, call.id)} />);
  });

  app.post('/applications/:id{[0-9]+}/decide', async (c) => {
    const id = parseId(c.req.param('id'));
    const detail = id === null ? null : await applicationDetail(deps.db, id, deps.now());
    if (!detail || detail.app.state === 'unconfirmed') throw notFound();
    const user = requirePermission(c, (u) => canRunCalls(u, detail.call));
    const v: Viewer = { detail, base: `/applications/${detail.app.id}`, isApplicant: detail.app.applicantUserId === user.id, user, actor: `user:${user.id}`, name: user.name };
    const { values } = await readForm(c);
    const parsed = decisionForm.safeParse(values);
    if (!parsed.success) return applicationPage(c, v, { values, errors: errorsOf(c, parsed.error) }, 422);
    try {
      await decideApplication(deps.db, { userId: user.id, name: user.name }, { applicationId: detail.app.id, decision: parsed.data.decision, reason: parsed.data.reason }, deps.now(), links());
    } catch (e) {
      if (e instanceof OpenCallError && e.decided) {
        const fresh = { ...v, detail: (await applicationDetail(deps.db, detail.app.id, deps.now()))! };
        const m = t(c);
        return applicationPage(c, fresh, { errors: { _form: m.errors.decided(m.application.states[e.decided.state], e.decided.by, e.decided.at ? formatDateTime(e.decided.at, c.get('locale')) : '—') } }, 409);
      }
      if (e instanceof OpenCallError) throw notFound();
      throw e;
    }
    await done();
    return c.redirect(`/applications/${detail.app.id}?done=decided`, 303);
  });

  return app;
}
