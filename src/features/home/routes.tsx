import { Hono } from 'hono';
import type { AppDeps } from '../../app.js';
import { pageContext } from '../../ui/page.js';
import { listPlans } from '../plans/queries.js';
import { HomePage } from './views.js';

export function homeRoutes(deps: AppDeps) {
  return new Hono().get('/', async (c) => {
    const plans = await listPlans(deps.db, deps.now());
    return c.html(<HomePage page={pageContext(c)} plans={plans} />);
  });
}
