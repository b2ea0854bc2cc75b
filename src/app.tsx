import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { HTTPException } from 'hono/http-exception';
import type { Database } from './db/client.js';
import { apiRoutes } from './features/api/routes.js';
import { commitmentRoutes } from './features/commitments/routes.js';
import { homeRoutes } from './features/home/routes.js';
import { institutionRoutes } from './features/institutions/routes.js';
import { planRoutes } from './features/plans/routes.js';
import { language, languageRoutes, localeFor } from './i18n/middleware.js';
import { session } from './features/accounts/middleware.js';
import { csrf } from './lib/csrf.js';
import { deliverOutbox, type MailTransport } from './lib/mail.js';
import { accountRoutes } from './features/accounts/routes.js';
import { adminRoutes } from './features/admin/routes.js';
import { monitoringRoutes } from './features/monitoring/routes.js';
import { irmRoutes } from './features/irm/routes.js';
import { reportRoutes } from './features/reports/routes.js';
import { repositoryRoutes } from './features/repository/routes.js';
import { openDataRoutes } from './features/opendata/routes.js';
import { feedRoutes } from './features/feeds/routes.js';
import { ogpRoutes } from './features/ogp/routes.js';
import { ingestRoutes } from './features/ingest/routes.js';
import { authoringRoutes } from './features/authoring/routes.js';
import { ogpImportRoutes } from './features/ogp/web.js';
import { dashboardRoutes } from './features/dashboard/routes.js';
import { tokenPageRoutes } from './features/api/tokens-page.js';
import { cachedPages, PageCache } from './lib/page-cache.js';
import { STYLES_HASH } from './ui/assets.js';
import { ErrorPage, NotFoundPage, ServerErrorPage } from './ui/errors.js';
import { pageContext } from './ui/page.js';

/** The largest request body: a 25 MB upload plus form fields. */
export const MAX_BODY_BYTES = 26 * 1024 * 1024;

export interface AppDeps {
  db: Database;
  /** The clock (tests pass a fixed one): "delayed" depends on today. */
  now: () => Date;
  cache: PageCache;
  log?: (line: string) => void;
  /** The public address for links in e-mails (else the request's origin). */
  publicUrl?: string;
  /** `TRUST_PROXY`: the sign-in rate limit reads the client address from `X-Forwarded-For`. */
  trustProxy?: boolean;
  /** Sends what waits in the outbox (through SMTP when configured; otherwise it stays for the in-app outbox). */
  flushMail: () => Promise<void>;
  /** SMTP is configured: e-mail leaves the building (else links are shown to whoever sends them). */
  mailConfigured: boolean;
}

export function createApp(input: {
  db: Database;
  now?: () => Date;
  pageCacheTtlMs?: number;
  log?: (line: string) => void;
  publicUrl?: string;
  mailTransport?: MailTransport | null;
  mailFrom?: string;
  trustProxy?: boolean;
}) {
  const now = input.now ?? (() => new Date());
  const deps: AppDeps = {
    db: input.db,
    now,
    cache: new PageCache(input.pageCacheTtlMs ?? 10_000),
    log: input.log,
    publicUrl: input.publicUrl,
    trustProxy: input.trustProxy ?? false,
    mailConfigured: !!input.mailTransport,
    flushMail: async () => {
      if (!input.mailTransport) return;
      const r = await deliverOutbox(input.db, input.mailTransport, input.mailFrom ?? 'Abierto <no-reply@localhost>', now());
      if (r.failed > 0) input.log?.(`mail: ${r.failed} message(s) could not be sent; see /admin/outbox`);
    },
  };
  const app = new Hono();

  // First: an anonymous visitor's public page from memory (decision 006).
  app.use('*', cachedPages(deps.cache, localeFor));
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        styleSrc: [STYLES_HASH],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
      },
      crossOriginResourcePolicy: false,
    }),
  );
  app.use('*', language());
  app.get('/healthz', (c) => c.text('ok'));
  // Forms are small; uploads (documents, spreadsheets, evidence) are checked again by their route.
  const limitBody = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => c.html(<ErrorPage page={pageContext(c)} status={413} />, 413) });
  app.use('*', (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next)));
  // The API never reads cookies for writes (bearer tokens only, decision 054): no CSRF there.
  const csrfCheck = csrf();
  app.use('*', (c, next) => (c.req.path.startsWith('/api/') ? next() : csrfCheck(c, next)));
  app.use('*', session(deps));
  app.route('/lang', languageRoutes);

  app.use('/api/*', cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'OPTIONS'] }));
  app.route('/api/v1', apiRoutes(deps));

  // Pages with forms or per-person content, mounted before the cached public pages (never cached).
  app.route('/', accountRoutes(deps));
  app.route('/', adminRoutes(deps));
  app.route('/', monitoringRoutes(deps));
  app.route('/', irmRoutes(deps));
  app.route('/', ogpRoutes(deps));
  app.route('/', ingestRoutes(deps));
  app.route('/', authoringRoutes(deps));
  app.route('/', ogpImportRoutes(deps));
  app.route('/', dashboardRoutes(deps));
  app.route('/', tokenPageRoutes(deps));

  const pages = new Hono();
  pages.route('/', homeRoutes(deps));
  pages.route('/plans', planRoutes(deps));
  pages.route('/commitments', commitmentRoutes(deps));
  pages.route('/institutions', institutionRoutes(deps));
  pages.route('/reports', reportRoutes(deps));
  pages.route('/repository', repositoryRoutes(deps));
  pages.route('/data', openDataRoutes(deps));
  app.route('/feeds', feedRoutes(deps));
  app.route('/', pages);

  app.notFound((c) => {
    if (c.req.path.startsWith('/api/')) {
      return c.json({ error: { code: 'not_found', message: c.get('t').errors.notFound } }, 404);
    }
    return c.html(<NotFoundPage page={pageContext(c)} />, 404);
  });

  app.onError((error, c) => {
    if (error instanceof HTTPException && error.status < 500) {
      const status = error.status;
      if (c.req.path.startsWith('/api/')) {
        return c.json({ error: { code: status === 401 ? 'unauthenticated' : status === 403 ? 'forbidden' : 'invalid_request', message: c.get('t').errors.badRequestTitle } }, status);
      }
      if (status === 401 && c.req.method === 'GET') return c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 303);
      return c.html(<ErrorPage page={pageContext(c)} status={status} csrf={error.message === 'csrf'} />, status);
    }
    deps.log?.(`error ${c.req.method} ${c.req.path}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    if (c.req.path.startsWith('/api/')) return c.json({ error: { code: 'server_error', message: c.get('t').errors.server } }, 500);
    return c.html(<ServerErrorPage page={pageContext(c)} />, 500);
  });

  return Object.assign(app, { deps });
}

export type App = ReturnType<typeof createApp>;
