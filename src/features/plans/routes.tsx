import { Hono } from 'hono';
import type { AppDeps } from '../../app.js';
import { htmlPage, pageContext, parseId } from '../../ui/page.js';
import { canAuthor, canManagePeriods } from '../monitoring/policy.js';
import { ActionLinks, ChangesSection, PhaseTimeline } from '../authoring/views.js';
import { getPlanPage } from './queries.js';
import { PlanPage } from './views.js';

export function planRoutes(deps: AppDeps) {
  return new Hono().get('/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    // One statement (issue 10): the plan with its commitments' roll-ups, its phase timeline and its changes.
    const found = id === null ? null : await getPlanPage(deps.db, id, deps.now());
    if (!found || id === null) return c.notFound();
    const { plan, timeline, changes } = found;
    const page = pageContext(c);
    // Signed-in people get the actions they may take here; anonymous visitors get the cached page without them.
    const user = c.get('user') ?? null;
    const a = page.t.authoring.actions;
    const links: { href: string; label: string }[] = [];
    const memberId = plan.member.id;
    if (canAuthor(user, { memberId })) {
      links.push({ href: `/plans/${id}/edit`, label: a.editPlan }, { href: `/plans/${id}/commitments/new`, label: a.addCommitment }, { href: `/institutions/new?member=${memberId}`, label: a.newInstitution });
    }
    if (canManagePeriods(user, { memberId, planPhase: plan.phase })) links.push({ href: '/periods', label: a.periods }, { href: '/verification', label: a.verification });
    return htmlPage(
      c,
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
