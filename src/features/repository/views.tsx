import { DOCUMENT_TYPES } from '../../db/schema/documents.js';
import { Layout, type PageContext } from '../../ui/layout.js';
import { Paragraphs, Text } from '../../ui/components.js';
import { formatDate } from '../../ui/format.js';
import { textIn, type LocalizedText } from '../../lib/localized.js';
import type { DocumentVersion, EvidenceSubject, RepositoryItem } from './queries.js';
import { formatDateTime } from '../../ui/format.js';

export interface FilterValues {
  plan: string;
  type: string;
  from: string;
  to: string;
}

/** Where a repository item's own page is, and where its file is downloaded. */
export const itemHref = (id: number) => `/repository/${id}`;
export const fileHref = (id: number) => `/repository/${id}/file`;
export const versionFileHref = (id: number, n: number) => `/repository/${id}/versions/${n}/file`;

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
  /** Signed-in secretariat or administrator: the link to publish. */
  canPublish?: boolean;
  versions?: Map<number, number>;
  supports?: Map<number, EvidenceSubject>;
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
      {props.canPublish ? (
        <p>
          <a href="/repository/new">{r.manage.publish}</a>
        </p>
      ) : null}
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
                    {d.withdrawnAt ? (
                      <>
                        {' '}
                        <strong class="badge">{r.manage.withdrawn}</strong>
                      </>
                    ) : null}
                    {(props.versions?.get(d.id) ?? 1) > 1 ? <span class="muted"> · {r.manage.versionN(props.versions!.get(d.id)!)}</span> : null}
                    {props.supports?.get(d.id) ? (
                      <>
                        <br />
                        <span class="muted">
                          {r.manage.supports}: <Supports subject={props.supports.get(d.id)!} page={page} />
                          {d.filedBy ? ` · ${r.manage.filedBy}: ${d.filedBy}` : ''}
                        </span>
                      </>
                    ) : null}
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

function Supports(props: { subject: EvidenceSubject; page: PageContext }) {
  const m = props.page.t.repository.manage;
  const s = props.subject;
  const text = s.kind === 'progress_update' ? m.supportsUpdate(s.commitmentNumber, s.milestoneNumber) : m.supportsContestation(s.commitmentNumber, s.milestoneNumber);
  return <a href={`/commitments/${s.commitmentId}`}>{text}</a>;
}

export function RepositoryItemPage(props: {
  page: PageContext;
  item: RepositoryItem;
  versions?: DocumentVersion[];
  supports?: EvidenceSubject | null;
  canManage?: boolean;
  done?: string;
}) {
  const { page, item } = props;
  const versions = props.versions ?? [];
  const { t, locale } = page;
  const r = t.repository;
  const title = textIn(item.title, locale) || item.fileName || String(item.id);
  return (
    <Layout page={page} title={title} crumbs={[{ label: t.site.home, href: '/' }, { label: r.title, href: '/repository' }, { label: title }]}>
      <h1>
        <Text value={item.title} locale={locale} fallback={title} />
        {item.withdrawnAt ? (
          <>
            {' '}
            <strong class="badge">{r.manage.withdrawn}</strong>
          </>
        ) : null}
      </h1>
      {props.done ? (
        <p class="notice" role="status">
          {props.done}
        </p>
      ) : null}
      {item.withdrawnAt ? <p class="note">{r.manage.withdrawnNotice(formatDateTime(item.withdrawnAt, locale), item.withdrawalReason ?? '')}</p> : null}
      {props.canManage && !item.withdrawnAt ? (
        <nav aria-label={r.manage.publish} class="actions">
          <ul class="links">
            <li>
              <a href={`/repository/${item.id}/correct`}>{r.manage.correct}</a>
            </li>
            <li>
              <a href={`/repository/${item.id}/withdraw`}>{r.manage.withdraw}</a>
            </li>
          </ul>
        </nav>
      ) : null}
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
        {props.supports ? (
          <>
            <dt>{r.manage.supports}</dt>
            <dd>
              <Supports subject={props.supports} page={page} />
            </dd>
          </>
        ) : null}
        {item.type === 'evidence' || item.subjectType === 'upload' ? (
          <>
            <dt>{item.type === 'evidence' ? r.manage.filedBy : r.manage.publishedBy}</dt>
            <dd>{item.filedBy ?? r.manage.someone}</dd>
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
      {versions.length > 0 ? (
        <section aria-labelledby="versions">
          <h2 id="versions">{r.manage.versions}</h2>
          <ol reversed class="versions">
            {versions.map((v, i) => (
              <li>
                <strong>{r.manage.versionN(v.number)}</strong>
                {i === 0 ? ` (${r.manage.current})` : ''} · {r.manage.versionBy(v.by ?? r.manage.someone, formatDateTime(v.createdAt, locale))} · {v.reason ? `${r.manage.reason}: ${v.reason}` : r.manage.firstPublication}
                {' · '}
                {v.fileSha256 ? (
                  <a href={versionFileHref(item.id, v.number)}>{r.manage.downloadVersion(v.number)}</a>
                ) : v.url ? (
                  <a href={v.url} rel="noopener noreferrer nofollow">
                    {r.manage.openVersion(v.number)}
                  </a>
                ) : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
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
