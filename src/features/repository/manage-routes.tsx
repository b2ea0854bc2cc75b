import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppDeps } from '../../app.js';
import { FileRejectedError, MAX_FILE_BYTES } from '../../lib/files.js';
import { formatDateTime } from '../../ui/format.js';
import { fieldErrors, type FieldErrors } from '../../ui/forms.js';
import { pageContext, parseId } from '../../ui/page.js';
import { requirePermission, requireUser } from '../accounts/middleware.js';
import { isAdmin, secretariatMembers, type SessionUser } from '../accounts/policy.js';
import { canManageDocuments } from '../monitoring/policy.js';
import { correctDocument, publishDocument, RepositoryError, withdrawDocument, type Source } from './commands.js';
import { CorrectPage, MAX_MB, UploadPage, WithdrawPage, type UploadValues } from './manage-views.js';
import { documentVersionsOf, getUploadedDocument, memberOfPlan, planOptionsOf, type RepositoryItem } from './queries.js';
import { correctionForm, uploadForm, withdrawalForm } from './schemas.js';

type Body = Record<string, string | File | (string | File)[]>;

/** The text fields of a form body (a repeated field keeps its first value; files are read apart). */
function texts(body: Body): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    const first = Array.isArray(v) ? v[0] : v;
    if (typeof first === 'string') out[k] = first;
  }
  return out;
}

function fileOf(body: Body): File | null {
  const v = Array.isArray(body.file) ? body.file[0] : body.file;
  return v instanceof File && v.size > 0 ? v : null;
}

/** The member a document belongs to through its plan; none (-1) for a document without a plan: only administrators. */
const NO_MEMBER = -1;

/** The plans a person may publish into. */
async function plansFor(deps: AppDeps, user: SessionUser) {
  return planOptionsOf(deps.db, secretariatMembers(user));
}

/** Publishing, correcting and withdrawing documents of the repository (issue 9, scope 5; decision 056). Never cached. */
export function repositoryManageRoutes(deps: AppDeps) {
  const app = new Hono();
  const errorsOf = (c: Context) => {
    const e = c.get('t').repository.errors;
    return { ...e, fileTooLarge: e.fileTooLarge(MAX_MB) } as unknown as Record<string, string>;
  };
  const mayPublishSomewhere = (u: SessionUser) => isAdmin(u) || u.grants.some((g) => g.role === 'secretariat');

  /** The file or the link of the form, or the field error that says what is wrong (with the status). */
  function sourceOf(c: Context, kind: 'file' | 'link', url: string, body: Body): { source: Source } | { errors: FieldErrors; status: 413 | 422 } {
    const e = c.get('t').repository.errors;
    if (kind === 'link') return { source: { kind: 'link', url } };
    const file = fileOf(body);
    if (!file) return { errors: { file: e.fileMissing }, status: 422 };
    if (file.size > MAX_FILE_BYTES) return { errors: { file: e.fileTooLarge(MAX_MB) }, status: 413 };
    return { source: { kind: 'file', name: file.name.slice(0, 200) || 'documento', bytes: new Uint8Array(0) } };
  }
  async function withBytes(source: Source, body: Body): Promise<Source> {
    if (source.kind === 'link') return source;
    return { ...source, bytes: new Uint8Array(await fileOf(body)!.arrayBuffer()) };
  }
  function fileError(c: Context, error: FileRejectedError): { errors: FieldErrors; status: 413 | 422 } {
    const e = c.get('t').repository.errors;
    if (error.code === 'too_large') return { errors: { file: e.fileTooLarge(MAX_MB) }, status: 413 };
    return { errors: { file: error.code === 'empty' ? e.fileEmpty : e.fileType }, status: 422 };
  }

  const emptyUpload = (today: string): UploadValues => ({ titleEs: '', titleEn: '', descriptionEs: '', descriptionEn: '', type: 'minutes', plan: '', documentDate: today, kind: 'file', url: '' });

  app.get('/repository/new', async (c) => {
    const user = requirePermission(c, mayPublishSomewhere);
    const plans = await plansFor(deps, user);
    const values = emptyUpload(deps.now().toISOString().slice(0, 10));
    const wanted = c.req.query('plan');
    if (wanted && plans.some((p) => String(p.id) === wanted)) values.plan = wanted;
    else if (!isAdmin(user) && plans[0]) values.plan = String(plans[0].id);
    return c.html(<UploadPage page={pageContext(c)} plans={plans} allowNoPlan={isAdmin(user)} values={values} />);
  });

  app.post('/repository/new', async (c) => {
    const user = requirePermission(c, mayPublishSomewhere);
    const body = (await c.req.parseBody({ all: true })) as Body;
    const raw = texts(body);
    const plans = await plansFor(deps, user);
    const values: UploadValues = { ...emptyUpload(''), ...Object.fromEntries(Object.entries(raw).filter(([k]) => k in emptyUpload('')).map(([k, v]) => [k, v.slice(0, 5_000)])) };
    const again = (errors: FieldErrors, status: 413 | 422) => c.html(<UploadPage page={pageContext(c)} plans={plans} allowNoPlan={isAdmin(user)} values={values} errors={errors} />, status);
    const parsed = uploadForm.safeParse(raw);
    if (!parsed.success) return again(fieldErrors(parsed.error, errorsOf(c)), 422);
    const d = parsed.data;
    const e = c.get('t').repository.errors;
    let memberId = NO_MEMBER;
    if (d.plan !== null) {
      const m = await memberOfPlan(deps.db, d.plan);
      if (m === null || !canManageDocuments(user, { memberId: m })) return again({ plan: e.plan }, 422);
      memberId = m;
    }
    if (!canManageDocuments(user, { memberId })) return again({ plan: e.noPlan }, 422);
    const src = sourceOf(c, d.kind, d.url, body);
    if ('errors' in src) return again(src.errors, src.status);
    try {
      const doc = await publishDocument(deps.db, {
        planId: d.plan,
        type: d.type,
        title: { ...(d.titleEs ? { es: d.titleEs } : {}), ...(d.titleEn ? { en: d.titleEn } : {}) },
        description: { ...(d.descriptionEs ? { es: d.descriptionEs } : {}), ...(d.descriptionEn ? { en: d.descriptionEn } : {}) },
        documentDate: d.documentDate,
        source: await withBytes(src.source, body),
        actorId: user.id,
        now: deps.now(),
      });
      deps.cache.invalidate();
      return c.redirect(`/repository/${doc.id}?done=published`, 303);
    } catch (error) {
      if (error instanceof FileRejectedError) {
        const f = fileError(c, error);
        return again(f.errors, f.status);
      }
      throw error;
    }
  });

  /** An uploaded document and the permission to manage it (404 for anything else: platform-written documents are not managed here). */
  async function load(c: Context): Promise<{ item: RepositoryItem; user: SessionUser }> {
    requireUser(c);
    const id = parseId(c.req.param('id') ?? '');
    const item = id === null ? null : await getUploadedDocument(deps.db, id);
    if (!item) throw new HTTPException(404, { message: 'not_found' });
    const memberId = item.planId === null ? NO_MEMBER : ((await memberOfPlan(deps.db, item.planId)) ?? NO_MEMBER);
    const user = requirePermission(c, (u) => canManageDocuments(u, { memberId }));
    return { item, user };
  }
  const currentVersion = async (id: number) => (await documentVersionsOf(deps.db, id))[0]?.number ?? 1;
  const withdrawnNotice = (c: Context, item: RepositoryItem) =>
    item.withdrawnAt ? c.get('t').repository.errors.withdrawn(formatDateTime(item.withdrawnAt, c.get('locale')), item.withdrawalReason ?? '') : undefined;

  app.get('/repository/:id/correct', async (c) => {
    const { item } = await load(c);
    const notice = withdrawnNotice(c, item);
    return c.html(<CorrectPage page={pageContext(c)} item={item} version={await currentVersion(item.id)} values={{ kind: item.url ? 'link' : 'file', url: '', reason: '' }} notice={notice} />, notice ? 409 : 200);
  });

  app.post('/repository/:id/correct', async (c) => {
    const { item, user } = await load(c);
    const body = (await c.req.parseBody({ all: true })) as Body;
    const raw = texts(body);
    const values = { kind: raw.kind === 'link' ? 'link' : 'file', url: (raw.url ?? '').slice(0, 2_000), reason: (raw.reason ?? '').slice(0, 5_000) };
    const again = async (errors: FieldErrors, status: 409 | 413 | 422, notice?: string) =>
      c.html(<CorrectPage page={pageContext(c)} item={item} version={await currentVersion(item.id)} values={values} errors={errors} notice={notice} />, status);
    const parsed = correctionForm.safeParse(raw);
    if (!parsed.success) return again(fieldErrors(parsed.error, errorsOf(c)), 422);
    const src = sourceOf(c, parsed.data.kind, parsed.data.url, body);
    if ('errors' in src) return again(src.errors, src.status);
    try {
      await correctDocument(deps.db, { documentId: item.id, seenVersion: parsed.data.version, source: await withBytes(src.source, body), reason: parsed.data.reason, actorId: user.id, now: deps.now() });
    } catch (error) {
      if (error instanceof FileRejectedError) {
        const f = fileError(c, error);
        return again(f.errors, f.status);
      }
      if (error instanceof RepositoryError) {
        const e = c.get('t').repository.errors;
        const when = error.params.at ? formatDateTime(error.params.at, c.get('locale')) : '';
        if (error.code === 'stale') return again({}, 409, e.stale(error.params.by ?? c.get('t').repository.manage.someone, when, error.params.version ?? 0));
        if (error.code === 'withdrawn') return again({}, 409, e.withdrawn(when, error.params.reason ?? ''));
        throw new HTTPException(404, { message: 'not_found' });
      }
      throw error;
    }
    deps.cache.invalidate();
    return c.redirect(`/repository/${item.id}?done=corrected`, 303);
  });

  app.get('/repository/:id/withdraw', async (c) => {
    const { item } = await load(c);
    const notice = withdrawnNotice(c, item);
    return c.html(<WithdrawPage page={pageContext(c)} item={item} values={{ reason: '' }} notice={notice} />, notice ? 409 : 200);
  });

  app.post('/repository/:id/withdraw', async (c) => {
    const { item, user } = await load(c);
    const raw = texts((await c.req.parseBody({ all: true })) as Body);
    const values = { reason: (raw.reason ?? '').slice(0, 5_000) };
    const parsed = withdrawalForm.safeParse(raw);
    if (!parsed.success) return c.html(<WithdrawPage page={pageContext(c)} item={item} values={values} errors={fieldErrors(parsed.error, errorsOf(c))} />, 422);
    try {
      await withdrawDocument(deps.db, { documentId: item.id, reason: parsed.data.reason, actorId: user.id, now: deps.now() });
    } catch (error) {
      if (error instanceof RepositoryError && error.code === 'withdrawn') {
        const when = error.params.at ? formatDateTime(error.params.at, c.get('locale')) : '';
        return c.html(<WithdrawPage page={pageContext(c)} item={item} values={values} notice={c.get('t').repository.errors.withdrawn(when, error.params.reason ?? '')} />, 409);
      }
      if (error instanceof RepositoryError) throw new HTTPException(404, { message: 'not_found' });
      throw error;
    }
    deps.cache.invalidate();
    return c.redirect(`/repository/${item.id}?done=withdrawn`, 303);
  });

  return app;
}
