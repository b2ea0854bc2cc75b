import { Feed } from 'feed';
import { Hono, type Context } from 'hono';
import type { AppDeps } from '../../app.js';
import type { Locale } from '../../lib/levels.js';
import { textIn, type LocalizedText } from '../../lib/localized.js';
import { markdownSummary, renderMarkdown } from '../../lib/markdown.js';
import { fieldErrors, type FieldErrors } from '../../ui/forms.js';
import { formatDateTime } from '../../ui/format.js';
import { pageContext, parseId } from '../../ui/page.js';
import { requirePermission } from '../accounts/middleware.js';
import { forumDetail } from '../forum/queries.js';
import { dataLicense } from '../opendata/license.js';
import { createNewsItem, editNewsItem, localizedOf, NewsError, publishNewsItem, unpublishNewsItem, type NewsContent } from './commands.js';
import { canNews } from './policy.js';
import { newsItemDetail, newsOfForum, publishedNews } from './queries.js';
import { newsForm, unpublishForm, type NewsFormData } from './schemas.js';
import { NewsFormPage, NewsItemPage, NewsListPage, NewsManage, valuesOf } from './views.js';

type Body = Record<string, string | File | (string | File)[]>;
const texts = (body: Body, max = 60_000) => Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string').map(([k, v]) => [k, (v as string).slice(0, max)]));

const contentOf = (d: NewsFormData): NewsContent => ({
  kind: d.kind,
  title: localizedOf(d.titleEs, d.titleEn),
  body: localizedOf(d.bodyEs, d.bodyEn),
  itemDate: d.itemDate,
  startsAt: d.startsAt,
  endsAt: d.endsAt,
  place: d.place,
  link: d.link,
});

/** The plain text of a title for the feed, escaped (the library writes it as `type="html"`). */
const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** News and events of a forum (decision 077): public list and item pages, the Atom feed, the secretariat's forms. */
export function newsRoutes(deps: AppDeps) {
  const app = new Hono();
  const today = () => deps.now().toISOString().slice(0, 10);
  const formErrors = (c: Context) => ({ ...c.get('t').elections.formErrors, ...c.get('t').news.manage.errors });

  async function forumOf(c: Context) {
    const id = parseId(c.req.param('id'));
    return id === null ? null : forumDetail(deps.db, id, today());
  }

  app.get('/forums/:id/news', async (c) => {
    const f = await forumOf(c);
    if (!f) return c.notFound();
    const manage = canNews(c.get('user'), 'news.read_draft', f);
    const done = c.req.query('done');
    return c.html(<NewsListPage page={pageContext(c)} forum={f} items={await newsOfForum(deps.db, f.id, { includeDrafts: manage })} manage={manage} flash={done === 'saved' ? c.get('t').news.manage.saved : undefined} />);
  });

  app.get('/forums/:id/news.atom', async (c) => {
    const f = await forumOf(c);
    if (!f) return c.notFound();
    const locale: Locale = c.get('locale');
    const t = c.get('t');
    const base = deps.publicUrl;
    const items = await publishedNews(deps.db, f.id, 100);
    const self = `${base}/forums/${f.id}/news.atom`;
    const feed = new Feed({
      title: escapeHtml(t.news.feedTitle(textIn(f.name, locale))),
      id: self,
      link: `${base}/forums/${f.id}/news`,
      language: locale,
      copyright: dataLicense().id,
      updated: items.reduce<Date>((max, i) => (i.updatedAt > max ? i.updatedAt : max), new Date(0)),
      generator: t.site.name,
      feedLinks: { atom: self },
    });
    for (const i of items) {
      const body = textIn(i.body, locale);
      const when = i.kind === 'event' && i.startsAt ? `${t.news.kind.event}: ${formatDateTime(i.startsAt, locale)}${i.place ? ` · ${i.place}` : ''}. ` : '';
      feed.addItem({
        id: `${base}/news/${i.id}`,
        link: `${base}/news/${i.id}`,
        title: escapeHtml(`${t.news.kind[i.kind]}: ${textIn(i.title, locale)}`),
        date: i.updatedAt,
        published: i.publishedAt ?? i.updatedAt,
        description: escapeHtml(`${when}${markdownSummary(body)}`),
        content: renderMarkdown(body, base),
      });
    }
    return c.body(feed.atom1(), 200, { 'content-type': 'application/atom+xml; charset=utf-8' });
  });

  // ——— the secretariat: a new item ———
  async function newForm(c: Context, values: Record<string, string>, errors?: FieldErrors) {
    const f = await forumOf(c);
    if (!f) return c.notFound();
    requirePermission(c, (u) => canNews(u, 'news.write', f));
    return c.html(<NewsFormPage page={pageContext(c)} forum={f} action={`/forums/${f.id}/news`} editing={null} values={values} errors={errors} />, errors ? 422 : 200);
  }

  app.get('/forums/:id/news/new', (c) => newForm(c, { itemDate: today(), kind: 'news' }));

  app.post('/forums/:id/news', async (c) => {
    const f = await forumOf(c);
    if (!f) return c.notFound();
    const user = requirePermission(c, (u) => canNews(u, 'news.write', f));
    const values = texts((await c.req.parseBody()) as Body);
    const parsed = newsForm.safeParse(values);
    if (!parsed.success) return newForm(c, values, fieldErrors(parsed.error, formErrors(c)));
    const { id } = await createNewsItem(deps.db, `user:${user.id}`, { ...contentOf(parsed.data), forumId: f.id, userId: user.id, now: deps.now() });
    deps.cache.invalidate();
    return c.redirect(`/news/${id}?done=created`, 303);
  });

  // ——— one item ———
  async function load(c: Context) {
    const id = parseId(c.req.param('id'));
    const d = id === null ? null : await newsItemDetail(deps.db, id);
    if (!d) return null;
    // A draft is the secretariat's: to anyone else it does not exist.
    if (d.item.state === 'draft' && !canNews(c.get('user'), 'news.read_draft', { memberId: d.memberId })) return null;
    return d;
  }

  async function itemPage(c: Context, id: number, extra: { flash?: string; error?: string; errors?: FieldErrors; values?: Record<string, string> } = {}, status: 200 | 409 | 422 = 200) {
    const d = await newsItemDetail(deps.db, id);
    if (!d) return c.notFound();
    const user = c.get('user');
    const manage = canNews(user, 'news.read_draft', { memberId: d.memberId }) ? <NewsManage page={pageContext(c)} item={d.item} errors={extra.errors} values={extra.values} /> : null;
    return c.html(<NewsItemPage page={pageContext(c)} detail={d} manage={manage} flash={extra.flash} error={extra.error} />, status);
  }

  app.get('/news/:id', async (c) => {
    const d = await load(c);
    if (!d) return c.notFound();
    const m = c.get('t').news.manage;
    const done = c.req.query('done');
    const flash = { created: m.created, saved: m.saved, published: m.publishedFlash, unpublished: m.unpublishedFlash, unchanged: m.noChange }[done ?? ''];
    return itemPage(c, d.item.id, { flash });
  });

  async function editForm(c: Context, d: NonNullable<Awaited<ReturnType<typeof load>>>, values: Record<string, string>, errors?: FieldErrors, error?: string, status: 200 | 409 | 422 = 200) {
    const forum: { id: number; name: LocalizedText } = { id: d.item.forumId, name: d.forumName };
    return c.html(<NewsFormPage page={pageContext(c)} forum={forum} action={`/news/${d.item.id}`} editing={d.item} values={values} errors={errors} error={error} />, status);
  }

  app.get('/news/:id/edit', async (c) => {
    const d = await load(c);
    if (!d) return c.notFound();
    requirePermission(c, (u) => canNews(u, 'news.write', { memberId: d.memberId, state: d.item.state }));
    return editForm(c, d, valuesOf(d.item));
  });

  app.post('/news/:id', async (c) => {
    const d = await load(c);
    if (!d) return c.notFound();
    const user = requirePermission(c, (u) => canNews(u, 'news.write', { memberId: d.memberId, state: d.item.state }));
    const values = texts((await c.req.parseBody()) as Body);
    const parsed = newsForm.safeParse(values);
    if (!parsed.success) return editForm(c, d, values, fieldErrors(parsed.error, formErrors(c)), undefined, 422);
    if (parsed.data.version === undefined) return editForm(c, d, values, { _form: c.get('t').elections.formErrors.invalid }, undefined, 422);
    let changed = 0;
    try {
      changed = (await editNewsItem(deps.db, `user:${user.id}`, { ...contentOf(parsed.data), itemId: d.item.id, version: parsed.data.version, changedBy: user.name, reason: parsed.data.reason || null, now: deps.now() })).changed;
    } catch (error) {
      if (error instanceof NewsError) {
        const fresh = (await newsItemDetail(deps.db, d.item.id))!;
        return editForm(c, fresh, { ...values, version: String(fresh.item.version) }, undefined, c.get('t').news.manage.errors[error.code], 409);
      }
      throw error;
    }
    deps.cache.invalidate();
    return c.redirect(`/news/${d.item.id}?done=${changed > 0 ? 'saved' : 'unchanged'}`, 303);
  });

  app.post('/news/:id/publish', async (c) => {
    const d = await load(c);
    if (!d) return c.notFound();
    const user = requirePermission(c, (u) => canNews(u, 'news.read_draft', { memberId: d.memberId }));
    try {
      await publishNewsItem(deps.db, `user:${user.id}`, { itemId: d.item.id, now: deps.now() });
    } catch (error) {
      if (error instanceof NewsError) return itemPage(c, d.item.id, { error: c.get('t').news.manage.errors[error.code] }, 409);
      throw error;
    }
    deps.cache.invalidate();
    return c.redirect(`/news/${d.item.id}?done=published`, 303);
  });

  app.post('/news/:id/unpublish', async (c) => {
    const d = await load(c);
    if (!d) return c.notFound();
    const user = requirePermission(c, (u) => canNews(u, 'news.read_draft', { memberId: d.memberId }));
    const values = texts((await c.req.parseBody()) as Body, 2000);
    const parsed = unpublishForm.safeParse(values);
    if (!parsed.success) return itemPage(c, d.item.id, { errors: fieldErrors(parsed.error, formErrors(c)), values }, 422);
    try {
      await unpublishNewsItem(deps.db, `user:${user.id}`, { itemId: d.item.id, reason: parsed.data.reason, changedBy: user.name, now: deps.now() });
    } catch (error) {
      if (error instanceof NewsError) return itemPage(c, d.item.id, { error: c.get('t').news.manage.errors[error.code] }, 409);
      throw error;
    }
    deps.cache.invalidate();
    return c.redirect(`/news/${d.item.id}?done=unpublished`, 303);
  });

  return app;
}
