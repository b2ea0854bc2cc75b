import { Hono } from 'hono';
import type { AppDeps } from '../../app.js';
import { pageContext, parseId } from '../../ui/page.js';
import { requirePermission } from '../accounts/middleware.js';
import { canReadAudit } from '../accounts/policy.js';
import { auditPage, outboxPage } from './queries.js';
import { mailBody } from '../../lib/mail.js';
import { AuditPage, OutboxPage } from './views.js';

export function adminRoutes(deps: AppDeps) {
  return new Hono()
    .get('/admin/audit', async (c) => {
      requirePermission(c, canReadAudit);
      const before = parseId(c.req.query('before'));
      const { rows, more } = await auditPage(deps.db, before);
      return c.html(<AuditPage page={pageContext(c)} rows={rows} more={more} />);
    })
    .get('/admin/outbox', async (c) => {
      requirePermission(c, canReadAudit);
      return c.html(<OutboxPage page={pageContext(c)} rows={(await outboxPage(deps.db)).map((m) => ({ ...m, text: mailBody(m, deps.publicUrl) }))} />);
    });
}
