import type { Child } from 'hono/jsx';
import { textIn } from '../../lib/localized.js';
import { Text } from '../../ui/components.js';
import { formatDate } from '../../ui/format.js';
import { CsrfField, ErrorSummary, Input, Select, type FieldErrors } from '../../ui/forms.js';
import { Layout, type PageContext } from '../../ui/layout.js';
import type { PublicElection } from './queries.js';

function crumbs(page: PageContext, e: { id: number; forumId: number; title: Record<string, string | undefined> }, last?: string) {
  const { t, locale } = page;
  const title = textIn(e.title, locale);
  return [
    { label: t.site.home, href: '/' },
    { label: t.forum.heading, href: `/forums/${e.forumId}` },
    ...(last ? [{ label: title, href: `/elections/${e.id}` }, { label: last }] : [{ label: title }]),
  ];
}

export interface ElectionActions {
  /** Organisations the person may nominate for. */
  nominateFor: { id: number; name: string }[];
  /** The person's own pending candidacy. */
  pendingCandidacy: number | null;
  canVote: boolean;
  hasVoted: boolean;
  canOpenVoting: boolean;
  canClose: boolean;
  error?: string;
  flash?: string;
}

/** An election's public page, in its phase; the signed-in person's actions under it. */
export function ElectionPage(props: { page: PageContext; election: PublicElection; actions: ElectionActions | null; receiptCheck?: { receipt: string | null; text: string; found: boolean } }) {
  const { t, locale } = props.page;
  const e = props.election;
  const p = t.elections.page;
  const m = t.elections.manage;
  const name = (id: number) => e.candidates.find((c) => c.id === id)?.personName ?? `#${id}`;
  const a = props.actions;
  return (
    <Layout page={props.page} title={textIn(e.title, locale)} crumbs={crumbs(props.page, e)}>
      <h1>
        <Text value={e.title} locale={locale} />
      </h1>
      {a?.flash ? (
        <p class="flash" role="status">
          {a.flash}
        </p>
      ) : null}
      {a?.error ? (
        <p class="note" role="alert">
          {a.error}
        </p>
      ) : null}
      <dl class="meta">
        <dt>{p.sector}</dt>
        <dd>
          <Text value={e.sector.name} locale={locale} />
        </dd>
        <dt>{p.seats}</dt>
        <dd>{e.seats}</dd>
        <dt>{p.term}</dt>
        <dd>
          {formatDate(e.termStart, locale)} – {formatDate(e.termEnd, locale)}
        </dd>
        <dt>{p.phaseLabel}</dt>
        <dd>{t.elections.phase[e.phase]}</dd>
        <dt>{p.tieRuleLabel}</dt>
        <dd>{t.elections.tieRule[e.tieRule]}</dd>
      </dl>
      {e.secret ? <p>{p.secret}</p> : null}
      <h2>{p.candidates}</h2>
      {e.candidates.length === 0 ? (
        <p class="muted">{p.noCandidates}</p>
      ) : (
        <ul>
          {e.candidates.map((c) => (
            <li>
              {c.personName} ({p.nominatedBy(c.organisationName)}){c.accepted ? '' : ` · ${p.pendingAcceptance}`}
            </li>
          ))}
        </ul>
      )}
      {a && (a.nominateFor.length > 0 || a.pendingCandidacy || a.canVote || a.hasVoted || a.canOpenVoting || a.canClose) ? (
        <section aria-labelledby="take-part" class="card">
          <h2 id="take-part">{m.takePart}</h2>
          {a.nominateFor.length > 0 ? (
            <form method="post" action={`/elections/${e.id}/nominate`} class="stack">
              <CsrfField page={props.page} />
              <Select name="organisationId" label={m.onBehalfOf} required options={a.nominateFor.map((o) => ({ value: String(o.id), label: o.name }))} />
              <Input name="candidateEmail" type="email" label={m.candidateEmail} required maxlength={254} />
              <button type="submit">{m.nominateSubmit}</button>
            </form>
          ) : null}
          {a.pendingCandidacy ? (
            <form method="post" action={`/candidates/${a.pendingCandidacy}/accept`}>
              <CsrfField page={props.page} />
              <button type="submit">{m.accept}</button>
            </form>
          ) : null}
          {a.canVote ? (
            <p>
              <a href={`/elections/${e.id}/vote`}>{m.vote}</a>
            </p>
          ) : null}
          {a.hasVoted ? <p>{m.youVoted}</p> : null}
          {a.canOpenVoting ? (
            <form method="post" action={`/elections/${e.id}/open-voting`}>
              <CsrfField page={props.page} />
              <button type="submit">{m.openVoting}</button>
            </form>
          ) : null}
          {a.canClose ? (
            <form method="post" action={`/elections/${e.id}/close`}>
              <CsrfField page={props.page} />
              <button type="submit">{m.close}</button>
            </form>
          ) : null}
        </section>
      ) : null}
      <h2>{p.roll}</h2>
      {e.roll ? (
        <>
          <p>{p.rollFrozen(e.roll.count, formatDate(e.roll.frozenAt, locale))}</p>
          <p>
            {p.rollFingerprint}: <code>{e.roll.sha256}</code>
          </p>
          <div class="scroll" role="region" aria-label={p.roll} tabindex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{p.organisation}</th>
                  <th scope="col">{p.voter}</th>
                  {e.published ? <th scope="col">{p.voted}</th> : null}
                </tr>
              </thead>
              <tbody>
                {e.roll.entries.map((r) => (
                  <tr>
                    <th scope="row">{r.organisationName}</th>
                    <td>{r.voterName}</td>
                    {e.published ? <td>{e.published.voted.some((v) => v.organisationId === r.organisationId) ? '✓' : '—'}</td> : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p class="muted">
            <a href={`/api/v1/elections/${e.id}`}>JSON</a>
          </p>
        </>
      ) : (
        <p class="muted">{p.rollNotYet}</p>
      )}
      <h2>{p.results}</h2>
      {!e.published ? (
        <p class="muted">{p.nothingEarly}</p>
      ) : (
        <>
          <dl class="meta">
            <dt>{p.entitled}</dt>
            <dd>{e.published.results.entitled}</dd>
            <dt>{p.cast}</dt>
            <dd>{e.published.results.cast}</dd>
            <dt>{p.valid}</dt>
            <dd>{e.published.results.valid}</dd>
            <dt>{p.blank}</dt>
            <dd>{e.published.results.blank}</dd>
            <dt>{p.null}</dt>
            <dd>{e.published.results.null}</dd>
            <dt>{p.turnout}</dt>
            <dd>{`${(e.published.results.turnout * 100).toFixed(1)} %`}</dd>
          </dl>
          <table>
            <caption>{p.votes}</caption>
            <thead>
              <tr>
                <th scope="col">{p.candidate}</th>
                <th scope="col">{p.votes}</th>
                <th scope="col">{p.elected}</th>
              </tr>
            </thead>
            <tbody>
              {e.published.results.votes.map((v) => (
                <tr>
                  <th scope="row">{name(v.candidateId)}</th>
                  <td>{v.votes}</td>
                  <td>{e.published!.results.elected.includes(v.candidateId) ? '✓' : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {e.published.results.vacant > 0 ? <p>{p.vacant(e.published.results.vacant)}</p> : null}
          {e.published.results.runoff.length > 0 ? (
            <p>
              {p.runoff} {e.published.results.runoff.map(name).join(', ')}
            </p>
          ) : null}
          {e.published.results.draw ? <p>{p.draw(e.published.results.draw.seed)}</p> : null}
          <h2 id="box">{p.box}</h2>
          <p>{p.boxIntro}</p>
          <form method="get" action={`/elections/${e.id}`} class="stack">
            <Input name="receipt" label={p.checkReceipt} maxlength={40} value={props.receiptCheck?.receipt ?? ''} />
            <button type="submit">{p.check}</button>
          </form>
          {props.receiptCheck ? (
            <p class={props.receiptCheck.found ? 'flash' : 'note'} role="status">
              {props.receiptCheck.text}
            </p>
          ) : null}
          <dl class="meta">
            <dt>{p.chainStart}</dt>
            <dd>
              <code>{e.published.chainStart}</code>
            </dd>
            <dt>{p.receiptChainHead}</dt>
            <dd>
              <code>{e.published.receiptChainHead}</code>
            </dd>
            <dt>{p.ballotChainHead}</dt>
            <dd>
              <code>{e.published.ballotChainHead}</code>
            </dd>
          </dl>
          <div class="scroll" role="region" aria-label={p.box} tabindex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{p.receipt}</th>
                  <th scope="col">{p.chainLink}</th>
                </tr>
              </thead>
              <tbody>
                {e.published.receipts.map((r) => (
                  <tr>
                    <td>
                      <code>{r.receipt}</code>
                    </td>
                    <td>
                      <code>{r.hash}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>{p.ballotsApart}</h3>
          <ul>
            {e.published.contents.map((c) => (
              <li>{c === 'blank' ? p.blankBallot : c === 'null' ? p.nullBallot : c.split(',').map((id) => name(Number(id))).join(', ')}</li>
            ))}
          </ul>
        </>
      )}
    </Layout>
  );
}

export function VotePage(props: { page: PageContext; election: PublicElection; organisations: { organisationId: number; organisationName: string }[]; errors?: FieldErrors }) {
  const { t, locale } = props.page;
  const e = props.election;
  const v = t.elections.vote;
  const title = v.title(textIn(e.title, locale));
  return (
    <Layout page={props.page} title={title} crumbs={crumbs(props.page, e, t.elections.manage.vote)}>
      <h1>{title}</h1>
      <ErrorSummary errors={props.errors ?? {}} heading={t.elections.formErrors.heading} />
      <form method="post" action={`/elections/${e.id}/vote`} class="stack">
        <CsrfField page={props.page} />
        {props.organisations.length > 1 ? (
          <Select name="organisationId" label={v.organisation} required options={props.organisations.map((o) => ({ value: String(o.organisationId), label: o.organisationName }))} />
        ) : null}
        <fieldset>
          <legend>{v.intro(e.seats)}</legend>
          <p class="hint">{v.blankHint}</p>
          {e.candidates
            .filter((c) => c.accepted)
            .map((c) => (
              <div>
                <input type="checkbox" name="choice" value={String(c.id)} id={`c-${c.id}`} />{' '}
                <label for={`c-${c.id}`}>
                  {c.personName} ({c.organisationName})
                </label>
              </div>
            ))}
        </fieldset>
        <div>
          <input type="checkbox" name="spoil" value="1" id="spoil" /> <label for="spoil">{v.spoil}</label>
        </div>
        <button type="submit">{v.submit}</button>
      </form>
    </Layout>
  );
}

/** The receipt, shown once in the answer to the vote (never in a URL, never stored next to the voter). */
export function ReceiptPage(props: { page: PageContext; election: PublicElection; receipt: string; mailed: boolean }) {
  const { t } = props.page;
  const v = t.elections.vote;
  return (
    <Layout page={props.page} title={v.doneTitle} crumbs={crumbs(props.page, props.election, v.doneTitle)}>
      <h1>{v.doneTitle}</h1>
      <p class="flash" role="status">
        {v.receipt}: <strong>{props.receipt}</strong>
      </p>
      <p>{v.keep}</p>
      <p>{props.mailed ? v.mailed : v.notMailed}</p>
      <p>
        <a href={`/elections/${props.election.id}`}>{t.elections.manage.back}</a>
      </p>
    </Layout>
  );
}

export function NewElectionPage(props: { page: PageContext; forum: { id: number; name: Record<string, string | undefined> }; sectors: { id: number; name: Record<string, string | undefined> }[]; values?: Record<string, string>; errors?: FieldErrors; children?: Child }) {
  const { t, locale } = props.page;
  const m = t.elections.manage;
  const v = props.values ?? {};
  const err = props.errors ?? {};
  return (
    <Layout page={props.page} title={m.newTitle} crumbs={[{ label: t.site.home, href: '/' }, { label: textIn(props.forum.name, locale), href: `/forums/${props.forum.id}` }, { label: m.newTitle }]}>
      <h1>{m.newTitle}</h1>
      <ErrorSummary errors={err} heading={t.elections.formErrors.heading} />
      <form method="post" action={`/forums/${props.forum.id}/elections`} class="stack">
        <CsrfField page={props.page} />
        <Input name="title" label={m.title} required maxlength={300} value={v.title} error={err.title} />
        <Select name="sectorId" label={t.elections.page.sector} required value={v.sectorId} error={err.sectorId} options={props.sectors.map((s) => ({ value: String(s.id), label: textIn(s.name, locale) }))} />
        <Input name="seats" type="number" label={t.elections.page.seats} required min="1" max="50" value={v.seats ?? '2'} error={err.seats} />
        <Select
          name="tieRule"
          label={t.elections.page.tieRuleLabel}
          required
          value={v.tieRule}
          error={err.tieRule}
          options={(['draw', 'runoff'] as const).map((r) => ({ value: r, label: t.elections.tieRule[r] }))}
        />
        <Input name="termStart" type="date" label={m.termStart} required value={v.termStart} error={err.termStart} />
        <Input name="termEnd" type="date" label={m.termEnd} required value={v.termEnd} error={err.termEnd} />
        <button type="submit">{m.create}</button>
      </form>
    </Layout>
  );
}
