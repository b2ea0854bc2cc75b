import type { DraftFields } from '../../db/schema/index.js';
import { COCREATION_PHASES, OGP_VALUES, RESPONSE_STATES, VOTE_MODES } from '../../db/schema/cocreation.js';
import { textIn, type LocalizedText } from '../../lib/localized.js';
import { Paragraphs, Text } from '../../ui/components.js';
import { formatDate } from '../../ui/format.js';
import { CsrfField, ErrorSummary, Input, Select, TextArea, type FieldErrors } from '../../ui/forms.js';
import { Layout, type PageContext } from '../../ui/layout.js';
import { COMMENTABLE_FIELDS } from './commands.js';
import { fieldText, type DiffPart } from './diff.js';
import type { CheckResult } from './checklist.js';
import type { draftDetail, listProcesses, PhaseRow, processDetail, proposalDetail, ProposalRow, workingTableDetail } from './queries.js';
import { HONEYPOT_FIELD, STAMP_FIELD } from './spam.js';

type Values = Record<string, string>;
const k = (page: PageContext) => page.t.cocreation;
const crumbs = (page: PageContext, extra: { label: string; href?: string }[] = []) => [{ label: k(page).nav, href: '/co-creation' }, ...extra];

function Flash(props: { text: string | null | undefined }) {
  return props.text ? (
    <p class="flash" role="status">
      {props.text}
    </p>
  ) : null;
}

function Honeypot(props: { page: PageContext; stamp: string }) {
  // Hidden from people (and from assistive technology); bots fill it in.
  return (
    <>
      <div class="sr" aria-hidden="true">
        <label for="f-website">{k(props.page).honeypot}</label>
        <input id="f-website" name={HONEYPOT_FIELD} type="text" tabindex={-1} autocomplete="off" value="" />
      </div>
      <input type="hidden" name={STAMP_FIELD} value={props.stamp} />
    </>
  );
}

function Checkbox(props: { name: string; value: string; label: string; checked?: boolean; id: string }) {
  return (
    <div>
      <input type="checkbox" id={props.id} name={props.name} value={props.value} checked={props.checked} />
      <label for={props.id}>{props.label}</label>
    </div>
  );
}

export function ResponseState(props: { page: PageContext; p: Pick<ProposalRow, 'responseState' | 'responseDraftId' | 'responseMergedWithId'> }) {
  const t = k(props.page);
  const { p } = props;
  if (!p.responseState) return <>{t.noResponse}</>;
  if (p.responseState === 'incorporated' && p.responseDraftId) return <a href={`/drafts/${p.responseDraftId}`}>{t.incorporatedInto(p.responseDraftId)}</a>;
  if (p.responseState === 'merged' && p.responseMergedWithId) return <a href={`/proposals/${p.responseMergedWithId}`}>{t.mergedWith(p.responseMergedWithId)}</a>;
  return <>{t.responseStates[p.responseState]}</>;
}

export function ProcessListPage(props: { page: PageContext; rows: Awaited<ReturnType<typeof listProcesses>>; canCreate: { memberId: number; name: LocalizedText }[] }) {
  const { page } = props;
  const t = k(page);
  return (
    <Layout page={page} title={t.listTitle} crumbs={crumbs(page)}>
      <h1>{t.listTitle}</h1>
      <p class="lead">{t.listIntro}</p>
      {props.rows.length === 0 ? <p>{t.none}</p> : null}
      <ul>
        {props.rows.map((r) => (
          <li>
            <a href={`/co-creation/${r.p.id}`}>
              <Text value={r.p.title} locale={page.locale} />
            </a>{' '}
            · <Text value={r.memberName} locale={page.locale} />
            {r.p.calendarPublishedAt ? null : <span class="muted"> · {t.unpublished}</span>}
          </li>
        ))}
      </ul>
      {props.canCreate.length ? (
        <p>
          <a href="/co-creation/new">{t.newProcess}</a>
        </p>
      ) : null}
    </Layout>
  );
}

export function ProcessFormPage(props: { page: PageContext; members: { id: number; name: LocalizedText }[]; values: Values; errors?: FieldErrors }) {
  const { page, values } = props;
  const t = k(page);
  const e = props.errors ?? {};
  return (
    <Layout page={page} title={t.newProcess} crumbs={crumbs(page, [{ label: t.newProcess }])}>
      <h1>{t.newProcess}</h1>
      <ErrorSummary errors={e} heading={k(page).errorsHeading} />
      <form method="post" action="/co-creation/new" class="stack">
        <CsrfField page={page} />
        <Select name="memberId" label={t.member} value={values.memberId} options={props.members.map((m) => ({ value: String(m.id), label: textIn(m.name, page.locale) }))} error={e.memberId} required />
        <Input name="planNumber" label={t.planNumber} type="number" min="1" value={values.planNumber} error={e.planNumber} required />
        <Input name="titleEs" label={t.titleEs} value={values.titleEs} error={e.titleEs} maxlength={300} required />
        <Input name="titleEn" label={t.titleEn} value={values.titleEn} error={e.titleEn} maxlength={300} />
        <TextArea name="descriptionEs" label={t.descriptionEs} value={values.descriptionEs} error={e.descriptionEs} maxlength={5000} rows={3} />
        <TextArea name="descriptionEn" label={t.descriptionEn} value={values.descriptionEn} error={e.descriptionEn} maxlength={5000} rows={3} />
        <Select name="voteMode" label={t.voteMode} value={values.voteMode ?? 'none'} options={VOTE_MODES.map((m) => ({ value: m, label: t.voteModes[m] }))} error={e.voteMode} />
        {COCREATION_PHASES.map((kind) => (
          <fieldset>
            <legend>{t.phases[kind]}</legend>
            <Input name={`${kind}.startsOn`} label={t.startsOn} type="date" value={values[`${kind}.startsOn`]} error={e[`${kind}.startsOn`]} required />
            <Input name={`${kind}.endsOn`} label={t.endsOn} type="date" value={values[`${kind}.endsOn`]} error={e[`${kind}.endsOn`]} required />
            <Input name={`${kind}.openEs`} label={t.whatIsOpenEs} value={values[`${kind}.openEs`]} error={e[`${kind}.openEs`]} maxlength={500} />
            <Input name={`${kind}.openEn`} label={t.whatIsOpenEn} value={values[`${kind}.openEn`]} error={e[`${kind}.openEn`]} maxlength={500} />
          </fieldset>
        ))}
        <button type="submit">{t.create}</button>
      </form>
    </Layout>
  );
}

function Calendar(props: { page: PageContext; phases: PhaseRow[]; today: string }) {
  const { page } = props;
  const t = k(page);
  return (
    <div class="scroll" role="region" aria-label={t.calendar} tabindex={0}>
      <table>
        <caption>{t.calendar}</caption>
        <thead>
          <tr>
            <th scope="col">{t.phaseDates}</th>
            <th scope="col">{t.startsOn}</th>
            <th scope="col">{t.endsOn}</th>
            <th scope="col">{t.whatIsOpen}</th>
          </tr>
        </thead>
        <tbody>
          {props.phases.map((p) => {
            const open = p.startsOn <= props.today && props.today <= p.endsOn;
            const moved = p.announcedStartsOn && (p.announcedStartsOn !== p.startsOn || p.announcedEndsOn !== p.endsOn);
            return (
              <tr>
                <th scope="row">
                  {t.phases[p.kind]}
                  {open ? <strong> · {t.openNow}</strong> : null}
                </th>
                <td>{p.startsOn}</td>
                <td>
                  {p.endsOn}
                  {moved ? <div class="muted">{t.calendarChanged(p.announcedStartsOn!, p.announcedEndsOn!)}</div> : null}
                </td>
                <td>
                  <Text value={p.whatIsOpen} locale={page.locale} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function ProposalList(props: { page: PageContext; rows: ProposalRow[]; votes?: Map<number, number> }) {
  const { page } = props;
  const t = k(page);
  return (
    <ul>
      {props.rows.map((p) => (
        <li>
          <a href={`/proposals/${p.id}`}>
            n° {p.id}
            {p.hiddenAt ? '' : `: ${p.title}`}
          </a>{' '}
          <span class="muted">
            · {t.ogpValues[p.ogpValue]}
            {props.votes?.get(p.id) ? ` · ${t.votes(props.votes.get(p.id)!)}` : ''}
            {p.hiddenAt ? ` · ${t.hidden(textIn(p.hiddenReason, page.locale))}` : ''}
            {' · '}
          </span>
          {p.responsePublishedAt ? <ResponseState page={page} p={p} /> : <span class="muted">{t.noResponse}</span>}
        </li>
      ))}
    </ul>
  );
}

export function ProcessPage(props: { page: PageContext; d: NonNullable<Awaited<ReturnType<typeof processDetail>>>; today: string; manager: boolean; callOpen: boolean; flash?: string | null; stamp: string; errors?: FieldErrors }) {
  const { page, d } = props;
  const t = k(page);
  const title = textIn(d.process.title, page.locale);
  const visible = d.proposals.filter((p) => !p.hiddenAt);
  return (
    <Layout page={page} title={title} crumbs={crumbs(page, [{ label: title }])}>
      <h1>
        <Text value={d.process.title} locale={page.locale} />
      </h1>
      <Flash text={props.flash} />
      <Paragraphs value={d.process.description} locale={page.locale} />
      <p class="muted">{d.process.calendarPublishedAt ? t.calendarPublished(formatDate(d.process.calendarPublishedAt, page.locale)) : t.unpublished}</p>
      {d.plan ? (
        <p>
          {t.approvedInto}: <a href={`/plans/${d.plan.id}`}><Text value={d.plan.title} locale={page.locale} /></a>
        </p>
      ) : null}
      <Calendar page={page} phases={d.phases} today={props.today} />
      <p>
        <a href={`/feeds/co-creation/${d.process.id}`}>{t.feed}</a> · <a href={`/co-creation/${d.process.id}/checklist`}>{t.checklist}</a>
        {props.manager ? (
          <>
            {' · '}
            <a href={`/co-creation/${d.process.id}/manage`}>{t.manage}</a>
          </>
        ) : null}
      </p>
      {d.process.calendarPublishedAt ? (
        <section aria-labelledby="subscribe">
          <h2 id="subscribe">{t.subscribe}</h2>
          <ErrorSummary errors={props.errors ?? {}} heading={t.errorsHeading} />
          <form method="post" action={`/co-creation/${d.process.id}/subscribe`} class="stack">
            <CsrfField page={page} />
            <Honeypot page={page} stamp={props.stamp} />
            <Input name="email" label={t.yourEmail} type="email" value="" error={props.errors?.email} maxlength={254} required autocomplete="email" />
            <button type="submit">{t.subscribeButton}</button>
          </form>
        </section>
      ) : null}
      <section aria-labelledby="proposals">
        <h2 id="proposals">{t.proposals}</h2>
        {props.callOpen ? (
          <p>
            <a href={`/co-creation/${d.process.id}/proposals/new`}>{t.propose}</a>
          </p>
        ) : null}
        <p>
          <strong>{d.unanswered.length ? t.unanswered(d.unanswered.length) : t.allAnswered}</strong>
        </p>
        {d.unanswered.length ? <ProposalList page={page} rows={d.unanswered} /> : null}
        <h3>{t.answeredList}</h3>
        <ProposalList page={page} rows={visible.filter((p) => p.responsePublishedAt)} votes={d.votes} />
        <p>
          {t.exports}: <a href={`/co-creation/${d.process.id}/responses.csv`}>CSV</a> · <a href={`/co-creation/${d.process.id}/responses.xlsx`}>XLSX</a> · {t.systematisation}:{' '}
          <a href={`/co-creation/${d.process.id}/systematisation.html`}>HTML</a> · <a href={`/co-creation/${d.process.id}/systematisation.pdf`}>PDF</a> ·{' '}
          <a href={`/co-creation/${d.process.id}/systematisation.docx`}>DOCX</a>
        </p>
      </section>
      <section aria-labelledby="tables">
        <h2 id="tables">{t.workingTables}</h2>
        <ul>
          {d.tables.map((w) => (
            <li>
              <a href={`/working-tables/${w.id}`}>
                <Text value={w.name} locale={page.locale} />
              </a>{' '}
              · {w.unanswered.length ? t.unanswered(w.unanswered.length) : t.allAnswered}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="drafts">
        <h2 id="drafts">{t.drafts}</h2>
        <ul>
          {d.drafts.map((x) => (
            <li>
              <a href={`/drafts/${x.id}`}>
                {t.draft(x.id)}: <Text value={x.latest.fields.title} locale={page.locale} />
              </a>{' '}
              <span class="muted">· {t.version(x.currentVersion)}</span>
            </li>
          ))}
        </ul>
      </section>
    </Layout>
  );
}

export function ProposalFormPage(props: { page: PageContext; processId: number; processTitle: LocalizedText; signedIn: boolean; stamp: string; values: Values; errors?: FieldErrors }) {
  const { page, values } = props;
  const t = k(page);
  const e = props.errors ?? {};
  const title = textIn(props.processTitle, page.locale);
  return (
    <Layout page={page} title={t.proposeTitle} crumbs={crumbs(page, [{ label: title, href: `/co-creation/${props.processId}` }, { label: t.proposeTitle }])}>
      <h1>{t.proposeTitle}</h1>
      <p>{t.proposeIntro}</p>
      <ErrorSummary errors={e} heading={k(page).errorsHeading} />
      <form method="post" action={`/co-creation/${props.processId}/proposals/new`} class="stack">
        <CsrfField page={page} />
        <Honeypot page={page} stamp={props.stamp} />
        <Input name="title" label={t.proposalTitle} value={values.title} error={e.title} maxlength={200} required />
        <TextArea name="problem" label={t.problem} value={values.problem} error={e.problem} maxlength={5000} required />
        <TextArea name="idea" label={t.idea} value={values.idea} error={e.idea} maxlength={5000} required />
        <Input name="theme" label={t.theme} value={values.theme} error={e.theme} maxlength={200} required />
        <Select name="ogpValue" label={t.ogpValue} value={values.ogpValue} options={OGP_VALUES.map((v) => ({ value: v, label: t.ogpValues[v] }))} error={e.ogpValue} required />
        <Input name="organisation" label={t.organisation} value={values.organisation} error={e.organisation} maxlength={200} />
        {props.signedIn ? null : (
          <>
            <Input name="name" label={t.yourName} value={values.name} error={e.name} maxlength={200} required autocomplete="name" />
            <Input name="email" label={t.yourEmail} type="email" value={values.email} error={e.email} maxlength={254} required autocomplete="email" hint={t.emailHint} />
          </>
        )}
        <button type="submit">{t.send}</button>
      </form>
    </Layout>
  );
}

export function ConfirmPage(props: { page: PageContext; action: string; message?: string | null; button?: string }) {
  const { page } = props;
  const t = k(page);
  return (
    <Layout page={page} title={t.confirmTitle} crumbs={crumbs(page, [{ label: t.confirmTitle }])}>
      <h1>{t.confirmTitle}</h1>
      {props.message ? (
        <p role="status">{props.message}</p>
      ) : (
        <form method="post" action={props.action}>
          <CsrfField page={page} />
          <p>{t.confirmIntro}</p>
          <button type="submit">{props.button ?? t.confirmButton}</button>
        </form>
      )}
    </Layout>
  );
}

function ResponseForm(props: { page: PageContext; action: string; templates: { id: number; name: string }[]; values: Values; errors: FieldErrors; drafts: { id: number }[]; children?: unknown; submit: string }) {
  const { page, values } = props;
  const t = k(page);
  const e = props.errors;
  return (
    <form method="post" action={props.action} class="stack">
      <CsrfField page={page} />
      {props.children as never}
      <Select name="templateId" label={t.template} value={values.templateId} options={[{ value: '', label: t.noTemplate }, ...props.templates.map((x) => ({ value: String(x.id), label: x.name }))]} error={e.templateId} />
      <Select name="state" label={t.state} value={values.state} options={[{ value: '', label: t.noTemplate }, ...RESPONSE_STATES.map((s) => ({ value: s, label: t.responseStates[s] }))]} error={e.state} />
      <TextArea name="reasonEs" label={t.reasonEs} value={values.reasonEs} error={e.reasonEs} maxlength={5000} rows={3} />
      <TextArea name="reasonEn" label={t.reasonEn} value={values.reasonEn} error={e.reasonEn} maxlength={5000} rows={3} />
      <Select name="draftId" label={t.draftId} value={values.draftId} options={[{ value: '', label: t.noTemplate }, ...props.drafts.map((x) => ({ value: String(x.id), label: t.draft(x.id) }))]} error={e.draftId} />
      <Input name="mergedWithId" label={t.mergedWithId} value={values.mergedWithId} error={e.mergedWithId} maxlength={10} />
      <button type="submit">{props.submit}</button>
    </form>
  );
}

export function ProposalPage(props: {
  page: PageContext;
  d: NonNullable<Awaited<ReturnType<typeof proposalDetail>>>;
  manager: { templates: { id: number; name: string }[]; drafts: { id: number }[] } | null;
  canVote: boolean;
  flash?: string | null;
  values?: Values;
  errors?: FieldErrors;
}) {
  const { page, d } = props;
  const t = k(page);
  const p = d.proposal;
  const e = props.errors ?? {};
  const processTitle = textIn(d.process.title, page.locale);
  return (
    <Layout page={page} title={p.hiddenAt && !props.manager ? `n° ${p.id}` : p.title} crumbs={crumbs(page, [{ label: processTitle, href: `/co-creation/${d.process.id}` }, { label: `n° ${p.id}` }])}>
      <h1>
        n° {p.id}
        {p.hiddenAt && !props.manager ? '' : `: ${p.title}`}
      </h1>
      <Flash text={props.flash} />
      <ErrorSummary errors={e} heading={k(page).errorsHeading} />
      {p.hiddenAt ? <p class="note">{t.hidden(textIn(p.hiddenReason, page.locale))}</p> : null}
      {p.hiddenAt && !props.manager ? null : (
      <>
      <dl class="facts">
        <dt>{t.author}</dt>
        <dd>
          {p.authorName}
          {p.organisation ? ` (${p.organisation})` : ''}
        </dd>
        <dt>{t.theme}</dt>
        <dd>{p.theme}</dd>
        <dt>{t.ogpValue}</dt>
        <dd>{t.ogpValues[p.ogpValue]}</dd>
        {d.table ? (
          <>
            <dt>{t.workingTable}</dt>
            <dd>
              <a href={`/working-tables/${d.table.id}`}>
                <Text value={d.table.name} locale={page.locale} />
              </a>
            </dd>
          </>
        ) : null}
      </dl>
      <h2>{t.problem}</h2>
      <p style="white-space: pre-wrap" lang={p.locale}>{p.problem}</p>
      <h2>{t.idea}</h2>
      <p lang={p.locale}>{p.idea}</p>
      </>
      )}
      {d.head ? (
        <p>
          {t.duplicateOf} <a href={`/proposals/${d.head.id}`}>n° {d.head.id}: {d.head.title}</a>
        </p>
      ) : null}
      {d.duplicates.length ? (
        <>
          <h2>{t.duplicates}</h2>
          <ul>
            {d.duplicates.map((x) => (
              <li>
                <a href={`/proposals/${x.id}`}>
                  n° {x.id}: {x.title}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <section aria-labelledby="response">
        <h2 id="response">{t.response}</h2>
        {p.responsePublishedAt ? (
          <>
            <p>
              <strong>
                <ResponseState page={page} p={p} />
              </strong>
            </p>
            <Paragraphs value={p.responseReason} locale={page.locale} />
            {d.fate?.commitment ? (
              <p>
                {t.became}: <a href={`/commitments/${d.fate.commitment.id}`}>{t.becameCommitment(d.fate.commitment.number)}</a>
              </p>
            ) : null}
          </>
        ) : (
          <p>{t.noResponse}</p>
        )}
      </section>
      <p>{t.votes(d.votes)}</p>
      {props.canVote ? (
        <form method="post" action={`/proposals/${p.id}/vote`} class="stack">
          <CsrfField page={page} />
          {d.process.voteMode === 'organisation' ? <Input name="organisation" label={t.voteOrg} value="" maxlength={200} required /> : null}
          <button type="submit">{t.vote}</button>
        </form>
      ) : null}
      {props.manager ? (
        <section aria-labelledby="manage" class="card">
          <h2 id="manage">{t.manage}</h2>
          {p.responseState && !p.responsePublishedAt ? (
            <p class="note">
              {t.writtenNotPublished}: {t.responseStates[p.responseState]} — {textIn(p.responseReason, page.locale)}
            </p>
          ) : null}
          {p.responsePublishedAt ? null : (
            <ResponseForm page={page} action={`/proposals/${p.id}/respond`} templates={props.manager.templates} drafts={props.manager.drafts} values={props.values ?? {}} errors={e} submit={t.respond} />
          )}
          {p.hiddenAt ? null : (
            <form method="post" action={`/proposals/${p.id}/hide`} class="stack">
              <CsrfField page={page} />
              <Input name="reasonEs" label={t.hideReasonEs} value="" maxlength={1000} required />
              <Input name="reasonEn" label={t.hideReasonEn} value="" maxlength={1000} />
              <button type="submit" class="secondary">
                {t.hide}
              </button>
            </form>
          )}
          <form method="post" action={`/proposals/${p.id}/group`} class="stack">
            <CsrfField page={page} />
            <Input name="ofId" label={t.group} value="" maxlength={10} required />
            <button type="submit" class="secondary">
              {t.groupButton}
            </button>
          </form>
        </section>
      ) : null}
    </Layout>
  );
}

export function ManagePage(props: {
  page: PageContext;
  d: NonNullable<Awaited<ReturnType<typeof processDetail>>>;
  templates: { id: number; name: string }[];
  values: Values;
  errors?: FieldErrors;
  flash?: string | null;
  answered?: number[];
}) {
  const { page, d } = props;
  const t = k(page);
  const e = props.errors ?? {};
  const title = textIn(d.process.title, page.locale);
  const pending = d.proposals.filter((p) => !p.responsePublishedAt);
  const written = pending.filter((p) => p.responseState).length;
  return (
    <Layout page={page} title={t.manageTitle} crumbs={crumbs(page, [{ label: title, href: `/co-creation/${d.process.id}` }, { label: t.manageTitle }])}>
      <h1>
        {t.manageTitle}: {title}
      </h1>
      <Flash text={props.flash} />
      {props.answered?.length ? (
        <div role="status">
          <p>{t.answeredList}:</p>
          <ul>
            {props.answered.map((id) => (
              <li>
                <a href={`/proposals/${id}`}>n° {id}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <ErrorSummary errors={e} heading={k(page).errorsHeading} />
      {d.process.calendarPublishedAt ? null : (
        <form method="post" action={`/co-creation/${d.process.id}/publish-calendar`}>
          <CsrfField page={page} />
          <button type="submit">{t.publishCalendar}</button>
        </form>
      )}
      <section aria-labelledby="phase">
        <h2 id="phase">{t.movePhase}</h2>
        <p class="muted">{t.movePhaseHint}</p>
        <form method="post" action={`/co-creation/${d.process.id}/phase`} class="stack">
          <CsrfField page={page} />
          <Select name="kind" label={t.phaseDates} value="" options={COCREATION_PHASES.map((x) => ({ value: x, label: t.phases[x] }))} error={e.kind} />
          <Input name="startsOn" label={t.startsOn} type="date" value="" error={e.startsOn} required />
          <Input name="endsOn" label={t.endsOn} type="date" value="" error={e.endsOn} required />
          <button type="submit">{t.movePhase}</button>
        </form>
      </section>
      <section aria-labelledby="respond">
        <h2 id="respond">{t.respondSelected}</h2>
        <ResponseForm page={page} action={`/co-creation/${d.process.id}/respond`} templates={props.templates} drafts={d.drafts} values={props.values} errors={e} submit={t.respondSelected}>
          <fieldset>
            <legend>{t.proposals}</legend>
            {pending.map((p) => (
              <Checkbox id={`p-${p.id}`} name="proposalIds" value={String(p.id)} label={`n° ${p.id}: ${p.title}${p.responseState ? ` (${t.writtenNotPublished})` : ''}`} />
            ))}
          </fieldset>
        </ResponseForm>
        <form method="post" action={`/co-creation/${d.process.id}/publish-responses`}>
          <CsrfField page={page} />
          <button type="submit" disabled={written === 0}>
            {t.publishResponses} ({written})
          </button>
        </form>
      </section>
      <section aria-labelledby="templates">
        <h2 id="templates">{t.templates}</h2>
        <ul>
          {props.templates.map((x) => (
            <li>{x.name}</li>
          ))}
        </ul>
        <form method="post" action={`/co-creation/${d.process.id}/templates`} class="stack">
          <CsrfField page={page} />
          <Input name="name" label={t.templateName} value="" maxlength={200} required />
          <Select name="state" label={t.state} value="" options={RESPONSE_STATES.map((s) => ({ value: s, label: t.responseStates[s] }))} />
          <TextArea name="reasonEs" label={t.reasonEs} value="" maxlength={5000} rows={2} required />
          <TextArea name="reasonEn" label={t.reasonEn} value="" maxlength={5000} rows={2} />
          <button type="submit">{t.addTemplate}</button>
        </form>
      </section>
      <section aria-labelledby="newtable">
        <h2 id="newtable">{t.newWorkingTable}</h2>
        <form method="post" action={`/co-creation/${d.process.id}/working-tables`} class="stack">
          <CsrfField page={page} />
          <Input name="nameEs" label={t.nameEs} value="" maxlength={300} required />
          <Input name="nameEn" label={t.nameEn} value="" maxlength={300} />
          <Input name="themeEs" label={t.themeEs} value="" maxlength={300} />
          <Input name="themeEn" label={t.themeEn} value="" maxlength={300} />
          <Input name="proposalIds" label={t.attachProposals} value="" maxlength={2000} />
          <button type="submit">{t.createTable}</button>
        </form>
        <p>
          <a href={`/co-creation/${d.process.id}/drafts/new`}>{t.newDraft}</a>
        </p>
      </section>
      <section aria-labelledby="systematisation">
        <h2 id="systematisation">{t.systematisation}</h2>
        <form method="post" action={`/co-creation/${d.process.id}/systematisation`}>
          <CsrfField page={page} />
          <button type="submit">{t.publishSystematisation}</button>
        </form>
      </section>
      {d.process.approvedAt ? null : (
        <section aria-labelledby="approve">
          <h2 id="approve">{t.approve}</h2>
          <p>{t.approveIntro}</p>
          <form method="post" action={`/co-creation/${d.process.id}/approve`} class="stack">
            <CsrfField page={page} />
            <fieldset>
              <legend>{t.drafts}</legend>
              {d.drafts.map((x) => (
                <Checkbox id={`d-${x.id}`} name="draftIds" value={String(x.id)} checked label={`${t.approveDraft(x.id)}: ${textIn(x.latest.fields.title, page.locale)}`} />
              ))}
            </fieldset>
            <Input name="planTitleEs" label={t.planTitleEs} value={props.values.planTitleEs} error={e.planTitleEs} maxlength={300} required />
            <Input name="planTitleEn" label={t.planTitleEn} value={props.values.planTitleEn} error={e.planTitleEn} maxlength={300} />
            <Input name="startMonth" label={t.startMonth} value={props.values.startMonth} error={e.startMonth} maxlength={7} required />
            <Input name="endMonth" label={t.endMonth} value={props.values.endMonth} error={e.endMonth} maxlength={7} required />
            <button type="submit">{t.approve}</button>
          </form>
        </section>
      )}
    </Layout>
  );
}

export function WorkingTablePage(props: { page: PageContext; d: NonNullable<Awaited<ReturnType<typeof workingTableDetail>>>; manager: boolean; flash?: string | null; errors?: FieldErrors; values?: Values }) {
  const { page, d } = props;
  const v = props.values ?? {};
  const e = props.errors ?? {};
  const t = k(page);
  const title = textIn(d.table.name, page.locale);
  return (
    <Layout page={page} title={title} crumbs={crumbs(page, [{ label: textIn(d.process.title, page.locale), href: `/co-creation/${d.process.id}` }, { label: title }])}>
      <h1>
        {t.workingTable}: <Text value={d.table.name} locale={page.locale} />
      </h1>
      <Flash text={props.flash} />
      <Paragraphs value={d.table.theme} locale={page.locale} />
      <p>
        <strong>{d.unanswered.length ? t.unanswered(d.unanswered.length) : t.allAnswered}</strong>
      </p>
      <h2>{t.attached}</h2>
      <ProposalList page={page} rows={d.proposals} />
      <h2>{t.sessions}</h2>
      <ul>
        {d.sessions.map((s) => (
          <li>
            {s.heldOn}: <Text value={s.summary} locale={page.locale} />
            {s.meetingId ? (
              <>
                {' '}
                · <a href={`/meetings/${s.meetingId}`}>{t.sessionMeeting}</a>
              </>
            ) : null}
          </li>
        ))}
      </ul>
      <h2>{t.drafts}</h2>
      <ul>
        {d.drafts.map((x) => (
          <li>
            <a href={`/drafts/${x.id}`}>
              {t.draft(x.id)}: <Text value={x.latest.fields.title} locale={page.locale} />
            </a>
          </li>
        ))}
      </ul>
      {props.manager ? (
        <section aria-labelledby="manage-table" class="card">
          <h2 id="manage-table">{t.manage}</h2>
          <ErrorSummary errors={e} heading={t.errorsHeading} />
          <form method="post" action={`/working-tables/${d.table.id}/proposals`} class="stack">
            <CsrfField page={page} />
            <Input name="proposalIds" label={t.attachProposals} value={v.proposalIds} error={e.proposalIds} maxlength={2000} required />
            <button type="submit">{t.attachButton}</button>
          </form>
          <form method="post" action={`/working-tables/${d.table.id}/convene`} class="stack">
            <h3>{t.conveneSession}</h3>
            <CsrfField page={page} />
            <Input name="startsAt" label={t.sessionStartsAt} type="datetime-local" value={v.startsAt} error={e.startsAt} required />
            <Input name="endsAt" label={t.sessionEndsAt} type="datetime-local" value={v.endsAt} error={e.endsAt} required />
            <Input name="place" label={t.sessionPlace} value={v.place} error={e.place} maxlength={500} />
            <Input name="link" label={t.sessionLink} type="url" value={v.link} error={e.link} maxlength={2000} />
            <button type="submit">{t.conveneSession}</button>
          </form>
          <form method="post" action={`/working-tables/${d.table.id}/sessions`} class="stack">
            <h3>{t.addSession}</h3>
            <p>{t.sessionByHand}</p>
            <CsrfField page={page} />
            <Input name="heldOn" label={t.sessionDate} type="date" value={v.heldOn} error={e.heldOn} required />
            <TextArea name="summaryEs" label={t.sessionSummaryEs} value={v.summaryEs} error={e.summaryEs} maxlength={5000} rows={3} required />
            <TextArea name="summaryEn" label={t.sessionSummaryEn} value={v.summaryEn} error={e.summaryEn} maxlength={5000} rows={3} />
            <button type="submit">{t.addSession}</button>
          </form>
          {d.sessions.some((s) => !s.meetingId) ? (
            <form method="post" action={`/working-tables/${d.table.id}/link-meeting`} class="stack">
              <h3>{t.linkMeeting}</h3>
              <CsrfField page={page} />
              <Select name="sessionId" label={t.sessions} value={v.sessionId} options={d.sessions.filter((s) => !s.meetingId).map((s) => ({ value: String(s.id), label: s.heldOn }))} />
              <Input name="meetingId" label={t.meetingNumber} value={v.meetingId} error={e.meetingId} maxlength={10} required />
              <button type="submit">{t.linkMeeting}</button>
            </form>
          ) : null}
        </section>
      ) : null}
    </Layout>
  );
}

export function DraftFormPage(props: {
  page: PageContext;
  action: string;
  heading: string;
  processId: number;
  tables: { id: number; name: LocalizedText }[] | null;
  comments: { id: number; field: string; body: string; authorName: string }[];
  values: Values;
  errors?: FieldErrors;
}) {
  const { page, values } = props;
  const t = k(page);
  const e = props.errors ?? {};
  const texts = ['title', 'problem', 'objective', 'description', 'howItSolves', 'relevance', 'ambition'] as const;
  return (
    <Layout page={page} title={props.heading} crumbs={crumbs(page, [{ label: props.heading }])}>
      <h1>{props.heading}</h1>
      <ErrorSummary errors={e} heading={k(page).errorsHeading} />
      <form method="post" action={props.action} class="stack">
        <CsrfField page={page} />
        <input type="hidden" name="expectedVersion" value={values.expectedVersion ?? ''} />
        {props.tables ? (
          <Select name="workingTableId" label={t.workingTable} value={values.workingTableId} options={[{ value: '', label: t.noTemplate }, ...props.tables.map((x) => ({ value: String(x.id), label: textIn(x.name, page.locale) }))]} error={e.workingTableId} />
        ) : null}
        {texts.map((f) => (
          <>
            <TextArea name={`${f}Es`} label={t.fieldEs(t.fields[f])} value={values[`${f}Es`]} error={e[`${f}Es`]} maxlength={10000} rows={f === 'title' ? 2 : 4} required={f === 'title'} />
            <TextArea name={`${f}En`} label={t.fieldEn(t.fields[f])} value={values[`${f}En`]} error={e[`${f}En`]} maxlength={10000} rows={f === 'title' ? 2 : 4} />
          </>
        ))}
        <Input name="leadInstitution" label={t.fields.leadInstitution} value={values.leadInstitution} error={e.leadInstitution} maxlength={300} />
        <Input name="startMonth" label={t.startMonth} value={values.startMonth} error={e.startMonth} maxlength={7} required />
        <Input name="endMonth" label={t.endMonth} value={values.endMonth} error={e.endMonth} maxlength={7} required />
        <fieldset>
          <legend>{t.values}</legend>
          {OGP_VALUES.map((v) => (
            <Checkbox id={`v-${v}`} name="values" value={v} label={t.ogpValues[v]} checked={(values.values ?? '').split(',').includes(v)} />
          ))}
        </fieldset>
        <TextArea name="milestones" label={t.fields.milestones} hint={t.milestonesHint} value={values.milestones} error={e.milestones} maxlength={20000} rows={5} />
        <TextArea name="changeNoteEs" label={t.changeNoteEs} value={values.changeNoteEs} error={e.changeNoteEs} maxlength={5000} rows={2} required />
        <TextArea name="changeNoteEn" label={t.changeNoteEn} value={values.changeNoteEn} error={e.changeNoteEn} maxlength={5000} rows={2} />
        {props.comments.length ? (
          <fieldset>
            <legend>{t.ledBy}</legend>
            {props.comments.map((c) => (
              <Checkbox id={`c-${c.id}`} name="commentIds" value={String(c.id)} label={`${c.authorName} (${t.fields[c.field as keyof typeof t.fields] ?? c.field}): ${c.body.slice(0, 200)}`} />
            ))}
          </fieldset>
        ) : null}
        <button type="submit">{props.tables ? t.saveDraft : t.revise}</button>
      </form>
    </Layout>
  );
}

/** The form values of a draft version (for the revise form). */
export function draftValues(f: DraftFields, version: number): Values {
  const v: Values = { expectedVersion: String(version), leadInstitution: f.leadInstitution, startMonth: f.startMonth, endMonth: f.endMonth, values: f.values.join(',') };
  for (const key of ['title', 'problem', 'objective', 'description', 'howItSolves', 'relevance', 'ambition'] as const) {
    v[`${key}Es`] = f[key].es ?? '';
    v[`${key}En`] = f[key].en ?? '';
  }
  v.milestones = f.milestones.map((m) => `${m.title.es ?? m.title.en ?? ''} | ${m.start} | ${m.end}`).join('\n');
  return v;
}

export function DraftPage(props: {
  page: PageContext;
  d: NonNullable<Awaited<ReturnType<typeof draftDetail>>>;
  consultationOpen: boolean;
  signedIn: boolean;
  manager: boolean;
  stamp: string;
  values?: Values;
  errors?: FieldErrors;
  flash?: string | null;
}) {
  const { page, d } = props;
  const t = k(page);
  const e = props.errors ?? {};
  const values = props.values ?? {};
  const latest = d.versions[d.versions.length - 1]!;
  const f = latest.fields;
  const heading = t.draft(d.draft.id);
  return (
    <Layout page={page} title={heading} crumbs={crumbs(page, [{ label: textIn(d.process.title, page.locale), href: `/co-creation/${d.process.id}` }, { label: heading }])}>
      <h1>
        {heading}: <Text value={f.title} locale={page.locale} />
      </h1>
      <Flash text={props.flash} />
      <p class="muted">{t.version(latest.number)}</p>
      <section aria-labelledby="trace">
        <h2 id="trace">{t.trace}</h2>
        <ul>
          {d.table ? (
            <li>
              {t.workingTable}:{' '}
              <a href={`/working-tables/${d.table.id}`}>
                <Text value={d.table.name} locale={page.locale} />
              </a>
            </li>
          ) : null}
          {d.proposals.map((p) => (
            <li>
              {t.proposals}: <a href={`/proposals/${p.id}`}>n° {p.id}: {p.title}</a>
            </li>
          ))}
          {d.commitment ? (
            <li>
              {t.became}: <a href={`/commitments/${d.commitment.id}`}>{t.becameCommitment(d.commitment.number)}</a>
            </li>
          ) : null}
        </ul>
      </section>
      {COMMENTABLE_FIELDS.map((field) => {
        const cs = d.comments.filter((c) => c.field === field);
        return (
          <section aria-labelledby={`fld-${field}`}>
            <h2 id={`fld-${field}`}>{t.fields[field]}</h2>
            <p style="white-space: pre-wrap">{fieldText(f, field, page.locale)}</p>
            {cs.length ? (
              <details>
                <summary>
                  {t.comments} ({cs.length})
                </summary>
                <ul>
                  {cs.map((c) => (
                    <li>
                      <strong>{c.authorName}</strong> ({t.version(c.versionNumber)}): {c.body}
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
          </section>
        );
      })}
      <section aria-labelledby="versions">
        <h2 id="versions">{t.versions}</h2>
        <ol>
          {d.versions.map((v) => (
            <li>
              {t.version(v.number)} · {formatDate(v.createdAt, page.locale)} · <Text value={v.changeNote} locale={page.locale} />
              {v.commentIds.length ? ` · ${t.ledBy}: ${v.commentIds.map((id) => `#${id}`).join(', ')}` : ''}
            </li>
          ))}
        </ol>
        {d.versions.length > 1 ? (
          <form method="get" action={`/drafts/${d.draft.id}/diff`} class="inline">
            <Select name="from" label={t.from} value={String(d.versions.length - 1)} options={d.versions.map((v) => ({ value: String(v.number), label: t.version(v.number) }))} />
            <Select name="to" label={t.to} value={String(d.versions.length)} options={d.versions.map((v) => ({ value: String(v.number), label: t.version(v.number) }))} />
            <button type="submit">{t.compare}</button>
          </form>
        ) : null}
      </section>
      <section aria-labelledby="comment">
        <h2 id="comment">{t.commentOn}</h2>
        <ErrorSummary errors={e} heading={k(page).errorsHeading} />
        {props.consultationOpen ? (
          <form method="post" action={`/drafts/${d.draft.id}/comments`} class="stack">
            <CsrfField page={page} />
            <Honeypot page={page} stamp={props.stamp} />
            <Select name="field" label={t.commentField} value={values.field} options={COMMENTABLE_FIELDS.map((x) => ({ value: x, label: t.fields[x] }))} error={e.field} required />
            <TextArea name="body" label={t.commentBody} value={values.body} error={e.body} maxlength={5000} required />
            {props.signedIn ? null : (
              <>
                <Input name="name" label={t.yourName} value={values.name} error={e.name} maxlength={200} required autocomplete="name" />
                <Input name="email" label={t.yourEmail} type="email" value={values.email} error={e.email} maxlength={254} required autocomplete="email" hint={t.emailHint} />
              </>
            )}
            <button type="submit">{t.send}</button>
          </form>
        ) : (
          <p>{t.consultationClosed}</p>
        )}
      </section>
      {props.manager && !d.commitment ? (
        <p>
          <a href={`/drafts/${d.draft.id}/revise`}>{t.revise}</a>
        </p>
      ) : null}
    </Layout>
  );
}

export function DiffPage(props: { page: PageContext; draftId: number; a: number; b: number; fields: { field: string; label: string; parts: DiffPart[] }[] }) {
  const { page } = props;
  const t = k(page);
  const heading = t.diffTitle(props.draftId, props.a, props.b);
  return (
    <Layout page={page} title={heading} crumbs={crumbs(page, [{ label: t.draft(props.draftId), href: `/drafts/${props.draftId}` }, { label: t.diff }])}>
      <h1>{heading}</h1>
      {props.fields.map((f) => (
        <section aria-labelledby={`d-${f.field}`}>
          <h2 id={`d-${f.field}`}>{f.label}</h2>
          {f.parts.every((p) => p.kind === 'same') ? <p class="muted">{t.unchanged}</p> : null}
          <p style="white-space: pre-wrap">
            {f.parts.map((p) =>
              p.kind === 'added' ? (
                <ins aria-label={`${t.added}: ${p.text}`}>{p.text}</ins>
              ) : p.kind === 'removed' ? (
                <del aria-label={`${t.removed}: ${p.text}`}>{p.text}</del>
              ) : (
                <>{p.text}</>
              ),
            )}
          </p>
        </section>
      ))}
    </Layout>
  );
}

export function OriginPage(props: { page: PageContext; commitmentId: number; d: Awaited<ReturnType<typeof draftDetail>> }) {
  const { page, d } = props;
  const t = k(page);
  return (
    <Layout page={page} title={t.trace} crumbs={[{ label: `n° ${props.commitmentId}`, href: `/commitments/${props.commitmentId}` }, { label: t.trace }]}>
      <h1>{t.trace}</h1>
      <p>{t.traceIntro}</p>
      {!d ? (
        <p>{t.noTrace}</p>
      ) : (
        <ul>
          <li>
            <a href={`/co-creation/${d.process.id}`}>
              <Text value={d.process.title} locale={page.locale} />
            </a>
          </li>
          <li>
            <a href={`/drafts/${d.draft.id}`}>
              {t.draft(d.draft.id)} ({t.version(d.draft.currentVersion)})
            </a>
          </li>
          {d.table ? (
            <li>
              {t.workingTable}:{' '}
              <a href={`/working-tables/${d.table.id}`}>
                <Text value={d.table.name} locale={page.locale} />
              </a>
            </li>
          ) : null}
          {d.proposals.map((p) => (
            <li>
              <a href={`/proposals/${p.id}`}>
                n° {p.id}: {p.title}
              </a>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export function ChecklistPage(props: { page: PageContext; processId: number; title: LocalizedText; results: CheckResult[] }) {
  const { page } = props;
  const t = k(page);
  const title = textIn(props.title, page.locale);
  return (
    <Layout page={page} title={t.checklist} crumbs={crumbs(page, [{ label: title, href: `/co-creation/${props.processId}` }, { label: t.checklist }])}>
      <h1>
        {t.checklist}: {title}
      </h1>
      <p>{t.checklistIntro}</p>
      <div class="scroll" role="region" aria-label={t.checklist} tabindex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t.requirement}</th>
              <th scope="col">{t.result}</th>
              <th scope="col">{t.evidence}</th>
              <th scope="col">{t.source}</th>
            </tr>
          </thead>
          <tbody>
            {props.results.map((r) => (
              <tr>
                <th scope="row">{textIn(r.requirement.title, page.locale)}</th>
                <td>
                  <strong>{t.outcomes[r.outcome]}</strong>
                </td>
                <td>
                  {textIn(r.explanation, page.locale)}
                  {r.evidence.length ? (
                    <ul>
                      {r.evidence.map((x) => (
                        <li>{x.href ? <a href={x.href}>{x.label}</a> : x.label}</li>
                      ))}
                    </ul>
                  ) : null}
                </td>
                <td>
                  <a href={r.requirement.source.url}>{r.requirement.source.name}</a>
                  <div class="muted">«{r.requirement.source.quote}»</div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

/** On `/data`: each process's responses and systematisation, and the co-creation API. */
export function CocreationDownloads(props: { page: PageContext; processes: { id: number; title: LocalizedText }[] }) {
  const { page } = props;
  const t = k(page);
  return (
    <section aria-labelledby="cocreation-data">
      <h2 id="cocreation-data">{t.listTitle}</h2>
      <ul>
        {props.processes.map((p) => (
          <li>
            <Text value={p.title} locale={page.locale} />: {t.exports} <a href={`/co-creation/${p.id}/responses.csv`}>CSV</a> · <a href={`/co-creation/${p.id}/responses.xlsx`}>XLSX</a> · {t.systematisation}{' '}
            <a href={`/co-creation/${p.id}/systematisation.pdf`}>PDF</a> · <a href={`/co-creation/${p.id}/systematisation.docx`}>DOCX</a> · <a href={`/api/v1/proposals?process=${p.id}`}>JSON</a>
          </li>
        ))}
        <li>
          <a href="/api/v1/co-creation-processes">/api/v1/co-creation-processes</a>
        </li>
      </ul>
    </section>
  );
}
