import type { Child } from 'hono/jsx';
import { Layout, type PageContext } from '../../ui/layout.js';
import type { Dataset } from './datasets.js';

export function OpenDataPage(props: { page: PageContext; datasets: Dataset<unknown>[]; counts: Record<string, number>; license: { id: string; url: string }; extra?: Child }) {
  const { page, datasets } = props;
  const { t, locale } = page;
  const o = t.opendata;
  return (
    <Layout page={page} title={o.title} crumbs={[{ label: t.site.home, href: '/' }, { label: o.title }]}>
      <h1>{o.title}</h1>
      <p>{o.intro}</p>
      <p class="card">
        <strong>{o.license(props.license.id)}</strong>{' '}
        <a href={props.license.url} rel="license">
          {o.licenseLink}
        </a>
      </p>
      <h2 id="downloads">{o.downloads}</h2>
      <div class="scroll" role="region" aria-labelledby="downloads" tabindex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{o.dataset}</th>
              <th scope="col">{o.rows}</th>
              <th scope="col">{o.formats}</th>
            </tr>
          </thead>
          <tbody>
            {datasets.map((d) => (
              <tr>
                <th scope="row">
                  <a href={`#dict-${d.name}`}>{d.title[locale]}</a>
                </th>
                <td>{props.counts[d.name] ?? 0}</td>
                <td>
                  <a href={`/data/${d.name}.csv`} aria-label={o.csvLabel(d.title[locale])} download>
                    CSV
                  </a>{' '}
                  ·{' '}
                  <a href={`/data/${d.name}.xlsx`} aria-label={o.xlsxLabel(d.title[locale])} download>
                    XLSX
                  </a>{' '}
                  ·{' '}
                  <a href={`/data/${d.name}.json`} aria-label={o.jsonLabel(d.title[locale])} download>
                    JSON
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul>
        <li>
          <a href="/data/all.xlsx" download>
            {o.all}
          </a>
        </li>
        <li>
          {o.ogp}:{' '}
          <a href="/data/ogp-commitments.csv" download>
            {o.ogpCsv}
          </a>{' '}
          ·{' '}
          <a href="/data/ogp-commitments.xlsx" download>
            {o.ogpXlsx}
          </a>
        </li>
        <li>
          <a href="/api/v1/openapi.json">{o.api}</a>
        </li>
      </ul>
      <p class="muted">{o.csvNote}</p>
      {props.extra}
      <h2 id="dictionary">{o.dictionary}</h2>
      {datasets.map((d) => (
        <section>
          <h3 id={`dict-${d.name}`}>
            {d.title[locale]} (<code>{d.name}</code>)
          </h3>
          <p>{d.description[locale]}</p>
          <div class="scroll" role="region" aria-labelledby={`dict-${d.name}`} tabindex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{o.column}</th>
                  <th scope="col">{o.type}</th>
                  <th scope="col">{o.description}</th>
                </tr>
              </thead>
              <tbody>
                {d.columns.map((c) => (
                  <tr>
                    <th scope="row">
                      <code>{c.key}</code>
                    </th>
                    <td>{o.types[c.type]}</td>
                    <td>{c.description[locale]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </Layout>
  );
}
