import { createRoute, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import type { ZodType } from 'zod';
import type { AppDeps } from '../../app.js';
import { parseIdText } from '../../lib/fields.js';
import type { SessionUser } from '../accounts/policy.js';
import {
  AuthoringError,
  ConflictError,
  createCommitment,
  createInstitution,
  createMilestone,
  createPlan,
  removeMilestone,
  updateCommitment,
  updateInstitution,
  updateMilestone,
  updatePlan,
} from '../authoring/commands.js';
import { commitmentForEdit, institutionById, milestoneById, planById } from '../authoring/queries.js';
import { commitmentForm, institutionForm, milestoneForm, planForm } from '../authoring/schemas.js';
import { fieldErrors } from '../../ui/forms.js';
import { createProgressUpdate, MonitoringError } from '../monitoring/commands.js';
import { canAuthor, canReport } from '../monitoring/policy.js';
import { milestoneContext } from '../monitoring/queries.js';
import { updateForm } from '../monitoring/schemas.js';
import { apiRouter, errorOut, idParams, json } from './common.js';
import { apiTokenUser } from './tokens.js';

/** Writes per token per minute (decision 054). */
export const WRITES_PER_MINUTE = 60;
const MAX_JSON_BYTES = 1024 * 1024;

declare module 'hono' {
  interface ContextVariableMap {
    apiUser: SessionUser & { tokenId: number };
  }
}

type ErrorCode = 'unauthenticated' | 'forbidden' | 'not_found' | 'invalid_request' | 'conflict' | 'rate_limited';

function fail(c: Context, status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429, code: ErrorCode, extra: Record<string, unknown> = {}) {
  const e = c.get('t').api;
  return c.json({ error: { code, message: e[code], ...extra } }, status);
}

/**
 * The JSON body as the form fields the authoring schemas read, so that the API and the forms share
 * one validation: `{ "title": { "es": …, "en": … } }` → `titleEs`, `titleEn`; lists of texts →
 * one item per line; `true`/`false` → `yes`/`no`; numbers → their digits. Anything else is refused.
 */
export function formFieldsOf(body: unknown): { values: Record<string, string | string[]> } | { error: string } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { error: '(body)' };
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (!/^[A-Za-z]{1,40}$/.test(k)) return { error: k };
    if (v === null) out[k] = '';
    else if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' && Number.isFinite(v)) out[k] = String(v);
    else if (typeof v === 'boolean') out[k] = v ? 'yes' : 'no';
    else if (Array.isArray(v) && (k === 'policyAreas' || k === 'links')) {
      if (v.length > 200 || v.some((x) => typeof x !== 'string')) return { error: k };
      out[k] = k === 'links' ? v.join('\n') : (v as string[]);
    } else if (Array.isArray(v)) {
      if (v.length > 200) return { error: k };
      const es: string[] = [];
      const en: string[] = [];
      for (const item of v) {
        if (!item || typeof item !== 'object') return { error: k };
        const o = item as Record<string, unknown>;
        if (Object.keys(o).some((x) => x !== 'es' && x !== 'en') || [o.es, o.en].some((x) => x !== undefined && (typeof x !== 'string' || /[\r\n]/.test(x)))) return { error: k };
        es.push((o.es as string | undefined) ?? '');
        en.push((o.en as string | undefined) ?? '');
      }
      out[`${k}Es`] = es.join('\n');
      out[`${k}En`] = en.join('\n');
    } else if (typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (Object.keys(o).some((x) => x !== 'es' && x !== 'en') || [o.es, o.en].some((x) => x !== undefined && x !== null && typeof x !== 'string')) return { error: k };
      out[`${k}Es`] = (o.es as string | undefined) ?? '';
      out[`${k}En`] = (o.en as string | undefined) ?? '';
    } else return { error: k };
  }
  return { values: out };
}

/** The version the client saw: the `If-Match` header (`"3"` or `3`) or the body's `version`. */
function versionOf(c: Context, values: Record<string, string | string[]>): number | null {
  const header = c.req.header('if-match');
  const raw = header !== undefined ? header.replace(/^W\//, '').replace(/^"|"$/g, '') : typeof values.version === 'string' ? values.version : '';
  return parseIdText(raw);
}

const localized = z.object({ es: z.string().optional(), en: z.string().optional() }).openapi('LocalizedInput');
const anyBody = (name: string, description: string) => ({ body: { content: { 'application/json': { schema: z.record(z.string(), z.unknown()).openapi(name, { description }) } }, required: true } });
const written = z.record(z.string(), z.unknown()).openapi('Written', { description: 'The stored row, with its new `version` (send it back as If-Match or `version` to edit again).' });
const security = [{ bearer: [] as string[] }];
const errors = {
  401: json(errorOut, 'No valid bearer token'),
  403: json(errorOut, "The token's person may not do this"),
  404: json(errorOut, 'No such item'),
  409: json(errorOut, 'Changed since you read it (error.current holds it now)'),
  422: json(errorOut, 'Invalid input (error.issues)'),
  429: json(errorOut, 'Too many writes with this token; retry after a minute'),
};
void localized;

function route(method: 'post' | 'patch' | 'delete', path: string, summary: string, bodyName: string | null, bodyDescription = '') {
  return createRoute({
    method,
    path,
    summary,
    security,
    ...(path.includes('{id}') ? { request: { params: idParams, ...(bodyName ? anyBody(bodyName, bodyDescription) : {}) } } : bodyName ? { request: anyBody(bodyName, bodyDescription) } : {}),
    responses: { 200: json(written, 'Saved'), 201: json(written, 'Created'), ...errors },
  });
}

const TEXTS = 'Texts are `{ "es": …, "en": … }`; lists of texts are arrays of such objects (items without line breaks). Same fields and validation as the forms.';

/**
 * The write API (decision 054): personal bearer tokens, the same commands, validation, audit and
 * concurrency rules as the forms. Cookies are never read here, so a cross-site page cannot write
 * with a visitor's session; CORS still allows only reads.
 */
export function writeApi(deps: AppDeps) {
  const api = apiRouter();
  const windows = new Map<number, { start: number; count: number }>();

  const bearer: MiddlewareHandler = async (c, next) => {
    if (!['POST', 'PATCH', 'DELETE'].includes(c.req.method)) return next();
    const auth = c.req.header('authorization') ?? '';
    const m = /^Bearer (\S{1,200})$/.exec(auth);
    const user = m ? await apiTokenUser(deps.db, m[1]!, deps.now()) : null;
    if (!user) return fail(c, 401, 'unauthenticated');
    const now = Date.now();
    const w = windows.get(user.tokenId);
    if (!w || now - w.start >= 60_000) windows.set(user.tokenId, { start: now, count: 1 });
    else if (++w.count > WRITES_PER_MINUTE) {
      c.header('retry-after', String(Math.ceil((w.start + 60_000 - now) / 1000)));
      return fail(c, 429, 'rate_limited');
    }
    const length = Number(c.req.header('content-length') ?? '0');
    if (length > MAX_JSON_BYTES) return fail(c, 413, 'invalid_request');
    c.set('apiUser', user);
    return next();
  };
  api.use('/plans', bearer);
  api.use('/plans/*', bearer);
  api.use('/commitments/*', bearer);
  api.use('/milestones/*', bearer);
  api.use('/institutions', bearer);
  api.use('/institutions/*', bearer);

  async function body(c: Context): Promise<{ values: Record<string, string | string[]> } | Response> {
    if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('application/json')) return fail(c, 422, 'invalid_request', { issues: [{ path: '(body)', message: 'Content-Type must be application/json' }] });
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      return fail(c, 422, 'invalid_request', { issues: [{ path: '(body)', message: 'not JSON' }] });
    }
    const f = formFieldsOf(raw);
    if ('error' in f) return fail(c, 422, 'invalid_request', { issues: [{ path: f.error, message: c.get('t').authoring.errors.invalid }] });
    return f;
  }

  /** Parse → version → command, with the API's answers for every outcome. */
  async function write<D>(c: Context, schema: ZodType<D>, versioned: boolean, run: (data: D, version: number, values: Record<string, string | string[]>) => Promise<unknown>, status: 200 | 201) {
    const b = await body(c);
    if (b instanceof Response) return b;
    const t = c.get('t').authoring.errors as unknown as Record<string, string>;
    const parsed = schema.safeParse(b.values);
    if (!parsed.success) return fail(c, 422, 'invalid_request', { issues: Object.entries(fieldErrors(parsed.error, t)).map(([path, message]) => ({ path, message })) });
    let version = 0;
    if (versioned) {
      const v = versionOf(c, b.values);
      if (v === null) return fail(c, 422, 'invalid_request', { issues: [{ path: 'version', message: t.version }] });
      version = v;
    }
    try {
      const row = await run(parsed.data, version, b.values);
      deps.cache.invalidate();
      const v = (row as { version?: number }).version;
      if (v) c.header('etag', `"${v}"`);
      return c.json(row as Record<string, unknown>, status);
    } catch (error) {
      if (error instanceof ConflictError) return fail(c, 409, 'conflict', { current: error.current });
      if (error instanceof AuthoringError) {
        if (error.code === 'not_found') return fail(c, 404, 'not_found');
        return fail(c, 422, 'invalid_request', { issues: [{ path: error.field, message: error.code === 'duplicate' ? t.duplicate : (t[error.field] ?? t.invalid) }] });
      }
      if (error instanceof HttpRefusal) return fail(c, error.status, error.status === 403 ? 'forbidden' : 'not_found');
      throw error;
    }
  }

  class HttpRefusal extends Error {
    constructor(readonly status: 403 | 404) {
      super(String(status));
    }
  }
  const allow = (ok: boolean) => {
    if (!ok) throw new HttpRefusal(403);
  };
  const exists = <T>(row: T | null | undefined): T => {
    if (!row) throw new HttpRefusal(404);
    return row;
  };
  const actor = (c: Context) => `api:user:${c.get('apiUser').id}`;
  const pathId = (c: Context) => Number(c.req.param('id'));
  const user = (c: Context) => c.get('apiUser');

  api.openapi(route('post', '/plans', 'Create an action plan (memberId, number, title, startMonth, endMonth, phase, description, ogpId)', 'PlanInput', TEXTS), (c) =>
    write(c, planForm, false, (data, _v, values) => {
      const memberId = parseIdText(typeof values.memberId === 'string' ? values.memberId : undefined);
      if (memberId === null) throw new AuthoringError('invalid', 'memberId');
      allow(canAuthor(user(c), { memberId }));
      return createPlan(deps.db, memberId, data, actor(c), deps.now());
    }, 201) as never,
  );
  api.openapi(route('patch', '/plans/{id}', 'Edit a plan (all fields, with If-Match or version); a phase change is dated publicly', 'PlanEdit', TEXTS), (c) =>
    write(c, planForm, true, async (data, version) => {
      const plan = exists(await planById(deps.db, pathId(c)));
      allow(canAuthor(user(c), { memberId: plan.memberId }));
      return updatePlan(deps.db, plan.id, version, data, actor(c), deps.now());
    }, 200) as never,
  );
  api.openapi(route('post', '/plans/{id}/commitments', 'Add a commitment to a plan (every template field)', 'CommitmentInput', TEXTS), (c) =>
    write(c, commitmentForm, false, async (data) => {
      const plan = exists(await planById(deps.db, pathId(c)));
      allow(canAuthor(user(c), { memberId: plan.memberId }));
      return createCommitment(deps.db, plan.id, data, actor(c), deps.now());
    }, 201) as never,
  );
  api.openapi(route('patch', '/commitments/{id}', 'Edit a commitment (all fields, with If-Match or version)', 'CommitmentEdit', TEXTS), (c) =>
    write(c, commitmentForm, true, async (data, version) => {
      const row = exists(await commitmentForEdit(deps.db, pathId(c)));
      allow(canAuthor(user(c), { memberId: row.memberId }));
      return updateCommitment(deps.db, row.c.id, version, data, actor(c), deps.now());
    }, 200) as never,
  );
  api.openapi(route('post', '/commitments/{id}/milestones', 'Add a milestone at the end (title, plannedStart, plannedEnd); its status comes only from verified reports', 'MilestoneInput', TEXTS), (c) =>
    write(c, milestoneForm, false, async (data) => {
      const row = exists(await commitmentForEdit(deps.db, pathId(c)));
      allow(canAuthor(user(c), { memberId: row.memberId }));
      return createMilestone(deps.db, row.c.id, data, actor(c), deps.now());
    }, 201) as never,
  );
  api.openapi(route('patch', '/milestones/{id}', 'Edit a milestone (title, months; with If-Match or version)', 'MilestoneEdit', TEXTS), (c) =>
    write(c, milestoneForm, true, async (data, version) => {
      const row = exists(await milestoneById(deps.db, pathId(c)));
      allow(canAuthor(user(c), { memberId: row.memberId }));
      return updateMilestone(deps.db, row.m.id, version, data, actor(c), deps.now());
    }, 200) as never,
  );
  api.openapi(route('delete', '/milestones/{id}', 'Remove a milestone (kept in the history with its reports; If-Match required)', null), async (c) => {
    const row = await milestoneById(deps.db, pathId(c));
    if (!row) return fail(c, 404, 'not_found') as never;
    if (!canAuthor(user(c), { memberId: row.memberId })) return fail(c, 403, 'forbidden') as never;
    const version = parseIdText((c.req.header('if-match') ?? '').replace(/^W\//, '').replace(/^"|"$/g, ''));
    if (version === null) return fail(c, 422, 'invalid_request', { issues: [{ path: 'If-Match', message: c.get('t').authoring.errors.version }] }) as never;
    try {
      const removed = await removeMilestone(deps.db, row.m.id, version, actor(c), deps.now());
      deps.cache.invalidate();
      return c.json(removed as unknown as Record<string, unknown>, 200) as never;
    } catch (error) {
      if (error instanceof ConflictError) return fail(c, 409, 'conflict', { current: error.current }) as never;
      if (error instanceof AuthoringError) return fail(c, 404, 'not_found') as never;
      throw error;
    }
  });
  api.openapi(route('post', '/institutions', 'Add an institution to a member (memberId, name, abbreviation, website)', 'InstitutionInput', TEXTS), (c) =>
    write(c, institutionForm, false, (data, _v, values) => {
      const memberId = parseIdText(typeof values.memberId === 'string' ? values.memberId : undefined);
      if (memberId === null) throw new AuthoringError('invalid', 'memberId');
      allow(canAuthor(user(c), { memberId }));
      return createInstitution(deps.db, memberId, data, actor(c), deps.now());
    }, 201) as never,
  );
  api.openapi(route('patch', '/institutions/{id}', 'Edit an institution (with If-Match or version)', 'InstitutionEdit', TEXTS), (c) =>
    write(c, institutionForm, true, async (data, version) => {
      const inst = exists(await institutionById(deps.db, pathId(c)));
      allow(canAuthor(user(c), { memberId: inst.memberId }));
      return updateInstitution(deps.db, inst.id, version, data, actor(c), deps.now());
    }, 200) as never,
  );
  api.openapi(
    route('post', '/milestones/{id}/updates', "File a progress update for a milestone of the token person's institution: status, narrative, asOf (YYYY-MM-DD), periodId, links (evidence URLs), action draft|submit", 'ProgressUpdateInput', 'narrative is a plain string in the request language.'),
    (c) =>
      write(c, updateForm, false, async (d) => {
        const ctx = exists(await milestoneContext(deps.db, { milestoneId: pathId(c) }));
        if (ctx.milestone.removedAt) throw new HttpRefusal(404);
        allow(canReport(user(c), ctx.scope));
        try {
          const created = await createProgressUpdate(deps.db, {
            status: d.status,
            narrative: d.narrative,
            asOf: d.asOf,
            periodId: d.periodId,
            locale: c.get('locale'),
            evidence: { files: [], links: d.links },
            submit: d.action === 'submit',
            now: deps.now(),
            milestoneId: ctx.milestone.id,
            authorId: user(c).id,
          });
          await deps.flushMail();
          return created;
        } catch (error) {
          if (error instanceof MonitoringError) throw new AuthoringError('invalid', error.code.startsWith('period') ? 'periodId' : '_form');
          throw error;
        }
      }, 201) as never,
  );

  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'A personal API token (`abt_…`), created at /account/tokens or with `npm run abierto -- token create`.' });
  return api;
}
