import { Hono } from 'hono';
import type { AppDeps } from '../../app.js';
import { pageContext, parseId } from '../../ui/page.js';
import { canAuthor } from '../monitoring/policy.js';
import { changeHistory, institutionById } from '../authoring/queries.js';
import { ActionLinks, ChangesSection } from '../authoring/views.js';
import { getInstitutionDetail } from './queries.js';
import { InstitutionPage } from './views.js';

export function institutionRoutes(deps: AppDeps) {
  return new Hono().get('/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    const institution = id === null ? null : await getInstitutionDetail(deps.db, id, deps.now());
    if (!institution || id === null) return c.notFound();
    const [changes, row] = await Promise.all([changeHistory(deps.db, { type: 'institution', id }), institutionById(deps.db, id)]);
    const page = pageContext(c);
    const links = row && canAuthor(c.get('user') ?? null, { memberId: row.memberId }) ? [{ href: `/institutions/${id}/edit`, label: page.t.authoring.actions.editInstitution }] : [];
    return c.html(
      <InstitutionPage
        page={page}
        institution={institution}
        extra={
          <>
            <ActionLinks page={page} links={links} />
            <ChangesSection page={page} changes={changes} />
          </>
        }
      />,
    );
  });
}
