import type { Child } from 'hono/jsx';
import { SubscribeForm } from '../subscriptions/views.js';
import { Layout, type PageContext } from '../../ui/layout.js';
import { escapeHtml, Paragraphs, RollupBar, Text, textHtml } from '../../ui/components.js';
import { raw, type HtmlEscapedString } from 'hono/utils/html';
import type { Messages } from '../../i18n/index.js';
import type { Locale } from '../../lib/levels.js';
import { formatMonthRange } from '../../ui/format.js';
import { textIn } from '../../lib/localized.js';
import type { PlanDetail } from './schemas.js';

/**
 * The rows of the commitments table, written as one string (issue 10: a plan has dozens of rows and
 * hono/jsx costs per element); the same HTML the components give, escaped by the same function.
 */
function commitmentRows(p: PlanDetail, t: Messages, locale: Locale): HtmlEscapedString {
  const label = {
    number: escapeHtml(t.plan.number),
    commitment: escapeHtml(t.plan.commitment),
    lead: escapeHtml(t.plan.leadInstitution),
    completion: escapeHtml(t.plan.completion),
    progress: escapeHtml(t.plan.progress),
  };
  const notStated = `<span class="muted">${escapeHtml(t.commitment.notStated)}</span>`;
  let html = '';
  for (const c of p.commitments) {
    const status = c.completion ?? 'not_reported';
    html +=
      `<tr><td data-label="${label.number}">${escapeHtml(c.number)}</td>` +
      `<td data-label="${label.commitment}"><a href="/commitments/${c.id}">${textHtml(c.title, locale)}</a></td>` +
      `<td data-label="${label.lead}">${c.leadInstitution ? `<a href="/institutions/${c.leadInstitution.id}">${textHtml(c.leadInstitution.name, locale)}</a>` : notStated}</td>` +
      `<td data-label="${label.completion}"><span class="badge s-${status}">${escapeHtml(t.status[status])}</span></td>` +
      `<td data-label="${label.progress}">${RollupBar({ rollup: c.rollup, t, legend: false })}` +
      `${c.contestedMilestones.length > 0 ? `<p class="contested">${escapeHtml(t.monitoring.contestedFlag.milestones(c.contestedMilestones))}</p>` : ''}</td></tr>`;
  }
  return raw(html);
}

export function PlanPage(props: { page: PageContext; plan: PlanDetail; extra?: Child; actions?: Child }) {
  const { t, locale } = props.page;
  const p = props.plan;
  const title = textIn(p.title, locale);
  return (
    <Layout page={props.page} title={title} crumbs={[{ label: t.site.home, href: '/' }, { label: title }]}>
      <h1>
        <Text value={p.title} locale={locale} />
      </h1>
      {p.practice ? (
        <p class="note practice">
          <strong class="badge">{t.demo.badge}</strong> {t.demo.banner}
        </p>
      ) : null}
      {props.actions ?? null}
      <dl class="meta">
        <dt>{t.plan.member}</dt>
        <dd>
          <Text value={p.member.name} locale={locale} />
        </dd>
        <dt>{t.plan.period}</dt>
        <dd>{formatMonthRange(p.startMonth, p.endMonth, t)}</dd>
        <dt>{t.plan.phase}</dt>
        <dd>{t.phase[p.phase]}</dd>
        {p.ogpId ? (
          <>
            <dt>{t.commitment.ogpId}</dt>
            <dd>{p.ogpId}</dd>
          </>
        ) : null}
      </dl>
      <Paragraphs value={p.description} locale={locale} />
      <ul class="links">
        <li>
          <a href={`/plans/${p.id}/dashboard`}>{t.dashboards.link}</a>
        </li>
        <li>
          <a href={`/plans/${p.id}/timeline`}>{t.dashboards.timelineLink}</a>
        </li>
        <li>
          <a href={`/reports/plans/${p.id}`}>{t.reports.planLink}</a>
        </li>
        <li>
          <a href={`/feeds/plans/${p.id}.atom`} type="application/atom+xml">
            {t.reports.planFeed}
          </a>
        </li>
      </ul>
      <section aria-labelledby="summary">
        <h2 id="summary">{t.plan.summary}</h2>
        <RollupBar rollup={p.rollup} t={t} />
        {p.contestedMilestones > 0 ? <p class="contested">{t.monitoring.contestedFlag.count(p.contestedMilestones)}</p> : null}
        <p class="rule">{t.rollup.rule}</p>
        <p class="rule">{t.rollup.delayRule}</p>
      </section>
      <section>
        <h2 id="commitments">{t.plan.commitments}</h2>
        {p.commitments.length === 0 ? (
          <p>{t.plan.noCommitments}</p>
        ) : (
          <div class="scroll" role="region" aria-labelledby="commitments" tabindex={0}>
            <table class="stacked">
              <thead>
                <tr>
                  <th scope="col">{t.plan.number}</th>
                  <th scope="col">{t.plan.commitment}</th>
                  <th scope="col">{t.plan.leadInstitution}</th>
                  <th scope="col">{t.plan.completion}</th>
                  <th scope="col">{t.plan.progress}</th>
                </tr>
              </thead>
              <tbody>
                {commitmentRows(p, t, locale)}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <SubscribeForm page={props.page} targetType="plan" targetId={p.id} />
      {props.extra ?? null}
    </Layout>
  );
}
