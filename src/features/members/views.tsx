import { Layout, type PageContext } from '../../ui/layout.js';
import { SubscribeForm } from '../subscriptions/views.js';
import { RollupBar, Text } from '../../ui/components.js';
import { formatMonthRange } from '../../ui/format.js';
import { progressPercent, type Rollup } from '../commitments/rollup.js';
import { textIn } from '../../lib/localized.js';
import { SearchBox } from '../search/views.js';
import { PlanComparison } from '../dashboards/views.js';
import type { MemberDetail } from './queries.js';

export function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'none';
}

export const memberHref = (code: string) => `/members/${encodeURIComponent(code)}`;

export function Progress(props: { rollup: Rollup; page: PageContext }) {
  const m = props.page.t.members;
  const p = progressPercent(props.rollup);
  return <>{p === null ? m.noProgress : m.progress(p)}</>;
}

/** One member: its plans over time with their progress, its forum, and a search within it. */
export function MemberPage(props: { page: PageContext; member: MemberDetail }) {
  const { page, member } = props;
  const { t, locale } = page;
  const m = t.members;
  const name = textIn(member.name, locale) || member.code;
  const latest = member.plans[0];
  return (
    <Layout page={page} title={name} crumbs={[{ label: t.site.home, href: '/' }, { label: name }]}>
      <h1>
        <Text value={member.name} locale={locale} fallback={member.code} />
      </h1>
      <dl class="meta">
        <dt>{m.code}</dt>
        <dd>{member.code}</dd>
        <dt>{m.region}</dt>
        <dd>{member.region ?? m.regionUnknown}</dd>
        <dt>{t.plan.member}</dt>
        <dd>{m.kind[member.kind]}</dd>
      </dl>
      <SearchBox page={page} id="member-q" />
      <p>
        <a href={`/search?member=${encodeURIComponent(member.code)}&kind=commitment`}>{m.searchIn(name)}</a>
      </p>
      {latest ? (
        <>
          <h2>{m.latestProgress}</h2>
          <p>
            <a href={`/plans/${latest.id}`}>
              <Text value={latest.title} locale={locale} />
            </a>{' '}
            {latest.practice ? <span class="badge">{t.demo.badge}</span> : null} ({formatMonthRange(latest.startMonth, latest.endMonth, t)})
          </p>
          <RollupBar rollup={latest.rollup} t={t} />
          <p class="rule">{t.rollup.rule}</p>
        </>
      ) : null}
      <h2 id="plans">{m.plansOverTime}</h2>
      {member.plans.length === 0 ? (
        <p class="muted">{m.noPlans}</p>
      ) : (
        <div class="scroll" role="region" aria-labelledby="plans" tabindex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{m.plan}</th>
                <th scope="col">{m.period}</th>
                <th scope="col">{m.phase}</th>
                <th scope="col">{m.commitments}</th>
                <th scope="col">{m.progressCol}</th>
                <th scope="col">{m.delayed}</th>
              </tr>
            </thead>
            <tbody>
              {member.plans.map((p) => (
                <tr>
                  <th scope="row">
                    <a href={`/plans/${p.id}`}>
                      <Text value={p.title} locale={locale} fallback={String(p.number)} />
                    </a>
                    {p.practice ? (
                      <>
                        {' '}
                        <span class="badge">{t.demo.badge}</span>
                      </>
                    ) : null}
                  </th>
                  <td>{formatMonthRange(p.startMonth, p.endMonth, t)}</td>
                  <td>{t.phase[p.phase]}</td>
                  <td>{p.commitmentCount}</td>
                  <td>
                    <Progress rollup={p.rollup} page={page} /> <span class="muted">({m.basis(p.rollup.reported, p.rollup.total)})</span>
                  </td>
                  <td>{p.rollup.delayed}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {member.plans.length > 1 ? <PlanComparison page={page} plans={member.plans} /> : null}
      <h2>{m.forum}</h2>
      <p class="muted">{m.forumNone}</p>
      <p>
        {m.institutions(member.institutionCount)} ·{' '}
        <a href={`/api/v1/institutions?member=${encodeURIComponent(member.code)}`} type="application/json">
          {m.institutionsLink}
        </a>
      </p>
      <SubscribeForm page={page} targetType="member" targetId={member.id} />
    </Layout>
  );
}
