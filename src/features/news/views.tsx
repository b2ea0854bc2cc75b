import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { renderMarkdown } from '../../lib/markdown.js';
import { resolveText, textIn, type LocalizedText } from '../../lib/localized.js';
import { Text } from '../../ui/components.js';
import { formatDate, formatDateTime } from '../../ui/format.js';
import { CsrfField, ErrorSummary, Input, Select, TextArea, type FieldErrors } from '../../ui/forms.js';
import { Layout, type PageContext } from '../../ui/layout.js';
import type { NewsItem, newsItemDetail } from './queries.js';

type Detail = NonNullable<Awaited<ReturnType<typeof newsItemDetail>>>;

function Flash(props: { flash?: string; error?: string }) {
  return (
    <>
      {props.flash ? (
        <p class="flash" role="status">
          {props.flash}
        </p>
      ) : null}
      {props.error ? (
        <p class="note" role="alert">
          {props.error}
        </p>
      ) : null}
    </>
  );
}

/** The Markdown body in the page's language (or the other one, marked with its language). */
export function MarkdownBody(props: { value: LocalizedText; locale: 'es' | 'en' }) {
  const r = resolveText(props.value, props.locale);
  if (!r) return null;
  return (
    <div class="prose" lang={r.fallback ? r.lang : undefined}>
      {raw(renderMarkdown(r.text))}
    </div>
  );
}

function EventFacts(props: { page: PageContext; item: NewsItem }) {
  const { t, locale } = props.page;
  const n = t.news;
  const i = props.item;
  if (i.kind !== 'event' || !i.startsAt || !i.endsAt) return null;
  return (
    <dl class="meta">
      <dt>{n.starts}</dt>
      <dd>
        <time datetime={i.startsAt.toISOString()}>{formatDateTime(i.startsAt, locale)}</time>
      </dd>
      <dt>{n.ends}</dt>
      <dd>
        <time datetime={i.endsAt.toISOString()}>{formatDateTime(i.endsAt, locale)}</time>
      </dd>
      {i.place ? (
        <>
          <dt>{n.place}</dt>
          <dd>{i.place}</dd>
        </>
      ) : null}
      {i.link ? (
        <>
          <dt>{n.link}</dt>
          <dd>
            <a href={i.link} rel="nofollow noopener noreferrer">
              {i.link}
            </a>
          </dd>
        </>
      ) : null}
    </dl>
  );
}

/** A forum's news and events: published ones, withdrawn ones with their note; drafts for the secretariat. */
export function NewsListPage(props: { page: PageContext; forum: { id: number; name: LocalizedText }; items: NewsItem[]; manage: boolean; flash?: string }) {
  const { t, locale } = props.page;
  const n = t.news;
  const forumName = textIn(props.forum.name, locale);
  const drafts = props.items.filter((i) => i.state === 'draft');
  const shown = props.items.filter((i) => i.state !== 'draft');
  return (
    <Layout page={props.page} title={`${n.heading} · ${forumName}`} crumbs={[{ label: t.site.home, href: '/' }, { label: forumName, href: `/forums/${props.forum.id}` }, { label: n.heading }]}>
      <h1>{n.heading}</h1>
      <Flash flash={props.flash} />
      <p>{n.intro}</p>
      <p>
        <a href={`/forums/${props.forum.id}/news.atom`} type="application/atom+xml">
          {n.feed}
        </a>
      </p>
      {props.manage ? (
        <section aria-labelledby="news-drafts" class="card">
          <h2 id="news-drafts">{n.manage.drafts}</h2>
          <p>
            <a href={`/forums/${props.forum.id}/news/new`}>{n.manage.newLink}</a>
          </p>
          {drafts.length > 0 ? (
            <ul>
              {drafts.map((i) => (
                <li>
                  <a href={`/news/${i.id}`}>
                    <Text value={i.title} locale={locale} />
                  </a>{' '}
                  · {n.kind[i.kind]} · {formatDate(i.itemDate, locale)}
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}
      {shown.length === 0 ? (
        <p class="muted">{n.none}</p>
      ) : (
        <ul class="news">
          {shown.map((i) => (
            <li>
              <article aria-labelledby={`news-${i.id}`}>
                <h2 id={`news-${i.id}`}>
                  <a href={`/news/${i.id}`}>
                    <Text value={i.title} locale={locale} />
                  </a>
                </h2>
                <p class="muted">
                  {n.kind[i.kind]} · <time datetime={i.itemDate}>{formatDate(i.itemDate, locale)}</time>
                  {i.kind === 'event' && i.startsAt ? ` · ${formatDateTime(i.startsAt, locale)}` : ''}
                </p>
                {i.state === 'unpublished' ? <p class="note">{n.unpublishedNote(formatDate(i.unpublishedAt!, locale), i.unpublishReason ?? '')}</p> : null}
              </article>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

/** One item: its text (Markdown), an event's time and place, and its public history of corrections. */
export function NewsItemPage(props: { page: PageContext; detail: Detail; manage: Child; flash?: string; error?: string }) {
  const { t, locale } = props.page;
  const n = t.news;
  const d = props.detail;
  const i = d.item;
  const title = textIn(i.title, locale);
  const forumName = textIn(d.forumName, locale);
  const fieldLabel = (f: string) => (n.fields as Record<string, string>)[f] ?? f;
  return (
    <Layout
      page={props.page}
      title={title}
      crumbs={[{ label: t.site.home, href: '/' }, { label: forumName, href: `/forums/${i.forumId}` }, { label: n.heading, href: `/forums/${i.forumId}/news` }, { label: title }]}
    >
      <h1>
        <Text value={i.title} locale={locale} />
      </h1>
      <Flash flash={props.flash} error={props.error} />
      <p class="muted">
        {n.kind[i.kind]} · <time datetime={i.itemDate}>{formatDate(i.itemDate, locale)}</time>
        {i.state === 'draft' ? ` · ${n.state.draft}` : ''}
        {i.publishedAt ? ` · ${n.publishedOn(formatDate(i.publishedAt, locale))}` : ''}
      </p>
      {i.state === 'unpublished' ? (
        <p class="note">{n.unpublishedNote(formatDate(i.unpublishedAt!, locale), i.unpublishReason ?? '')}</p>
      ) : (
        <>
          <EventFacts page={props.page} item={i} />
          <MarkdownBody value={i.body} locale={locale} />
        </>
      )}
      {i.state !== 'draft' ? (
        <section aria-labelledby="news-history">
          <h2 id="news-history">{n.history}</h2>
          {d.history.length === 0 ? (
            <p class="muted">{n.noHistory}</p>
          ) : (
            <ol class="history changes">
              {d.history.map((h) => (
                <li>
                  <time datetime={h.changedAt.toISOString()}>{formatDateTime(h.changedAt, locale)}</time> —{' '}
                  {h.action === 'unpublish' ? n.unpublished(h.changedBy, formatDate(h.changedAt, locale)) : n.correction(h.changedBy, formatDate(h.changedAt, locale))}
                  {h.reason ? <p>{n.reason(h.reason)}</p> : null}
                  {h.changes.length > 0 ? (
                    <ul>
                      {h.changes.map((ch) => (
                        <li>
                          {fieldLabel(ch.field)}: <del>{ch.before || '—'}</del> → <ins>{ch.after || '—'}</ins>
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </li>
              ))}
            </ol>
          )}
        </section>
      ) : null}
      {props.manage}
    </Layout>
  );
}

/** The secretariat's actions on an item's page: edit, publish, withdraw. */
export function NewsManage(props: { page: PageContext; item: NewsItem; errors?: FieldErrors; values?: Record<string, string> }) {
  const { t } = props.page;
  const m = t.news.manage;
  const i = props.item;
  const e = props.errors ?? {};
  return (
    <section aria-labelledby="news-manage" class="card">
      <h2 id="news-manage">{m.panel}</h2>
      {i.state !== 'unpublished' ? (
        <p>
          <a href={`/news/${i.id}/edit`}>{m.edit}</a>
        </p>
      ) : null}
      {i.state === 'draft' ? (
        <form method="post" action={`/news/${i.id}/publish`} class="inline">
          <CsrfField page={props.page} />
          <button type="submit">{m.publish}</button>
        </form>
      ) : null}
      {i.state === 'published' ? (
        <form method="post" action={`/news/${i.id}/unpublish`} class="stack">
          <CsrfField page={props.page} />
          <ErrorSummary errors={e} heading={t.elections.formErrors.heading} />
          <TextArea name="reason" label={m.unpublishReason} required maxlength={1000} rows={3} value={props.values?.reason} error={e.reason} />
          <button type="submit" class="secondary">
            {m.unpublish}
          </button>
        </form>
      ) : null}
    </section>
  );
}

/** The form of a new item or of an edit (a correction once published). */
export function NewsFormPage(props: { page: PageContext; forum: { id: number; name: LocalizedText }; action: string; editing: NewsItem | null; values: Record<string, string>; errors?: FieldErrors; error?: string }) {
  const { t, locale } = props.page;
  const m = t.news.manage;
  const v = props.values;
  const e = props.errors ?? {};
  const heading = props.editing ? `${m.editHeading}: ${textIn(props.editing.title, locale)}` : m.newHeading;
  const forumName = textIn(props.forum.name, locale);
  return (
    <Layout page={props.page} title={heading} crumbs={[{ label: t.site.home, href: '/' }, { label: forumName, href: `/forums/${props.forum.id}` }, { label: t.news.heading, href: `/forums/${props.forum.id}/news` }, { label: heading }]}>
      <h1>{heading}</h1>
      <Flash error={props.error} />
      {props.editing?.state === 'published' ? <p class="note">{m.correctionHint}</p> : null}
      <ErrorSummary errors={e} heading={t.elections.formErrors.heading} />
      <form method="post" action={props.action} class="stack">
        <CsrfField page={props.page} />
        {props.editing ? <input type="hidden" name="version" value={v.version ?? String(props.editing.version)} /> : null}
        <Select name="kind" label={m.kind} required value={v.kind ?? 'news'} error={e.kind} options={(['news', 'event'] as const).map((k) => ({ value: k, label: t.news.kind[k] }))} />
        <Input name="titleEs" label={m.titleEs} maxlength={300} value={v.titleEs} error={e.titleEs} />
        <Input name="titleEn" label={m.titleEn} maxlength={300} value={v.titleEn} error={e.titleEn} />
        <Input name="itemDate" type="date" label={m.itemDate} required value={v.itemDate} error={e.itemDate} />
        <TextArea name="bodyEs" label={m.bodyEs} hint={m.bodyHint} maxlength={50000} rows={10} value={v.bodyEs} error={e.bodyEs} />
        <TextArea name="bodyEn" label={m.bodyEn} maxlength={50000} rows={10} value={v.bodyEn} error={e.bodyEn} />
        <Input name="startsAt" type="datetime-local" label={m.startsAt} value={v.startsAt} error={e.startsAt} />
        <Input name="endsAt" type="datetime-local" label={m.endsAt} value={v.endsAt} error={e.endsAt} />
        <Input name="place" label={m.place} maxlength={500} value={v.place} error={e.place} />
        <Input name="link" type="url" label={m.link} maxlength={2000} value={v.link} error={e.link} />
        {props.editing?.state === 'published' ? <Input name="reason" label={m.reason} maxlength={1000} value={v.reason} error={e.reason} /> : null}
        <button type="submit">{m.save}</button>
      </form>
    </Layout>
  );
}

/** The form's values of a stored item. */
export function valuesOf(i: NewsItem): Record<string, string> {
  const local = (d: Date | null) => (d ? d.toISOString().slice(0, 16) : '');
  return {
    kind: i.kind,
    titleEs: i.title.es ?? '',
    titleEn: i.title.en ?? '',
    bodyEs: i.body.es ?? '',
    bodyEn: i.body.en ?? '',
    itemDate: i.itemDate,
    startsAt: local(i.startsAt),
    endsAt: local(i.endsAt),
    place: i.place,
    link: i.link ?? '',
    version: String(i.version),
  };
}
