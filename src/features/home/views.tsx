import { Layout, type PageContext } from '../../ui/layout.js';
import { RollupBar, Text } from '../../ui/components.js';
import { formatMonthRange } from '../../ui/format.js';
import { textIn } from '../../lib/localized.js';
import { SearchBox } from '../search/views.js';
import type { CurrentPlan, MemberLine } from '../members/queries.js';
import { memberHref, Progress, slug } from '../members/views.js';

/** The home page at OGP's scale: search first, the plans under way, then every member by region. */
export function HomePage(props: { page: PageContext; current: CurrentPlan[]; members: MemberLine[] }) {
  const { page } = props;
  const { t, locale } = page;
  const m = t.members;
  const regions = new Map<string, MemberLine[]>();
  for (const member of props.members) {
    const key = member.region ?? '';
    if (!regions.has(key)) regions.set(key, []);
    regions.get(key)!.push(member);
  }
  const ordered = [...regions.entries()].sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)));
  const byName = (a: MemberLine, b: MemberLine) => textIn(a.name, locale).localeCompare(textIn(b.name, locale), locale);
  return (
    <Layout page={page} title={t.home.title}>
      <h1>{t.home.title}</h1>
      <p>{t.home.intro}</p>
      <SearchBox page={page} id="home-q" />
      {props.members.length === 0 ? (
        <p>{t.home.empty}</p>
      ) : (
        <>
          <h2>{m.current}</h2>
          {props.current.length === 0 ? (
            <p class="muted">{m.currentNone}</p>
          ) : (
            <ul class="cards current">
              {props.current.map((p) => (
                <li class="card">
                  <p class="kind">
                    <a href={memberHref(p.member.code)}>
                      <Text value={p.member.name} locale={locale} />
                    </a>
                  </p>
                  <h3>
                    <a href={`/plans/${p.id}`}>
                      <Text value={p.title} locale={locale} />
                    </a>
                    {p.practice ? (
                      <>
                        {' '}
                        <span class="badge">{t.demo.badge}</span>
                      </>
                    ) : null}
                  </h3>
                  <p class="meta-line">
                    {formatMonthRange(p.startMonth, p.endMonth, t)} · {t.home.commitments(p.commitmentCount)}
                  </p>
                  {p.contestedMilestones > 0 ? <p class="contested">{t.monitoring.contestedFlag.count(p.contestedMilestones)}</p> : null}
                  <RollupBar rollup={p.rollup} t={t} legend={false} />
                </li>
              ))}
            </ul>
          )}
          <h2>{m.byRegion}</h2>
          {ordered.map(([region, list]) => (
            <section class="region" aria-labelledby={`region-${slug(region)}`}>
              <h3 id={`region-${slug(region)}`}>
                {region === '' ? m.regionUnknown : region} <span class="muted">({m.memberCount(list.length)})</span>
              </h3>
              <ul class="members">
                {[...list].sort(byName).map((member) => (
                  <li>
                    <a href={memberHref(member.code)} class="member">
                      <Text value={member.name} locale={locale} />
                    </a>
                    {member.latestPlan ? (
                      <>
                        {' · '}
                        <a href={`/plans/${member.latestPlan.id}`}>
                          <Text value={member.latestPlan.title} locale={locale} />
                        </a>{' '}
                        {member.latestPlan.practice ? (
                          <>
                            <span class="badge">{t.demo.badge}</span>{' '}
                          </>
                        ) : null}
                        <span class="muted">
                          ({formatMonthRange(member.latestPlan.startMonth, member.latestPlan.endMonth, t)}; {t.home.commitments(member.latestPlan.commitmentCount)};{' '}
                          <Progress rollup={member.latestPlan.rollup} page={page} />)
                        </span>
                        {member.latestPlan.contestedMilestones > 0 ? <span class="contested"> · {t.monitoring.contestedFlag.count(member.latestPlan.contestedMilestones)}</span> : null}
                      </>
                    ) : (
                      <span class="muted"> · {m.noPlans}</span>
                    )}
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </>
      )}
    </Layout>
  );
}

