import { Hono } from 'hono';
import type { AppDeps } from '../../app.js';
import { pageContext, parseId } from '../../ui/page.js';
import { planDashboard } from './queries.js';
import { DashboardPage, TimelinePage } from './views.js';

/** `/plans/{id}/dashboard` and `/plans/{id}/timeline`: a plan at a glance, charts with their numbers. */
export function dashboardRoutes(deps: AppDeps) {
  const app = new Hono();
  app.get('/:id/dashboard', async (c) => {
    const id = parseId(c.req.param('id'));
    const data = id === null ? null : await planDashboard(deps.db, id, deps.now());
    if (!data) return c.notFound();
    return c.html(<DashboardPage page={pageContext(c)} data={data} />);
  });
  app.get('/:id/timeline', async (c) => {
    const id = parseId(c.req.param('id'));
    const now = deps.now();
    const data = id === null ? null : await planDashboard(deps.db, id, now);
    if (!data) return c.notFound();
    return c.html(<TimelinePage page={pageContext(c)} data={data} now={now} />);
  });
  return app;
}
