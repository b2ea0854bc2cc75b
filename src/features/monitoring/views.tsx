import type { Child } from 'hono/jsx';
import { COMPLETION_LEVELS, type CompletionLevel } from '../../lib/levels.js';
import { textIn, type LocalizedText } from '../../lib/localized.js';
import { Paragraphs, StatusBadge, Text } from '../../ui/components.js';
import { formatDate, formatDateTime, formatMonthRange } from '../../ui/format.js';
import { CsrfField, ErrorSummary, Input, Select, TextArea, type FieldErrors } from '../../ui/forms.js';
import { Layout, type PageContext } from '../../ui/layout.js';
import type { MilestoneDetail } from '../commitments/schemas.js';
import type { Grant } from '../accounts/policy.js';
import type { ContestationThread, HistoryEntry } from './queries.js';

type Evidence = { title: LocalizedText; href: string }[];

function EvidenceList(props: { items: Evidence; page: PageContext }) {
  if (props.items.length === 0) return null;
  const { t, locale } = props.page;
  return (
    <p>
      {t.monitoring.provenance.evidence}:{' '}
      {props.items.map((e, i) => (
        <>
          {i > 0 ? ' · ' : ''}
          <a href={e.href} rel={e.href.startsWith('/') ? undefined : 'nofollow noopener noreferrer'}>
            <Text value={e.title} locale={locale} />
          </a>
        </>
      ))}
    </p>
  );
}

const statusName = (page: PageContext, s: CompletionLevel | null) => page.t.monitoring.statusName[s ?? 'not_reported'];

/** Under each milestone on the public page: where its status comes from, what awaits verification, who contests it. */
export function Provenance(props: { m: MilestoneDetail; page: PageContext }) {
  const { m, page } = props;
  const { t, locale } = page;
  const p = t.monitoring.provenance;
  const seatName = (seat: string | null) => (seat && seat in t.accounts.seats ? ` ${p.seat(t.accounts.seats[seat as keyof typeof t.accounts.seats])}` : '');
  return (
    <div class="prov">
      {m.statusSource === 'verified_update' ? (
        <>
          <p>
            {m.statusAsOf ? `${p.asOf(formatDate(m.statusAsOf, locale))}. ` : ''}
            {p.fromUpdate(m.reportedBy ?? '', formatDate(m.reportedAt!, locale))}. <strong>{p.verifiedBy(m.verifiedBy ?? '', formatDate(m.verifiedAt!, locale))}</strong>.
          </p>
          <EvidenceList items={m.evidence} page={page} />
        </>
      ) : m.statusSource === 'self_assessment' ? (
        <p>{p.fromSelfAssessment}</p>
      ) : (
        <p>{p.notReported}</p>
      )}
      {m.pending ? (
        <>
          <p class="note">{p.pending(statusName(page, m.pending.status), m.pending.reportedBy, formatDate(m.pending.reportedAt, locale))}</p>
          {textIn(m.pending.narrative, locale) ? (
            <blockquote class="unverified">
              <p class="muted">{p.pendingText}</p>
              <Paragraphs value={m.pending.narrative} locale={locale} />
            </blockquote>
          ) : null}
          <EvidenceList items={m.pending.evidence} page={page} />
        </>
      ) : null}
      {m.contestations.map((c) => (
        <div>
          <p>
            <span class="contested">{c.state === 'open' ? p.contestedBadge : t.monitoring.thread.state[c.state]}</span> · {p.contested(c.by, formatDate(c.at, locale))}
            {seatName(c.seat)}: «{c.comment}»
          </p>
          <EvidenceList items={c.evidence} page={page} />
          {c.resolution ? <p>{t.monitoring.thread.resolvedBecause(c.resolution)}</p> : null}
          <p>
            <a href={`/contestations/${c.id}`}>{t.monitoring.thread.link(c.replies)}</a>
          </p>
        </div>
      ))}
    </div>
  );
}

function historyText(page: PageContext, e: HistoryEntry): string {
  const h = page.t.monitoring.history;
  switch (e.kind) {
    case 'imported':
      return h.imported(e.by, e.source);
    case 'reported':
      return h.reported(e.milestone, statusName(page, e.status), e.by);
    case 'verified':
      return h.verified(e.milestone, statusName(page, e.from), statusName(page, e.to), e.by, e.reportedBy);
    case 'verified_older':
      return h.verifiedOlder(e.milestone, statusName(page, e.reported), formatDate(e.asOf, page.locale), statusName(page, e.current), e.by, e.reportedBy);
    case 'superseded':
      return h.superseded(e.milestone, e.by);
    case 'replied':
      return h.replied(e.milestone, e.by);
    case 'resolved':
      return h.resolved(e.milestone, e.by, page.t.monitoring.thread.state[e.outcome], e.reason);
    case 'returned':
      return h.returned(e.milestone, e.by, e.reason);
    case 'contested':
      return h.contested(e.milestone, e.by, e.comment);
    case 'irm':
      return h.irm(e.reportKind in page.t.irm.kinds ? page.t.irm.kinds[e.reportKind as keyof typeof page.t.irm.kinds] : e.reportKind, e.by);
  }
}

/** The public timeline of a commitment's changes. */
export function HistorySection(props: { page: PageContext; history: HistoryEntry[]; commitmentId: number }) {
  const { page } = props;
  const { t, locale } = page;
  return (
    <>
      <section aria-labelledby="take-part">
        <h2 id="take-part">{t.monitoring.actions.heading}</h2>
        <p>{t.monitoring.actions.intro}</p>
        <p>
          <a href={`/commitments/${props.commitmentId}/actions`}>{t.monitoring.actions.link}</a>
        </p>
      </section>
      <section aria-labelledby="history">
        <h2 id="history">{t.monitoring.history.heading}</h2>
        <p class="muted">{t.monitoring.history.intro}</p>
        {props.history.length === 0 ? (
          <p>{t.monitoring.history.empty}</p>
        ) : (
          <ol class="history" reversed>
            {props.history.map((e) => (
              <li>
                <time datetime={e.at}>{formatDateTime(e.at, locale)}</time> — {historyText(page, e)}
                {(e.kind === 'verified' || e.kind === 'verified_older') && e.narrative && textIn(e.narrative, locale) ? (
                  <p class="muted">
                    {t.monitoring.history.reportText}: «{textIn(e.narrative, locale)}»
                  </p>
                ) : null}
                {e.kind === 'verified' && e.replaced && textIn(e.replaced, locale) ? (
                  <p class="muted">
                    {t.monitoring.history.replacedText}: «{textIn(e.replaced, locale)}»
                  </p>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

export interface ActionMilestone {
  number: number;
  title: LocalizedText;
  status: CompletionLevel | null;
  canReport: boolean;
  canContest: boolean;
}

export function ActionsPage(props: { page: PageContext; commitment: { id: number; number: string; title: LocalizedText }; milestones: ActionMilestone[]; following: boolean; canIrm?: boolean }) {
  const { page, commitment: c } = props;
  const { t, locale } = page;
  const a = t.monitoring.actions;
  const any = props.milestones.some((m) => m.canReport || m.canContest);
  return (
    <Layout page={page} title={a.title(c.number)} crumbs={[{ label: t.site.home, href: '/' }, { label: t.commitment.numberTitle(c.number), href: `/commitments/${c.id}` }, { label: a.heading }]}>
      <h1>{a.title(c.number)}</h1>
      <p>
        <Text value={c.title} locale={locale} />
      </p>
      <form method="post" action={`/commitments/${c.id}/${props.following ? 'unfollow' : 'follow'}`}>
        <CsrfField page={page} />
        {props.following ? <p>{a.following}</p> : null}
        <button type="submit" class={props.following ? 'secondary' : undefined}>
          {props.following ? a.unfollow : a.follow}
        </button>
      </form>
      {props.canIrm ? (
        <p>
          <a href={`/commitments/${c.id}/irm`}>{t.irm.record}</a>
        </p>
      ) : null}
      {any ? (
        <ul>
          {props.milestones.map((m) => (
            <li>
              {t.milestone.number(m.number)}: <Text value={m.title} locale={locale} /> — <StatusBadge status={m.status} t={t} />{' '}
              {m.canReport ? <a href={`/commitments/${c.id}/milestones/${m.number}/updates/new`}>{`${a.report} (${t.milestone.number(m.number)})`}</a> : null}{' '}
              {m.canContest ? <a href={`/commitments/${c.id}/milestones/${m.number}/contest`}>{`${a.contest} (${t.milestone.number(m.number)})`}</a> : null}
            </li>
          ))}
        </ul>
      ) : props.canIrm ? null : (
        <p>{a.nothing}</p>
      )}
      <p>
        <a href={`/commitments/${c.id}`}>{a.back}</a>
      </p>
    </Layout>
  );
}

export function UpdateFormPage(props: {
  page: PageContext;
  action: string;
  commitment: { id: number; number: string };
  milestone: { number: number; title: LocalizedText };
  periods: { id: number; name: LocalizedText; deadline: string }[];
  values: Record<string, string>;
  errors?: FieldErrors;
  returnReason?: string | null;
  existingEvidence?: (Evidence[number] & { id: number })[];
  editing?: boolean;
}) {
  const { page, values } = props;
  const { t, locale } = page;
  const u = t.monitoring.update;
  const errors = props.errors ?? {};
  const title = props.editing ? u.editTitle(props.milestone.number) : u.newTitle(props.milestone.number);
  return (
    <Layout page={page} title={title} crumbs={[{ label: t.accounts.nav.myWork, href: '/work' }, { label: t.commitment.numberTitle(props.commitment.number), href: `/commitments/${props.commitment.id}` }, { label: title }]}>
      <h1>{title}</h1>
      <p>
        {t.milestone.number(props.milestone.number)}: <Text value={props.milestone.title} locale={locale} />
      </p>
      {props.returnReason ? <p class="note">{u.returnedBecause(props.returnReason)}</p> : null}
      <ErrorSummary
        errors={errors}
        heading={t.monitoring.formErrors.heading}
        labels={{ status: u.status, narrative: u.narrative, asOf: u.asOf, periodId: u.period, links: u.links, evidence: u.files }}
      />
      <form method="post" action={props.action} enctype="multipart/form-data" class="stack">
        <CsrfField page={page} />
        <Select
          name="status"
          label={u.status}
          value={values.status}
          required
          error={errors.status}
          options={[{ value: '', label: '—' }, ...COMPLETION_LEVELS.map((s) => ({ value: s, label: t.status[s] }))]}
        />
        <TextArea name="narrative" label={u.narrative} value={values.narrative} maxlength={20000} error={errors.narrative} />
        <Input name="asOf" type="date" label={u.asOf} value={values.asOf} required min="2000-01-01" max="2100-12-31" error={errors.asOf} />
        <Select
          name="periodId"
          label={u.period}
          value={values.periodId}
          error={errors.periodId}
          options={[{ value: '', label: u.noPeriod }, ...props.periods.map((p) => ({ value: String(p.id), label: `${textIn(p.name, locale)} (${formatDate(p.deadline, locale)})` }))]}
        />
        <TextArea name="links" label={u.links} value={values.links} maxlength={25000} rows={3} error={errors.links} />
        {props.existingEvidence && props.existingEvidence.length > 0 ? (
          <div>
            <p>{u.existingEvidence}:</p>
            <ul>
              {props.existingEvidence.map((e) => (
                <li>
                  <a href={e.href}>
                    <Text value={e.title} locale={locale} />
                  </a>{' '}
                  <input type="checkbox" name="removeEvidence" value={String(e.id)} id={`remove-evidence-${e.id}`} />{' '}
                  <label for={`remove-evidence-${e.id}`}>{u.removeEvidence(textIn(e.title, locale))}</label>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <Input name="evidence" type="file" label={u.files} multiple accept=".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.odt,.ods,.csv,.txt" error={errors.evidence} />
        <p>
          <button type="submit" name="action" value="submit">
            {u.submit}
          </button>{' '}
          <button type="submit" name="action" value="draft" class="secondary">
            {u.saveDraft}
          </button>
        </p>
      </form>
    </Layout>
  );
}

export function ContestPage(props: {
  page: PageContext;
  commitment: { id: number; number: string };
  milestone: { number: number; title: LocalizedText; status: CompletionLevel | null };
  values: Record<string, string>;
  errors?: FieldErrors;
}) {
  const { page, values } = props;
  const { t, locale } = page;
  const k = t.monitoring.contest;
  const errors = props.errors ?? {};
  const title = k.title(props.milestone.number);
  return (
    <Layout page={page} title={title} crumbs={[{ label: t.commitment.numberTitle(props.commitment.number), href: `/commitments/${props.commitment.id}` }, { label: title }]}>
      <h1>{title}</h1>
      <p>
        {t.milestone.number(props.milestone.number)}: <Text value={props.milestone.title} locale={locale} />
      </p>
      <p>{k.current(statusName(page, props.milestone.status))}</p>
      <p>{k.intro}</p>
      <ErrorSummary errors={errors} heading={t.monitoring.formErrors.heading} labels={{ comment: k.comment, links: t.monitoring.update.links, evidence: t.monitoring.update.files }} />
      <form method="post" action={`/commitments/${props.commitment.id}/milestones/${props.milestone.number}/contest`} enctype="multipart/form-data" class="stack">
        <CsrfField page={page} />
        <TextArea name="comment" label={k.comment} value={values.comment} required maxlength={5000} error={errors.comment} />
        <TextArea name="links" label={t.monitoring.update.links} value={values.links} maxlength={25000} rows={3} error={errors.links} />
        <Input name="evidence" type="file" label={t.monitoring.update.files} multiple accept=".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.odt,.ods,.csv,.txt" error={errors.evidence} />
        <p>
          <button type="submit">{k.submit}</button>
        </p>
      </form>
    </Layout>
  );
}

/** A contestation's public thread: the objection, the replies, the resolution; forms for who may answer or resolve. */
export function ContestationPage(props: {
  page: PageContext;
  thread: ContestationThread;
  commitment: { id: number; number: string };
  milestone: { number: number; title: LocalizedText; status: CompletionLevel | null };
  mayAnswer: boolean;
  mayResolve: boolean;
  values?: Record<string, string>;
  errors?: FieldErrors;
  problem?: string | null;
}) {
  const { page, thread: c } = props;
  const { t, locale } = page;
  const k = t.monitoring.thread;
  const values = props.values ?? {};
  const errors = props.errors ?? {};
  const title = k.title(props.commitment.number, props.milestone.number);
  return (
    <Layout page={page} title={title} crumbs={[{ label: t.commitment.numberTitle(props.commitment.number), href: `/commitments/${props.commitment.id}#milestone-${props.milestone.number}` }, { label: title }]}>
      <h1>{title}</h1>
      <p>
        {t.milestone.number(props.milestone.number)}: <Text value={props.milestone.title} locale={locale} /> · {t.monitoring.contest.current(statusName(page, props.milestone.status))}
      </p>
      <p>
        <strong>{k.state[c.state]}</strong>
      </p>
      {props.problem ? (
        <p class="note" role="alert">
          {props.problem}
        </p>
      ) : null}
      <article>
        <h2>{t.monitoring.provenance.contested(c.by, formatDate(c.at, locale))}</h2>
        <p>«{c.comment}»</p>
        <EvidenceList items={c.evidence} page={page} />
      </article>
      <h2>{k.replies}</h2>
      {c.replies.length === 0 ? <p>{k.noReplies}</p> : null}
      <ol class="history">
        {c.replies.map((r) => (
          <li>
            <time datetime={r.at}>{formatDate(r.at, locale)}</time> — {k.replyBy(r.by, k.capacity[r.capacity as keyof typeof k.capacity] ?? r.capacity)}
            <p>«{r.body}»</p>
          </li>
        ))}
      </ol>
      {c.state !== 'open' ? (
        <section aria-labelledby="resolution">
          <h2 id="resolution">{k.resolution}</h2>
          <p>{k.resolvedBy(k.state[c.state], c.resolvedBy ?? '', c.resolvedAt ? formatDate(c.resolvedAt, locale) : '')}</p>
          <p>{k.resolvedBecause(c.resolution ?? '')}</p>
        </section>
      ) : null}
      <ErrorSummary errors={errors} heading={t.monitoring.formErrors.heading} labels={{ body: k.body, outcome: k.outcome, reason: k.reason }} />
      {c.state === 'open' && props.mayAnswer ? (
        <form method="post" action={`/contestations/${c.id}/replies`} class="stack">
          <CsrfField page={page} />
          <TextArea name="body" label={k.body} value={values.body} required maxlength={5000} error={errors.body} />
          <p>
            <button type="submit">{k.reply}</button>
          </p>
        </form>
      ) : null}
      {c.state === 'open' && props.mayResolve ? (
        <form method="post" action={`/contestations/${c.id}/resolve`} class="stack">
          <CsrfField page={page} />
          <Select
            name="outcome"
            label={k.outcome}
            value={values.outcome}
            error={errors.outcome}
            options={[
              { value: '', label: k.choose },
              { value: 'upheld', label: k.upheld },
              { value: 'dismissed', label: k.dismissed },
            ]}
          />
          <TextArea name="reason" label={k.reason} value={values.reason} required maxlength={2000} error={errors.reason} />
          <p>
            <button type="submit">{k.resolve}</button>
          </p>
        </form>
      ) : null}
    </Layout>
  );
}

export interface QueueItem {
  u: { id: number; status: CompletionLevel; narrative: LocalizedText; asOf: string; submittedAt: Date | null; authorId: number };
  m: { number: number; title: LocalizedText; status: CompletionLevel | null };
  c: { id: number; number: string; title: LocalizedText };
  author: string;
  evidence: Evidence;
  mayVerify: boolean;
}

function Flash(props: { text?: string | null }) {
  return props.text ? (
    <p class="flash" role="status">
      {props.text}
    </p>
  ) : null;
}

export function QueuePage(props: { page: PageContext; items: QueueItem[]; flash?: string | null; errors?: Record<number, string>; problem?: string | null }) {
  const { page } = props;
  const { t, locale } = page;
  const v = t.monitoring.verify;
  return (
    <Layout page={page} title={v.title} crumbs={[{ label: t.accounts.nav.myWork, href: '/work' }, { label: v.title }]}>
      <h1>{v.title}</h1>
      <p>{v.intro}</p>
      <Flash text={props.flash} />
      {props.problem ? (
        <p class="note" role="alert">
          {props.problem}
        </p>
      ) : null}
      {props.items.length === 0 ? <p>{v.empty}</p> : null}
      {props.items.map((i) => {
        const heading = `${t.commitment.numberTitle(i.c.number)} · ${t.milestone.number(i.m.number)}`;
        const error = props.errors?.[i.u.id];
        return (
          <article class="card" aria-labelledby={`u-${i.u.id}`}>
            <h2 id={`u-${i.u.id}`}>
              <a href={`/commitments/${i.c.id}#milestone-${i.m.number}`}>{heading}</a>
            </h2>
            <p>
              <Text value={i.m.title} locale={locale} />
            </p>
            <p>{v.reportedBy(i.author, formatDate(i.u.submittedAt ?? i.u.asOf, locale))}</p>
            <p>
              {v.currentStatus(statusName(page, i.m.status))} · <strong>{v.reportedStatus(statusName(page, i.u.status))}</strong>
            </p>
            <Paragraphs value={i.u.narrative} locale={locale} />
            <EvidenceList items={i.evidence} page={page} />
            {i.mayVerify ? (
              <>
                <form method="post" action={`/updates/${i.u.id}/verify`} class="inline">
                  <CsrfField page={page} />
                  <button type="submit" aria-label={`${v.verify}: ${heading}`}>
                    {v.verify}
                  </button>
                </form>
                <form method="post" action={`/updates/${i.u.id}/return`} class="stack">
                  <CsrfField page={page} />
                  {error ? (
                    <p class="error" role="alert">
                      {error}
                    </p>
                  ) : null}
                  <TextArea name="reason" id={`reason-${i.u.id}`} label={`${v.reason} (${heading})`} maxlength={2000} rows={2} required />
                  <p>
                    <button type="submit" class="secondary" aria-label={`${v.return}: ${heading}`}>
                      {v.return}
                    </button>
                  </p>
                </form>
              </>
            ) : (
              <p class="muted">{v.ownUpdate}</p>
            )}
          </article>
        );
      })}
    </Layout>
  );
}

export function PeriodsPage(props: {
  page: PageContext;
  plans: { id: number; title: LocalizedText }[];
  periods: { p: { id: number; name: LocalizedText; deadline: string; closedAt: Date | null }; plan: { id: number; title: LocalizedText } }[];
  values?: Record<string, string>;
  errors?: FieldErrors;
  flash?: string | null;
}) {
  const { page } = props;
  const { t, locale } = page;
  const k = t.monitoring.periods;
  const errors = props.errors ?? {};
  const values = props.values ?? {};
  return (
    <Layout page={page} title={k.title} crumbs={[{ label: t.accounts.nav.myWork, href: '/work' }, { label: k.title }]}>
      <h1>{k.title}</h1>
      <p>{k.intro}</p>
      <Flash text={props.flash} />
      {props.periods.length === 0 ? (
        <p>{k.none}</p>
      ) : (
        <div class="scroll" role="region" aria-label={k.title} tabindex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{k.plan}</th>
                <th scope="col">{k.name}</th>
                <th scope="col">{k.deadline}</th>
                <th scope="col">{k.state}</th>
              </tr>
            </thead>
            <tbody>
              {props.periods.map(({ p, plan }) => (
                <tr>
                  <td>{textIn(plan.title, locale)}</td>
                  <td>
                    <Text value={p.name} locale={locale} /> · <a href={`/periods/${p.id}/dashboard`} aria-label={`${t.dashboard.link}: ${textIn(p.name, locale)}`}>{t.dashboard.link}</a>
                  </td>
                  <td>{formatDate(p.deadline, locale)}</td>
                  <td>
                    {p.closedAt ? (
                      k.closed
                    ) : (
                      <form method="post" action={`/periods/${p.id}/close`} class="inline">
                        <CsrfField page={page} />
                        {k.openState}{' '}
                        <button type="submit" class="secondary" aria-label={`${k.close}: ${textIn(p.name, locale)}`}>
                          {k.close}
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2 id="open-period">{k.open}</h2>
      <ErrorSummary errors={errors} heading={t.monitoring.formErrors.heading} labels={{ planId: k.plan, name: k.name, deadline: k.deadline }} />
      <form method="post" action="/periods" class="stack" aria-labelledby="open-period">
        <CsrfField page={page} />
        <Select name="planId" label={k.plan} value={values.planId} required error={errors.planId} options={props.plans.map((p) => ({ value: String(p.id), label: textIn(p.title, locale) }))} />
        <Input name="name" label={k.name} value={values.name} required maxlength={200} error={errors.name} />
        <Input name="deadline" type="date" label={k.deadline} value={values.deadline} required min="2000-01-01" max="2100-12-31" error={errors.deadline} />
        <p>
          <button type="submit">{k.submit}</button>
        </p>
      </form>
    </Layout>
  );
}

export interface WorkData {
  name: string;
  grants: Grant[];
  milestones: { id: number; number: number; title: LocalizedText; plannedStart: string | null; plannedEnd: string | null; status: CompletionLevel | null; delayed: boolean; commitment: { id: number; number: string; title: LocalizedText }; last: { state: string } | null }[];
  drafts: { id: number; state: string; status: CompletionLevel; returnReason: string | null; milestoneNumber: number; commitmentNumber: string }[];
  submitted: { id: number; state: string; status: CompletionLevel; milestoneNumber: number; commitmentNumber: string; commitmentId: number }[];
  isSecretariat: boolean;
  isAdmin: boolean;
  isContact: boolean;
  following: { id: number; number: string; title: LocalizedText }[];
  notifications: { id: number; subject: string; createdAt: Date; readAt: Date | null; links: { label: string; path: string }[] }[];
  noticeFlash?: string | null;
  flash?: string | null;
}

/** `named={false}` when a region inside already carries the section's name (one landmark per name). */
function Section(props: { id: string; title: string; children: Child; named?: boolean }) {
  return (
    <section aria-labelledby={props.named === false ? undefined : props.id}>
      <h2 id={props.id}>{props.title}</h2>
      {props.children}
    </section>
  );
}

export function WorkPage(props: { page: PageContext; data: WorkData; extra?: Child }) {
  const { page, data } = props;
  const { t, locale } = page;
  const w = t.monitoring.work;
  return (
    <Layout page={page} title={w.title}>
      <h1>{w.title}</h1>
      <p>{w.hello(data.name)}</p>
      <Flash text={data.flash} />
      <p>
        {w.roles}: {data.grants.map((g) => t.accounts.roles[g.role]).join(', ') || '—'}
      </p>
      {data.isAdmin || data.isSecretariat ? (
        <Section id="s-admin" title={data.isAdmin ? w.admin : w.secretariat}>
          <ul>
            <li>
              <a href="/verification">{w.queue}</a>
            </li>
            <li>
              <a href="/periods">{w.periods}</a>
            </li>
            <li>
              <a href="/admin/users">{w.people}</a>
            </li>
            {data.isAdmin ? (
              <>
                <li>
                  <a href="/admin/audit">{w.audit}</a>
                </li>
                <li>
                  <a href="/admin/outbox">{w.outbox}</a>
                </li>
              </>
            ) : null}
          </ul>
        </Section>
      ) : null}
      {props.extra ?? null}
      {data.isContact ? (
        <>
          <Section id="s-drafts" title={w.drafts}>
            {data.drafts.length === 0 ? (
              <p>{w.noDrafts}</p>
            ) : (
              <ul>
                {data.drafts.map((d) => (
                  <li>
                    {t.commitment.numberTitle(d.commitmentNumber)} · {t.milestone.number(d.milestoneNumber)} — {w.state[d.state as keyof typeof w.state]} ({statusName(page, d.status)})
                    {d.returnReason ? <span class="note">{` «${d.returnReason}»`}</span> : null}{' '}
                    <a href={`/updates/${d.id}/edit`}>{`${w.edit} (${t.commitment.numberTitle(d.commitmentNumber)}, ${t.milestone.number(d.milestoneNumber)})`}</a>
                  </li>
                ))}
              </ul>
            )}
          </Section>
          <Section id="s-milestones" title={w.milestones} named={false}>
            <div class="scroll" role="region" aria-label={w.milestones} tabindex={0}>
              <table class="stacked">
                <thead>
                  <tr>
                    <th scope="col">{w.commitment}</th>
                    <th scope="col">{w.milestone}</th>
                    <th scope="col">{w.planned}</th>
                    <th scope="col">{w.status}</th>
                    <th scope="col">{w.yourLast}</th>
                    <th scope="col">{w.report}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.milestones.map((m) => (
                    <tr>
                      <td data-label={w.commitment}>
                        <a href={`/commitments/${m.commitment.id}`}>{t.commitment.numberTitle(m.commitment.number)}</a>
                      </td>
                      <td data-label={w.milestone}>
                        {t.milestone.number(m.number)}: <Text value={m.title} locale={locale} />
                      </td>
                      <td data-label={w.planned}>
                        {formatMonthRange(m.plannedStart, m.plannedEnd, t) ?? '—'}
                        {m.delayed ? (
                          <>
                            {' '}
                            <span class="delayed">{w.delayed}</span>
                          </>
                        ) : null}
                      </td>
                      <td data-label={w.status}>
                        <StatusBadge status={m.status} t={t} />
                      </td>
                      <td data-label={w.yourLast}>{m.last ? w.state[m.last.state as keyof typeof w.state] : '—'}</td>
                      <td data-label={w.report}>
                        <a href={`/commitments/${m.commitment.id}/milestones/${m.number}/updates/new`}>{`${w.report} (${t.commitment.numberTitle(m.commitment.number)}, ${t.milestone.number(m.number)})`}</a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p>
              <a href="/work/spreadsheet">{w.spreadsheet}</a>
            </p>
          </Section>
          {data.submitted.length > 0 ? (
            <Section id="s-submitted" title={w.submittedList}>
              <ul>
                {data.submitted.map((d) => (
                  <li>
                    <a href={`/commitments/${d.commitmentId}`}>{t.commitment.numberTitle(d.commitmentNumber)}</a> · {t.milestone.number(d.milestoneNumber)} — {w.state[d.state as keyof typeof w.state]} ({statusName(page, d.status)})
                  </li>
                ))}
              </ul>
            </Section>
          ) : null}
        </>
      ) : null}
      <Section id="s-following" title={w.following}>
        {data.following.length === 0 ? (
          <p>{w.notFollowing}</p>
        ) : (
          <ul>
            {data.following.map((c) => (
              <li>
                <a href={`/commitments/${c.id}`}>
                  {t.commitment.numberTitle(c.number)}: <Text value={c.title} locale={locale} />
                </a>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section id="s-notifications" title={w.notifications}>
        {data.noticeFlash ? <p role="status">{data.noticeFlash}</p> : null}
        {data.notifications.length === 0 ? (
          <p>{w.noNotifications}</p>
        ) : (
          <>
            {data.notifications.some((n) => n.readAt === null) ? (
              <form method="post" action="/notices/read-all">
                <CsrfField page={page} />
                <button type="submit" class="secondary">
                  {w.markAllRead}
                </button>
              </form>
            ) : null}
            <ul class="notices">
              {data.notifications.map((n, i) => (
                <li class={n.readAt === null ? 'unread' : undefined}>
                  <p>
                    {n.readAt === null ? (
                      <>
                        <strong class="badge">{w.unread}</strong>{' '}
                      </>
                    ) : null}
                    <time datetime={n.createdAt.toISOString()}>{formatDateTime(n.createdAt, locale)}</time> —{' '}
                    {n.readAt === null ? <strong>{n.subject}</strong> : n.subject}
                  </p>
                  {n.links.length > 0 ? (
                    <p>
                      {w.noticeAbout}{' '}
                      {n.links.map((l, j) => (
                        <>
                          {j > 0 ? ' · ' : ''}
                          <a href={l.path}>{l.label}</a>
                        </>
                      ))}
                    </p>
                  ) : null}
                  {n.readAt === null ? (
                    <form method="post" action={`/notices/${n.id}/read`}>
                      <CsrfField page={page} />
                      <button type="submit" class="secondary" aria-label={w.markRead(i + 1, n.subject)}>
                        {w.markReadShort}
                      </button>
                    </form>
                  ) : null}
                </li>
              ))}
            </ul>
          </>
        )}
      </Section>
    </Layout>
  );
}

export function SheetPage(props: {
  page: PageContext;
  periods: { id: number; name: LocalizedText; deadline: string }[];
  rows?: import('./spreadsheet.js').RowOutcome[];
  outcome?: 'checked' | 'applied' | 'refused' | 'nothing' | 'unchanged' | null;
  error?: string | null;
}) {
  const { page } = props;
  const { t, locale } = page;
  const s = t.monitoring.sheet;
  const rows = props.rows ?? [];
  return (
    <Layout page={page} title={s.title} crumbs={[{ label: t.accounts.nav.myWork, href: '/work' }, { label: s.title }]}>
      <h1>{s.title}</h1>
      <p>{s.intro}</p>
      <ul>
        <li>
          <a href="/work/spreadsheet.xlsx">{s.downloadXlsx}</a>
        </li>
        <li>
          <a href="/work/spreadsheet.csv">{s.downloadCsv}</a>
        </li>
      </ul>
      {props.error ? (
        <p class="note" role="alert">
          {props.error}
        </p>
      ) : null}
      {props.outcome === 'applied' ? <Flash text={s.applied(rows.filter((r) => !r.unchanged).length)} /> : null}
      {props.outcome === 'unchanged' ? <Flash text={s.unchanged} /> : null}
      {props.outcome === 'checked' ? <Flash text={s.checked} /> : null}
      {props.outcome === 'refused' ? (
        <p class="note" role="alert">
          {s.refused}
        </p>
      ) : null}
      {props.outcome === 'nothing' ? (
        <p class="note" role="alert">
          {s.nothing}
        </p>
      ) : null}
      {rows.length > 0 ? (
        <div class="scroll" role="region" aria-label={s.change} tabindex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{s.line}</th>
                <th scope="col">{s.milestone}</th>
                <th scope="col">{s.change}</th>
                <th scope="col">{s.problems}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <td>{r.line}</td>
                  <td>{r.commitment !== null && r.milestone !== null ? `${t.commitment.numberTitle(r.commitment)} · ${t.milestone.number(r.milestone)}` : r.milestoneId || '—'}</td>
                  <td>
                    {r.unchanged
                      ? s.rowUnchanged
                      : r.change
                      ? [s.statusChange(statusName(page, r.change.from), statusName(page, r.change.to)), r.change.narrative ? s.withNarrative : '', r.change.links ? s.links(r.change.links) : '', formatDate(r.change.asOf, locale)].filter(Boolean).join(' · ')
                      : '—'}
                  </td>
                  <td>{r.problems.length === 0 ? s.ok : r.problems.map((p) => s.problem[p]).join(' ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <form method="post" action="/work/spreadsheet" enctype="multipart/form-data" class="stack">
        <CsrfField page={page} />
        <Input name="file" type="file" label={s.file} required accept=".xlsx,.csv" />
        <Select
          name="periodId"
          label={t.monitoring.update.period}
          options={[{ value: '', label: t.monitoring.update.noPeriod }, ...props.periods.map((p) => ({ value: String(p.id), label: `${textIn(p.name, locale)} (${formatDate(p.deadline, locale)})` }))]}
        />
        <p>
          <button type="submit" name="action" value="check" class="secondary">
            {s.check}
          </button>{' '}
          <button type="submit" name="action" value="apply">
            {s.apply}
          </button>
        </p>
      </form>
    </Layout>
  );
}
