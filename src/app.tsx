import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { HTTPException } from 'hono/http-exception';
import type { Database } from './db/client.js';
import { apiRoutes } from './features/api/routes.js';
import { commitmentRoutes } from './features/commitments/routes.js';
import { institutionRoutes } from './features/institutions/routes.js';
import { planRoutes } from './features/plans/routes.js';
import { language, languageRoutes, localeFor } from './i18n/middleware.js';
import { session } from './features/accounts/middleware.js';
import { SESSION_COOKIE } from './features/accounts/sessions.js';
import { getCookie } from 'hono/cookie';
import { csrf } from './lib/csrf.js';
import { inputGuard, InputRejected } from './lib/input-guard.js';
import { deliverOutbox, type MailTransport } from './lib/mail.js';
import { accountRoutes } from './features/accounts/routes.js';
import { adminRoutes } from './features/admin/routes.js';
import { monitoringRoutes } from './features/monitoring/routes.js';
import { irmRoutes } from './features/irm/routes.js';
import { reportRoutes } from './features/reports/routes.js';
import { repositoryRoutes } from './features/repository/routes.js';
import { openDataRoutes } from './features/opendata/routes.js';
import { repositoryManageRoutes } from './features/repository/manage-routes.js';
import { feedRoutes } from './features/feeds/routes.js';
import { ogpRoutes } from './features/ogp/routes.js';
import { ingestRoutes } from './features/ingest/routes.js';
import { authoringRoutes } from './features/authoring/routes.js';
import { ogpImportRoutes } from './features/ogp/web.js';
import { dashboardRoutes } from './features/dashboard/routes.js';
import { forumRoutes } from './features/forum/routes.js';
import { electionRoutes } from './features/elections/routes.js';
import { meetingRoutes } from './features/meetings/routes.js';
import { cocreationRoutes } from './features/cocreation/routes.js';
import { openCallRoutes } from './features/opencalls/routes.js';
import { newsRoutes } from './features/news/routes.js';
import { compositionRoutes } from './features/forum/composition-routes.js';
import { tokenPageRoutes } from './features/api/tokens-page.js';
import { isTokenlessSubscriptionPost, subscriptionRoutes } from './features/subscriptions/routes.js';
import { cachedPages, PageCache } from './lib/page-cache.js';
import { DOWNLOAD_HEADERS } from './lib/files.js';
import { admission, type AdmissionLimits } from './lib/admission.js';
import { searchRoutes } from './features/search/routes.js';
import { memberRoutes } from './features/members/routes.js';
import { dashboardRoutes as publicDashboardRoutes } from './features/dashboards/routes.js';
import { homeRoutes } from './features/home/routes.js';
import { compressAndTag } from './lib/compress.js';
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
  /**
   * The address every link in an e-mail starts with — `PUBLIC_URL`, or the configured host and
   * port — never the request's `Host` header (which anyone can set).
   */
  publicUrl: string;
  /** `TRUST_PROXY`: the sign-in rate limit reads the client address from `X-Forwarded-For`. */
  trustProxy?: boolean;
  /** Sends what waits in the outbox (through SMTP when configured; otherwise it stays for the in-app outbox). */
  flushMail: () => Promise<void>;
  /** Work done after the response (so that its duration tells nothing, e.g. whether an e-mail exists); failures are logged. */
  background: (work: () => Promise<void>) => void;
  /** Resolves when every background work started so far has ended (tests, shutdown). */
  idle: () => Promise<void>;
  /** SMTP is configured: e-mail leaves the building (else links are shown to whoever sends them). */
  mailConfigured: boolean;
  /** Mail that must not be kept in the outbox (voting receipts, decision 071): sent straight, or not at all without SMTP. */
  mailTransport: MailTransport | null;
  mailFrom: string;
}

/** Links in e-mails when no address is configured (tests): never taken from a request. */
export const DEFAULT_PUBLIC_URL = 'http://localhost';

export function createApp(input: {
  db: Database;
  now?: () => Date;
  pageCacheTtlMs?: number;
  log?: (line: string) => void;
  publicUrl?: string;
  mailTransport?: MailTransport | null;
  mailFrom?: string;
  trustProxy?: boolean;
  /** Requests past the page cache handled at once and waiting (src/lib/admission.ts); default: PGlite's. */
  admission?: AdmissionLimits;
}) {
  const now = input.now ?? (() => new Date());
  const pending = new Set<Promise<void>>();
  let mailQueue: Promise<void> = Promise.resolve();
  const deps: AppDeps = {
    db: input.db,
    now,
    cache: new PageCache(input.pageCacheTtlMs ?? 10_000),
    log: input.log,
    publicUrl: (input.publicUrl ?? DEFAULT_PUBLIC_URL).replace(/\/+$/, ''),
    trustProxy: input.trustProxy ?? false,
    mailConfigured: !!input.mailTransport,
    mailTransport: input.mailTransport ?? null,
    mailFrom: input.mailFrom ?? 'Abierto <no-reply@localhost>',
    // One delivery at a time: two at once would both read the same unsent message and send it twice.
    flushMail: () => {
      const transport = input.mailTransport;
      if (!transport) return Promise.resolve();
      const run = mailQueue.then(async () => {
        const r = await deliverOutbox(input.db, transport, input.mailFrom ?? 'Abierto <no-reply@localhost>', now(), deps.publicUrl);
        if (r.failed > 0) input.log?.(`mail: ${r.failed} message(s) could not be sent; see /admin/outbox`);
      });
      mailQueue = run.catch(() => {});
      return run;
    },
    background: (work) => {
      const running = work()
        .catch((error: unknown) => input.log?.(`background: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`))
        .finally(() => pending.delete(running));
      pending.add(running);
    },
    idle: async () => {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
  const app = new Hono();

  // First: an anonymous visitor's public page from memory (decision 006).
  app.use('*', cachedPages(deps.cache, localeFor));
  // A download (evidence, documents, exports) never runs in the site's origin: its own sandboxed
  // policy wins over the pages' one set just below.
  app.use('*', async (c, next) => {
    await next();
    if ((c.res.headers.get('content-disposition') ?? '').startsWith('attachment')) {
      c.res.headers.set('content-security-policy', DOWNLOAD_HEADERS['content-security-policy']);
      c.res.headers.set('x-content-type-options', 'nosniff');
    }
  });
  // API answers and downloads: ETag (304) and brotli/gzip (decision 091).
  app.use('*', compressAndTag());
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
  // Past the cache: a bounded, fair queue (decision 060).
  app.use('*', admission(input.admission ?? { concurrent: 2, queue: 500 }, (c) => c.html(<ErrorPage page={pageContext(c)} status={503} />, 503)));
  // Forms are small; uploads (documents, spreadsheets, evidence) are checked again by their route.
  const limitBody = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => c.html(<ErrorPage page={pageContext(c)} status={413} />, 413) });
  app.use('*', (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next)));
  app.use('*', inputGuard());
  // The API never reads cookies for writes (bearer tokens only, decision 054): no CSRF there.
  const csrfCheck = csrf();
  // Nor do the public's subscribe form (static HTML on cached pages) and RFC 8058 one-click unsubscribe: they act for no one signed in (decision 046).
  app.use('*', (c, next) => (c.req.path.startsWith('/api/') || isTokenlessSubscriptionPost(c) ? next() : csrfCheck(c, next)));
  app.use('*', session(deps));
  // Nothing a signed-in person sees (their pages, the outbox's live links, their downloads) is kept by a browser or a proxy.
  app.use('*', async (c, next) => {
    await next();
    if (c.get('user') || getCookie(c, SESSION_COOKIE) !== undefined) c.header('cache-control', 'private, no-store');
  });
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
  app.route('/', forumRoutes(deps));
  app.route('/', electionRoutes(deps));
  app.route('/', meetingRoutes(deps));
  app.route('/', cocreationRoutes(deps));
  app.route('/', openCallRoutes(deps));
  app.route('/', newsRoutes(deps));
  app.route('/', compositionRoutes(deps));
  app.route('/', tokenPageRoutes(deps));
  app.route('/', subscriptionRoutes(deps));
  app.route('/', repositoryManageRoutes(deps));

  const pages = new Hono();
  pages.route('/', homeRoutes(deps));
  pages.route('/members', memberRoutes(deps));
  pages.route('/plans', planRoutes(deps));
  pages.route('/plans', publicDashboardRoutes(deps));
  pages.route('/commitments', commitmentRoutes(deps));
  pages.route('/institutions', institutionRoutes(deps));
  pages.route('/reports', reportRoutes(deps));
  pages.route('/repository', repositoryRoutes(deps));
  pages.route('/data', openDataRoutes(deps));
  pages.route('/search', searchRoutes(deps));
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
      const reason = error instanceof InputRejected ? error.reason : undefined;
      if (c.req.path.startsWith('/api/')) {
        const e = c.get('t').errors;
        const message = reason === 'control' ? e.controlChars : reason === 'malformed' ? e.malformed : e.badRequestTitle;
        return c.json({ error: { code: status === 401 ? 'unauthenticated' : status === 403 ? 'forbidden' : 'invalid_request', message } }, status);
      }
      if (status === 401 && c.req.method === 'GET') return c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 303);
      return c.html(<ErrorPage page={pageContext(c)} status={status} csrf={error.message === 'csrf'} reason={reason} />, status);
    }
    deps.log?.(`error ${c.req.method} ${c.req.path}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    if (c.req.path.startsWith('/api/')) return c.json({ error: { code: 'server_error', message: c.get('t').errors.server } }, 500);
    return c.html(<ServerErrorPage page={pageContext(c)} />, 500);
  });

  return Object.assign(app, { deps });
}

export type App = ReturnType<typeof createApp>;
