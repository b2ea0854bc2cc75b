import type { PageContext } from '../../ui/layout.js';
import { fieldReport } from './field-report.js';
import type { ParseWarning, ParsedCommitment } from './parsed.js';

/** Per commitment, in the dry run: what was found (and where), what is missing, what is uncertain. */
export function FieldReportView(props: { page: PageContext; c: ParsedCommitment; warnings: ParseWarning[]; index: number }) {
  const { t } = props.page;
  const r = fieldReport(props.c, props.warnings);
  const m = t.ingest.fieldReport;
  const id = `fr-${props.index}`;
  return (
    <section aria-labelledby={id}>
      <h3 id={id}>{m.heading}</h3>
      <dl>
        <dt>
          {m.found} ({r.found.length})
        </dt>
        <dd>
          {r.found.length === 0 ? (
            m.none
          ) : (
            <ul>
              {r.found.map((f) => (
                <li>
                  <code>{f.field}</code>
                  {f.source ? ` — ${m.readAt({ page: f.source.page ?? '', label: f.source.label })}` : ''}
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>
          {m.missing} ({r.missing.length})
        </dt>
        <dd>{r.missing.length === 0 ? m.none : r.missing.map((f) => <code>{f}</code>).reduce<unknown[]>((acc, el, i) => (i === 0 ? [el] : [...acc, ', ', el]), [])}</dd>
        <dt>
          {m.uncertain} ({r.uncertain.length})
        </dt>
        <dd>
          {r.uncertain.length === 0 ? (
            m.none
          ) : (
            <ul>
              {r.uncertain.map((u) => (
                <li>
                  {u.field ? <code>{u.field}</code> : null} {t.warnings[u.warning.code](u.warning.params)}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
      {props.c.completionSubItems ? (
        <p>
          {m.subItems}:{' '}
          {Object.entries(props.c.completionSubItems)
            .sort((a, b) => a[0].localeCompare(b[0]))
            .map(([letter, level]) => `${letter}: ${t.status[level]}`)
            .join(' · ')}
        </p>
      ) : null}
    </section>
  );
}
