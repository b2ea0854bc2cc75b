import { Hono } from 'hono';
import type { AppDeps } from '../../app.js';
import { pageContext } from '../../ui/page.js';
import { memberByCode } from './queries.js';
import { MemberPage } from './views.js';

const MEMBER_CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

/** `/members/{code}`: one member's page. */
export function memberRoutes(deps: AppDeps) {
  return new Hono().get('/:code', async (c) => {
    const code = c.req.param('code');
    if (!MEMBER_CODE.test(code)) return c.notFound();
    const member = await memberByCode(deps.db, code, deps.now());
    if (!member) return c.notFound();
    return c.html(<MemberPage page={pageContext(c)} member={member} />);
  });
}
