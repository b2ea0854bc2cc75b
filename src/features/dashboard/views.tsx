import { StatusBadge, Text } from '../../ui/components.js';
import { CsrfField } from '../../ui/forms.js';
import { Layout, type PageContext } from '../../ui/layout.js';
import { textIn } from '../../lib/localized.js';
import { PERIOD_STATES, type Dashboard } from './queries.js';

export function DashboardPage(props: { page: PageContext; d: Dashboard; flash?: string | null }) {
  const { t, locale } = props.page;
  const x = t.dashboard;
  const d = props.d;
  const title = x.title(textIn(d.period.name, locale));
  const heads = [...PERIOD_STATES.map((s) => x.states[s]), x.contested, x.overdue];
  const cells = (c: Dashboard['totals']) => [...PERIOD_STATES.map((s) => c[s]), c.contested, c.overdue];
  return (
    <Layout page={props.page} title={title} crumbs={[{ label: t.accounts.nav.myWork, href: '/work' }, { label: t.monitoring.work.periods, href: '/periods' }, { label: title }]}>
      <h1>{title}</h1>
      <p>
        <a href={`/plans/${d.plan.id}`}>
          <Text value={d.plan.title} locale={locale} />
        </a>
      </p>
      <p>{x.intro(d.period.deadline)}</p>
      {d.period.closedAt ? <p class="note">{x.closed}</p> : null}
      {props.flash ? (
        <p class="flash" role="status">
          {props.flash}
        </p>
      ) : null}
      <div class="scroll" role="region" aria-labelledby="summary" tabindex={0}>
        <table>
          <caption id="summary">{x.institution}</caption>
          <thead>
            <tr>
              <th scope="col">{x.institution}</th>
              {heads.map((h) => (
                <th scope="col">{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {d.institutions.map((i) => (
              <tr>
                <th scope="row">
                  <a href={`#inst-${i.id ?? 'none'}`}>{textIn(i.name, locale) || x.noInstitution}</a>
                </th>
                {cells(i.counts).map((n) => (
                  <td>{n}</td>
                ))}
              </tr>
            ))}
            <tr>
              <th scope="row">{x.total}</th>
              {cells(d.totals).map((n) => (
                <td>{n}</td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
      <ul class="links">
        <li>
          <a href={`/periods/${d.period.id}/dashboard.csv`}>{`${x.download} ${x.csv}`}</a>
        </li>
        <li>
          <a href={`/periods/${d.period.id}/dashboard.xlsx`}>{`${x.download} ${x.xlsx}`}</a>
        </li>
      </ul>
      {d.period.closedAt ? null : (
        <form method="post" action={`/periods/${d.period.id}/remind`}>
          <CsrfField page={props.page} />
          <button type="submit">{x.remind}</button>
        </form>
      )}
      {d.institutions.map((i) => (
        <section aria-labelledby={`inst-${i.id ?? 'none'}`}>
          <h2 id={`inst-${i.id ?? 'none'}`}>{x.milestonesOf(textIn(i.name, locale) || x.noInstitution)}</h2>
          <ul>
            {i.milestones.map((m) => (
              <li>
                <a href={`/commitments/${m.commitmentId}#milestone-${m.number}`}>{`${t.commitment.numberTitle(m.commitmentNumber)} · ${t.milestone.number(m.number)}`}</a>: <Text value={m.title} locale={locale} /> — <strong>{x.states[m.state]}</strong> <StatusBadge status={m.status} t={t} />
                {m.contested ? <span class="contested">{` · ${x.contested}`}</span> : null}
                {m.overdue ? <span class="delayed">{` · ${x.overdue}`}</span> : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </Layout>
  );
}
