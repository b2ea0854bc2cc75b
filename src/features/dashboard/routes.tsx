import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppDeps } from '../../app.js';
import { pageContext, parseId } from '../../ui/page.js';
import { requirePermission } from '../accounts/middleware.js';
import { canManagePeriods } from '../monitoring/policy.js';
import { hasRole } from '../accounts/policy.js';
import { remindPeriod } from './commands.js';
import { dashboardCsv, dashboardTable, dashboardXlsx } from './export.js';
import { periodDashboard } from './queries.js';
import { DashboardPage } from './views.js';

/** The reporting-period dashboard, its reminders and its CSV/XLSX export: the member's secretariat. */
export function dashboardRoutes(deps: AppDeps) {
  const app = new Hono();

  async function load(c: Context) {
    const id = parseId(c.req.param('pid'));
    const d = id === null ? null : await periodDashboard(deps.db, id, deps.now());
    if (!d) throw new HTTPException(404, { message: 'not_found' });
    // Reading the dashboard: the secretariat, also of a closed plan; reminding needs the period open.
    const user = requirePermission(c, (u) => hasRole(u, 'secretariat', d.plan.memberId));
    return { d, user };
  }

  app.get('/periods/:pid/dashboard', async (c) => {
    const { d } = await load(c);
    const r = c.req.query('reminded');
    const m = r ? /^(\d{1,6})-(\d{1,6})$/.exec(r) : null;
    const x = c.get('t').dashboard;
    const flash = m ? (m[1] === '0' ? x.nobodyToRemind : x.reminded(Number(m[1]), Number(m[2]))) : null;
    return c.html(<DashboardPage page={pageContext(c)} d={d} flash={flash} />);
  });

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(`/periods/:pid/dashboard.${format}`, async (c) => {
      const { d } = await load(c);
      const table = dashboardTable(d, c.get('t'), c.get('locale'));
      const bytes = format === 'csv' ? dashboardCsv(table) : await dashboardXlsx(table);
      const name = `abierto-periodo-${d.period.id}.${format}`;
      return c.body(new Uint8Array(bytes), 200, {
        'content-type': format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${name}"`,
        'cache-control': 'private, no-store',
      });
    });
  }

  app.post('/periods/:pid/remind', async (c) => {
    const { d, user } = await load(c);
    requirePermission(c, (u) => canManagePeriods(u, { memberId: d.plan.memberId, planPhase: d.plan.phase }));
    const r = await remindPeriod(deps.db, { periodId: d.period.id, actorId: user.id, baseUrl: deps.publicUrl ?? new URL(c.req.url).origin, now: deps.now() });
    await deps.flushMail();
    return c.redirect(`/periods/${d.period.id}/dashboard?reminded=${r.people}-${r.institutions}`, 303);
  });

  return app;
}
