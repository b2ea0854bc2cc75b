import { CsrfField, ErrorSummary, Input, Select, type FieldErrors } from '../../ui/forms.js';
import { Layout, type PageContext } from '../../ui/layout.js';
import { IRM_MARKERS, IRM_REPORT_KINDS, IRM_SCALES, IRM_VARIABLE_NAMES, IRM_VARIABLES, REPORT_KINDS_BY_METHODOLOGY, type IrmReportKind, type IrmVariable } from './variables.js';

export type IrmRow = { reportKind: IrmReportKind; methodology: 'first_generation' | 'refresh'; publicationYear: string | null; source: string } & { [K in IrmVariable]: string | null };

export function methodologyOf(kind: IrmReportKind) {
  return REPORT_KINDS_BY_METHODOLOGY.first_generation.includes(kind) ? ('first_generation' as const) : ('refresh' as const);
}

function variablesOf(kind: IrmReportKind): IrmVariable[] {
  const m = methodologyOf(kind);
  return IRM_VARIABLE_NAMES.filter((v) => IRM_VARIABLES[v].methodology === 'both' || IRM_VARIABLES[v].methodology === m);
}

function codeLabel(page: PageContext, code: string | null): string {
  const codes = page.t.irm.codes as Record<string, string>;
  return code === null ? page.t.irm.notRecorded : (codes[code] ?? code);
}

/** On the public commitment page: the IRM's assessments, apart from the self-reported status. */
export function IrmSection(props: { page: PageContext; rows: IrmRow[]; commitmentId: number }) {
  const { page } = props;
  const k = page.t.irm;
  return (
    <section aria-labelledby="irm">
      <h2 id="irm">{k.heading}</h2>
      <p class="muted">{k.intro}</p>
      {props.rows.length === 0 ? <p>{k.none}</p> : null}
      {props.rows.map((r) => (
        <div class="scroll" role="region" aria-label={k.kinds[r.reportKind]} tabindex={0}>
          <table>
            <caption>
              {k.kinds[r.reportKind]} · {k.methodology[r.methodology]}
              {r.publicationYear ? ` · ${r.publicationYear}` : ''} · {k.source[r.source as keyof typeof k.source] ?? r.source}
            </caption>
            <thead>
              <tr>
                <th scope="col">{k.variable}</th>
                <th scope="col">{k.value}</th>
              </tr>
            </thead>
            <tbody>
              {variablesOf(r.reportKind).map((v) => (
                <tr>
                  <th scope="row">{k.variables[v]}</th>
                  <td>{codeLabel(page, r[v])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}

export function IrmFormPage(props: { page: PageContext; commitment: { id: number; number: string }; kind: IrmReportKind; values: Record<string, string>; errors?: FieldErrors; flash?: string | null }) {
  const { page, kind, values } = props;
  const { t } = page;
  const k = t.irm;
  const errors = props.errors ?? {};
  const title = k.title(props.commitment.number);
  return (
    <Layout page={page} title={title} crumbs={[{ label: t.commitment.numberTitle(props.commitment.number), href: `/commitments/${props.commitment.id}` }, { label: title }]}>
      <h1>{title}</h1>
      {props.flash ? (
        <p class="flash" role="status">
          {props.flash}
        </p>
      ) : null}
      <nav aria-label={k.reportKind}>
        <ul>
          {IRM_REPORT_KINDS.map((rk) => (
            <li>{rk === kind ? <strong aria-current="page">{k.kinds[rk]}</strong> : <a href={`/commitments/${props.commitment.id}/irm?kind=${rk}`}>{k.kinds[rk]}</a>}</li>
          ))}
        </ul>
      </nav>
      <h2>
        {k.kinds[kind]} · {k.methodology[methodologyOf(kind)]}
      </h2>
      <ErrorSummary errors={errors} heading={k.errors.heading} labels={{ publicationYear: k.publicationYear, ...k.variables }} />
      <form method="post" action={`/commitments/${props.commitment.id}/irm`} class="stack">
        <CsrfField page={page} />
        <input type="hidden" name="reportKind" value={kind} />
        <Input name="publicationYear" label={k.publicationYear} value={values.publicationYear} maxlength={4} error={errors.publicationYear} />
        {variablesOf(kind).map((v) => (
          <Select
            name={v}
            label={k.variables[v]}
            value={values[v]}
            error={errors[v]}
            options={[{ value: '', label: k.notRecorded }, ...[...IRM_SCALES[IRM_VARIABLES[v].scale], ...IRM_MARKERS].map((code) => ({ value: code, label: codeLabel(page, code) }))]}
          />
        ))}
        <p>
          <button type="submit">{k.save}</button>
        </p>
      </form>
    </Layout>
  );
}
