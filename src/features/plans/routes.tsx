import { Hono } from 'hono';
import type { AppDeps } from '../../app.js';
import { pageContext, parseId } from '../../ui/page.js';
import { getPlanDetail } from './queries.js';
import { PlanPage } from './views.js';

export function planRoutes(deps: AppDeps) {
  return new Hono().get('/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    const plan = id === null ? null : await getPlanDetail(deps.db, id, deps.now());
    if (!plan) return c.notFound();
    return c.html(<PlanPage page={pageContext(c)} plan={plan} />);
  });
}
