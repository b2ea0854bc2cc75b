import { raw } from 'hono/html';
import { Layout, type PageContext } from '../../ui/layout.js';
import { RollupBar, StatusBadge, Text } from '../../ui/components.js';
import { formatDate, formatMonth, formatMonthRange } from '../../ui/format.js';
import { textIn, type LocalizedText } from '../../lib/localized.js';
import { monthOf, monthsBetween, type Month } from '../../lib/month.js';
import { progressPercent, type Rollup } from '../commitments/rollup.js';
import { progressBars } from './charts.js';
import type { DashboardMilestone, Group, PlanDashboard } from './queries.js';

interface ChartRow {
  key: string;
  label: LocalizedText | string;
  href?: string;
  commitments?: number;
  rollup: Rollup;
}

/** A chart (server SVG) with a table of the same numbers beside it, and the roll-up rule. */
function ChartWithTable(props: { page: PageContext; id: string; title: string; rows: ChartRow[]; empty?: string; showCommitments?: boolean }) {
  const { page, rows } = props;
  const { t, locale } = page;
  const d = t.dashboards;
  const label = (r: ChartRow) => (typeof r.label === 'string' ? r.label : textIn(r.label, locale) || '—');
  return (
    <section aria-labelledby={props.id} class="dash">
      <h2 id={props.id}>{props.title}</h2>
      {rows.length === 0 ? (
        <p class="muted">{props.empty}</p>
      ) : (
        <>
          <figure class="dash-chart" role="img" aria-label={d.chartOf(props.title)}>
            {raw(progressBars(rows.map((r) => ({ label: label(r), percent: progressPercent(r.rollup) })), d.none))}
          </figure>
          <div class="scroll" role="region" aria-label={d.tableOf(props.title)} tabindex={0}>
            <table>
              <caption class="sr">{d.tableOf(props.title)}</caption>
              <thead>
                <tr>
                  <th scope="col">{d.group}</th>
                  {props.showCommitments === false ? null : <th scope="col">{d.commitments}</th>}
                  <th scope="col">{d.milestones}</th>
                  <th scope="col">{d.progress}</th>
                  <th scope="col">{d.delayed}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => {
                  const p = progressPercent(r.rollup);
                  return (
                    <tr>
                      <th scope="row">{r.href ? <a href={r.href}>{label(r)}</a> : label(r)}</th>
                      {props.showCommitments === false ? null : <td>{r.commitments ?? ''}</td>}
                      <td>
                        {r.rollup.reported} / {r.rollup.total}
                      </td>
                      <td>{p === null ? d.none : `${p} %`}</td>
                      <td>{r.rollup.delayed}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

const groupRows = (groups: Group[]): ChartRow[] => groups.map((g) => ({ key: g.key, label: g.label, commitments: g.commitments, rollup: g.rollup }));

function MilestoneTable(props: { page: PageContext; list: DashboardMilestone[]; caption: string }) {
  const { t, locale } = props.page;
  const d = t.dashboards;
  return (
    <div class="scroll" role="region" aria-label={props.caption} tabindex={0}>
      <table>
        <thead>
          <tr>
            <th scope="col">{d.milestone}</th>
            <th scope="col">{d.plannedEnd}</th>
            <th scope="col">{d.status}</th>
          </tr>
        </thead>
        <tbody>
          {props.list.map((m) => (
            <tr>
              <th scope="row">
                <a href={`/commitments/${m.commitmentId}#milestone-${m.number}`}>
                  {`${m.commitmentNumber}.${m.number} · `}
                  <Text value={m.title} locale={locale} />
                </a>
              </th>
              <td>{formatMonth(m.plannedEnd, t) ?? '—'}</td>
              <td>
                <StatusBadge status={m.status} t={t} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function DashboardPage(props: { page: PageContext; data: PlanDashboard }) {
  const { page, data } = props;
  const { t, locale } = page;
  const d = t.dashboards;
  const planTitle = textIn(data.plan.title, locale);
  const delayed = data.milestones.filter((m) => m.delayed);
  const contested = data.milestones.filter((m) => m.contested);
  const memberName = textIn(data.plan.member.name, locale) || data.plan.member.code;
  return (
    <Layout
      page={page}
      title={d.title(planTitle)}
      crumbs={[{ label: t.site.home, href: '/' }, { label: memberName, href: `/members/${encodeURIComponent(data.plan.member.code)}` }, { label: planTitle, href: `/plans/${data.plan.id}` }, { label: d.dashboard }]}
    >
      <h1>{d.title(planTitle)}</h1>
      <p>
        {formatMonthRange(data.plan.startMonth, data.plan.endMonth, t)} · <a href={`/plans/${data.plan.id}/timeline`}>{d.timelineLink}</a>
      </p>
      <section aria-labelledby="summary">
        <h2 id="summary">{d.summary}</h2>
        <RollupBar rollup={data.rollup} t={t} />
        <p class="rule">
          {d.ruleNote}
          {t.rollup.rule}
        </p>
        <p class="rule">{t.rollup.delayRule}</p>
      </section>
      <section aria-labelledby="delayed">
        <h2 id="delayed">{`${d.delayedTitle} (${delayed.length})`}</h2>
        {delayed.length === 0 ? <p class="muted">{d.delayedNone}</p> : <MilestoneTable page={page} list={delayed} caption={d.delayedTitle} />}
      </section>
      <section aria-labelledby="contested">
        <h2 id="contested">{`${d.contestedTitle} (${contested.length})`}</h2>
        {contested.length === 0 ? <p class="muted">{d.contestedNone}</p> : <MilestoneTable page={page} list={contested} caption={d.contestedTitle} />}
      </section>
      <ChartWithTable
        page={page}
        id="by-commitment"
        title={d.byCommitment}
        showCommitments={false}
        rows={data.commitments.map((c) => ({ key: String(c.id), label: `${c.number}. ${textIn(c.title, locale)}`, href: `/commitments/${c.id}`, rollup: c.rollup }))}
      />
      <ChartWithTable page={page} id="by-institution" title={d.byInstitution} rows={groupRows(data.byInstitution)} />
      <ChartWithTable page={page} id="by-theme" title={d.byTheme} rows={groupRows(data.byTheme)} />
      <ChartWithTable page={page} id="by-value" title={d.byValue} rows={groupRows(data.byValue)} empty={d.noValues} />
      <ChartWithTable page={page} id="by-area" title={d.byArea} rows={groupRows(data.byArea)} empty={d.noAreas} />
    </Layout>
  );
}

/** A member's plans side by side: the same chart and table, one row per plan. */
export function PlanComparison(props: { page: PageContext; plans: { id: number; title: LocalizedText; commitmentCount: number; rollup: Rollup }[] }) {
  const d = props.page.t.dashboards;
  return (
    <ChartWithTable
      page={props.page}
      id="compare"
      title={d.compare}
      rows={[...props.plans].reverse().map((p) => ({ key: String(p.id), label: p.title, href: `/plans/${p.id}/dashboard`, commitments: p.commitmentCount, rollup: p.rollup }))}
    />
  );
}

// ---------------------------------------------------------------- timeline

const STATUS_FILL: Record<string, string> = {
  complete: '#1e6b2e',
  substantial: '#2f7fb8',
  limited: '#c27c0e',
  not_started: '#b03a2e',
  not_reported: '#8a8a8a',
};

function addMonths(m: Month, n: number): Month {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  const total = y * 12 + (mo - 1) + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}` as Month;
}

/**
 * Every milestone of a plan on one time axis: one row per milestone (readable at 360 px), the
 * planned period as a bar coloured by the reported status, hatched and labelled when delayed, and a
 * line for today. The bars are decoration (aria-hidden); each row says the same in words.
 */
export function TimelinePage(props: { page: PageContext; data: PlanDashboard; now: Date }) {
  const { page, data, now } = props;
  const { t, locale } = page;
  const d = t.dashboards;
  const planTitle = textIn(data.plan.title, locale);
  const months = data.milestones.flatMap((m) => [m.plannedStart, m.plannedEnd]).filter((m): m is Month => m !== null);
  const from = [data.plan.startMonth, ...months].sort()[0]!;
  const to = [data.plan.endMonth, ...months].sort().reverse()[0]!;
  const span = Math.max(1, monthsBetween(from, to) + 1);
  const today = monthOf(now);
  const todayX = ((monthsBetween(from, today) + now.getUTCDate() / 31) / span) * 1000;
  const showToday = todayX >= 0 && todayX <= 1000;
  const x = (m: Month) => (monthsBetween(from, m) / span) * 1000;
  const years: number[] = [];
  for (let y = Number(from.slice(0, 4)) + 1; y <= Number(to.slice(0, 4)); y += 1) years.push(y);
  const byCommitment = new Map<number, DashboardMilestone[]>();
  for (const m of data.milestones) {
    if (!byCommitment.has(m.commitmentId)) byCommitment.set(m.commitmentId, []);
    byCommitment.get(m.commitmentId)!.push(m);
  }
  const memberName = textIn(data.plan.member.name, locale) || data.plan.member.code;
  return (
    <Layout
      page={page}
      title={d.timeline(planTitle)}
      crumbs={[{ label: t.site.home, href: '/' }, { label: memberName, href: `/members/${encodeURIComponent(data.plan.member.code)}` }, { label: planTitle, href: `/plans/${data.plan.id}` }, { label: d.timelineLink }]}
    >
      <h1>{d.timeline(planTitle)}</h1>
      <p>{d.timelineIntro}</p>
      <p>
        <strong>{d.today(formatDate(now, locale))}</strong> · {formatMonthRange(from, to, t)} · <a href={`/plans/${data.plan.id}/dashboard`}>{d.link}</a>
      </p>
      <svg class="gantt-defs" aria-hidden="true" focusable="false" width="0" height="0">
        <defs>
          <pattern id="hatch" patternUnits="userSpaceOnUse" width="8" height="8" patternTransform="rotate(45)">
            <rect width="8" height="8" fill="#fff" />
            <rect width="4" height="8" fill="#b03a2e" />
          </pattern>
        </defs>
      </svg>
      {data.commitments.map((c) => (
        <section class="gantt" aria-labelledby={`gc-${c.id}`}>
          <h2 id={`gc-${c.id}`}>
            <a href={`/commitments/${c.id}`}>{`${c.number}. ${textIn(c.title, locale)}`}</a>
          </h2>
          <ol class="gantt-rows">
            {(byCommitment.get(c.id) ?? []).map((m) => {
              const start = m.plannedStart ?? m.plannedEnd;
              const end = m.plannedEnd ?? m.plannedStart;
              const key = m.status ?? 'not_reported';
              return (
                <li class={m.delayed ? 'late' : undefined}>
                  <p class="gantt-label">
                    <a href={`/commitments/${c.id}#milestone-${m.number}`}>{`${c.number}.${m.number}`}</a> <Text value={m.title} locale={locale} />
                  </p>
                  <p class="gantt-facts">
                    {start && end ? d.planned(formatMonthRange(start, end, t) ?? '') : d.noDates} · <StatusBadge status={m.status} t={t} />
                    {m.delayed ? <strong class="delayed"> · {d.delayedMark}</strong> : null}
                    {m.contested ? <strong class="contested"> · {d.contestedMark}</strong> : null}
                  </p>
                  <svg class="gantt-bar" viewBox="0 0 1000 24" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                    <rect x="0" y="0" width="1000" height="24" fill="#f3f5f8" />
                    {years.map((y) => (
                      <line x1={x(`${y}-01` as Month).toFixed(1)} x2={x(`${y}-01` as Month).toFixed(1)} y1="0" y2="24" stroke="#c8c8c8" stroke-width="2" />
                    ))}
                    {start && end ? (
                      <rect
                        x={x(start).toFixed(1)}
                        y="4"
                        width={Math.max(6, x(addMonths(end, 1)) - x(start)).toFixed(1)}
                        height="16"
                        fill={m.delayed ? 'url(#hatch)' : STATUS_FILL[key]}
                        stroke={STATUS_FILL[key]}
                        stroke-width="2"
                      />
                    ) : null}
                    {showToday ? <line x1={todayX.toFixed(1)} x2={todayX.toFixed(1)} y1="0" y2="24" stroke="#1a1a1a" stroke-width="3" /> : null}
                  </svg>
                </li>
              );
            })}
          </ol>
        </section>
      ))}
    </Layout>
  );
}
