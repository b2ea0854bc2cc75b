import { Hono } from 'hono';
import type { AppDeps } from '../../app.js';
import { pageContext } from '../../ui/page.js';
import { currentPlans, membersWithLatestPlan } from '../members/queries.js';
import { HomePage } from './views.js';

/** The home page at OGP's scale (issue 13): search first, the plans under way, every member by region. */
export function homeRoutes(deps: AppDeps) {
  return new Hono().get('/', async (c) => {
    const now = deps.now();
    const [current, members] = [await currentPlans(deps.db, now), await membersWithLatestPlan(deps.db, now)];
    return c.html(<HomePage page={pageContext(c)} current={current} members={members} />);
  });
}
