import { Layout, type PageContext } from '../../ui/layout.js';
import { RollupBar, Text } from '../../ui/components.js';
import { formatMonthRange } from '../../ui/format.js';
import type { PlanSummary } from '../plans/schemas.js';

export function HomePage(props: { page: PageContext; plans: PlanSummary[] }) {
  const { t, locale } = props.page;
  return (
    <Layout page={props.page} title={t.home.title}>
      <h1>{t.home.title}</h1>
      <p>{t.home.intro}</p>
      {props.plans.length === 0 ? (
        <p>{t.home.empty}</p>
      ) : (
        <ul class="cards">
          {props.plans.map((p) => (
            <li class="card">
              <h2>
                <a href={`/plans/${p.id}`}>
                  <Text value={p.title} locale={locale} />
                </a>
              </h2>
              <dl class="meta">
                <dt>{t.plan.member}</dt>
                <dd>
                  <Text value={p.member.name} locale={locale} />
                </dd>
                <dt>{t.plan.period}</dt>
                <dd>{formatMonthRange(p.startMonth, p.endMonth, t)}</dd>
                <dt>{t.plan.phase}</dt>
                <dd>{t.phase[p.phase]}</dd>
                <dt>{t.plan.commitments}</dt>
                <dd>{t.home.commitments(p.commitmentCount)}</dd>
                {p.contestedMilestones > 0 ? (
                  <>
                    <dt>{t.monitoring.contestedFlag.heading}</dt>
                    <dd class="contested">{t.monitoring.contestedFlag.count(p.contestedMilestones)}</dd>
                  </>
                ) : null}
              </dl>
              <RollupBar rollup={p.rollup} t={t} />
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
