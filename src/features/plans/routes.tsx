import { Hono } from 'hono';
import type { AppDeps } from '../../app.js';
import { pageContext, parseId } from '../../ui/page.js';
import { canAuthor, canManagePeriods } from '../monitoring/policy.js';
import { changeHistory, phaseTimeline } from '../authoring/queries.js';
import { ActionLinks, ChangesSection, PhaseTimeline } from '../authoring/views.js';
import { getPlanDetail } from './queries.js';
import { planById } from '../authoring/queries.js';
import { PlanPage } from './views.js';

export function planRoutes(deps: AppDeps) {
  return new Hono().get('/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    const plan = id === null ? null : await getPlanDetail(deps.db, id, deps.now());
    if (!plan || id === null) return c.notFound();
    const page = pageContext(c);
    const [timeline, changes, row] = await Promise.all([phaseTimeline(deps.db, id), changeHistory(deps.db, { type: 'action_plan', id }), planById(deps.db, id)]);
    // Signed-in people get the actions they may take here; anonymous visitors get the cached page without them.
    const user = c.get('user') ?? null;
    const a = page.t.authoring.actions;
    const links: { href: string; label: string }[] = [];
    if (row && canAuthor(user, { memberId: row.memberId })) {
      links.push({ href: `/plans/${id}/edit`, label: a.editPlan }, { href: `/plans/${id}/commitments/new`, label: a.addCommitment }, { href: `/institutions/new?member=${row.memberId}`, label: a.newInstitution });
    }
    if (row && canManagePeriods(user, { memberId: row.memberId, planPhase: row.phase })) links.push({ href: '/periods', label: a.periods }, { href: '/verification', label: a.verification });
    return c.html(
      <PlanPage
        page={page}
        plan={plan}
        actions={<ActionLinks page={page} links={links} />}
        extra={
          <>
            <PhaseTimeline page={page} timeline={timeline} />
            <ChangesSection page={page} changes={changes} />
          </>
        }
      />,
    );
  });
}
