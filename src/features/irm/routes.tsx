import { Hono, type Context } from 'hono';
import type { AppDeps } from '../../app.js';
import { fieldErrors } from '../../ui/forms.js';
import { pageContext, parseId } from '../../ui/page.js';
import { requirePermission } from '../accounts/middleware.js';
import { canRecordIrm } from '../monitoring/policy.js';
import { commitmentScope } from '../monitoring/queries.js';
import { irmAssessmentsOf, recordIrmAssessment } from './commands.js';
import { IRM_REPORT_KINDS, IRM_VARIABLE_NAMES, irmAssessmentSchema, type IrmReportKind } from './variables.js';
import { IrmFormPage, methodologyOf } from './views.js';

export function irmRoutes(deps: AppDeps) {
  const app = new Hono();

  async function load(c: Context) {
    const id = parseId(c.req.param('id'));
    const scope = id === null ? null : await commitmentScope(deps.db, id);
    if (!scope || id === null) return null;
    requirePermission(c, (u) => canRecordIrm(u, scope));
    return { id, scope };
  }

  app.get('/commitments/:id/irm', async (c) => {
    const found = await load(c);
    if (!found) return c.notFound();
    const asked = c.req.query('kind');
    const kind: IrmReportKind = (IRM_REPORT_KINDS as readonly string[]).includes(asked ?? '') ? (asked as IrmReportKind) : 'progress';
    const existing = (await irmAssessmentsOf(deps.db, found.id)).find((a) => a.reportKind === kind);
    const values: Record<string, string> = {};
    if (existing) {
      values.publicationYear = existing.publicationYear ?? '';
      for (const v of IRM_VARIABLE_NAMES) values[v] = existing[v] ?? '';
    }
    return c.html(<IrmFormPage page={pageContext(c)} commitment={{ id: found.id, number: found.scope.number }} kind={kind} values={values} flash={c.req.query('saved') ? c.get('t').irm.saved : null} />);
  });

  app.post('/commitments/:id/irm', async (c) => {
    const found = await load(c);
    if (!found) return c.notFound();
    const user = c.get('user')!;
    const body = await c.req.parseBody({ all: true });
    const values: Record<string, string> = {};
    for (const [k, v] of Object.entries(body)) if (typeof v === 'string') values[k] = v.slice(0, 200);
    const kind = (IRM_REPORT_KINDS as readonly string[]).includes(values.reportKind ?? '') ? (values.reportKind as IrmReportKind) : null;
    if (!kind) return c.html(<IrmFormPage page={pageContext(c)} commitment={{ id: found.id, number: found.scope.number }} kind="progress" values={values} errors={{ reportKind: c.get('t').irm.errors.invalid }} />, 422);
    const input: Record<string, unknown> = { methodology: methodologyOf(kind), reportKind: kind, publicationYear: values.publicationYear?.trim() || null };
    for (const v of IRM_VARIABLE_NAMES) input[v] = values[v] ? values[v] : null;
    const parsed = irmAssessmentSchema.safeParse(input);
    if (!parsed.success) {
      const t = c.get('t').irm.errors;
      const errors = fieldErrors(parsed.error, { invalid: t.invalid });
      if (errors.publicationYear) errors.publicationYear = t.year;
      return c.html(<IrmFormPage page={pageContext(c)} commitment={{ id: found.id, number: found.scope.number }} kind={kind} values={values} errors={errors} />, 422);
    }
    await recordIrmAssessment(deps.db, { commitmentId: found.id, assessment: parsed.data, actorId: user.id, now: deps.now() });
    deps.cache.invalidate();
    return c.redirect(`/commitments/${found.id}/irm?kind=${kind}&saved=1`, 303);
  });

  return app;
}
