import type { Child } from 'hono/jsx';
import { textIn } from '../../lib/localized.js';
import { Paragraphs, Text } from '../../ui/components.js';
import { formatDate } from '../../ui/format.js';
import { Layout, type PageContext } from '../../ui/layout.js';
import type { ForumDetail } from './queries.js';

type Kind = keyof PageContext['t']['forum']['orgKind'];

export function ForumListPage(props: { page: PageContext; forums: { id: number; name: Record<string, string | undefined> }[] }) {
  const { t, locale } = props.page;
  return (
    <Layout page={props.page} title={t.forum.heading} crumbs={[{ label: t.site.home, href: '/' }, { label: t.forum.heading }]}>
      <h1>{t.forum.heading}</h1>
      {props.forums.length === 0 ? (
        <p class="muted">{t.forum.noForum}</p>
      ) : (
        <ul>
          {props.forums.map((f) => (
            <li>
              <a href={`/forums/${f.id}`}>
                <Text value={f.name} locale={locale} />
              </a>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

function Range(props: { from: string; to: string | null; page: PageContext }) {
  const { t, locale } = props.page;
  return (
    <>
      {t.forum.from} {formatDate(props.from, locale)}
      {props.to ? ` · ${t.forum.to} ${formatDate(props.to, locale)}` : ''}
    </>
  );
}

/** The forum's public page: functions, rules, the current composition by sector and seat, the history, elections. */
export function ForumPage(props: {
  page: PageContext;
  forum: ForumDetail;
  elections: { id: number; title: Record<string, string | undefined>; phase: 'nominations' | 'voting' | 'published' }[];
  extra?: Child;
  manage?: Child;
}) {
  const { t, locale } = props.page;
  const f = props.forum;
  const title = textIn(f.name, locale);
  return (
    <Layout page={props.page} title={title} crumbs={[{ label: t.site.home, href: '/' }, { label: t.forum.heading, href: '/forums' }, { label: title }]}>
      <h1>
        <Text value={f.name} locale={locale} />
      </h1>
      <p class="muted">
        <Text value={f.memberName} locale={locale} />
      </p>
      <h2>{t.forum.functions}</h2>
      <Paragraphs value={f.functions} locale={locale} />
      <h2>{t.forum.rules}</h2>
      {f.rules ? (
        <p>
          <a href={`/repository/${f.rules.id}`}>
            <Text value={f.rules.title} locale={locale} />
          </a>
        </p>
      ) : (
        <p class="muted">{t.forum.rulesMissing}</p>
      )}
      {props.extra}
      <h2>{t.forum.composition}</h2>
      <p class="muted">{t.forum.membersPublic}</p>
      {f.sectors.map((s) => (
        <div class="sector">
          <h3 id={`sector-${s.id}`}>
            <Text value={s.name} locale={locale} />
          </h3>
          <p class="muted">{s.electedBy ? t.forum.electedBy(t.forum.orgKind[s.electedBy as Kind]) : t.forum.appointed}</p>
          {s.seats.length === 0 ? <p class="muted">{t.forum.noSeats}</p> : (
          <div class="scroll" role="region" aria-labelledby={`sector-${s.id}`} tabindex={0}>
            <table class="stacked">
              <thead>
                <tr>
                  <th scope="col">{t.forum.seat}</th>
                  <th scope="col">{t.forum.person}</th>
                  <th scope="col">{t.forum.onBehalfOf}</th>
                  <th scope="col">{t.forum.from}</th>
                </tr>
              </thead>
              <tbody>
                {s.seats.map((seat) =>
                  seat.current.length === 0 ? (
                    <tr>
                      <th scope="row">
                        <Text value={seat.label} locale={locale} />
                      </th>
                      <td colspan={3} class="muted" data-label={t.forum.person}>
                        {t.forum.vacant}
                      </td>
                    </tr>
                  ) : (
                    seat.current.map((m) => (
                      <tr>
                        <th scope="row">
                          <Text value={seat.label} locale={locale} />
                        </th>
                        <td data-label={t.forum.person}>
                          {m.personName} ({t.forum.role[m.role]})
                        </td>
                        <td data-label={t.forum.onBehalfOf}>{m.onBehalfOf ?? ''}</td>
                        <td data-label={t.forum.from}>
                          <Range from={m.startDate} to={m.endDate} page={props.page} />
                          {m.electionId ? (
                            <>
                              {' · '}
                              <a href={`/elections/${m.electionId}`}>{t.forum.elections}</a>
                            </>
                          ) : null}
                        </td>
                      </tr>
                    ))
                  ),
                )}
              </tbody>
            </table>
          </div>
          )}
        </div>
      ))}
      <h2>{t.forum.history}</h2>
      {f.past.length === 0 ? (
        <p class="muted">{t.forum.noHistory}</p>
      ) : (
        <ul>
          {f.past.map((m) => (
            <li>
              <Text value={m.sectorName} locale={locale} /> · <Text value={m.seatLabel} locale={locale} />: {m.personName} ({t.forum.role[m.role]}){m.onBehalfOf ? `, ${m.onBehalfOf}` : ''} —{' '}
              <Range from={m.startDate} to={m.endDate} page={props.page} />
              {m.endReason ? ` (${m.endReason})` : ''}
            </li>
          ))}
        </ul>
      )}
      <h2>{t.forum.network}</h2>
      <p>
        <a href={`/forums/${f.id}/network`}>{t.forum.networkCount(f.networkCount)}</a> · <a href={`/forums/${f.id}/open-calls`}>{t.openCalls.listLink}</a>
      </p>
      <h2>{t.forum.elections}</h2>
      {props.elections.length === 0 ? (
        <p class="muted">{t.forum.noElections}</p>
      ) : (
        <ul>
          {props.elections.map((e) => (
            <li>
              <a href={`/elections/${e.id}`}>
                <Text value={e.title} locale={locale} />
              </a>{' '}
              · {t.elections.phase[e.phase]}
            </li>
          ))}
        </ul>
      )}
      {props.manage}
    </Layout>
  );
}

export function NetworkPage(props: { page: PageContext; forum: { id: number; name: Record<string, string | undefined> }; organisations: { id: number; name: string; kind: Kind; region: string; website: string | null; joinedNetworkAt: Date | null }[]; manage?: Child }) {
  const { t, locale } = props.page;
  const title = t.forum.network;
  return (
    <Layout page={props.page} title={title} crumbs={[{ label: t.site.home, href: '/' }, { label: textIn(props.forum.name, locale), href: `/forums/${props.forum.id}` }, { label: title }]}>
      <h1>{title}</h1>
      <p>{t.forum.networkCount(props.organisations.length)}</p>
      <p>
        <a href={`/forums/${props.forum.id}/open-calls`}>{t.openCalls.listLink}</a>
      </p>
      {props.organisations.length === 0 ? null : (
        <div class="scroll" role="region" aria-label={title} tabindex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t.forum.organisation}</th>
                <th scope="col">{t.forum.kind}</th>
                <th scope="col">{t.forum.region}</th>
                <th scope="col">{t.forum.joined}</th>
              </tr>
            </thead>
            <tbody>
              {props.organisations.map((o) => (
                <tr>
                  <th scope="row">{o.website ? <a href={o.website} rel="nofollow noopener noreferrer">{o.name}</a> : o.name}</th>
                  <td>{t.forum.orgKind[o.kind]}</td>
                  <td>{o.region}</td>
                  <td>{o.joinedNetworkAt ? formatDate(o.joinedNetworkAt, locale) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.manage}
    </Layout>
  );
}
