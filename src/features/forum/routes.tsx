import { Hono, type Context } from 'hono';
import { eq } from 'drizzle-orm';
import type { AppDeps } from '../../app.js';
import { users } from '../../db/schema/index.js';
import { CsrfField, ErrorSummary, Input, Select, TextArea, type FieldErrors } from '../../ui/forms.js';
import { fieldErrors } from '../../ui/forms.js';
import { pageContext, parseId } from '../../ui/page.js';
import { requirePermission } from '../accounts/middleware.js';
import { electionsOfForum } from '../elections/queries.js';
import { meetingsOfForum, metInLastSixMonths } from '../meetings/queries.js';
import { ForumMeetings } from '../meetings/views.js';
import { ForumError, registerOrganisation } from './commands.js';
import { canManageForum } from './policy.js';
import { forumDetail, forumList, networkOf } from './queries.js';
import { registerOrganisationForm } from './schemas.js';
import { ForumListPage, ForumPage, NetworkPage } from './views.js';
import type { PageContext } from '../../ui/layout.js';
import { ORGANISATION_KINDS } from '../../db/schema/index.js';

function RegisterForm(props: { page: PageContext; forumId: number; values?: Record<string, string>; errors?: FieldErrors }) {
  const { t } = props.page;
  const r = t.forum.register;
  const v = props.values ?? {};
  const e = props.errors ?? {};
  return (
    <section aria-labelledby="register" class="card">
      <h2 id="register">{r.heading}</h2>
      <ErrorSummary errors={e} heading={t.elections.formErrors.heading} />
      <form method="post" action={`/forums/${props.forumId}/network`} class="stack">
        <CsrfField page={props.page} />
        <Input name="name" label={r.name} required maxlength={300} value={v.name} error={e.name} />
        <Select name="kind" label={t.forum.kind} required value={v.kind} error={e.kind} options={ORGANISATION_KINDS.map((k) => ({ value: k, label: t.forum.orgKind[k] }))} />
        <Input name="region" label={t.forum.region} maxlength={200} value={v.region} error={e.region} />
        <TextArea name="mission" label={r.mission} maxlength={5000} value={v.mission} error={e.mission} />
        <Input name="website" type="url" label={r.website} maxlength={2000} value={v.website} error={e.website} />
        <Input name="representativeEmail" type="email" label={r.representativeEmail} required maxlength={254} value={v.representativeEmail} error={e.representativeEmail} />
        <button type="submit">{r.submit}</button>
      </form>
    </section>
  );
}

export function forumRoutes(deps: AppDeps) {
  const app = new Hono();
  const today = () => deps.now().toISOString().slice(0, 10);

  app.get('/forums', async (c) => c.html(<ForumListPage page={pageContext(c)} forums={await forumList(deps.db)} />));

  app.get('/forums/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    const f = id === null ? null : await forumDetail(deps.db, id, today());
    if (!f) return c.notFound();
    const user = c.get('user');
    const manage = canManageForum(user, f) ? (
      <>
        <p>
          <a href={`/forums/${f.id}/elections/new`}>{c.get('t').elections.manage.newLink}</a>
        </p>
        <p>
          <a href={`/forums/${f.id}/composition`}>{c.get('t').composition.link}</a>
        </p>
      </>
    ) : undefined;
    const list = await meetingsOfForum(deps.db, f.id);
    const extra = (
      <>
        <ForumMeetings page={pageContext(c)} forumId={f.id} meetings={list} met={metInLastSixMonths(list, deps.now())} canConvene={canManageForum(user, f)} />
        <p>
          <a href={`/forums/${f.id}/news`}>{c.get('t').news.heading}</a>
        </p>
      </>
    );
    return c.html(<ForumPage page={pageContext(c)} forum={f} elections={await electionsOfForum(deps.db, f.id)} manage={manage} extra={extra} />);
  });

  async function networkPage(c: Context, forumId: number, form?: { values: Record<string, string>; errors: FieldErrors }, flash?: string) {
    const f = await forumDetail(deps.db, forumId, today());
    if (!f) return c.notFound();
    const page = pageContext(c);
    const manage = canManageForum(c.get('user'), f) ? (
      <>
        {flash ? (
          <p class="flash" role="status">
            {flash}
          </p>
        ) : null}
        <RegisterForm page={page} forumId={f.id} values={form?.values} errors={form?.errors} />
      </>
    ) : undefined;
    return c.html(<NetworkPage page={page} forum={f} organisations={await networkOf(deps.db, f.memberId)} manage={manage} />, form ? 422 : 200);
  }

  app.get('/forums/:id/network', async (c) => {
    const id = parseId(c.req.param('id'));
    if (id === null) return c.notFound();
    return networkPage(c, id, undefined, c.req.query('done') === 'registered' ? c.get('t').forum.register.done : undefined);
  });

  app.post('/forums/:id/network', async (c) => {
    const id = parseId(c.req.param('id'));
    const f = id === null ? null : await forumDetail(deps.db, id, today());
    if (!f) return c.notFound();
    const user = requirePermission(c, (u) => canManageForum(u, f));
    const body = await c.req.parseBody();
    const values = Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string').map(([k, v]) => [k, (v as string).slice(0, 6000)]));
    const t = c.get('t');
    const parsed = registerOrganisationForm.safeParse(values);
    if (!parsed.success) return networkPage(c, f.id, { values, errors: fieldErrors(parsed.error, t.elections.formErrors) });
    const [rep] = await deps.db.select({ id: users.id }).from(users).where(eq(users.email, parsed.data.representativeEmail));
    if (!rep) return networkPage(c, f.id, { values, errors: { representativeEmail: t.forum.register.noAccount } });
    try {
      await registerOrganisation(deps.db, `user:${user.id}`, { ...parsed.data, memberId: f.memberId, representativeUserId: rep.id, joinNetwork: true, now: deps.now() });
    } catch (error) {
      if (error instanceof ForumError && error.code === 'duplicate') return networkPage(c, f.id, { values, errors: { name: t.forum.register.duplicate } });
      throw error;
    }
    deps.cache.invalidate();
    return c.redirect(`/forums/${f.id}/network?done=registered`, 303);
  });

  return app;
}
