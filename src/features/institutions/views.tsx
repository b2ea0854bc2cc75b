import type { Child } from 'hono/jsx';
import { Layout, type PageContext } from '../../ui/layout.js';
import { RollupBar, StatusBadge, Text } from '../../ui/components.js';
import { textIn } from '../../lib/localized.js';
import type { InstitutionDetail } from './queries.js';

export function InstitutionPage(props: { page: PageContext; institution: InstitutionDetail; extra?: Child }) {
  const { t, locale } = props.page;
  const i = props.institution;
  const name = textIn(i.name, locale);
  return (
    <Layout page={props.page} title={name} crumbs={[{ label: t.site.home, href: '/' }, { label: name }]}>
      <p class="muted">{t.institution.title}</p>
      <h1>
        <Text value={i.name} locale={locale} />
        {i.abbreviation ? ` (${i.abbreviation})` : ''}
      </h1>
      <dl class="meta">
        <dt>{t.plan.member}</dt>
        <dd>
          <Text value={i.member.name} locale={locale} />
        </dd>
      </dl>
      {i.contacts.length > 0 ? (
        <section aria-labelledby="contacts">
          <h2 id="contacts">{t.institution.contacts}</h2>
          <ul>
            {i.contacts.map((p) => (
              <li>
                <strong>{p.name}</strong>
                {textIn(p.title, locale) ? <>, <Text value={p.title} locale={locale} /></> : null}
                {p.email ? (
                  <>
                    {' · '}
                    <a href={`mailto:${p.email}`}>{p.email}</a>
                  </>
                ) : null}
                {p.phone ? ` · ${p.phone}` : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="led">
        <h2 id="led">{t.institution.commitments}</h2>
        {i.commitments.some((c) => c.contestedMilestones.length > 0) ? (
          <p class="contested">{t.monitoring.contestedFlag.count(i.commitments.reduce((n, c) => n + c.contestedMilestones.length, 0))}</p>
        ) : null}
        {i.commitments.length === 0 ? (
          <p>{t.institution.none}</p>
        ) : (
          <ul class="cards">
            {i.commitments.map((c) => (
              <li class="card">
                <h3>
                  <a href={`/commitments/${c.id}`}>
                    {t.commitment.numberTitle(c.number)}: <Text value={c.title} locale={locale} />
                  </a>
                </h3>
                <p>
                  {t.commitment.plan}:{' '}
                  <a href={`/plans/${c.plan.id}`}>
                    <Text value={c.plan.title} locale={locale} />
                  </a>
                </p>
                <p>
                  {t.plan.completion}: <StatusBadge status={c.completion} t={t} />
                </p>
                <RollupBar rollup={c.rollup} t={t} legend={false} />
                {c.contestedMilestones.length > 0 ? <p class="contested">{t.monitoring.contestedFlag.milestones(c.contestedMilestones)}</p> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      {props.extra ?? null}
    </Layout>
  );
}
