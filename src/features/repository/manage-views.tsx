import { Layout, type PageContext } from '../../ui/layout.js';
import { CsrfField, ErrorSummary, Input, Select, TextArea, type FieldErrors } from '../../ui/forms.js';
import { formatDate } from '../../ui/format.js';
import { textIn, type LocalizedText } from '../../lib/localized.js';
import { MAX_FILE_BYTES } from '../../lib/files.js';
import type { RepositoryItem } from './queries.js';

export const MAX_MB = Math.round(MAX_FILE_BYTES / 1024 / 1024);

function KindChoice(props: { page: PageContext; value: string; error?: string; url: string }) {
  const m = props.page.t.repository.manage;
  return (
    <>
      <fieldset class="field" aria-describedby={props.error ? 'e-kind' : undefined}>
        <legend>{m.kind}</legend>
        {props.error ? (
          <p class="error" id="e-kind">
            {props.error}
          </p>
        ) : null}
        <p class="choice">
          <input type="radio" id="f-kind" name="kind" value="file" checked={props.value !== 'link'} /> <label for="f-kind">{m.kindFile}</label>
        </p>
        <p class="choice">
          <input type="radio" id="f-kind-link" name="kind" value="link" checked={props.value === 'link'} /> <label for="f-kind-link">{m.kindLink}</label>
        </p>
      </fieldset>
      <Input name="file" type="file" label={m.file} hint={m.fileHint(MAX_MB)} accept=".pdf,.docx,.xlsx,.odt,.ods,.csv,.txt,.md,.png,.jpg,.jpeg" />
      <Input name="url" type="url" label={m.url} value={props.url} maxlength={2000} />
    </>
  );
}

export interface UploadValues {
  titleEs: string;
  titleEn: string;
  descriptionEs: string;
  descriptionEn: string;
  type: string;
  plan: string;
  documentDate: string;
  kind: string;
  url: string;
}

export function UploadPage(props: { page: PageContext; plans: { id: number; title: LocalizedText; memberCode: string }[]; allowNoPlan: boolean; values: UploadValues; errors?: FieldErrors }) {
  const { page, values } = props;
  const { t, locale } = page;
  const r = t.repository;
  const m = r.manage;
  const errors = props.errors ?? {};
  return (
    <Layout page={page} title={m.publishTitle} crumbs={[{ label: t.site.home, href: '/' }, { label: r.title, href: '/repository' }, { label: m.publish }]}>
      <h1>{m.publishTitle}</h1>
      <p>{m.publishIntro}</p>
      <ErrorSummary errors={errors} heading={m.errorsHeading} labels={{ titleEs: m.titleEs, type: m.type, plan: m.plan, documentDate: m.date, kind: m.kind, file: m.file, url: m.url, descriptionEs: m.descriptionEs, descriptionEn: m.descriptionEn, titleEn: m.titleEn }} />
      <form method="post" action="/repository/new" enctype="multipart/form-data" class="stack">
        <CsrfField page={page} />
        <Input name="titleEs" label={m.titleEs} hint={m.titleHint} value={values.titleEs} error={errors.titleEs} maxlength={300} />
        <Input name="titleEn" label={m.titleEn} value={values.titleEn} error={errors.titleEn} maxlength={300} />
        <Select
          name="type"
          label={m.type}
          value={values.type}
          error={errors.type}
          options={(['minutes', 'plan_document', 'other'] as const).map((v) => ({ value: v, label: r.types[v] }))}
        />
        <Select
          name="plan"
          label={m.plan}
          value={values.plan}
          error={errors.plan}
          options={[...(props.allowNoPlan ? [{ value: '', label: m.noPlan }] : []), ...props.plans.map((p) => ({ value: String(p.id), label: `${p.memberCode} · ${textIn(p.title, locale)}` }))]}
        />
        <Input name="documentDate" type="date" label={m.date} hint={m.dateHint} value={values.documentDate} error={errors.documentDate} />
        <KindChoice page={page} value={values.kind} error={errors.kind} url={values.url} />
        {errors.file ? (
          <p class="error" id="e-file" role="alert">
            {errors.file}
          </p>
        ) : null}
        {errors.url ? (
          <p class="error" id="e-url">
            {errors.url}
          </p>
        ) : null}
        <TextArea name="descriptionEs" label={m.descriptionEs} value={values.descriptionEs} error={errors.descriptionEs} rows={4} />
        <TextArea name="descriptionEn" label={m.descriptionEn} value={values.descriptionEn} error={errors.descriptionEn} rows={4} />
        <p>
          <button type="submit">{m.submit}</button> <a href="/repository">{m.cancel}</a>
        </p>
      </form>
    </Layout>
  );
}

function docTitle(item: RepositoryItem, page: PageContext) {
  return textIn(item.title, page.locale) || item.fileName || String(item.id);
}

export function CorrectPage(props: { page: PageContext; item: RepositoryItem; version: number; values: { kind: string; url: string; reason: string }; errors?: FieldErrors; notice?: string }) {
  const { page, item } = props;
  const { t } = page;
  const r = t.repository;
  const m = r.manage;
  const errors = props.errors ?? {};
  const title = docTitle(item, page);
  return (
    <Layout page={page} title={m.correctTitle(title)} crumbs={[{ label: t.site.home, href: '/' }, { label: r.title, href: '/repository' }, { label: title, href: `/repository/${item.id}` }, { label: m.correct }]}>
      <h1>{m.correctTitle(title)}</h1>
      {props.notice ? (
        <p class="errors" role="alert">
          {props.notice}
        </p>
      ) : null}
      <p>{m.correctIntro(props.version)}</p>
      <ErrorSummary errors={errors} heading={m.errorsHeading} labels={{ kind: m.kind, file: m.file, url: m.url, reason: m.reason }} />
      <form method="post" action={`/repository/${item.id}/correct`} enctype="multipart/form-data" class="stack">
        <CsrfField page={page} />
        <input type="hidden" name="version" value={String(props.version)} />
        <KindChoice page={page} value={props.values.kind} error={errors.kind} url={props.values.url} />
        {errors.file ? (
          <p class="error" id="e-file" role="alert">
            {errors.file}
          </p>
        ) : null}
        {errors.url ? (
          <p class="error" id="e-url">
            {errors.url}
          </p>
        ) : null}
        <TextArea name="reason" label={m.reason} hint={m.reasonHint} value={props.values.reason} error={errors.reason} rows={3} />
        <p>
          <button type="submit">{m.correctSubmit}</button> <a href={`/repository/${item.id}`}>{m.cancel}</a>
        </p>
      </form>
    </Layout>
  );
}

export function WithdrawPage(props: { page: PageContext; item: RepositoryItem; values: { reason: string }; errors?: FieldErrors; notice?: string }) {
  const { page, item } = props;
  const { t } = page;
  const r = t.repository;
  const m = r.manage;
  const errors = props.errors ?? {};
  const title = docTitle(item, page);
  return (
    <Layout page={page} title={m.withdrawTitle(title)} crumbs={[{ label: t.site.home, href: '/' }, { label: r.title, href: '/repository' }, { label: title, href: `/repository/${item.id}` }, { label: m.withdraw }]}>
      <h1>{m.withdrawTitle(title)}</h1>
      {props.notice ? (
        <p class="errors" role="alert">
          {props.notice}
        </p>
      ) : null}
      <p>{m.withdrawIntro}</p>
      <ErrorSummary errors={errors} heading={m.errorsHeading} labels={{ reason: m.withdrawReason }} />
      <form method="post" action={`/repository/${item.id}/withdraw`} class="stack">
        <CsrfField page={page} />
        <TextArea name="reason" label={m.withdrawReason} value={props.values.reason} error={errors.reason} rows={3} />
        <p>
          <button type="submit">{m.withdrawSubmit}</button> <a href={`/repository/${item.id}`}>{m.cancel}</a>
        </p>
      </form>
    </Layout>
  );
}

export const at = (d: Date | string, page: PageContext) => formatDate(d, page.locale);
