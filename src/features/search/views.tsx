import { Layout, type PageContext } from '../../ui/layout.js';
import { StatusBadge, Text } from '../../ui/components.js';
import { textIn, type LocalizedText } from '../../lib/localized.js';
import type { Segment } from './highlight.js';
import type { SearchHit } from './queries.js';
import { OGP_VALUES, SEARCH_KINDS, SEARCH_STATUSES } from './schemas.js';

/** The form's values as typed (strings), to fill the form again. */
export type SearchFormValues = Record<'q' | 'kind' | 'member' | 'plan' | 'institution' | 'theme' | 'value' | 'area' | 'status' | 'delayed' | 'contested', string>;

export interface SearchOptions {
  members: { code: string; name: LocalizedText }[];
  /** The chosen member's plans and institutions (listing every one of OGP would weigh too much). */
  plans: { id: number; title: LocalizedText }[];
  institutions: { id: number; name: LocalizedText }[];
  areas: { slug: string; name: LocalizedText; group: boolean }[];
}

export function Marked(props: { segments: Segment[] }) {
  return <>{props.segments.map((s) => (s.mark ? <mark>{s.text}</mark> : s.text))}</>;
}

/** The search box, also used on the home page. */
export function SearchBox(props: { page: PageContext; value?: string; id?: string }) {
  const s = props.page.t.search;
  const id = props.id ?? 'q';
  return (
    <form method="get" action="/search" role="search" class="searchbox">
      <label for={id}>{s.label}</label>
      <div class="searchrow">
        <input id={id} type="search" name="q" value={props.value ?? ''} maxlength={200} aria-describedby={`${id}-hint`} />
        <button type="submit">{s.submit}</button>
      </div>
      <p class="hint" id={`${id}-hint`}>
        {s.hint}
      </p>
    </form>
  );
}

function fieldLabel(s: PageContext['t']['search'], field: string): string {
  switch (field) {
    case 'q':
      return s.label;
    case 'kind':
    case 'member':
    case 'plan':
    case 'institution':
    case 'theme':
    case 'value':
    case 'area':
    case 'status':
    case 'delayed':
    case 'contested':
      return s[field];
    default:
      return s.pageField;
  }
}

function pageHref(values: SearchFormValues, page: number): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== '') params.set(k, v);
  if (page > 1) params.set('page', String(page));
  return `/search?${params.toString()}`;
}

export function SearchPage(props: {
  page: PageContext;
  values: SearchFormValues;
  options: SearchOptions;
  issues: string[];
  result: { total: number; capped: boolean; hits: SearchHit[] } | null;
  pageNumber: number;
  pageSize: number;
}) {
  const { page, values, options, result } = props;
  const { t, locale } = page;
  const s = t.search;
  const pages = result ? Math.max(1, Math.ceil(result.total / props.pageSize)) : 1;
  const apiParams = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== '') apiParams.set(k, v);
  return (
    <Layout page={page} title={values.q ? `${s.title}: ${values.q}` : s.title} crumbs={[{ label: t.site.home, href: '/' }, { label: s.title }]}>
      <h1>{s.title}</h1>
      <p>{s.intro}</p>
      {props.issues.length > 0 ? (
        <div class="errors" role="alert">
          <p>{s.invalid}</p>
          <ul>
            {props.issues.map((field) => (
              <li>{s.invalidField(fieldLabel(s, field))}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <form method="get" action="/search" role="search">
        <div class="field">
          <label for="search-q">{s.label}</label>
          <div class="searchrow">
            <input id="search-q" type="search" name="q" value={values.q} maxlength={200} aria-describedby="search-q-hint" />
            <button type="submit">{s.submit}</button>
          </div>
          <p class="hint" id="search-q-hint">
            {s.hint}
          </p>
        </div>
        <details open={values.kind + values.member + values.plan + values.institution + values.theme + values.value + values.area + values.status + values.delayed + values.contested !== ''}>
          <summary>{s.filters}</summary>
          <div class="filters">
            <div class="field">
              <label for="f-kind">{s.kind}</label>
              <select id="f-kind" name="kind">
                <option value="">{s.anyKind}</option>
                {SEARCH_KINDS.map((k) => (
                  <option value={k} selected={values.kind === k}>
                    {s.kinds[k]}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="f-member">{s.member}</label>
              <select id="f-member" name="member">
                <option value="">{s.any}</option>
                {options.members.map((m) => (
                  <option value={m.code} selected={values.member.toLowerCase() === m.code.toLowerCase()}>
                    {`${textIn(m.name, locale)} (${m.code})`}
                  </option>
                ))}
              </select>
            </div>
            {options.plans.length > 0 ? (
              <div class="field">
                <label for="f-plan">{s.plan}</label>
                <select id="f-plan" name="plan">
                  <option value="">{s.any}</option>
                  {options.plans.map((p) => (
                    <option value={String(p.id)} selected={values.plan === String(p.id)}>
                      {textIn(p.title, locale)}
                    </option>
                  ))}
                </select>
              </div>
            ) : values.plan !== '' ? (
              <input type="hidden" name="plan" value={values.plan} />
            ) : null}
            {options.institutions.length > 0 ? (
              <div class="field">
                <label for="f-institution">{s.institution}</label>
                <select id="f-institution" name="institution">
                  <option value="">{s.any}</option>
                  {options.institutions.map((i) => (
                    <option value={String(i.id)} selected={values.institution === String(i.id)}>
                      {textIn(i.name, locale)}
                    </option>
                  ))}
                </select>
              </div>
            ) : values.institution !== '' ? (
              <input type="hidden" name="institution" value={values.institution} />
            ) : null}
            <div class="field">
              <label for="f-theme">{s.theme}</label>
              <input id="f-theme" type="text" name="theme" value={values.theme} maxlength={100} />
            </div>
            <div class="field">
              <label for="f-value">{s.value}</label>
              <select id="f-value" name="value">
                <option value="">{s.any}</option>
                {OGP_VALUES.map((v) => (
                  <option value={v} selected={values.value === v}>
                    {s.values[v]}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="f-area">{s.area}</label>
              <select id="f-area" name="area">
                <option value="">{s.any}</option>
                {options.areas.map((a) => (
                  <option value={a.slug} selected={values.area === a.slug}>
                    {a.group ? textIn(a.name, locale) : `— ${textIn(a.name, locale)}`}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="f-status">{s.status}</label>
              <select id="f-status" name="status">
                <option value="">{s.any}</option>
                {SEARCH_STATUSES.map((st) => (
                  <option value={st} selected={values.status === st}>
                    {t.status[st]}
                  </option>
                ))}
              </select>
            </div>
            <div class="check">
              <input id="f-delayed" type="checkbox" name="delayed" value="1" checked={values.delayed !== ''} />
              <label for="f-delayed">{s.delayed}</label>
            </div>
            <div class="check">
              <input id="f-contested" type="checkbox" name="contested" value="1" checked={values.contested !== ''} />
              <label for="f-contested">{s.contested}</label>
            </div>
          </div>
          <p>
            <button type="submit">{s.submit}</button> <a href={values.q ? `/search?q=${encodeURIComponent(values.q)}` : '/search'}>{s.clear}</a>
          </p>
        </details>
      </form>
      {result === null ? (
        <p class="muted">{s.empty}</p>
      ) : (
        <>
          <h2 id="results">{result.capped ? s.resultsAtLeast(result.total) : s.results(result.total)}</h2>
          {result.hits.length === 0 ? (
            <p>{s.none}</p>
          ) : (
            <ol class="hits" aria-labelledby="results">
              {result.hits.map((h) => (
                <li>
                  <p class="kind">
                    {s.kinds[h.kind]}
                    {h.member ? ` · ${textIn(h.member.name, locale)}` : ''}
                  </p>
                  <h3>
                    <a href={h.href} lang={h.titleLang !== locale ? h.titleLang : undefined}>
                      {h.commitment ? `${s.inCommitment(h.commitment.number)} · ` : ''}
                      <Marked segments={h.title} />
                    </a>
                  </h3>
                  {h.plan ? (
                    <p class="meta-line">
                      {s.inPlan}: <Text value={h.plan.title} locale={locale} />
                    </p>
                  ) : null}
                  {h.kind === 'commitment' || h.kind === 'milestone' ? (
                    <p class="meta-line">
                      <StatusBadge status={h.status} t={t} />
                      {h.delayed ? (
                        <>
                          {' '}
                          <span class="badge delayed">{s.delayedBadge}</span>
                        </>
                      ) : null}
                      {h.contested ? (
                        <>
                          {' '}
                          <span class="badge contested">{s.contestedBadge}</span>
                        </>
                      ) : null}
                    </p>
                  ) : null}
                  {h.snippet.length > 0 ? (
                    <p class="snippet" lang={h.snippetLang !== locale ? h.snippetLang : undefined}>
                      <Marked segments={h.snippet} />
                    </p>
                  ) : null}
                </li>
              ))}
            </ol>
          )}
          {pages > 1 ? (
            <nav class="pager" aria-label={s.pageOf(props.pageNumber, pages)}>
              {props.pageNumber > 1 ? <a href={pageHref(values, props.pageNumber - 1)} rel="prev">{s.prev}</a> : null}
              <span>{s.pageOf(props.pageNumber, pages)}</span>
              {props.pageNumber < pages ? <a href={pageHref(values, props.pageNumber + 1)} rel="next">{s.next}</a> : null}
            </nav>
          ) : null}
          <p>
            <a href={`/api/v1/search?${apiParams.toString()}`} type="application/json">
              {s.api}
            </a>
          </p>
        </>
      )}
    </Layout>
  );
}
