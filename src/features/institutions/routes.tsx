import { Hono } from 'hono';
import type { AppDeps } from '../../app.js';
import { pageContext, parseId } from '../../ui/page.js';
import { getInstitutionDetail } from './queries.js';
import { InstitutionPage } from './views.js';

export function institutionRoutes(deps: AppDeps) {
  return new Hono().get('/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    const institution = id === null ? null : await getInstitutionDetail(deps.db, id, deps.now());
    if (!institution) return c.notFound();
    return c.html(<InstitutionPage page={pageContext(c)} institution={institution} />);
  });
}
