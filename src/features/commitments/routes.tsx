import { Hono } from 'hono';
import type { AppDeps } from '../../app.js';
import { pageContext, parseId } from '../../ui/page.js';
import { getCommitmentDetail } from './queries.js';
import { commitmentHistory } from '../monitoring/queries.js';
import { irmAssessmentsOf } from '../irm/commands.js';
import { CommitmentPage } from './views.js';

export function commitmentRoutes(deps: AppDeps) {
  return new Hono().get('/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    const commitment = id === null ? null : await getCommitmentDetail(deps.db, id, deps.now());
    if (!commitment) return c.notFound();
    const [history, irm] = await Promise.all([commitmentHistory(deps.db, commitment.id), irmAssessmentsOf(deps.db, commitment.id)]);
    return c.html(<CommitmentPage page={pageContext(c)} commitment={commitment} history={history} irm={irm} />);
  });
}
