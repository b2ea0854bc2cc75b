import { Hono } from 'hono';
import type { AppDeps } from '../../app.js';
import { pageContext, parseId } from '../../ui/page.js';
import { getCommitmentDetail } from './queries.js';
import { CommitmentPage } from './views.js';

export function commitmentRoutes(deps: AppDeps) {
  return new Hono().get('/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    const commitment = id === null ? null : await getCommitmentDetail(deps.db, id, deps.now());
    if (!commitment) return c.notFound();
    return c.html(<CommitmentPage page={pageContext(c)} commitment={commitment} />);
  });
}
