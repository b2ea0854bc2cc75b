import { Layout, type PageContext } from '../../ui/layout.js';

export interface AuditRow {
  id: number;
  occurredAt: Date;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  details: Record<string, unknown>;
}

export function AuditPage(props: { page: PageContext; rows: AuditRow[]; more: boolean }) {
  const { page } = props;
  const a = page.t.admin;
  const last = props.rows[props.rows.length - 1];
  return (
    <Layout page={page} title={a.auditTitle} crumbs={[{ label: page.t.accounts.nav.myWork, href: '/work' }, { label: a.auditTitle }]}>
      <h1>{a.auditTitle}</h1>
      <p>{a.auditIntro}</p>
      {props.rows.length === 0 ? (
        <p>{a.empty}</p>
      ) : (
        <div class="scroll" role="region" aria-label={a.auditTitle} tabindex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{a.when}</th>
                <th scope="col">{a.actor}</th>
                <th scope="col">{a.action}</th>
                <th scope="col">{a.entity}</th>
                <th scope="col">{a.details}</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr>
                  <td>{r.id}</td>
                  <td>
                    <time datetime={r.occurredAt.toISOString()}>{r.occurredAt.toISOString().replace('T', ' ').slice(0, 19)} UTC</time>
                  </td>
                  <td>{r.actor}</td>
                  <td>
                    <code>{r.action}</code>
                  </td>
                  <td>
                    {r.entityType} {r.entityId}
                  </td>
                  <td>
                    <code>{JSON.stringify(r.details).slice(0, 600)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.more && last ? (
        <p>
          <a href={`/admin/audit?before=${last.id}`}>{a.older}</a>
        </p>
      ) : null}
    </Layout>
  );
}

export interface OutboxRow {
  id: number;
  to: string;
  subject: string;
  text: string;
  createdAt: Date;
  sentAt: Date | null;
  error: string | null;
}

export function OutboxPage(props: { page: PageContext; rows: OutboxRow[] }) {
  const { page } = props;
  const a = page.t.admin;
  return (
    <Layout page={page} title={a.outboxTitle} crumbs={[{ label: page.t.accounts.nav.myWork, href: '/work' }, { label: a.outboxTitle }]}>
      <h1>{a.outboxTitle}</h1>
      <p>{a.outboxIntro}</p>
      {props.rows.length === 0 ? <p>{a.empty}</p> : null}
      {props.rows.map((m) => (
        <article class="card" aria-labelledby={`m-${m.id}`}>
          <h2 id={`m-${m.id}`}>{m.subject}</h2>
          <p class="muted">
            {a.to}: {m.to} · <time datetime={m.createdAt.toISOString()}>{m.createdAt.toISOString().replace('T', ' ').slice(0, 16)} UTC</time> ·{' '}
            {m.sentAt ? a.sent : m.error ? a.failed(m.error) : a.waiting}
          </p>
          <pre class="mail">{m.text}</pre>
        </article>
      ))}
    </Layout>
  );
}
