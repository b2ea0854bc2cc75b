import type { Child } from 'hono/jsx';
import { ORGANISATION_KINDS } from '../../db/schema/index.js';
import { textIn, type LocalizedText } from '../../lib/localized.js';
import { Paragraphs, Text } from '../../ui/components.js';
import { formatDate, formatDateTime } from '../../ui/format.js';
import { CsrfField, ErrorSummary, Input, Select, TextArea, type FieldErrors } from '../../ui/forms.js';
import { Layout, type PageContext } from '../../ui/layout.js';
import { HONEYPOT_FIELD, STAMP_FIELD } from '../cocreation/spam.js';
import type { CallCounts, CallRow, ApplicationDetail } from './queries.js';
import { MAX_APPLICATION_FILE_BYTES, MAX_APPLICATION_FILES } from './schemas.js';

type Values = Record<string, string>;
type Kind = (typeof ORGANISATION_KINDS)[number];
const k = (page: PageContext) => page.t.openCalls;

function Flash(props: { text: string | null | undefined }) {
  return props.text ? (
    <p class="flash" role="status">
      {props.text}
    </p>
  ) : null;
}

function forumCrumbs(page: PageContext, call: { forumId: number; forumName: LocalizedText }, extra: { label: string; href?: string }[]) {
  return [{ label: page.t.site.home, href: '/' }, { label: textIn(call.forumName, page.locale), href: `/forums/${call.forumId}` }, { label: k(page).heading, href: `/forums/${call.forumId}/open-calls` }, ...extra];
}

function Dates(props: { page: PageContext; call: { opensOn: string; closesOn: string } }) {
  const { locale } = props.page;
  return <>{k(props.page).dates(formatDate(props.call.opensOn, locale), formatDate(props.call.closesOn, locale))}</>;
}

/** The calls of a forum's network. */
export function CallListPage(props: { page: PageContext; forum: { id: number; name: LocalizedText }; calls: CallRow[]; canCreate: boolean }) {
  const { page } = props;
  const t = k(page);
  return (
    <Layout page={page} title={t.heading} crumbs={[{ label: page.t.site.home, href: '/' }, { label: textIn(props.forum.name, page.locale), href: `/forums/${props.forum.id}` }, { label: t.heading }]}>
      <h1>{t.heading}</h1>
      {props.calls.length === 0 ? (
        <p class="muted">{t.none}</p>
      ) : (
        <ul>
          {props.calls.map((c) => (
            <li>
              <a href={`/open-calls/${c.id}`}>
                <Text value={c.title} locale={page.locale} />
              </a>{' '}
              · {t.phase[c.phase]} · <Dates page={page} call={c} />
            </li>
          ))}
        </ul>
      )}
      {props.canCreate ? (
        <p>
          <a href={`/forums/${props.forum.id}/open-calls/new`}>{t.newLink}</a>
        </p>
      ) : null}
    </Layout>
  );
}

function KindBoxes(props: { page: PageContext; selected: string[]; error?: string }) {
  const t = k(props.page);
  return (
    <fieldset aria-describedby={props.error ? 'e-kinds' : undefined}>
      <legend id="f-kinds">{t.form.kinds}</legend>
      {props.error ? (
        <p class="error" id="e-kinds">
          {props.error}
        </p>
      ) : null}
      {ORGANISATION_KINDS.map((kind) => (
        <div>
          <input type="checkbox" id={`f-kind-${kind}`} name="kinds" value={kind} checked={props.selected.includes(kind)} />
          <label for={`f-kind-${kind}`}>{props.page.t.forum.orgKind[kind]}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** New call, or the edit of a draft. */
export function CallFormPage(props: { page: PageContext; forum: { id: number; name: LocalizedText }; callId?: number; values: Values; errors?: FieldErrors }) {
  const { page } = props;
  const t = k(page);
  const v = props.values;
  const e = props.errors ?? {};
  const heading = props.callId ? t.form.editHeading : t.form.newHeading;
  return (
    <Layout page={page} title={heading} crumbs={[{ label: page.t.site.home, href: '/' }, { label: textIn(props.forum.name, page.locale), href: `/forums/${props.forum.id}` }, { label: t.heading, href: `/forums/${props.forum.id}/open-calls` }, { label: heading }]}>
      <h1>{heading}</h1>
      <ErrorSummary errors={e} heading={t.errors.heading} />
      <form method="post" action={props.callId ? `/open-calls/${props.callId}/edit` : `/forums/${props.forum.id}/open-calls/new`} class="stack">
        <CsrfField page={page} />
        <Input name="titleEs" label={t.form.titleEs} maxlength={300} value={v.titleEs} error={e.titleEs} />
        <Input name="titleEn" label={t.form.titleEn} maxlength={300} value={v.titleEn} error={e.titleEn} />
        <TextArea name="eligibilityEs" label={t.form.eligibilityEs} maxlength={10000} value={v.eligibilityEs} error={e.eligibilityEs} />
        <TextArea name="eligibilityEn" label={t.form.eligibilityEn} maxlength={10000} value={v.eligibilityEn} error={e.eligibilityEn} />
        <Input name="opensOn" type="date" label={t.form.opensOn} required value={v.opensOn} error={e.opensOn} />
        <Input name="closesOn" type="date" label={t.form.closesOn} required value={v.closesOn} error={e.closesOn} />
        <KindBoxes page={page} selected={(v.kinds ?? '').split(',')} error={e.kinds} />
        <button type="submit">{props.callId ? t.form.save : t.form.create}</button>
      </form>
    </Layout>
  );
}

function PostButton(props: { page: PageContext; action: string; label: string }) {
  return (
    <form method="post" action={props.action} class="inline">
      <CsrfField page={props.page} />
      <button type="submit">{props.label}</button>
    </form>
  );
}

/** The public page of a call: dates, eligibility, who may apply, the counts; the secretariat's actions. */
export function CallPage(props: {
  page: PageContext;
  call: CallRow;
  counts: CallCounts;
  flash?: string | null;
  mine: { id: number; organisationName: string; state: keyof PageContext['t']['openCalls']['application']['states'] }[];
  manage: { edit: boolean; publish: boolean; close: boolean; review: boolean };
}) {
  const { page, call } = props;
  const t = k(page);
  const title = textIn(call.title, page.locale);
  return (
    <Layout page={page} title={title} crumbs={forumCrumbs(page, call, [{ label: title }])}>
      <h1>{title}</h1>
      <Flash text={props.flash} />
      <p>
        <strong>{t.phase[call.phase]}</strong> · <Dates page={page} call={call} />
      </p>
      <h2>{t.eligibility}</h2>
      <Paragraphs value={call.eligibility} locale={page.locale} />
      <h2>{t.kinds}</h2>
      <ul>
        {call.kinds.map((kind) => (
          <li>{page.t.forum.orgKind[kind as Kind] ?? kind}</li>
        ))}
      </ul>
      {call.phase === 'open' ? (
        <p>
          <a href={`/open-calls/${call.id}/apply`}>{t.applyLink}</a>
        </p>
      ) : (
        <p class="muted">{t.notOpen}</p>
      )}
      <h2>{t.counts}</h2>
      <dl class="counts">
        {(['received', 'accepted', 'rejected', 'pending'] as const).map((key) => (
          <>
            <dt>{t.count[key]}</dt>
            <dd>{props.counts[key]}</dd>
          </>
        ))}
      </dl>
      <p class="muted">{t.countsNote}</p>
      <p>
        <a href={`/forums/${call.forumId}/network`}>{page.t.forum.network}</a>
      </p>
      {props.mine.length > 0 ? (
        <>
          <h2>{t.myApplications}</h2>
          <ul>
            {props.mine.map((a) => (
              <li>
                <a href={`/applications/${a.id}`}>{a.organisationName}</a> · {t.application.states[a.state]}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {props.manage.edit || props.manage.publish || props.manage.close || props.manage.review ? (
        <section aria-labelledby="manage-call" class="card">
          <h2 id="manage-call">{t.manage}</h2>
          {props.manage.edit ? (
            <p>
              <a href={`/open-calls/${call.id}/edit`}>{t.form.edit}</a>
            </p>
          ) : null}
          {props.manage.publish ? <PostButton page={page} action={`/open-calls/${call.id}/publish`} label={t.form.publish} /> : null}
          {props.manage.close ? <PostButton page={page} action={`/open-calls/${call.id}/close`} label={t.form.close} /> : null}
          {props.manage.review ? (
            <p>
              <a href={`/open-calls/${call.id}/applications`}>{t.form.review}</a>
            </p>
          ) : null}
        </section>
      ) : null}
    </Layout>
  );
}

/** The application form (multipart: supporting documents), with the honeypot and the signed form time. */
export function ApplyPage(props: { page: PageContext; call: CallRow; values: Values; errors?: FieldErrors; signedInAs: string | null; mailConfigured: boolean; stamp: string }) {
  const { page, call } = props;
  const t = k(page);
  const a = t.apply;
  const v = props.values;
  const e = props.errors ?? {};
  const title = textIn(call.title, page.locale);
  const kindsAllowed = ORGANISATION_KINDS.filter((kind) => call.kinds.includes(kind));
  const canSend = !!props.signedInAs || props.mailConfigured;
  return (
    <Layout page={page} title={`${a.heading}: ${title}`} crumbs={forumCrumbs(page, call, [{ label: title, href: `/open-calls/${call.id}` }, { label: a.heading }])}>
      <h1>
        {a.heading}: {title}
      </h1>
      <p>
        <Dates page={page} call={call} />
      </p>
      <p class="muted">{a.intro}</p>
      <ErrorSummary errors={e} heading={t.errors.heading} />
      {!canSend ? (
        <p class="flash" role="note">
          {a.noMail}{' '}
          <a href={`/login?next=${encodeURIComponent(`/open-calls/${call.id}/apply`)}`}>{a.orSignIn}</a>
        </p>
      ) : (
        <form method="post" action={`/open-calls/${call.id}/apply`} enctype="multipart/form-data" class="stack">
          <CsrfField page={page} />
          <div class="sr" aria-hidden="true">
            <label for="f-website">{a.honeypot}</label>
            <input id="f-website" name={HONEYPOT_FIELD} type="text" tabindex={-1} autocomplete="off" value="" />
          </div>
          <input type="hidden" name={STAMP_FIELD} value={props.stamp} />
          <fieldset>
            <legend>{a.organisation}</legend>
            <Input name="organisationName" label={a.organisationName} required maxlength={300} value={v.organisationName} error={e.organisationName} />
            <Select name="kind" label={a.kind} required value={v.kind} error={e.kind} options={kindsAllowed.map((kind) => ({ value: kind, label: page.t.forum.orgKind[kind] }))} />
            <Input name="region" label={a.region} required maxlength={200} value={v.region} error={e.region} />
            <Input name="organisationWebsite" type="url" label={a.website} maxlength={2000} value={v.organisationWebsite} error={e.organisationWebsite} />
            <TextArea name="mission" label={a.mission} required maxlength={5000} value={v.mission} error={e.mission} rows={4} />
            <Input name="focusAreas" label={a.focusAreas} maxlength={1100} value={v.focusAreas} error={e.focusAreas} />
          </fieldset>
          <fieldset>
            <legend>{a.people}</legend>
            <Input name="legalRepresentative" label={a.legalRepresentative} required maxlength={200} value={v.legalRepresentative} error={e.legalRepresentative} />
            <Input name="representativeName" label={a.representativeName} required maxlength={200} value={v.representativeName} error={e.representativeName} />
            <Input name="representativeEmail" type="email" label={a.representativeEmail} hint={a.representativeHint} required maxlength={254} value={v.representativeEmail} error={e.representativeEmail} />
          </fieldset>
          <fieldset>
            <legend>{a.application}</legend>
            <TextArea name="experience" label={a.experience} required maxlength={5000} value={v.experience} error={e.experience} rows={4} />
            <TextArea name="motivation" label={a.motivation} required maxlength={5000} value={v.motivation} error={e.motivation} rows={4} />
            <TextArea name="contribution" label={a.contribution} required maxlength={5000} value={v.contribution} error={e.contribution} rows={4} />
            <TextArea name="regionalPresence" label={a.regionalPresence} maxlength={2000} value={v.regionalPresence} error={e.regionalPresence} rows={3} />
            <Input name="documents" type="file" multiple label={a.documents} hint={a.documentsHint(MAX_APPLICATION_FILES, MAX_APPLICATION_FILE_BYTES / 1024 / 1024)} accept=".pdf,.png,.jpg,.jpeg,.docx,.odt" error={e.documents} />
          </fieldset>
          <fieldset>
            <legend>{a.applicant}</legend>
            {props.signedInAs ? (
              <p>{a.signedInAs(props.signedInAs)}</p>
            ) : (
              <>
                <Input name="applicantEmail" type="email" label={a.applicantEmail} hint={a.emailHint} required maxlength={254} autocomplete="email" value={v.applicantEmail} error={e.applicantEmail} />
                <p>
                  <a href={`/login?next=${encodeURIComponent(`/open-calls/${call.id}/apply`)}`}>{a.orSignIn}</a>
                </p>
              </>
            )}
          </fieldset>
          <button type="submit">{a.submit}</button>
        </form>
      )}
    </Layout>
  );
}

const sizeText = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

/**
 * An application's private page: for its applicant (account or private link) and the secretariat.
 * `base` is where its forms post and its files are served (`/applications/{id}` or the private link's path).
 */
export function ApplicationPage(props: { page: PageContext; detail: ApplicationDetail; base: string; flash?: string | null; canAnswer: boolean; canDecide: boolean; isSecretariat: boolean; values?: Values; errors?: FieldErrors }) {
  const { page, detail } = props;
  const t = k(page);
  const d = detail.app;
  const e = props.errors ?? {};
  const title = t.application.heading(d.organisationName);
  const callTitle = textIn(detail.call.title, page.locale);
  return (
    <Layout page={page} title={title} crumbs={forumCrumbs(page, detail.call, [{ label: callTitle, href: `/open-calls/${detail.call.id}` }, { label: title }])}>
      <h1>{title}</h1>
      <Flash text={props.flash} />
      <p class="muted">{t.application.privateNote}</p>
      <ErrorSummary errors={e} heading={t.errors.heading} />
      <dl>
        <dt>{t.application.state}</dt>
        <dd>
          <strong>{t.application.states[d.state]}</strong>
          {detail.decidedByName && d.decidedAt ? ` · ${detail.decidedByName}, ${formatDateTime(d.decidedAt, page.locale)}` : ''}
        </dd>
        {d.submittedAt ? (
          <>
            <dt>{t.application.submittedAt}</dt>
            <dd>{formatDateTime(d.submittedAt, page.locale)}</dd>
          </>
        ) : null}
        {d.reason ? (
          <>
            <dt>{t.application.reason}</dt>
            <dd class="prewrap">{d.reason}</dd>
          </>
        ) : null}
      </dl>
      {detail.organisation?.joinedNetworkAt ? (
        <p>
          {t.application.joined(formatDate(detail.organisation.joinedNetworkAt, page.locale))} <a href={`/forums/${detail.call.forumId}/network`}>{t.application.networkLink}</a>
        </p>
      ) : null}
      <h2>{t.apply.organisation}</h2>
      <dl>
        <dt>{t.apply.organisationName}</dt>
        <dd>{d.organisationName}</dd>
        <dt>{t.apply.kind}</dt>
        <dd>{page.t.forum.orgKind[d.kind]}</dd>
        <dt>{t.apply.region}</dt>
        <dd>{d.region}</dd>
        {d.website ? (
          <>
            <dt>{t.apply.website}</dt>
            <dd>{d.website}</dd>
          </>
        ) : null}
        <dt>{t.apply.mission}</dt>
        <dd class="prewrap">{d.mission}</dd>
        <dt>{t.apply.focusAreas}</dt>
        <dd>{d.focusAreas.join(', ')}</dd>
        <dt>{t.apply.legalRepresentative}</dt>
        <dd>{d.legalRepresentative}</dd>
        <dt>{t.apply.representativeName}</dt>
        <dd>
          {d.representativeName} &lt;{d.representativeEmail}&gt;
        </dd>
        <dt>{t.apply.experience}</dt>
        <dd class="prewrap">{d.experience}</dd>
        <dt>{t.apply.motivation}</dt>
        <dd class="prewrap">{d.motivation}</dd>
        <dt>{t.apply.contribution}</dt>
        <dd class="prewrap">{d.contribution}</dd>
        {d.regionalPresence ? (
          <>
            <dt>{t.apply.regionalPresence}</dt>
            <dd class="prewrap">{d.regionalPresence}</dd>
          </>
        ) : null}
        {props.isSecretariat ? (
          <>
            <dt>{t.application.contact}</dt>
            <dd>{detail.account ? `${detail.account.name} <${detail.account.email}>` : (d.applicantEmail ?? '')}</dd>
          </>
        ) : null}
      </dl>
      <h2>{t.application.files}</h2>
      {detail.files.length === 0 ? (
        <p class="muted">{t.application.noFiles}</p>
      ) : (
        <ul>
          {detail.files.map((f) => (
            <li>
              <a href={`${props.base}/files/${f.id}`}>{f.fileName}</a> ({sizeText(f.size)})
            </li>
          ))}
        </ul>
      )}
      {detail.notes.length > 0 ? (
        <>
          <h2>{t.application.history}</h2>
          <ul>
            {detail.notes.map((n) => (
              <li>
                <strong>{t.application.note[n.kind]}</strong> ({n.authorName}, {formatDateTime(n.createdAt, page.locale)}): <span class="prewrap">{n.body}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {props.canAnswer ? (
        <section aria-labelledby="answer" class="card">
          <h2 id="answer">{t.application.answerHeading}</h2>
          <form method="post" action={`${props.base}/answer`} enctype="multipart/form-data" class="stack">
            <CsrfField page={page} />
            <TextArea name="answer" label={t.application.answer} required maxlength={5000} value={props.values?.answer} error={e.answer} />
            <Input name="documents" type="file" multiple label={t.apply.documents} hint={t.apply.documentsHint(MAX_APPLICATION_FILES, MAX_APPLICATION_FILE_BYTES / 1024 / 1024)} accept=".pdf,.png,.jpg,.jpeg,.docx,.odt" error={e.documents} />
            <button type="submit">{t.application.answerSubmit}</button>
          </form>
        </section>
      ) : null}
      {props.canDecide ? (
        <section aria-labelledby="decide" class="card">
          <h2 id="decide">{t.application.decideHeading}</h2>
          <form method="post" action={`/applications/${d.id}/decide`} class="stack">
            <CsrfField page={page} />
            <Select
              name="decision"
              label={t.application.decision}
              required
              value={props.values?.decision}
              error={e.decision}
              options={(['accept', 'reject', 'more_info'] as const).map((x) => ({ value: x, label: t.application.decisions[x] }))}
            />
            <TextArea name="reason" label={t.application.decisionReason} required maxlength={5000} value={props.values?.reason} error={e.reason} rows={4} />
            <button type="submit">{t.application.decide}</button>
          </form>
        </section>
      ) : null}
    </Layout>
  );
}

/** The secretariat's review queue of a call. */
export function ReviewPage(props: { page: PageContext; call: CallRow; rows: { id: number; organisationName: string; kind: Kind; region: string; state: keyof PageContext['t']['openCalls']['application']['states']; submittedAt: Date | null }[] }) {
  const { page, call } = props;
  const t = k(page);
  const callTitle = textIn(call.title, page.locale);
  return (
    <Layout page={page} title={`${t.review.heading}: ${callTitle}`} crumbs={forumCrumbs(page, call, [{ label: callTitle, href: `/open-calls/${call.id}` }, { label: t.review.heading }])}>
      <h1>
        {t.review.heading}: {callTitle}
      </h1>
      {props.rows.length === 0 ? (
        <p class="muted">{t.review.empty}</p>
      ) : (
        <div class="scroll" role="region" aria-label={t.review.heading} tabindex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t.review.organisation}</th>
                <th scope="col">{page.t.forum.kind}</th>
                <th scope="col">{page.t.forum.region}</th>
                <th scope="col">{t.application.state}</th>
                <th scope="col">{t.review.received}</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr>
                  <th scope="row">
                    <a href={`/applications/${r.id}`}>{r.organisationName}</a>
                  </th>
                  <td>{page.t.forum.orgKind[r.kind]}</td>
                  <td>{r.region}</td>
                  <td>{t.application.states[r.state]}</td>
                  <td>{r.submittedAt ? formatDateTime(r.submittedAt, page.locale) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

/** The confirmation link's page: a button (a link alone changes nothing, so mail scanners cannot confirm). */
export function ConfirmPage(props: { page: PageContext; action: string; organisationName?: string; message?: string; children?: Child }) {
  const { page } = props;
  const t = k(page).confirm;
  return (
    <Layout page={page} title={t.heading}>
      <h1>{t.heading}</h1>
      {props.message ? (
        <p role="alert">{props.message}</p>
      ) : (
        <>
          <p>
            {t.intro} {props.organisationName ? `(${props.organisationName})` : ''}
          </p>
          <form method="post" action={props.action}>
            <CsrfField page={page} />
            <button type="submit">{t.button}</button>
          </form>
        </>
      )}
    </Layout>
  );
}
