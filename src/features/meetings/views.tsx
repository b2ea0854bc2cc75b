import type { Child } from 'hono/jsx';
import { textIn, type LocalizedText } from '../../lib/localized.js';
import { Text } from '../../ui/components.js';
import { formatDate } from '../../ui/format.js';
import { CsrfField, ErrorSummary, Input, Select, TextArea, type FieldErrors } from '../../ui/forms.js';
import { Layout, type PageContext } from '../../ui/layout.js';
import type { meetingDetail } from './queries.js';

type Detail = NonNullable<Awaited<ReturnType<typeof meetingDetail>>>;
const when = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** On the forum page: the six-month rule, the calendar and its iCalendar feed. */
export function ForumMeetings(props: { page: PageContext; forumId: number; meetings: { id: number; title: LocalizedText; startsAt: Date; cancelledAt: Date | null }[]; met: { met: boolean; last: Date | null }; canConvene: boolean }) {
  const { t, locale } = props.page;
  const p = t.meetings.page;
  return (
    <section aria-labelledby="calendar">
      <h2 id="calendar">{p.calendar}</h2>
      <p class={props.met.met ? 'flash' : 'note'}>{props.met.met && props.met.last ? p.met(formatDate(props.met.last, locale)) : p.notMet}</p>
      {props.meetings.length === 0 ? (
        <p class="muted">{p.noMeetings}</p>
      ) : (
        <ul>
          {props.meetings.map((m) => (
            <li>
              <a href={`/meetings/${m.id}`}>
                <Text value={m.title} locale={locale} />
              </a>{' '}
              · {when(m.startsAt)}
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href={`/forums/${props.forumId}/calendar.ics`}>{p.feed}</a>
      </p>
      {props.canConvene ? (
        <p>
          <a href={`/forums/${props.forumId}/meetings/new`}>{t.meetings.form.convene}</a>
        </p>
      ) : null}
    </section>
  );
}

export function ConvenePage(props: { page: PageContext; forum: { id: number; name: LocalizedText }; values?: Record<string, string>; errors?: FieldErrors }) {
  const { t, locale } = props.page;
  const f = t.meetings.form;
  const v = props.values ?? {};
  const e = props.errors ?? {};
  return (
    <Layout page={props.page} title={f.convene} crumbs={[{ label: t.site.home, href: '/' }, { label: textIn(props.forum.name, locale), href: `/forums/${props.forum.id}` }, { label: f.convene }]}>
      <h1>{f.convene}</h1>
      <ErrorSummary errors={e} heading={t.elections.formErrors.heading} />
      <form method="post" action={`/forums/${props.forum.id}/meetings`} class="stack">
        <CsrfField page={props.page} />
        <Input name="title" label={f.title} required maxlength={300} value={v.title} error={e.title} />
        <Input name="startsAt" type="datetime-local" label={f.startsAt} required value={v.startsAt} error={e.startsAt} />
        <Input name="endsAt" type="datetime-local" label={f.endsAt} required value={v.endsAt} error={e.endsAt} />
        <Input name="place" label={f.place} maxlength={500} value={v.place} error={e.place} />
        <Input name="link" type="url" label={f.link} maxlength={2000} value={v.link} error={e.link} />
        <TextArea name="agenda" label={f.agenda} hint={f.agendaHint} maxlength={20000} value={v.agenda} error={e.agenda} />
        <TextArea name="invitees" label={f.invitees} hint={f.inviteesHint} maxlength={50000} value={v.invitees} error={e.invitees} />
        <button type="submit">{f.convene}</button>
      </form>
    </Layout>
  );
}

export interface MeetingManage {
  members: { membershipId: number; personName: string; onBehalfOf: string | null }[];
  errors?: FieldErrors;
  values?: Record<string, string>;
}

export function MeetingPage(props: { page: PageContext; detail: Detail; forumName: LocalizedText | null; manage: MeetingManage | null; canComment: boolean; flash?: string; error?: string; review?: Child }) {
  const { t, locale } = props.page;
  const p = t.meetings.page;
  const f = t.meetings.form;
  const d = props.detail;
  const m = d.meeting;
  const title = textIn(m.title, locale);
  const latest = d.minutes[0];
  const e = props.manage?.errors ?? {};
  const v = props.manage?.values ?? {};
  return (
    <Layout
      page={props.page}
      title={title}
      crumbs={[{ label: t.site.home, href: '/' }, ...(m.forumId && props.forumName ? [{ label: textIn(props.forumName, locale), href: `/forums/${m.forumId}` }] : []), { label: title }]}
    >
      <h1>{title}</h1>
      {props.flash ? (
        <p class="flash" role="status">
          {props.flash}
        </p>
      ) : null}
      {props.error ? (
        <p class="note" role="alert">
          {props.error}
        </p>
      ) : null}
      <dl class="meta">
        <dt>{p.when}</dt>
        <dd>
          {when(m.startsAt)} – {when(m.endsAt)}
        </dd>
        {m.place ? (
          <>
            <dt>{p.where}</dt>
            <dd>{m.place}</dd>
          </>
        ) : null}
        {m.link ? (
          <>
            <dt>{p.link}</dt>
            <dd>
              <a href={m.link} rel="nofollow noopener noreferrer">
                {m.link}
              </a>
            </dd>
          </>
        ) : null}
      </dl>
      <p>
        <a href={`/meetings/${m.id}/meeting.ics`}>{p.feed}</a>
      </p>
      <h2>{p.agenda}</h2>
      <ol>
        {d.agenda.map((a) => (
          <li>
            {a.title} ({p.minutesShort(a.minutes)}
            {a.presenter ? `, ${p.presenter(a.presenter)}` : ''})
          </li>
        ))}
      </ol>
      {d.pending.length > 0 ? (
        <>
          <h2>{p.pending}</h2>
          <AgreementTable page={props.page} rows={d.pending} manage={false} />
        </>
      ) : null}
      {props.review}
      <h2>{p.attendance}</h2>
      {d.attendance.length === 0 ? (
        <p class="muted">{p.noAttendance}</p>
      ) : (
        <ul>
          {d.attendance.map((a) => (
            <li>
              {a.personName}
              {a.onBehalfOf ? ` (${a.onBehalfOf})` : ''}
            </li>
          ))}
        </ul>
      )}
      {d.quorum && d.attendance.length > 0 ? (
        <p>
          {p.quorum(d.quorum.present, d.quorum.required, d.quorum.seatsHeld)} {d.quorum.reached ? p.quorumReached : p.quorumMissing}
        </p>
      ) : null}
      <h2>{p.agreements}</h2>
      {d.agreements.length === 0 ? <p class="muted">{p.noAgreements}</p> : <AgreementTable page={props.page} rows={d.agreements} manage={!!props.manage} />}
      <h2>{p.minutes}</h2>
      {d.minutes.filter((x) => x.state === 'approved').length === 0 ? <p class="muted">{p.noMinutes}</p> : null}
      {d.minutes.map((mm) => (
        <article class="card" aria-labelledby={`minutes-${mm.id}`}>
          <h3 id={`minutes-${mm.id}`}>
            {p.version(mm.version)}
            {mm.state === 'approved' ? '' : ` · ${mm.state === 'in_review' ? p.inReview : f.draft}`}
          </h3>
          {mm.approvedAt && mm.approvedByName ? <p>{p.approvedBy(mm.approvedByName, formatDate(mm.approvedAt, locale))}</p> : null}
          {mm.correctionReason ? <p class="note">{p.correction(mm.correctionReason)}</p> : null}
          {mm.body
            .split(/\n{2,}/)
            .filter((x) => x.trim())
            .map((para) => (
              <p>{para}</p>
            ))}
          {mm.documentId ? (
            <p>
              <a href={`/repository/${mm.documentId}`}>{p.pdf}</a>
            </p>
          ) : null}
          {d.comments.filter((c) => c.minutesId === mm.id).length > 0 ? (
            <>
              <h4>{p.comments}</h4>
              <ul>
                {d.comments
                  .filter((c) => c.minutesId === mm.id)
                  .map((c) => (
                    <li>
                      {c.authorName}: «{c.body}»
                    </li>
                  ))}
              </ul>
            </>
          ) : null}
          {props.canComment && mm.state === 'in_review' ? (
            <form method="post" action={`/minutes/${mm.id}/comments`} class="stack">
              <CsrfField page={props.page} />
              <TextArea name="body" label={f.comment} required maxlength={5000} />
              <button type="submit">{f.sendComment}</button>
            </form>
          ) : null}
          {props.manage && mm.state === 'draft' ? (
            <form method="post" action={`/minutes/${mm.id}/submit`} class="inline">
              <CsrfField page={props.page} />
              <button type="submit">{f.submitReview}</button>
            </form>
          ) : null}
          {props.manage && mm.state === 'in_review' ? (
            <>
              <form method="post" action={`/minutes/${mm.id}/approve`} class="inline">
                <CsrfField page={props.page} />
                <button type="submit">{f.approve}</button>
              </form>{' '}
              <form method="post" action={`/minutes/${mm.id}/reopen`} class="inline">
                <CsrfField page={props.page} />
                <button type="submit" class="secondary">
                  {f.reopen}
                </button>
              </form>
            </>
          ) : null}
        </article>
      ))}
      {props.manage ? (
        <section aria-labelledby="manage" class="card">
          <h2 id="manage">{f.manage}</h2>
          <ErrorSummary errors={e} heading={t.elections.formErrors.heading} />
          {!latest || latest.state !== 'in_review' ? (
            <form method="post" action={`/meetings/${m.id}/minutes`} class="stack">
              <CsrfField page={props.page} />
              <TextArea name="body" label={f.minutesBody} required maxlength={100000} rows={10} value={v.body ?? (latest?.state === 'draft' ? latest.body : '')} error={e.body} />
              {latest?.state === 'approved' || (latest && latest.version > 1) ? (
                <Input name="correctionReason" label={f.correctionReason} maxlength={1000} value={v.correctionReason ?? latest?.correctionReason ?? ''} error={e.correctionReason} />
              ) : null}
              <button type="submit">{f.saveDraft}</button>
            </form>
          ) : null}
          <form method="post" action={`/meetings/${m.id}/attendance`} class="stack">
            <CsrfField page={props.page} />
            <fieldset>
              <legend>{f.attendanceMembers}</legend>
              {props.manage.members.map((mem) => (
                <div>
                  <input type="checkbox" name="member" value={String(mem.membershipId)} id={`mem-${mem.membershipId}`} checked={d.attendance.some((a) => a.personName === mem.personName && a.voting)} />{' '}
                  <label for={`mem-${mem.membershipId}`}>
                    {mem.personName}
                    {mem.onBehalfOf ? ` (${mem.onBehalfOf})` : ''}
                  </label>
                </div>
              ))}
            </fieldset>
            <TextArea name="others" label={f.attendanceOthers} hint={f.attendanceOthersHint} maxlength={20000} value={d.attendance.filter((a) => !a.voting).map((a) => `${a.personName} | ${a.onBehalfOf}`).join('\n')} error={e.others} />
            <button type="submit">{f.saveAttendance}</button>
          </form>
          <form method="post" action={`/meetings/${m.id}/agreements`} class="stack">
            <CsrfField page={props.page} />
            <TextArea name="text" label={f.agreementText} required maxlength={2000} rows={3} error={e.text} />
            <Input name="owner" label={p.owner} required maxlength={200} error={e.owner} />
            <Input name="dueOn" type="date" label={p.due} error={e.dueOn} />
            <button type="submit">{f.addAgreement}</button>
          </form>
        </section>
      ) : null}
    </Layout>
  );
}

function AgreementTable(props: { page: PageContext; rows: { id: number; text: string; owner: string; dueOn: string | null; state: 'open' | 'in_progress' | 'done' | 'dropped'; overdue: boolean }[]; manage: boolean }) {
  const { t, locale } = props.page;
  const p = t.meetings.page;
  return (
    <div class="scroll" role="region" aria-label={p.agreements} tabindex={0}>
      <table>
        <thead>
          <tr>
            <th scope="col">{p.agreements}</th>
            <th scope="col">{p.owner}</th>
            <th scope="col">{p.due}</th>
            <th scope="col">{p.state}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((a) => (
            <tr>
              <td>{a.text}</td>
              <td>{a.owner}</td>
              <td>
                {a.dueOn ? formatDate(a.dueOn, locale) : '—'}
                {a.overdue ? (
                  <>
                    {' '}
                    <span class="delayed">{p.overdue}</span>
                  </>
                ) : null}
              </td>
              <td>
                {p.agreementState[a.state]}
                {props.manage ? (
                  <form method="post" action={`/agreements/${a.id}/state`} class="inline">
                    <CsrfField page={props.page} />
                    <input type="hidden" name="from" value={a.state} />
                    <Select
                      name="to"
                      label={`${t.meetings.form.changeState}: ${a.text.slice(0, 60)}`}
                      value={a.state}
                      options={(['open', 'in_progress', 'done', 'dropped'] as const).map((s) => ({ value: s, label: p.agreementState[s] }))}
                    />
                    <button type="submit" class="secondary">
                      {t.meetings.form.changeState}
                    </button>
                  </form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
