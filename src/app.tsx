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
import { language, languageRoutes } from './i18n/middleware.js';
import { session } from './features/accounts/middleware.js';
import { csrf } from './lib/csrf.js';
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
}

export function createApp(input: { db: Database; now?: () => Date; pageCacheTtlMs?: number; log?: (line: string) => void }) {
  const deps: AppDeps = {
    db: input.db,
    now: input.now ?? (() => new Date()),
    cache: new PageCache(input.pageCacheTtlMs ?? 10_000),
    log: input.log,
  };
  const app = new Hono();

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
  app.use('*', bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => c.html(<ErrorPage page={pageContext(c)} status={413} />, 413) }));
  app.use('*', csrf());
  app.use('*', session(deps));
  app.route('/lang', languageRoutes);

  app.use('/api/*', cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'OPTIONS'] }));
  app.route('/api/v1', apiRoutes(deps));

  const pages = new Hono();
  pages.use('*', cachedPages(deps.cache));
  pages.route('/', homeRoutes(deps));
  pages.route('/plans', planRoutes(deps));
  pages.route('/commitments', commitmentRoutes(deps));
  pages.route('/institutions', institutionRoutes(deps));
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
