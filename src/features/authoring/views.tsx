import type { Child } from 'hono/jsx';
import { Text } from '../../ui/components.js';
import { CsrfField, ErrorSummary, Input, Select, TextArea, type FieldErrors } from '../../ui/forms.js';
import { formatDate } from '../../ui/format.js';
import { Layout, type Crumb, type PageContext } from '../../ui/layout.js';
import { PLAN_PHASES, TEMPLATE_GENERATIONS, type PlanPhase } from '../../lib/levels.js';
import { textIn, type LocalizedText } from '../../lib/localized.js';
import { COMMITMENT_LISTS, COMMITMENT_TEXTS, COMMITMENT_VALUES, LONG, SHORT } from './schemas.js';
import type { ChangeEntry } from './queries.js';

type Values = Record<string, string | string[] | undefined>;
const str = (v: Values, k: string) => {
  const x = v[k];
  return Array.isArray(x) ? (x[0] ?? '') : (x ?? '');
};

/** One formatter per language, made once (making one costs more than formatting). */
const DATE_TIME = {
  es: new Intl.DateTimeFormat('es-CL', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }),
};

/** The time as well as the date (the history says when, to the minute). */
export function formatDateTime(iso: string, locale: 'es' | 'en'): string {
  return DATE_TIME[locale === 'es' ? 'es' : 'en'].format(new Date(iso)) + ' UTC';
}

/** A text in Spanish and in English, side by side. */
function Pair(props: { page: PageContext; name: string; label: string; values: Values; errors: FieldErrors; long?: boolean; required?: boolean; hint?: string }) {
  const { t } = props.page;
  const max = props.long ? LONG : SHORT;
  const field = (lang: 'Es' | 'En', langLabel: string, code: 'es' | 'en') => {
    const name = `${props.name}${lang}`;
    const common = { name, label: `${props.label} (${langLabel})`, error: props.errors[name], maxlength: max, value: str(props.values, name) };
    return (
      <div lang={code === props.page.locale ? undefined : code}>
        {props.long ? <TextArea {...common} rows={4} hint={lang === 'Es' ? props.hint : undefined} /> : <Input {...common} hint={lang === 'Es' ? props.hint : undefined} />}
      </div>
    );
  };
  return (
    <fieldset class="pair">
      <legend>{props.label}</legend>
      {field('Es', t.authoring.spanish, 'es')}
      {field('En', t.authoring.english, 'en')}
    </fieldset>
  );
}

function FormPage(props: { page: PageContext; title: string; crumbs: Crumb[]; action: string; errors?: FieldErrors; conflict?: ConflictInfo | null; submit: string; children: Child; version?: string; labels?: Record<string, string> }) {
  const { t } = props.page;
  return (
    <Layout page={props.page} title={props.title} crumbs={props.crumbs}>
      <h1>{props.title}</h1>
      {props.conflict ? <ConflictNotice page={props.page} conflict={props.conflict} /> : null}
      <ErrorSummary errors={props.errors ?? {}} heading={t.authoring.errors.heading} labels={props.labels} />
      <form method="post" action={props.action}>
        <CsrfField page={props.page} />
        {props.version ? <input type="hidden" name="version" value={props.version} /> : null}
        {props.children}
        <button type="submit">{props.submit}</button>
      </form>
    </Layout>
  );
}

export interface ConflictInfo {
  by: string;
  at: string;
  changes: { field: string; value: string }[];
}

function ConflictNotice(props: { page: PageContext; conflict: ConflictInfo }) {
  const t = props.page.t.authoring.conflict;
  return (
    <div class="errors" role="alert" tabindex={-1}>
      <h2>{t.heading}</h2>
      <p>{t.intro(props.conflict.by, formatDateTime(props.conflict.at, props.page.locale))}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t.field}</th>
            <th scope="col">{t.theirs}</th>
          </tr>
        </thead>
        <tbody>
          {props.conflict.changes.map((ch) => (
            <tr>
              <td>{ch.field}</td>
              <td>{ch.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>{t.retry}</p>
    </div>
  );
}

// ——— members ———

export function MemberFormPage(props: { page: PageContext; action: string; editing?: { name: LocalizedText; version: string } | null; values: Values; errors?: FieldErrors; conflict?: ConflictInfo | null }) {
  const { t, locale } = props.page;
  const a = t.authoring;
  const errors = props.errors ?? {};
  const title = props.editing ? a.member.editTitle(textIn(props.editing.name, locale)) : a.member.newTitle;
  return (
    <FormPage page={props.page} title={title} crumbs={[{ label: t.site.home, href: '/' }, { label: t.accounts.nav.myWork, href: '/work' }, { label: title }]} action={props.action} errors={errors} conflict={props.conflict} submit={props.editing ? a.save : a.create} version={props.editing?.version}>
      {props.editing ? null : <Input name="code" label={a.member.code} hint={a.member.codeHint} value={str(props.values, 'code')} error={errors.code} maxlength={40} required />}
      <p class="hint">{a.bothLanguages}</p>
      <Pair page={props.page} name="name" label={a.member.name} values={props.values} errors={errors} />
      <Select name="kind" label={a.member.kind} value={str(props.values, 'kind') || 'national'} error={errors.kind} options={[{ value: 'national', label: a.member.national }, { value: 'local', label: a.member.local }]} />
      <Input name="countryCode" label={a.member.countryCode} value={str(props.values, 'countryCode')} error={errors.countryCode} maxlength={2} />
      <Pair page={props.page} name="secretariat" label={a.member.secretariat} hint={a.member.secretariatHint} values={props.values} errors={errors} />
    </FormPage>
  );
}

// ——— plans ———

export function PlanFormPage(props: { page: PageContext; action: string; members?: { id: number; name: LocalizedText }[]; editing?: { id: number; title: LocalizedText; version: string } | null; values: Values; errors?: FieldErrors; conflict?: ConflictInfo | null }) {
  const { t, locale } = props.page;
  const a = t.authoring;
  const errors = props.errors ?? {};
  const title = props.editing ? a.plan.editTitle(textIn(props.editing.title, locale)) : a.plan.newTitle;
  const crumbs: Crumb[] = [{ label: t.site.home, href: '/' }, ...(props.editing ? [{ label: textIn(props.editing.title, locale), href: `/plans/${props.editing.id}` }] : [{ label: t.accounts.nav.myWork, href: '/work' }]), { label: title }];
  return (
    <FormPage page={props.page} title={title} crumbs={crumbs} action={props.action} errors={errors} conflict={props.conflict} submit={props.editing ? a.save : a.create} version={props.editing?.version}>
      {props.members ? <Select name="memberId" label={a.plan.member} value={str(props.values, 'memberId')} error={errors.memberId} options={props.members.map((m) => ({ value: String(m.id), label: textIn(m.name, locale) }))} required /> : null}
      <Input name="number" label={a.plan.number} hint={a.plan.numberHint} type="number" min="1" max="999" value={str(props.values, 'number')} error={errors.number} required />
      <p class="hint">{a.bothLanguages}</p>
      <Pair page={props.page} name="title" label={a.plan.title} values={props.values} errors={errors} />
      <Input name="startMonth" label={a.plan.startMonth} type="month" value={str(props.values, 'startMonth')} error={errors.startMonth} required />
      <Input name="endMonth" label={a.plan.endMonth} type="month" value={str(props.values, 'endMonth')} error={errors.endMonth} required />
      <Select name="phase" label={a.plan.phase} hint={a.plan.phaseHint} value={str(props.values, 'phase') || 'co_creation'} error={errors.phase} options={PLAN_PHASES.map((p) => ({ value: p, label: t.phase[p] }))} />
      <Input name="ogpId" label={a.plan.ogpId} value={str(props.values, 'ogpId')} error={errors.ogpId} maxlength={40} />
      <Pair page={props.page} name="description" label={a.plan.description} values={props.values} errors={errors} long />
    </FormPage>
  );
}

export function PhaseTimeline(props: { page: PageContext; timeline: { from: PlanPhase | null; to: PlanPhase; by: string; at: string }[] }) {
  const { t, locale } = props.page;
  if (props.timeline.length === 0) return null;
  return (
    <section aria-labelledby="phases">
      <h2 id="phases">{t.authoring.plan.phases}</h2>
      <ol class="history">
        {props.timeline.map((p) => (
          <li>
            <time datetime={p.at}>{formatDateTime(p.at, locale)}</time> — {t.authoring.plan.phaseChange(p.from ? t.phase[p.from] : null, t.phase[p.to], p.by)}
          </li>
        ))}
      </ol>
    </section>
  );
}

// ——— commitments ———

export interface CommitmentFormOptions {
  institutions: { id: number; name: LocalizedText; contacts: { id: number; name: string }[] }[];
  policyAreas: { slug: string; name: LocalizedText; groupSlug: string | null }[];
}

export function CommitmentFormPage(props: { page: PageContext; action: string; plan: { id: number; title: LocalizedText }; editing?: { id: number; number: string; version: string } | null; options: CommitmentFormOptions; values: Values; errors?: FieldErrors; conflict?: ConflictInfo | null }) {
  const { t, locale } = props.page;
  const a = t.authoring;
  const f = a.commitment.fields;
  const errors = props.errors ?? {};
  const v = props.values;
  const title = props.editing ? a.commitment.editTitle(props.editing.number) : a.commitment.newTitle;
  const chosenAreas = new Set(Array.isArray(v.policyAreas) ? v.policyAreas : v.policyAreas ? [v.policyAreas] : []);
  const crumbs: Crumb[] = [
    { label: t.site.home, href: '/' },
    { label: textIn(props.plan.title, locale), href: `/plans/${props.plan.id}` },
    ...(props.editing ? [{ label: t.commitment.numberTitle(props.editing.number), href: `/commitments/${props.editing.id}` }] : []),
    { label: title },
  ];
  const contactOptions = [{ value: '', label: a.none }, ...props.options.institutions.flatMap((i) => i.contacts.map((p) => ({ value: String(p.id), label: `${p.name} (${textIn(i.name, locale)})` })))];
  return (
    <FormPage page={props.page} title={title} crumbs={crumbs} action={props.action} errors={errors} conflict={props.conflict} submit={props.editing ? a.save : a.create} version={props.editing?.version}>
      <p class="hint">{a.bothLanguages}</p>
      <h2>{a.commitment.groups.identity}</h2>
      <Input name="number" label={a.commitment.number} hint={a.commitment.numberHint} value={str(v, 'number')} error={errors.number} maxlength={24} required />
      <Select name="generation" label={a.commitment.generation} value={str(v, 'generation') || '2019'} error={errors.generation} options={TEMPLATE_GENERATIONS.map((g) => ({ value: g, label: t.generation[g] }))} />
      <Input name="ogpId" label={a.commitment.ogpId} value={str(v, 'ogpId')} error={errors.ogpId} maxlength={40} />
      <Pair page={props.page} name="title" label={f.title} values={v} errors={errors} />
      <Pair page={props.page} name="theme" label={f.theme} values={v} errors={errors} />
      <Input name="startMonth" label={a.commitment.startMonth} type="month" value={str(v, 'startMonth')} error={errors.startMonth} />
      <Input name="endMonth" label={a.commitment.endMonth} type="month" value={str(v, 'endMonth')} error={errors.endMonth} />
      <Select
        name="leadInstitutionId"
        label={a.commitment.leadChoose}
        value={str(v, 'leadInstitutionId')}
        error={errors.leadInstitutionId}
        options={[{ value: '', label: a.none }, ...props.options.institutions.map((i) => ({ value: String(i.id), label: textIn(i.name, locale) }))]}
      />
      <Pair page={props.page} name="newLeadInstitution" label={a.commitment.leadNew} hint={a.commitment.leadNewHint} values={v} errors={errors} />
      <Select name="contactId" label={a.commitment.contact} hint={a.commitment.contactHint} value={str(v, 'contactId')} error={errors.contactId} options={contactOptions} />
      <h2>{a.commitment.groups.template}</h2>
      {(['problem', 'objective', 'briefDescription', 'description', 'howItSolves', 'relevance', 'ambition'] as const).map((n) => (
        <Pair page={props.page} name={n} label={f[n]} values={v} errors={errors} long />
      ))}
      <fieldset class="pair">
        <legend>{a.commitment.values}</legend>
        {COMMITMENT_VALUES.map((n) => (
          <Select name={n} label={f[n]} value={str(v, n)} error={errors[n]} options={[{ value: '', label: a.notSaid }, { value: 'yes', label: a.yes }, { value: 'no', label: a.no }]} />
        ))}
      </fieldset>
      <fieldset class="pair">
        <legend>{a.commitment.policyAreas}</legend>
        {errors.policyAreas ? <p class="error">{errors.policyAreas}</p> : null}
        <div>
          {props.options.policyAreas
            .filter((p) => p.groupSlug !== null)
            .map((p) => (
              <div>
                <input type="checkbox" id={`pa-${p.slug}`} name="policyAreas" value={p.slug} checked={chosenAreas.has(p.slug)} />{' '}
                <label for={`pa-${p.slug}`}>
                  <Text value={p.name} locale={locale} />
                </label>
              </div>
            ))}
        </div>
      </fieldset>
      <h2>{a.commitment.groups.actors}</h2>
      <p class="hint">{a.onePerLine}</p>
      <Pair page={props.page} name="otherActorsGovernment" label={f.otherActorsGovernment} values={v} errors={errors} long />
      <Pair page={props.page} name="otherActorsCivilSociety" label={f.otherActorsCivilSociety} values={v} errors={errors} long />
      <h2>{a.commitment.groups.results}</h2>
      {(['resultsDescription', 'additionalInformation', 'remainingChallenges'] as const).map((n) => (
        <Pair page={props.page} name={n} label={f[n]} values={v} errors={errors} long />
      ))}
      <Pair page={props.page} name="nextSteps" label={f.nextSteps} values={v} errors={errors} long hint={a.onePerLine} />
    </FormPage>
  );
}

// Every template text and list has a field on the form (checked by the compiler through these arrays).
void COMMITMENT_TEXTS;
void COMMITMENT_LISTS;

// ——— milestones ———

export interface MilestoneRow {
  id: number;
  number: number;
  title: LocalizedText;
  plannedStart: string | null;
  plannedEnd: string | null;
  version: number;
  removedAt: string | null;
}

export function MilestonesPage(props: { page: PageContext; commitment: { id: number; number: string; title: LocalizedText }; milestones: MilestoneRow[]; values: Values; errors?: FieldErrors; flash?: string | null; problem?: string | null }, status?: number) {
  void status;
  const { t, locale } = props.page;
  const a = t.authoring;
  const m = a.milestone;
  const errors = props.errors ?? {};
  const live = props.milestones.filter((x) => !x.removedAt);
  const removed = props.milestones.filter((x) => x.removedAt);
  const title = m.heading(props.commitment.number);
  return (
    <Layout page={props.page} title={title} crumbs={[{ label: t.site.home, href: '/' }, { label: t.commitment.numberTitle(props.commitment.number), href: `/commitments/${props.commitment.id}` }, { label: title }]}>
      <h1>{title}</h1>
      <p>{m.intro}</p>
      {props.flash ? (
        <p class="flash" role="status">
          {props.flash}
        </p>
      ) : null}
      {props.problem ? (
        <div class="errors" role="alert">
          <p>{props.problem}</p>
        </div>
      ) : null}
      {live.length === 0 ? (
        <p>{m.none}</p>
      ) : (
        <ol class="milestone-list">
          {live.map((x, i) => (
            <li>
              <strong>{x.number}.</strong> <Text value={x.title} locale={locale} /> {x.plannedStart || x.plannedEnd ? <span class="muted">({[x.plannedStart, x.plannedEnd].filter(Boolean).join(' – ')})</span> : null}{' '}
              <a href={`/milestones/${x.id}/edit`} aria-label={m.editLabel(x.number)}>
                {a.edit}
              </a>
              {i > 0 ? <MiniForm page={props.page} action={`/milestones/${x.id}/move`} version={x.version} extra={{ direction: 'up' }} label={m.up} aria={m.upLabel(x.number)} /> : null}
              {i < live.length - 1 ? <MiniForm page={props.page} action={`/milestones/${x.id}/move`} version={x.version} extra={{ direction: 'down' }} label={m.down} aria={m.downLabel(x.number)} /> : null}
              <MiniForm page={props.page} action={`/milestones/${x.id}/remove`} version={x.version} label={m.remove} aria={m.removeLabel(x.number)} />
            </li>
          ))}
        </ol>
      )}
      {removed.length > 0 ? (
        <section aria-labelledby="removed">
          <h2 id="removed">{m.removed}</h2>
          <ul>
            {removed.map((x) => (
              <li>
                <del>
                  {x.number}. <Text value={x.title} locale={locale} />
                </del>{' '}
                <span class="muted">{m.removedOn(formatDate(x.removedAt!, locale))}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <h2>{m.add}</h2>
      <ErrorSummary errors={errors} heading={a.errors.heading} />
      <form method="post" action={`/commitments/${props.commitment.id}/milestones`}>
        <CsrfField page={props.page} />
        <MilestoneFields page={props.page} values={props.values} errors={errors} />
        <button type="submit">{m.add}</button>
      </form>
    </Layout>
  );
}

function MiniForm(props: { page: PageContext; action: string; version: number; extra?: Record<string, string>; label: string; aria: string }) {
  return (
    <form method="post" action={props.action} class="inline">
      <CsrfField page={props.page} />
      <input type="hidden" name="version" value={String(props.version)} />
      {Object.entries(props.extra ?? {}).map(([k, v]) => (
        <input type="hidden" name={k} value={v} />
      ))}{' '}
      <button type="submit" class="secondary" aria-label={props.aria}>
        {props.label}
      </button>
    </form>
  );
}

function MilestoneFields(props: { page: PageContext; values: Values; errors: FieldErrors }) {
  const m = props.page.t.authoring.milestone;
  return (
    <>
      <Pair page={props.page} name="title" label={m.title} values={props.values} errors={props.errors} long />
      <Input name="plannedStart" label={m.plannedStart} type="month" value={str(props.values, 'plannedStart')} error={props.errors.plannedStart} />
      <Input name="plannedEnd" label={m.plannedEnd} type="month" value={str(props.values, 'plannedEnd')} error={props.errors.plannedEnd} />
    </>
  );
}

export function MilestoneFormPage(props: { page: PageContext; milestone: { id: number; number: number; commitmentId: number; commitmentNumber: string; version: string }; values: Values; errors?: FieldErrors; conflict?: ConflictInfo | null }) {
  const { t } = props.page;
  const a = t.authoring;
  const title = a.milestone.editTitle(props.milestone.number);
  return (
    <FormPage
      page={props.page}
      title={title}
      crumbs={[{ label: t.site.home, href: '/' }, { label: a.milestone.heading(props.milestone.commitmentNumber), href: `/commitments/${props.milestone.commitmentId}/milestones` }, { label: title }]}
      action={`/milestones/${props.milestone.id}/edit`}
      errors={props.errors}
      conflict={props.conflict}
      submit={a.save}
      version={props.milestone.version}
    >
      <MilestoneFields page={props.page} values={props.values} errors={props.errors ?? {}} />
    </FormPage>
  );
}

// ——— institutions and contacts ———

export function InstitutionFormPage(props: {
  page: PageContext;
  action: string;
  members?: { id: number; name: LocalizedText }[];
  editing?: { id: number; name: LocalizedText; version: string; contacts: { id: number; name: string }[] } | null;
  values: Values;
  errors?: FieldErrors;
  conflict?: ConflictInfo | null;
}) {
  const { t, locale } = props.page;
  const a = t.authoring;
  const errors = props.errors ?? {};
  const title = props.editing ? a.institution.editTitle(textIn(props.editing.name, locale)) : a.institution.newTitle;
  return (
    <FormPage
      page={props.page}
      title={title}
      crumbs={[{ label: t.site.home, href: '/' }, ...(props.editing ? [{ label: textIn(props.editing.name, locale), href: `/institutions/${props.editing.id}` }] : []), { label: title }]}
      action={props.action}
      errors={errors}
      conflict={props.conflict}
      submit={props.editing ? a.save : a.create}
      version={props.editing?.version}
    >
      {props.members ? <Select name="memberId" label={a.institution.member} value={str(props.values, 'memberId')} error={errors.memberId} options={props.members.map((m) => ({ value: String(m.id), label: textIn(m.name, locale) }))} required /> : null}
      <Pair page={props.page} name="name" label={a.institution.name} values={props.values} errors={errors} />
      <Input name="abbreviation" label={a.institution.abbreviation} value={str(props.values, 'abbreviation')} error={errors.abbreviation} maxlength={40} />
      <Input name="website" label={a.institution.website} type="url" value={str(props.values, 'website')} error={errors.website} maxlength={2000} />
      {props.editing ? (
        <section aria-labelledby="contacts">
          <h2 id="contacts">{a.institution.contacts}</h2>
          <ul>
            {props.editing.contacts.map((p) => (
              <li>
                <a href={`/contacts/${p.id}/edit`}>{a.contact.edit(p.name)}</a>
              </li>
            ))}
            <li>
              <a href={`/institutions/${props.editing.id}/contacts/new`}>{a.actions.addContact}</a>
            </li>
          </ul>
        </section>
      ) : null}
    </FormPage>
  );
}

export function ContactFormPage(props: { page: PageContext; action: string; institution: { id: number; name: LocalizedText }; editing?: { name: string; version: string } | null; values: Values; errors?: FieldErrors; conflict?: ConflictInfo | null }) {
  const { t, locale } = props.page;
  const a = t.authoring;
  const errors = props.errors ?? {};
  const title = props.editing ? a.contact.editTitle(props.editing.name) : a.contact.newTitle;
  return (
    <FormPage
      page={props.page}
      title={title}
      crumbs={[{ label: t.site.home, href: '/' }, { label: textIn(props.institution.name, locale), href: `/institutions/${props.institution.id}/edit` }, { label: title }]}
      action={props.action}
      errors={errors}
      conflict={props.conflict}
      submit={props.editing ? a.save : a.create}
      version={props.editing?.version}
    >
      <Input name="name" label={a.contact.name} value={str(props.values, 'name')} error={errors.name} maxlength={200} required />
      <Pair page={props.page} name="title" label={a.contact.title} values={props.values} errors={errors} />
      <Input name="email" label={a.contact.email} type="email" value={str(props.values, 'email')} error={errors.email} maxlength={320} />
      <Input name="phone" label={a.contact.phone} type="tel" value={str(props.values, 'phone')} error={errors.phone} maxlength={40} />
      <Select name="isPublic" label={a.contact.isPublic} value={str(props.values, 'isPublic') || 'yes'} error={errors.isPublic} options={[{ value: 'yes', label: a.yes }, { value: 'no', label: a.no }]} />
    </FormPage>
  );
}

// ——— public: the history of changes, and the secretariat's action links ———

/**
 * A stored value as text. A text in two languages shows the languages in `langs` (those that changed),
 * each marked when it is not the reader's: "ES: …".
 */
export function shown(value: unknown, locale: 'es' | 'en', empty: string, langs: ('es' | 'en')[] = ['es', 'en']): string {
  if (value === null || value === undefined || value === '') return empty;
  if (Array.isArray(value)) return value.length === 0 ? empty : value.map((v) => shown(v, locale, empty, langs)).join('; ');
  if (typeof value === 'object') {
    const o = value as LocalizedText;
    if ('es' in o || 'en' in o) {
      if (langs.length === 1 && langs[0] === locale) return o[locale] || empty;
      const parts = langs.filter((l) => o[l]).map((l) => `${l.toUpperCase()}: ${o[l]}`);
      return parts.length > 0 ? parts.join(' · ') : empty;
    }
    return Object.keys(o).length === 0 ? empty : JSON.stringify(o);
  }
  return String(value);
}

/** The languages in which a text (or a list of texts) changed; the reader's language when none can be told. */
function changedLanguages(before: unknown, after: unknown, locale: 'es' | 'en'): ('es' | 'en')[] {
  const pick = (v: unknown, l: 'es' | 'en') => JSON.stringify(Array.isArray(v) ? v.map((x) => (x as LocalizedText)?.[l] ?? null) : ((v as LocalizedText | null)?.[l] ?? null));
  const isText = (v: unknown) => v !== null && typeof v === 'object';
  if (!isText(before) && !isText(after)) return [locale];
  const langs = (['es', 'en'] as const).filter((l) => pick(before, l) !== pick(after, l));
  return langs.length > 0 ? [...langs] : [locale];
}

export function ChangesSection(props: { page: PageContext; changes: ChangeEntry[]; fieldNames?: Record<string, string> }) {
  const { t, locale } = props.page;
  const c = t.authoring.changes;
  const label = (field: string) => props.fieldNames?.[field] ?? (field in t.authoring.commitment.fields ? t.authoring.commitment.fields[field as keyof typeof t.authoring.commitment.fields] : field);
  const what = (e: ChangeEntry) => (e.entityType === 'milestone' ? c.entity.milestone(e.number ?? 0) : e.entityType in c.entity ? (c.entity[e.entityType as 'action_plan'] as string) : e.entityType);
  return (
    <section aria-labelledby="changes">
      <h2 id="changes">{c.heading}</h2>
      <p class="muted">{c.intro}</p>
      {props.changes.length === 0 ? (
        <p>{c.empty}</p>
      ) : (
        <ol class="history changes" reversed>
          {props.changes.map((e) => (
            <li>
              <time datetime={e.at}>{formatDateTime(e.at, locale)}</time> —{' '}
              {e.action === 'milestone.move'
                ? c.moved(e.number ?? 0, Number(e.changes.find((x) => x.field === 'number')?.before ?? 0), Number(e.changes.find((x) => x.field === 'number')?.after ?? 0), e.by)
                : e.action === 'milestone.remove'
                  ? c.removed(e.number ?? 0, e.by)
                  : e.action.endsWith('.create')
                    ? c.created(what(e), e.by)
                    : c.updated(what(e), e.by)}
              {e.action.endsWith('.update') && e.changes.length > 0 ? (
                <ul>
                  {e.changes.map((ch) => {
                    const langs = changedLanguages(ch.before, ch.after, locale);
                    return (
                      <li>
                        {label(ch.field)}: <del>{shown(ch.before, locale, c.empty_value, langs)}</del> → <ins>{shown(ch.after, locale, c.empty_value, langs)}</ins>
                      </li>
                    );
                  })}
                </ul>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** The links a signed-in person may follow from a page (never rendered on a cached public page). */
export function ActionLinks(props: { page: PageContext; links: { href: string; label: string }[] }) {
  if (props.links.length === 0) return null;
  return (
    <nav aria-labelledby="secretariat-actions" class="actions">
      <h2 id="secretariat-actions">{props.page.t.authoring.actions.heading}</h2>
      <ul class="links">
        {props.links.map((l) => (
          <li>
            <a href={l.href}>{l.label}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export interface SecretariatPlan {
  id: number;
  title: LocalizedText;
  phase: PlanPhase;
  memberId: number;
  memberName: LocalizedText;
  commitments: number;
  milestones: number;
  notReported: number;
  openPeriods: number;
  toVerify: number;
}

/** `/work` for the secretariat: its plans with their pending work, and the ways in. */
export function SecretariatWork(props: { page: PageContext; plans: SecretariatPlan[]; members: { id: number; name: LocalizedText }[]; isAdmin: boolean }) {
  const { t, locale } = props.page;
  const w = t.authoring.work;
  const a = t.authoring.actions;
  return (
    <div class="secretariat-work">
      <h2 id="s-plans">{w.heading}</h2>
      <ul class="links">
        <li>
          <a href="/plans/new">{a.newPlan}</a>
        </li>
        <li>
          <a href="/institutions/new">{a.newInstitution}</a>
        </li>
        <li>
          <a href="/account/tokens">{t.api.tokens.link}</a>
        </li>
        {props.isAdmin ? (
          <>
            <li>
              <a href="/members/new">{a.newMember}</a>
            </li>
            <li>
              <a href="/import/ogp">{a.importOgp}</a>
            </li>
          </>
        ) : null}
        {props.members.map((m) => (
          <li>
            <a href={`/members/${m.id}/edit`}>{`${a.editMember}: ${textIn(m.name, locale)}`}</a>
          </li>
        ))}
      </ul>
      {props.plans.length === 0 ? (
        <p>{w.none}</p>
      ) : (
        <div class="scroll" role="region" aria-labelledby="s-plans" tabindex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{w.plan}</th>
                <th scope="col">{w.phase}</th>
                <th scope="col">{w.pending}</th>
                <th scope="col">{w.actions}</th>
              </tr>
            </thead>
            <tbody>
              {props.plans.map((p) => (
                <tr>
                  <td>
                    <a href={`/plans/${p.id}`}>
                      <Text value={p.title} locale={locale} />
                    </a>
                    <br />
                    <span class="muted">
                      <Text value={p.memberName} locale={locale} />
                    </span>
                  </td>
                  <td>{t.phase[p.phase]}</td>
                  <td>
                    <ul>
                      <li>{w.counts(p.commitments, p.milestones)}</li>
                      {p.toVerify > 0 ? (
                        <li>
                          <a href="/verification">{w.toVerify(p.toVerify)}</a>
                        </li>
                      ) : null}
                      {p.phase !== 'closed' ? <li>{p.openPeriods > 0 ? w.openPeriods(p.openPeriods) : <a href="/periods">{w.noOpenPeriod}</a>}</li> : null}
                      {p.notReported > 0 ? <li>{w.notReported(p.notReported)}</li> : null}
                      {p.commitments === 0 ? <li>{w.noCommitments}</li> : null}
                    </ul>
                  </td>
                  <td>
                    <ul>
                      <li>
                        <a href={`/plans/${p.id}/edit`}>{a.editPlan}</a>
                      </li>
                      <li>
                        <a href={`/plans/${p.id}/commitments/new`}>{a.addCommitment}</a>
                      </li>
                      <li>
                        <a href={`/plans/${p.id}/import`}>{a.import}</a>
                      </li>
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
