import type { FieldChange, ImportOutcome } from './commands.js';
import type { ParsedCommitment, ParseResult, ParseWarning } from './parsed.js';
import { Layout, type PageContext } from '../../ui/layout.js';
import { FieldReportView } from './field-report-view.js';
import { CsrfField, ErrorSummary, Input, Select, type FieldErrors } from '../../ui/forms.js';
import { textIn, type LocalizedText } from '../../lib/localized.js';
import { fieldLabel } from './documents.js';

export interface PlanRef {
  id: number;
  title: LocalizedText;
}

export const ACCEPT = '.docx,.pdf,.html,.htm,.md,.txt';

function languageOptions(page: PageContext) {
  return [
    { value: '', label: page.t.ingest.upload.languageAuto },
    { value: 'es', label: 'Español' },
    { value: 'en', label: 'English' },
  ];
}

/** The secretariat's upload form for a plan. */
export function UploadPage(props: { page: PageContext; plan: PlanRef; errors?: FieldErrors; language?: string }) {
  const { page, plan } = props;
  const u = page.t.ingest.upload;
  const planTitle = textIn(plan.title, page.locale);
  return (
    <Layout page={page} title={u.title} crumbs={[{ href: `/plans/${plan.id}`, label: planTitle }]}>
      <h1>{u.title}</h1>
      <p>{u.intro}</p>
      <ErrorSummary errors={props.errors ?? {}} heading={u.title} labels={{ file: u.file }} />
      <form method="post" action={`/plans/${plan.id}/import`} enctype="multipart/form-data" class="stack">
        <CsrfField page={page} />
        <Input name="file" type="file" label={u.file} hint={u.fileHint} accept={ACCEPT} required error={props.errors?.file} />
        <Select name="language" label={u.language} value={props.language ?? ''} options={languageOptions(page)} />
        <p>
          <button type="submit">{u.preview}</button>
        </p>
      </form>
    </Layout>
  );
}

function Value(props: { value: string | null | undefined; page: PageContext; lang: string }) {
  const v = props.value;
  if (v === null || v === undefined || v.trim() === '') return <em>{props.page.t.ingest.upload.empty}</em>;
  const paragraphs = v.split(/\n+/).filter((p) => p.trim() !== '');
  if (paragraphs.length === 1) return <span lang={props.lang}>{v}</span>;
  return (
    <div lang={props.lang}>
      {paragraphs.map((p) => (
        <p>{p}</p>
      ))}
    </div>
  );
}

function List(props: { items: string[]; page: PageContext; lang: string }) {
  if (props.items.length === 0) return <Value value={null} page={props.page} lang={props.lang} />;
  return (
    <ul lang={props.lang}>
      {props.items.map((i) => (
        <li>{i}</li>
      ))}
    </ul>
  );
}

function warningText(page: PageContext, w: ParseWarning): string {
  return `${w.field ? `${fieldLabel(page.t, w.field, w.params)}: ` : ''}${page.t.warnings[w.code](w.params)}`;
}

function CommitmentPreview(props: { page: PageContext; c: ParsedCommitment; index: number; action: 'created' | 'updated' | undefined; warnings: ParseWarning[] }) {
  const { page, c } = props;
  const { t } = page;
  const f = t.ingest.upload.fields;
  const lang = c.language;
  const status = (s: ParsedCommitment['completion']) => t.status[s ?? 'not_reported'];
  const rows: [string, unknown][] = [
    [f.number, <Value value={c.number === null ? null : String(c.number)} page={page} lang={lang} />],
    [f.title, <Value value={c.title} page={page} lang={lang} />],
    [f.language, lang],
    [f.generation, c.generation],
    [f.theme, <Value value={c.theme} page={page} lang={lang} />],
    [f.dates, <Value value={[c.dateText, c.start || c.end ? `(${c.start ?? '?'} – ${c.end ?? '?'})` : null].filter(Boolean).join(' ')} page={page} lang={lang} />],
    [f.leadInstitution, <Value value={c.leadInstitution} page={page} lang={lang} />],
    [f.contact, <Value value={[c.contact.name, c.contact.title, c.contact.email, c.contact.phone].filter(Boolean).join(' · ')} page={page} lang={lang} />],
    [f.otherActorsGovernment, <List items={c.otherActors.government} page={page} lang={lang} />],
    [f.otherActorsCivilSociety, <List items={c.otherActors.civilSociety} page={page} lang={lang} />],
    [f.problem, <Value value={c.problem} page={page} lang={lang} />],
    [f.objective, <Value value={c.objective} page={page} lang={lang} />],
    [f.briefDescription, <Value value={c.briefDescription} page={page} lang={lang} />],
    [f.description, <Value value={c.description} page={page} lang={lang} />],
    [f.howItSolves, <Value value={c.howItSolves} page={page} lang={lang} />],
    [f.relevance, <Value value={c.relevance} page={page} lang={lang} />],
    [f.ambition, <Value value={c.ambition} page={page} lang={lang} />],
    [f.completion, status(c.completion)],
    [f.resultsDescription, <Value value={c.resultsDescription} page={page} lang={lang} />],
    [f.nextSteps, <List items={c.nextSteps} page={page} lang={lang} />],
    [f.additionalInformation, <Value value={c.additionalInformation} page={page} lang={lang} />],
    [f.remainingChallenges, <Value value={c.remainingChallenges} page={page} lang={lang} />],
  ];
  const heading = `${c.number === null ? '?' : t.commitment.numberTitle(String(c.number))}: ${c.title}`;
  return (
    <section aria-labelledby={`c-${props.index}`}>
      <h2 id={`c-${props.index}`} lang={lang}>
        {heading}
      </h2>
      {props.action ? <p>{t.ingest.upload.action[props.action]}</p> : null}
      <table>
        <thead>
          <tr>
            <th scope="col">{t.ingest.upload.field}</th>
            <th scope="col">{t.ingest.upload.value}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, value]) => (
            <tr>
              <th scope="row">{label}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t.ingest.upload.milestones}</h3>
      {c.milestones.length === 0 ? (
        <p>
          <Value value={null} page={page} lang={lang} />
        </p>
      ) : (
        <ol>
          {c.milestones.map((m) => (
            <li value={m.number}>
              <span lang={lang}>{m.title}</span> ({[m.start, m.end].filter(Boolean).join(' – ') || t.milestone.noDates}) — {status(m.status)}
              {m.subItems.length > 0 ? (
                <ul lang={lang}>
                  {m.subItems.map((s) => (
                    <li>{s.title}</li>
                  ))}
                </ul>
              ) : null}
              {m.narrative ? <Value value={m.narrative} page={page} lang={lang} /> : null}
            </li>
          ))}
        </ol>
      )}
      <FieldReportView page={page} c={c} warnings={props.warnings} index={props.index} />
      <h3>{t.ingest.upload.warnings}</h3>
      {props.warnings.length === 0 ? (
        <p>{t.ingest.upload.noWarnings}</p>
      ) : (
        <ul>
          {props.warnings.map((w) => (
            <li>{warningText(page, w)}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Everything the document holds, field by field, with every warning; a form to confirm. */
/** Before → after for every stored field the import changes (decision 044). */
function ChangesTable(props: { page: PageContext; number: string; action: 'created' | 'updated'; changes: FieldChange[] }) {
  const { t } = props.page;
  const k = t.ingest.upload.changes;
  const id = `changes-${props.number.replace(/[^0-9A-Za-z]/g, '-')}`;
  const label = (field: string) => {
    const parts = field.split('.');
    const name = (key: string) => (key in k.names ? k.names[key as keyof typeof k.names] : key in t.ingest.upload.fields ? t.ingest.upload.fields[key as keyof typeof t.ingest.upload.fields] : key);
    return parts[0] === 'milestones' && parts.length === 3 ? k.milestone(parts[1]!, name(parts[2]!)) : name(field);
  };
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{k.heading(props.number)}</h2>
      <p>{props.action === 'created' ? k.created : props.changes.length === 0 ? k.none : k.kept}</p>
      {props.action === 'updated' && props.changes.length > 0 ? (
        <div class="scroll" role="region" aria-labelledby={id} tabindex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{k.field}</th>
                <th scope="col">{k.before}</th>
                <th scope="col">{k.after}</th>
              </tr>
            </thead>
            <tbody>
              {props.changes.map((ch) => (
                <tr>
                  <th scope="row">{label(ch.field)}</th>
                  <td>{ch.before ?? k.empty}</td>
                  <td>{ch.after ?? k.empty}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

export function PreviewPage(props: { page: PageContext; plan: PlanRef; parsed: ParseResult; outcome: ImportOutcome; sha256: string; fileName: string; language: string }) {
  const { page, plan, parsed, outcome } = props;
  const u = page.t.ingest.upload;
  const planTitle = textIn(plan.title, page.locale);
  const general = parsed.warnings.filter((w) => w.commitment === undefined);
  return (
    <Layout page={page} title={u.previewTitle} crumbs={[{ href: `/plans/${plan.id}`, label: planTitle }]}>
      <h1>{u.previewTitle}</h1>
      <p>{u.previewIntro(parsed.commitments.length, planTitle)}</p>
      {general.length > 0 ? (
        <ul>
          {general.map((w) => (
            <li>{warningText(page, w)}</li>
          ))}
        </ul>
      ) : null}
      {outcome.commitments.map((c) => (
        <ChangesTable page={page} number={c.number} action={c.action} changes={c.changes} />
      ))}
      {parsed.commitments.map((c, i) => (
        <CommitmentPreview
          page={page}
          c={c}
          index={i}
          action={outcome.commitments.find((x) => x.number === String(c.number))?.action}
          warnings={parsed.warnings.filter((w) => w.commitment === i)}
        />
      ))}
      <form method="post" action={`/plans/${plan.id}/import/confirm`} class="stack">
        <CsrfField page={page} />
        <input type="hidden" name="sha256" value={props.sha256} />
        <input type="hidden" name="fileName" value={props.fileName} />
        <input type="hidden" name="language" value={props.language} />
        <input type="hidden" name="fingerprint" value={outcome.fingerprint} />
        <p>
          <button type="submit">{u.confirm}</button> <a href={`/plans/${plan.id}`}>{u.cancel}</a>
        </p>
      </form>
    </Layout>
  );
}
