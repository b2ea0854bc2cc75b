import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../../app.js';
import { SUBSCRIPTION_FREQUENCIES, SUBSCRIPTION_TARGETS } from '../../db/schema/subscriptions.js';
import { parseIdText } from '../../lib/fields.js';
import { ErrorPage } from '../../ui/errors.js';
import { pageContext } from '../../ui/page.js';
import { clientIp, formFields } from '../accounts/routes.js';
import { sourceKey } from '../cocreation/spam.js';
import { confirmSubscription, requestSubscription, SubscriptionError, unsubscribe } from './commands.js';
import { findTarget, type TargetType } from './targets.js';
import { HONEYPOT, SubscribePage, TokenPage } from './views.js';

/** A subscribe form is a few short fields: anything bigger is refused before it is read. */
export const MAX_SUBSCRIBE_BODY = 8 * 1024;
const TOKEN = '{[A-Za-z0-9_-]{20,100}}';

const subscribeForm = z.object({
  target_type: z.enum(SUBSCRIPTION_TARGETS, { message: 'target' }),
  target_id: z.string().transform((v, ctx) => parseIdText(v) ?? (ctx.addIssue({ code: 'custom', message: 'target' }), z.NEVER)),
  email: z.string().trim().max(254, { message: 'email' }).pipe(z.email({ message: 'email' })),
  frequency: z.enum(SUBSCRIPTION_FREQUENCIES, { message: 'frequency' }),
});

/** The paths that take a POST without the CSRF token: the static form of cached pages, and RFC 8058 one-click unsubscribe. */
export function isTokenlessSubscriptionPost(c: Context): boolean {
  return c.req.method === 'POST' && (c.req.path === '/subscriptions' || /^\/(?:subscriptions|co-creation)\/unsubscribe\/[A-Za-z0-9_-]{20,100}$/.test(c.req.path));
}

/**
 * Public e-mail subscriptions (issue 13, item 7; decision 046): the subscribe form's target, the
 * confirmation and unsubscribe links. Mounted before the cached pages: none of this is ever cached.
 */
export function subscriptionRoutes(deps: AppDeps) {
  const app = new Hono();
  // The app's own body limit (26 MB, for uploads) already wraps the body: this one checks the declared length.
  const tooBig = (c: Context) => c.html(<ErrorPage page={pageContext(c)} status={413} />, 413);
  const small: MiddlewareHandler = async (c, next) => {
    const declared = Number(c.req.header('content-length') ?? '0');
    if (Number.isFinite(declared) && declared > MAX_SUBSCRIBE_BODY) return tooBig(c);
    await next();
  };
  const t = (c: Context) => c.get('t').subscriptions;

  app.get('/subscriptions/new', async (c) => {
    const type = SUBSCRIPTION_TARGETS.find((x) => x === c.req.query('type'));
    const id = parseIdText(c.req.query('id') ?? '');
    const target = type && id !== null ? await findTarget(deps.db, type, id) : null;
    if (!target) return c.notFound();
    const locale = c.get('locale');
    return c.html(<SubscribePage page={pageContext(c)} about={{ label: target.label(locale), path: target.path }} form={{ targetType: target.type, targetId: target.id, values: {}, errors: {} }} />);
  });

  app.post('/subscriptions', small, async (c) => {
    // A cross-site page may not post here in a visitor's name (the token-less form still checks where it comes from).
    const origin = c.req.header('origin');
    if (origin && origin !== 'null' && origin !== new URL(c.req.url).origin && origin !== deps.publicUrl) return c.html(<ErrorPage page={pageContext(c)} status={403} />, 403);
    const fields = await formFields(c);
    // A body sent without a length: measured once read.
    if (Object.entries(fields).reduce((n, [k, v]) => n + k.length + v.length, 0) > MAX_SUBSCRIBE_BODY) return tooBig(c);
    const locale = c.get('locale');
    const s = t(c);
    const type = SUBSCRIPTION_TARGETS.find((x) => x === fields.target_type);
    const id = parseIdText(fields.target_id ?? '');
    const target = type && id !== null ? await findTarget(deps.db, type, id) : null;
    if (!target) return c.html(<SubscribePage page={pageContext(c)} message={s.page.target} />, 404);
    const about = { label: target.label(locale), path: target.path };
    const values = { email: (fields.email ?? '').slice(0, 254), frequency: fields.frequency ?? '' };
    // Without SMTP the link could only be shown on screen — to anyone, for any address: refused (nothing stored).
    if (!deps.mailConfigured) return c.html(<SubscribePage page={pageContext(c)} about={about} message={s.page.noMail} />);
    // The honeypot: a person leaves it empty; a bot gets the same answer as everyone, and nothing happens.
    if ((fields[HONEYPOT] ?? '') !== '') return c.html(<SubscribePage page={pageContext(c)} about={about} message={s.page.checkMail} />);
    const parsed = subscribeForm.safeParse(fields);
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? '_form');
        if (errors[key]) continue;
        errors[key] = issue.message === 'frequency' ? s.page.frequency : issue.message === 'target' ? s.page.target : s.page.email;
      }
      return c.html(<SubscribePage page={pageContext(c)} about={about} form={{ targetType: target.type as TargetType, targetId: target.id, values, errors }} />, 422);
    }
    try {
      await requestSubscription(
        deps.db,
        { targetType: target.type, targetId: target.id, email: parsed.data.email, frequency: parsed.data.frequency, locale, sourceKey: sourceKey(`subscribe:${clientIp(c, deps.trustProxy)}`) },
        deps.now(),
        (token) => `/subscriptions/confirm/${token}`,
      );
    } catch (error) {
      if (error instanceof SubscriptionError && error.code === 'rate_limited') return c.html(<SubscribePage page={pageContext(c)} about={about} message={s.page.rateLimited} />, 429);
      if (error instanceof SubscriptionError && error.code === 'not_found') return c.html(<SubscribePage page={pageContext(c)} message={s.page.target} />, 404);
      throw error;
    }
    // Sent after the answer: its duration says nothing about whether an e-mail went out.
    deps.background(() => deps.flushMail());
    return c.html(<SubscribePage page={pageContext(c)} about={about} message={s.page.checkMail} />);
  });

  // Pages reached by a link with a token: never kept by a browser, a proxy or the page cache (the form's token marks them per visitor).
  app.use('/subscriptions/*', async (c, next) => {
    await next();
    c.header('cache-control', 'no-store');
  });
  app.get(`/subscriptions/confirm/:token${TOKEN}`, (c) => {
    const s = t(c).confirm;
    return c.html(<TokenPage page={pageContext(c)} title={s.title} intro={s.intro} button={s.button} action={c.req.path} />);
  });
  app.post(`/subscriptions/confirm/:token${TOKEN}`, small, async (c) => {
    const s = t(c).confirm;
    const page = (message: string, status: 200 | 404) => c.html(<TokenPage page={pageContext(c)} title={s.title} intro={s.intro} button={s.button} action={c.req.path} message={message} />, status);
    try {
      const r = await confirmSubscription(deps.db, c.req.param('token'), deps.now());
      const target = await findTarget(deps.db, r.targetType, r.targetId);
      return page(s.done(target?.label(c.get('locale')) ?? ''), 200);
    } catch (error) {
      if (error instanceof SubscriptionError) return page(s.unknown, 404);
      throw error;
    }
  });

  app.get(`/subscriptions/unsubscribe/:token${TOKEN}`, (c) => {
    const s = t(c).unsubscribe;
    return c.html(<TokenPage page={pageContext(c)} title={s.title} intro={s.intro} button={s.button} action={c.req.path} />);
  });
  // The button of the page above, and a mail client's RFC 8058 one-click POST (`List-Unsubscribe=One-Click`).
  app.post(`/subscriptions/unsubscribe/:token${TOKEN}`, small, async (c) => {
    const s = t(c).unsubscribe;
    const page = (message: string, status: 200 | 404) => c.html(<TokenPage page={pageContext(c)} title={s.title} intro={s.intro} button={s.button} action={c.req.path} message={message} />, status);
    try {
      await unsubscribe(deps.db, c.req.param('token'));
      return page(s.done, 200);
    } catch (error) {
      if (error instanceof SubscriptionError) return page(s.unknown, 404);
      throw error;
    }
  });

  return app;
}
