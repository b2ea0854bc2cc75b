import { Hono } from 'hono';
import type { AppDeps } from '../../app.js';
import { pageContext, parseId } from '../../ui/page.js';
import { getCommitmentDetail } from './queries.js';
import { commitmentHistory } from '../monitoring/queries.js';
import { irmAssessmentsOf } from '../irm/commands.js';
import { canAuthor } from '../monitoring/policy.js';
import { changeHistory, commitmentForEdit } from '../authoring/queries.js';
import { ActionLinks, ChangesSection } from '../authoring/views.js';
import { CommitmentPage } from './views.js';
import { hasCocreationOrigin } from '../cocreation/queries.js';

export function commitmentRoutes(deps: AppDeps) {
  return new Hono().get('/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    const commitment = id === null ? null : await getCommitmentDetail(deps.db, id, deps.now());
    if (!commitment) return c.notFound();
    const [history, irm, changes, row, cocreated] = await Promise.all([
      commitmentHistory(deps.db, commitment.id),
      irmAssessmentsOf(deps.db, commitment.id),
      changeHistory(deps.db, { type: 'commitment', id: commitment.id }),
      commitmentForEdit(deps.db, commitment.id),
      hasCocreationOrigin(deps.db, commitment.id),
    ]);
    const page = pageContext(c);
    const a = page.t.authoring.actions;
    const links = row && canAuthor(c.get('user') ?? null, { memberId: row.memberId }) ? [{ href: `/commitments/${commitment.id}/edit`, label: a.editCommitment }, { href: `/commitments/${commitment.id}/milestones`, label: a.milestones }] : [];
    return c.html(
      <CommitmentPage
        page={page}
        commitment={commitment}
        history={history}
        irm={irm}
        actions={<ActionLinks page={page} links={links} />}
        extra={
          <>
            {cocreated ? (
              <p>
                <a href={`/commitments/${commitment.id}/co-creation`}>{page.t.cocreation.originLink}</a>
              </p>
            ) : null}
            <ChangesSection page={page} changes={changes} />
          </>
        }
      />,
    );
  });
}
