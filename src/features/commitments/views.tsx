import type { Child } from 'hono/jsx';
import { SubscribeForm } from '../subscriptions/views.js';
import { Layout, type PageContext } from '../../ui/layout.js';
import { Paragraphs, RollupBar, StatusBadge, Text } from '../../ui/components.js';
import { formatDate, formatMonth, formatMonthRange } from '../../ui/format.js';
import { COMPLETION_LEVELS } from '../../lib/levels.js';
import { resolveText, textIn, type LocalizedText } from '../../lib/localized.js';
import type { CommitmentDetail, MilestoneDetail } from './schemas.js';
import { HistorySection, Provenance } from '../monitoring/views.js';
import type { HistoryEntry } from '../monitoring/queries.js';
import { IrmSection, type IrmRow } from '../irm/views.js';

const BRIEF_LIMIT = 140;

function Row(props: { label: string; children?: Child }) {
  return (
    <tr>
      <th scope="row">{props.label}</th>
      <td>{props.children}</td>
    </tr>
  );
}

function List(props: { items: LocalizedText[]; page: PageContext }) {
  const { t, locale } = props.page;
  if (props.items.length === 0) return <span class="muted">{t.commitment.none}</span>;
  return (
    <ul>
      {props.items.map((item) => (
        <li>
          <Text value={item} locale={locale} />
        </li>
      ))}
    </ul>
  );
}

function Milestone(props: { m: MilestoneDetail; page: PageContext }) {
  const { t, locale } = props.page;
  const m = props.m;
  const planned = formatMonthRange(m.plannedStart, m.plannedEnd, t);
  return (
    <li class={`st-${m.status ?? 'not_reported'}`}>
      <h3 id={`milestone-${m.number}`}>
        {t.milestone.number(m.number)}: <Text value={m.title} locale={locale} />
      </h3>
      <ul class="facts">
        <li>
          {t.milestone.planned}: {planned ?? <span class="muted">{t.milestone.noDates}</span>}
        </li>
        <li>
          {t.milestone.status}: <StatusBadge status={m.status} t={t} />
        </li>
        <li>{m.delayed ? <span class="delayed">{t.milestone.delayed}</span> : t.milestone.onTime}</li>
        {m.contested ? (
          <li>
            <span class="contested">{t.monitoring.provenance.contestedBadge}</span>
          </li>
        ) : null}
      </ul>
      <Provenance m={m} page={props.page} />
      {m.subItems.length > 0 ? (
        <>
          <h4 class="muted">{t.milestone.subItems}</h4>
          <ul>
            {m.subItems.map((s) => {
              const range = formatMonthRange(s.start, s.end, t);
              return (
                <li>
                  <Text value={s.title} locale={locale} />
                  {range ? ` (${range})` : ''}
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
      {m.reportedDelayed !== null ? (
        <p class={m.reportedDelayed ? 'note' : 'muted'}>
          {m.reportedDelayed ? t.milestone.reportedDelayed : t.milestone.reportedNotDelayed}
          {resolveText(m.delayNote, locale) ? (
            <>
              {': «'}
              <Text value={m.delayNote} locale={locale} />
              {'»'}
            </>
          ) : null}
        </p>
      ) : null}
      <Paragraphs value={m.narrative} locale={locale} />
    </li>
  );
}

function CompletionTable(props: { c: CommitmentDetail; page: PageContext }) {
  const { t } = props.page;
  return (
    <>
      <table class="completion">
        <caption class="muted">{t.commitment.completionSelfReported}</caption>
        <thead>
          <tr>
            {COMPLETION_LEVELS.map((level) => (
              <th scope="col">{t.status[level]}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            {COMPLETION_LEVELS.map((level) => (
              <td>{props.c.completion === level ? <strong aria-label={t.commitment.marked}>X</strong> : ''}</td>
            ))}
          </tr>
        </tbody>
      </table>
      {props.c.completion === null ? <p class="note">{t.commitment.completionNotReported}</p> : null}
    </>
  );
}

export function CommitmentPage(props: { page: PageContext; commitment: CommitmentDetail; history?: HistoryEntry[]; irm?: IrmRow[]; extra?: Child; actions?: Child }) {
  const { page } = props;
  const { t, locale } = page;
  const c = props.commitment;
  const title = textIn(c.title, locale);
  const heading = `${t.commitment.numberTitle(c.number)}: ${title}`;
  const brief = resolveText(c.briefDescription, locale);
  const is2019 = c.generation === '2019';
  const values: [keyof CommitmentDetail['values'], string][] = [
    ['accessToInformation', t.commitment.valueAccessToInformation],
    ['civicParticipation', t.commitment.valueCivicParticipation],
    ['publicAccountability', t.commitment.valuePublicAccountability],
    ['technologyInnovation', t.commitment.valueTechnologyInnovation],
  ];
  const statedValues = values.filter(([k]) => c.values[k] === true);
  const planTitle = textIn(c.plan.title, locale);
  return (
    <Layout
      page={page}
      title={heading}
      crumbs={[{ label: t.site.home, href: '/' }, { label: planTitle, href: `/plans/${c.plan.id}` }, { label: t.commitment.numberTitle(c.number) }]}
    >
      <h1>{heading}</h1>
      {c.plan.practice ? (
        <p class="note practice">
          <strong class="badge">{t.demo.badge}</strong> {t.demo.banner}
        </p>
      ) : null}
      {props.actions ?? null}
      <p class="muted">
        {t.commitment.templateTitle} · {t.generation[c.generation]}
        {c.ogpId ? ` · ${t.commitment.ogpId}: ${c.ogpId}` : ''}
      </p>
      <section aria-labelledby="rollup">
        <h2 id="rollup">{t.rollup.heading}</h2>
        <RollupBar rollup={c.rollup} t={t} />
        <p class="rule">{t.rollup.rule}</p>
        <p class="rule">{t.rollup.delayRule}</p>
        <p class="rule">{t.monitoring.provenance.rollupCounts}</p>
      </section>
      <h2 id="template">{t.commitment.templateTitle}</h2>
      <div class="scroll" role="region" aria-labelledby="template" tabindex={0}>
        <table class="template">
          <tbody>
            <Row label={t.commitment.theme}>
              <Text value={c.theme} locale={locale} fallback={t.commitment.notStated} />
            </Row>
            <Row label={t.commitment.numberTitle(c.number)}>
              <Text value={c.title} locale={locale} />
            </Row>
            <Row label={t.commitment.plan}>
              <a href={`/plans/${c.plan.id}`}>{planTitle}</a>
            </Row>
            <Row label={t.commitment.dates}>
              {formatMonthRange(c.startMonth, c.endMonth, t) ?? <span class="muted">{t.commitment.notStated}</span>}
            </Row>
            <Row label={t.commitment.leadInstitution}>
              {c.leadInstitution ? (
                <a href={`/institutions/${c.leadInstitution.id}`}>
                  <Text value={c.leadInstitution.name} locale={locale} />
                </a>
              ) : (
                <span class="muted">{t.commitment.notStated}</span>
              )}
            </Row>
            <Row label={t.commitment.contactName}>{c.contact?.name ?? <span class="muted">{t.commitment.notStated}</span>}</Row>
            <Row label={t.commitment.contactTitle}>
              <Text value={c.contact?.title} locale={locale} fallback={t.commitment.notStated} />
            </Row>
            <Row label={t.commitment.contactEmail}>
              {c.contact?.email ? <a href={`mailto:${c.contact.email}`}>{c.contact.email}</a> : <span class="muted">{t.commitment.notStated}</span>}
            </Row>
            <Row label={t.commitment.contactPhone}>
              {c.contact?.phone ? <a href={`tel:${c.contact.phone.replace(/[^+\d]/g, '')}`}>{c.contact.phone}</a> : <span class="muted">{t.commitment.notStated}</span>}
            </Row>
            <Row label={t.commitment.otherActors}>
              <h3>{t.commitment.government}</h3>
              <List items={c.otherActors.government} page={page} />
              <h3>{t.commitment.civilSociety}</h3>
              <List items={c.otherActors.civilSociety} page={page} />
            </Row>
            <Row label={is2019 ? t.commitment.problem2019 : t.commitment.problem}>
              <Paragraphs value={c.problem} locale={locale} fallback={t.commitment.notStated} />
            </Row>
            {is2019 ? (
              <>
                <Row label={t.commitment.description}>
                  <Paragraphs value={c.description} locale={locale} fallback={t.commitment.notStated} />
                </Row>
                <Row label={t.commitment.howItSolves}>
                  <Paragraphs value={c.howItSolves} locale={locale} fallback={t.commitment.notStated} />
                </Row>
              </>
            ) : (
              <>
                <Row label={t.commitment.objective}>
                  <Paragraphs value={c.objective} locale={locale} fallback={t.commitment.notStated} />
                </Row>
                <Row label={t.commitment.briefDescription}>
                  <Paragraphs value={c.briefDescription} locale={locale} fallback={t.commitment.notStated} />
                  {brief && [...brief.text].length > BRIEF_LIMIT ? <p class="note">{t.commitment.briefTooLong([...brief.text].length)}</p> : null}
                </Row>
                {/* OGP's data holds a commitment's full text (in `description`) even for plans written in the 2014 template. */}
                {resolveText(c.description, locale) ? (
                  <Row label={t.commitment.fullText}>
                    <Paragraphs value={c.description} locale={locale} />
                  </Row>
                ) : null}
              </>
            )}
            <Row label={t.commitment.relevance}>
              <Paragraphs value={c.relevance} locale={locale} fallback={t.commitment.notStated} />
              {statedValues.length > 0 ? (
                <>
                  <h3>{t.commitment.values}</h3>
                  <ul>
                    {statedValues.map(([, label]) => (
                      <li>{label}</li>
                    ))}
                  </ul>
                </>
              ) : null}
            </Row>
            {c.policyAreas.length > 0 ? (
              <Row label={t.commitment.policyAreas}>
                <List items={c.policyAreas.map((a) => a.name)} page={page} />
              </Row>
            ) : null}
            {is2019 ? null : (
              <Row label={t.commitment.ambition}>
                <Paragraphs value={c.ambition} locale={locale} fallback={t.commitment.notStated} />
              </Row>
            )}
            <Row label={t.commitment.completion}>
              <CompletionTable c={c} page={page} />
            </Row>
            <Row label={t.commitment.results}>
              <Paragraphs value={c.resultsDescription} locale={locale} />
              <p>
                <a href="#milestones">{t.commitment.milestones}</a>
              </p>
            </Row>
            <Row label={t.commitment.endDate}>{formatMonth(c.endMonth, t) ?? <span class="muted">{t.commitment.notStated}</span>}</Row>
            <Row label={t.commitment.nextSteps}>
              <List items={c.nextSteps} page={page} />
            </Row>
            <Row label={t.commitment.additionalInformation}>
              <Paragraphs value={c.additionalInformation} locale={locale} fallback={t.commitment.notStated} />
            </Row>
            <Row label={t.commitment.remainingChallenges}>
              <Paragraphs value={c.remainingChallenges} locale={locale} fallback={t.commitment.notStated} />
            </Row>
          </tbody>
        </table>
      </div>
      <section aria-labelledby="milestones">
        <h2 id="milestones">{t.commitment.milestones}</h2>
        <ol class="timeline" aria-label={t.milestone.timeline}>
          {c.milestones.map((m) => (
            <Milestone m={m} page={page} />
          ))}
        </ol>
      </section>
      {props.irm ? <IrmSection page={page} rows={props.irm} commitmentId={c.id} /> : null}
      {props.history ? <HistorySection page={page} history={props.history} commitmentId={c.id} /> : null}
      <section aria-labelledby="source">
        <h2 id="source">{t.commitment.source}</h2>
        <p>{c.source ? t.commitment.sourceImport(c.source.name, formatDate(c.source.importedAt, locale)) : t.commitment.sourceManual}</p>
        <p>
          <a href={`/api/v1/commitments/${c.id}`} type="application/json">
            {t.commitment.downloadJson}
          </a>
        </p>
      </section>
      <SubscribeForm page={page} targetType="commitment" targetId={c.id} />
      {props.extra ?? null}
    </Layout>
  );
}
