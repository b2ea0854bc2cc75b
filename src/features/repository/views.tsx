import { DOCUMENT_TYPES } from '../../db/schema/documents.js';
import { Layout, type PageContext } from '../../ui/layout.js';
import { Paragraphs, Text } from '../../ui/components.js';
import { formatDate } from '../../ui/format.js';
import { textIn, type LocalizedText } from '../../lib/localized.js';
import type { RepositoryItem } from './queries.js';

export interface FilterValues {
  plan: string;
  type: string;
  from: string;
  to: string;
}

/** Where a repository item's own page is, and where its file is downloaded. */
export const itemHref = (id: number) => `/repository/${id}`;
export const fileHref = (id: number) => `/repository/${id}/file`;

/** Six months, the longest the standard allows between updates. */
const STALE_MS = 183 * 24 * 3600 * 1000;

export function RepositoryPage(props: {
  page: PageContext;
  items: RepositoryItem[];
  plans: { id: number; title: LocalizedText; memberCode: string }[];
  values: FilterValues;
  invalid: boolean;
  lastUpdated: Date | null;
  now: Date;
}) {
  const { page, items, values } = props;
  const { t, locale } = page;
  const r = t.repository;
  const stale = props.lastUpdated !== null && props.now.getTime() - props.lastUpdated.getTime() > STALE_MS;
  return (
    <Layout page={page} title={r.title} crumbs={[{ label: t.site.home, href: '/' }, { label: r.title }]}>
      <h1>{r.title}</h1>
      <p>{r.intro}</p>
      <p>
        <strong>{props.lastUpdated ? r.lastUpdated(formatDate(props.lastUpdated, locale)) : r.neverUpdated}</strong> {r.standard}
      </p>
      {stale ? <p class="note">{r.stale}</p> : null}
      <p>
        <a href="/feeds/repository.atom" type="application/atom+xml">
          {r.feed}
        </a>
      </p>
      {props.invalid ? (
        <p class="errors" role="alert">
          {r.badFilter}
        </p>
      ) : null}
      <form method="get" action="/repository" class="filters" aria-label={r.filters}>
        <div class="field">
          <label for="f-plan">{r.plan}</label>
          <select id="f-plan" name="plan">
            <option value="">{r.any}</option>
            {props.plans.map((p) => (
              <option value={String(p.id)} selected={values.plan === String(p.id)}>
                {`${p.memberCode} · ${textIn(p.title, locale)}`}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-type">{r.type}</label>
          <select id="f-type" name="type">
            <option value="">{r.any}</option>
            {DOCUMENT_TYPES.map((type) => (
              <option value={type} selected={values.type === type}>
                {r.types[type]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-from">{r.from}</label>
          <input id="f-from" type="date" name="from" value={values.from} />
        </div>
        <div class="field">
          <label for="f-to">{r.to}</label>
          <input id="f-to" type="date" name="to" value={values.to} />
        </div>
        <p>
          <button type="submit">{r.apply}</button> <a href="/repository">{r.clear}</a>
        </p>
      </form>
      <h2>{r.count(items.length)}</h2>
      {items.length === 0 ? (
        <p class="muted">{r.none}</p>
      ) : (
        <div class="scroll" role="region" aria-label={r.title} tabindex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{r.date}</th>
                <th scope="col">{r.document}</th>
                <th scope="col">{r.type}</th>
                <th scope="col">{r.plan}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr>
                  <td>
                    <time datetime={d.documentDate}>{formatDate(d.documentDate, locale)}</time>
                  </td>
                  <td>
                    <a href={itemHref(d.id)}>
                      <Text value={d.title} locale={locale} fallback={d.fileName ?? String(d.id)} />
                    </a>
                  </td>
                  <td>{r.types[d.type]}</td>
                  <td>{d.planId && d.planTitle ? <a href={`/plans/${d.planId}`}>{`${d.memberCode ?? ''} · ${textIn(d.planTitle, locale)}`}</a> : <span class="muted">{r.noPlan}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

export function RepositoryItemPage(props: { page: PageContext; item: RepositoryItem }) {
  const { page, item } = props;
  const { t, locale } = page;
  const r = t.repository;
  const title = textIn(item.title, locale) || item.fileName || String(item.id);
  return (
    <Layout page={page} title={title} crumbs={[{ label: t.site.home, href: '/' }, { label: r.title, href: '/repository' }, { label: title }]}>
      <h1>
        <Text value={item.title} locale={locale} fallback={title} />
      </h1>
      <dl class="meta">
        <dt>{r.type}</dt>
        <dd>{r.types[item.type]}</dd>
        <dt>{r.date}</dt>
        <dd>
          <time datetime={item.documentDate}>{formatDate(item.documentDate, locale)}</time>
        </dd>
        <dt>{r.plan}</dt>
        <dd>{item.planId && item.planTitle ? <a href={`/plans/${item.planId}`}>{textIn(item.planTitle, locale)}</a> : r.noPlan}</dd>
        {item.publishedAt ? (
          <>
            <dt>{r.about}</dt>
            <dd>
              {r.published(formatDate(item.publishedAt, locale))}
              {item.updatedAt && item.publishedAt && item.updatedAt.getTime() > item.publishedAt.getTime() ? ` · ${r.updated(formatDate(item.updatedAt, locale))}` : ''}
            </dd>
          </>
        ) : null}
        {item.mediaType ? (
          <>
            <dt>{r.mediaType}</dt>
            <dd>
              {item.mediaType}
              {item.size ? ` · ${r.size((item.size / 1024).toFixed(1))}` : ''}
            </dd>
          </>
        ) : null}
      </dl>
      <Paragraphs value={item.description} locale={locale} />
      <p>
        {item.fileSha256 ? (
          <a href={fileHref(item.id)} download>
            {r.download(item.fileName ?? title)}
          </a>
        ) : item.url ? (
          <a href={item.url} rel="noopener noreferrer nofollow">
            {r.openLink}
          </a>
        ) : null}
      </p>
      {item.subjectType?.startsWith('self_assessment.') && item.subjectId ? (
        <p>
          <a href={`/reports/plans/${item.subjectId}/self-assessment/${item.subjectType === 'self_assessment.mid_term' ? 'mid-term' : 'end-of-term'}`}>{r.relatedReport}</a>
        </p>
      ) : null}
      {item.subjectType === 'follow_up_report' && item.subjectId ? (
        <p>
          <a href={`/reports/follow-up/${item.subjectId}`}>{r.relatedReport}</a>
        </p>
      ) : null}
    </Layout>
  );
}
