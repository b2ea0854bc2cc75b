import { raw } from 'hono/html';
import { Layout, type PageContext } from '../../ui/layout.js';
import { CsrfField } from '../../ui/forms.js';
import { formatDate } from '../../ui/format.js';
import { textIn, type LocalizedText } from '../../lib/localized.js';
import type { Locale } from '../../lib/levels.js';
import type { ReportDocument } from './document.js';
import { ReportBlocks } from './render-html.js';
import { KIND_SLUGS, SELF_ASSESSMENT_KINDS, MAX_NOTE_CHARS, MAX_SECTION_CHARS, type SelfAssessmentKind } from './schemas.js';
import { SECTION_KEYS, type SectionKey } from './self-assessment.js';

interface PlanRef {
  id: number;
  title: LocalizedText;
}

export type FieldErrors = Partial<Record<string, string>>;

function Downloads(props: { page: PageContext; base: string }) {
  const { t, locale } = props.page;
  const other: Locale = locale === 'es' ? 'en' : 'es';
  const formats = [
    ['docx', t.reports.formatDocx],
    ['pdf', t.reports.formatPdf],
    ['html', t.reports.formatHtml],
  ] as const;
  return (
    <section aria-labelledby="downloads" class="card">
      <h2 id="downloads">{t.reports.downloads}</h2>
      <ul>
        {formats.map(([format, label]) => (
          <li>
            <a href={`${props.base}/download/${format}?lang=${locale}`} download>
              {label}
            </a>{' '}
            ·{' '}
            <a href={`${props.base}/download/${format}?lang=${other}`} hreflang={other} download>
              {t.reports.inOtherLanguage}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A report (self-assessment or follow-up) as a public page, with its downloads. */
export function ReportPage(props: {
  page: PageContext;
  doc: ReportDocument;
  plan: PlanRef;
  base: string;
  editHref?: string;
  editLabel?: string;
  /** The secretariat's "publish in the repository" form (self-assessments). */
  publishAction?: string;
  /** Where the published versions are listed (self-assessments). */
  versionsHref?: string;
}) {
  const { page, doc } = props;
  const { t, locale } = page;
  return (
    <Layout
      page={page}
      title={`${doc.title} · ${doc.subtitle}`}
      crumbs={[{ label: t.site.home, href: '/' }, { label: textIn(props.plan.title, locale), href: `/plans/${props.plan.id}` }, { label: doc.title }]}
    >
      <h1>{doc.title}</h1>
      <p class="lead">{doc.subtitle}</p>
      <ul class="muted">
        {doc.meta.map((m) => (
          <li>{m}</li>
        ))}
      </ul>
      {props.editHref ? (
        <p>
          <a href={props.editHref}>{props.editLabel}</a>
        </p>
      ) : null}
      {props.publishAction ? (
        <form method="post" action={props.publishAction} class="card">
          <CsrfField page={page} />
          <p>{t.reports.publish.intro}</p>
          <p>
            <button type="submit">{t.reports.publish.button}</button>
          </p>
        </form>
      ) : null}
      <Downloads page={page} base={props.base} />
      {props.versionsHref ? (
        <p>
          <a href={props.versionsHref}>{t.reports.publish.versions}</a>
        </p>
      ) : null}
      <ReportBlocks blocks={doc.blocks} />
    </Layout>
  );
}

/** The whole report as one HTML file to download (no navigation, the stylesheet inlined by the layout). */
export function StandaloneReport(props: { doc: ReportDocument; styles: string }) {
  const { doc } = props;
  return (
    <html lang={doc.locale}>
      <head>
        <meta charset="utf-8" />
        <title>{`${doc.title} · ${doc.subtitle}`}</title>
        <style>{raw(props.styles)}</style>
      </head>
      <body>
        <main class="wrap">
          <h1>{doc.title}</h1>
          <p class="lead">{doc.subtitle}</p>
          <ul class="muted">
            {doc.meta.map((m) => (
              <li>{m}</li>
            ))}
          </ul>
          <ReportBlocks blocks={doc.blocks} />
        </main>
      </body>
    </html>
  );
}

function ErrorSummary(props: { page: PageContext; errors: FieldErrors; labels: Record<string, string> }) {
  const entries = Object.entries(props.errors).filter(([, v]) => v);
  if (entries.length === 0) return null;
  return (
    <div class="errors" role="alert" tabindex={-1}>
      <h2>{props.page.t.reports.formErrors}</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li>
            <a href={`#${field}`}>
              {props.labels[field] ?? field}: {message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function TextArea(props: { name: string; label: string; value: string; error?: string; max: number; rows?: number; lang: Locale; hintId?: string }) {
  const described = [props.error ? `${props.name}-error` : null, props.hintId ?? null].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={props.name}>{props.label}</label>
      {props.error ? (
        <p class="error" id={`${props.name}-error`}>
          {props.error}
        </p>
      ) : null}
      <textarea
        id={props.name}
        name={props.name}
        rows={props.rows ?? 6}
        maxlength={props.max}
        lang={props.lang}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={described || undefined}
      >
        {props.value}
      </textarea>
    </div>
  );
}

export type SectionValues = Record<`${SectionKey}_${Locale}`, string>;

/** How to write a section: the Markdown the report reads (decision 105). */
export function MarkdownHint(props: { page: PageContext; id: string }) {
  const m = props.page.t.reports.markdown;
  return (
    <div class="card hint" id={props.id}>
      <h2>{m.title}</h2>
      <ul>
        {m.codes.map((code, i) => (
          <li>
            <code>{code}</code> {m.texts[i]}
          </li>
        ))}
      </ul>
      <p>{m.preview}</p>
    </div>
  );
}

/** The secretariat's form: the five report-level sections, each in Spanish and English. */
export function SectionsForm(props: { page: PageContext; plan: PlanRef; kind: SelfAssessmentKind; values: SectionValues; errors: FieldErrors }) {
  const { page, kind } = props;
  const { t, locale } = page;
  const labels: Record<string, string> = {};
  for (const key of SECTION_KEYS) {
    labels[`${key}_es`] = t.reports.fieldIn(t.reports.sections[key], t.reports.languageEs);
    labels[`${key}_en`] = t.reports.fieldIn(t.reports.sections[key], t.reports.languageEn);
  }
  const base = `/reports/plans/${props.plan.id}/self-assessment/${KIND_SLUGS[kind]}`;
  const title = t.reports.editTitle(t.reports.kind[kind]);
  return (
    <Layout
      page={page}
      title={title}
      crumbs={[{ label: t.site.home, href: '/' }, { label: textIn(props.plan.title, locale), href: `/plans/${props.plan.id}` }, { label: t.reports.kind[kind], href: base }, { label: title }]}
    >
      <h1>{title}</h1>
      <p>{t.reports.editIntro}</p>
      <ErrorSummary page={page} errors={props.errors} labels={labels} />
      <MarkdownHint page={page} id="markdown-hint" />
      <form method="post" action={`${base}/edit`} class="stack">
        <CsrfField page={page} />
        {SECTION_KEYS.map((key) => (
          <fieldset>
            <legend>{t.reports.sections[key]}</legend>
            {(['es', 'en'] as const).map((lang) => (
              <TextArea name={`${key}_${lang}`} label={labels[`${key}_${lang}`] ?? key} value={props.values[`${key}_${lang}`]} error={props.errors[`${key}_${lang}`]} max={MAX_SECTION_CHARS} lang={lang} hintId="markdown-hint" />
            ))}
          </fieldset>
        ))}
        <p>
          <button type="submit">{t.reports.save}</button>
        </p>
      </form>
    </Layout>
  );
}

export interface FollowUpListItem {
  id: number;
  number: number;
  cutOffDate: string;
  publishedAt: Date;
}

/** A plan's reports: the two self-assessments and every follow-up report, at stable addresses. */
export function PlanReportsPage(props: { page: PageContext; plan: PlanRef; followUps: FollowUpListItem[]; canManage: boolean }) {
  const { page, plan } = props;
  const { t, locale } = page;
  const f = t.reports.followUp;
  return (
    <Layout page={page} title={`${t.reports.selfAssessments} · ${textIn(plan.title, locale)}`} crumbs={[{ label: t.site.home, href: '/' }, { label: textIn(plan.title, locale), href: `/plans/${plan.id}` }, { label: f.list }]}>
      <h1>{textIn(plan.title, locale)}</h1>
      <h2>{t.reports.selfAssessments}</h2>
      <ul>
        {SELF_ASSESSMENT_KINDS.map((kind) => (
          <li>
            <a href={`/reports/plans/${plan.id}/self-assessment/${KIND_SLUGS[kind]}`}>{t.reports.kind[kind]}</a>
          </li>
        ))}
      </ul>
      <h2>{f.list}</h2>
      {props.canManage ? (
        <p>
          <a href={`/reports/plans/${plan.id}/follow-up/new`}>{f.newTitle}</a>
        </p>
      ) : null}
      {props.followUps.length === 0 ? (
        <p class="muted">{f.none}</p>
      ) : (
        <ul>
          {props.followUps.map((r) => (
            <li>
              <a href={`/reports/follow-up/${r.id}`}>{f.title(r.number)}</a> — {f.cutOff(formatDate(r.cutOffDate, locale))}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export interface FollowUpFormValues {
  cutOffDate: string;
  note_es: string;
  note_en: string;
}

/** Preview of the next follow-up report and the form that publishes it. */
export function FollowUpNewPage(props: { page: PageContext; plan: PlanRef; values: FollowUpFormValues; errors: FieldErrors; preview: ReportDocument; today: string }) {
  const { page, plan } = props;
  const { t, locale } = page;
  const f = t.reports.followUp;
  const labels = { cutOffDate: f.cutOffLabel, note_es: f.noteLabel(t.reports.languageEs), note_en: f.noteLabel(t.reports.languageEn) };
  return (
    <Layout page={page} title={f.newTitle} crumbs={[{ label: t.site.home, href: '/' }, { label: textIn(plan.title, locale), href: `/plans/${plan.id}` }, { label: f.list, href: `/reports/plans/${plan.id}` }, { label: f.newTitle }]}>
      <h1>{f.newTitle}</h1>
      <p class="note">{f.previewIntro}</p>
      <ErrorSummary page={page} errors={props.errors} labels={labels} />
      <form method="post" action={`/reports/plans/${plan.id}/follow-up/new`} class="stack">
        <CsrfField page={page} />
        <div class="field">
          <label for="cutOffDate">{f.cutOffLabel}</label>
          {props.errors.cutOffDate ? (
            <p class="error" id="cutOffDate-error">
              {props.errors.cutOffDate}
            </p>
          ) : null}
          <input
            type="date"
            id="cutOffDate"
            name="cutOffDate"
            required
            max={props.today}
            value={props.values.cutOffDate}
            aria-invalid={props.errors.cutOffDate ? 'true' : undefined}
            aria-describedby={props.errors.cutOffDate ? 'cutOffDate-error' : undefined}
          />
        </div>
        <MarkdownHint page={props.page} id="markdown-hint" />
        <TextArea name="note_es" label={labels.note_es} value={props.values.note_es} error={props.errors.note_es} max={MAX_NOTE_CHARS} rows={3} lang="es" hintId="markdown-hint" />
        <TextArea name="note_en" label={labels.note_en} value={props.values.note_en} error={props.errors.note_en} max={MAX_NOTE_CHARS} rows={3} lang="en" hintId="markdown-hint" />
        <p>
          <button type="submit">{f.publish}</button>
        </p>
      </form>
      <section aria-labelledby="preview" class="card">
        <h2 id="preview">{props.preview.title}</h2>
        <ReportBlocks blocks={props.preview.blocks} />
      </section>
    </Layout>
  );
}
