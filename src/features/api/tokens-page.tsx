import { Hono, type Context } from 'hono';
import type { AppDeps } from '../../app.js';
import { CsrfField, ErrorSummary, Input } from '../../ui/forms.js';
import { formatDate } from '../../ui/format.js';
import { Layout, type PageContext } from '../../ui/layout.js';
import { pageContext, parseId } from '../../ui/page.js';
import { requireUser } from '../accounts/middleware.js';
import { createApiToken, listApiTokens, revokeApiToken, TokenError } from './tokens.js';

type Row = Awaited<ReturnType<typeof listApiTokens>>[number];

function TokensPage(props: { page: PageContext; tokens: Row[]; created?: string | null; error?: string | null; name?: string }) {
  const { t, locale } = props.page;
  const x = t.api.tokens;
  return (
    <Layout page={props.page} title={x.title} crumbs={[{ label: t.accounts.nav.myWork, href: '/work' }, { label: x.title }]}>
      <h1>{x.title}</h1>
      <p>{x.intro}</p>
      {props.created ? (
        <div class="flash" role="status">
          <p>{x.created}</p>
          <pre class="mail">{props.created}</pre>
        </div>
      ) : null}
      <ErrorSummary errors={props.error ? { name: props.error } : {}} heading={t.authoring.errors.heading} />
      <form method="post" action="/account/tokens">
        <CsrfField page={props.page} />
        <Input name="name" label={x.name} value={props.name ?? ''} maxlength={100} required error={props.error ?? undefined} />
        <button type="submit">{x.create}</button>
      </form>
      {props.tokens.length === 0 ? (
        <p>{x.none}</p>
      ) : (
        <ul>
          {props.tokens.map((k) => (
            <li>
              <code>{k.prefix}…</code> {k.name} · {x.createdAt} {formatDate(k.createdAt, locale)} · {x.lastUsed} {k.lastUsedAt ? formatDate(k.lastUsedAt, locale) : x.never}{' '}
              {k.revokedAt ? (
                <span class="muted">({x.revoked})</span>
              ) : (
                <form method="post" action={`/account/tokens/${k.id}/revoke`} class="inline">
                  <CsrfField page={props.page} />
                  <button type="submit" class="secondary" aria-label={x.revokeLabel(k.name)}>
                    {x.revoke}
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

/** `/account/tokens`: every signed-in person creates, lists and revokes their API tokens. */
export function tokenPageRoutes(deps: AppDeps) {
  const app = new Hono();
  const page = async (c: Context, extra: { created?: string | null; error?: string | null; name?: string }, status: 200 | 422 = 200) => {
    const user = requireUser(c);
    return c.html(<TokensPage page={pageContext(c)} tokens={await listApiTokens(deps.db, user.id)} {...extra} />, status);
  };
  app.get('/account/tokens', (c) => page(c, {}));
  app.post('/account/tokens', async (c) => {
    const user = requireUser(c);
    const body = await c.req.parseBody();
    const name = typeof body.name === 'string' ? body.name : '';
    const x = c.get('t').api.tokens;
    try {
      const created = await createApiToken(deps.db, { userId: user.id, name, actor: `user:${user.id}`, now: deps.now() });
      return page(c, { created: created.token });
    } catch (error) {
      if (error instanceof TokenError) return page(c, { error: error.code === 'too_many' ? x.tooMany : x.nameError, name: name.slice(0, 100) }, 422);
      throw error;
    }
  });
  app.post('/account/tokens/:id/revoke', async (c) => {
    const user = requireUser(c);
    const id = parseId(c.req.param('id'));
    if (id === null || !(await revokeApiToken(deps.db, { userId: user.id, tokenId: id, actor: `user:${user.id}`, now: deps.now() }))) return c.notFound();
    return c.redirect('/account/tokens', 303);
  });
  return app;
}
