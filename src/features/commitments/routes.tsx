import { Hono } from 'hono';
import type { AppDeps } from '../../app.js';
import { htmlPage, pageContext, parseId } from '../../ui/page.js';
import { getCommitmentPage } from './queries.js';
import { canAuthor } from '../monitoring/policy.js';
import { ActionLinks, ChangesSection } from '../authoring/views.js';
import { CommitmentPage } from './views.js';

export function commitmentRoutes(deps: AppDeps) {
  return new Hono().get('/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    // One statement (issue 10), two when a milestone has progress updates or contestations.
    const found = id === null ? null : await getCommitmentPage(deps.db, id, deps.now());
    if (!found) return c.notFound();
    const { commitment, extras } = found;
    const page = pageContext(c);
    const a = page.t.authoring.actions;
    const links = canAuthor(c.get('user') ?? null, { memberId: extras.memberId }) ? [{ href: `/commitments/${commitment.id}/edit`, label: a.editCommitment }, { href: `/commitments/${commitment.id}/milestones`, label: a.milestones }] : [];
    return htmlPage(
      c,
      <CommitmentPage
        page={page}
        commitment={commitment}
        history={extras.history}
        irm={extras.irm}
        actions={<ActionLinks page={page} links={links} />}
        extra={
          <>
            {extras.cocreated ? (
              <p>
                <a href={`/commitments/${commitment.id}/co-creation`}>{page.t.cocreation.originLink}</a>
              </p>
            ) : null}
            <ChangesSection page={page} changes={extras.changes} />
          </>
        }
      />,
    );
  });
}
