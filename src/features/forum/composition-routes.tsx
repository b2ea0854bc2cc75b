import { Hono, type Context } from 'hono';
import { asc, eq } from 'drizzle-orm';
import type { ZodType } from 'zod';
import type { AppDeps } from '../../app.js';
import { forums, forumMemberships, forumSeats, forumSectors, institutions, ORGANISATION_KINDS } from '../../db/schema/index.js';
import { textIn, type LocalizedText } from '../../lib/localized.js';
import { CsrfField, ErrorSummary, fieldErrors, Input, Select, TextArea, type FieldErrors } from '../../ui/forms.js';
import { formatDate } from '../../ui/format.js';
import { Layout, type PageContext } from '../../ui/layout.js';
import { pageContext, parseId } from '../../ui/page.js';
import { requirePermission } from '../accounts/middleware.js';
import { addSeat, addSector, appointMember, CompositionError, endMembershipEarly, renameSeat, renameSector } from './composition.js';
import { appointForm, endForm, renameSectorForm, sectorForm, seatForm } from './composition-schemas.js';
import { canManageForum } from './policy.js';
import { forumDetail, networkOf, type ForumDetail } from './queries.js';

type Body = Record<string, string | File | (string | File)[]>;
const texts = (body: Body) => Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string').map(([k, v]) => [k, (v as string).slice(0, 5000)]));
const localized = (es: string, en: string): LocalizedText => ({ ...(es ? { es } : {}), ...(en ? { en } : {}) });

interface Options {
  organisations: { id: number; name: string }[];
  institutions: { id: number; name: LocalizedText }[];
}

function CompositionPage(props: { page: PageContext; forum: ForumDetail; options: Options; values?: Record<string, string>; errors?: FieldErrors; flash?: string; error?: string }) {
  const { t, locale } = props.page;
  const k = t.composition;
  const f = props.forum;
  const v = props.values ?? {};
  const e = props.errors ?? {};
  const appointedSeats = f.sectors.filter((s) => s.electedBy === null).flatMap((s) => s.seats.map((x) => ({ id: x.id, label: `${textIn(s.name, locale)} · ${textIn(x.label, locale)}` })));
  const current = f.sectors.filter((s) => s.electedBy === null).flatMap((s) => s.seats.flatMap((x) => x.current.map((m) => ({ ...m, seat: `${textIn(s.name, locale)} · ${textIn(x.label, locale)}` }))));
  const title = k.heading;
  return (
    <Layout page={props.page} title={title} crumbs={[{ label: t.site.home, href: '/' }, { label: textIn(f.name, locale), href: `/forums/${f.id}` }, { label: title }]}>
      <h1>{title}</h1>
      {props.flash ? (
        <p class="flash" role="status">
          {props.flash}
        </p>
      ) : null}
      {props.error ? (
        <p class="note" role="alert">
          {props.error}
        </p>
      ) : null}
      <ErrorSummary errors={e} heading={t.elections.formErrors.heading} />
      <p>{k.intro}</p>
      <h2>{k.sectors}</h2>
      {f.sectors.map((s) => (
        <section class="card" aria-labelledby={`sector-${s.id}`}>
          <h3 id={`sector-${s.id}`}>
            {textIn(s.name, locale)} (<code>{s.code}</code>)
          </h3>
          <p class="muted">{s.electedBy ? k.electedByKind(t.forum.orgKind[s.electedBy as keyof typeof t.forum.orgKind]) : k.appointed}</p>
          <form method="post" action={`/sectors/${s.id}`} class="stack">
            <CsrfField page={props.page} />
            <Input name="nameEs" id={`sector-${s.id}-es`} label={k.nameEs} maxlength={200} value={s.name.es ?? ''} />
            <Input name="nameEn" id={`sector-${s.id}-en`} label={k.nameEn} maxlength={200} value={s.name.en ?? ''} />
            <button type="submit" class="secondary">
              {k.editSector}
            </button>
          </form>
          <h4>{k.seatsOf(textIn(s.name, locale))}</h4>
          {s.seats.map((x) => (
            <form method="post" action={`/seats/${x.id}`} class="stack">
              <CsrfField page={props.page} />
              <Input name="labelEs" id={`seat-${x.id}-es`} label={k.labelEs} maxlength={200} value={x.label.es ?? ''} />
              <Input name="labelEn" id={`seat-${x.id}-en`} label={k.labelEn} maxlength={200} value={x.label.en ?? ''} />
              <button type="submit" class="secondary">
                {k.editSeat}
              </button>
            </form>
          ))}
          <form method="post" action={`/sectors/${s.id}/seats`} class="stack">
            <CsrfField page={props.page} />
            <Input name="labelEs" id={`new-seat-${s.id}-es`} label={k.labelEs} maxlength={200} />
            <Input name="labelEn" id={`new-seat-${s.id}-en`} label={k.labelEn} maxlength={200} />
            <button type="submit">{k.addSeat}</button>
          </form>
        </section>
      ))}
      <section class="card" aria-labelledby="add-sector">
        <h2 id="add-sector">{k.addSector}</h2>
        <form method="post" action={`/forums/${f.id}/sectors`} class="stack">
          <CsrfField page={props.page} />
          <Input name="code" label={k.code} required maxlength={40} value={v.code} error={e.code} />
          <Input name="nameEs" label={k.nameEs} maxlength={200} value={v.nameEs} error={e.nameEs} />
          <Input name="nameEn" label={k.nameEn} maxlength={200} value={v.nameEn} error={e.nameEn} />
          <Select name="electedBy" label={k.electedBy} value={v.electedBy ?? ''} error={e.electedBy} options={[{ value: '', label: k.appointed }, ...ORGANISATION_KINDS.map((o) => ({ value: o, label: k.electedByKind(t.forum.orgKind[o]) }))]} />
          <button type="submit">{k.addSector}</button>
        </form>
      </section>
      <section class="card" aria-labelledby="appoint">
        <h2 id="appoint">{k.appoint}</h2>
        {appointedSeats.length === 0 ? (
          <p class="muted">{t.forum.noSeats}</p>
        ) : (
          <form method="post" action={`/forums/${f.id}/memberships`} class="stack">
            <CsrfField page={props.page} />
            <Select name="seatId" label={k.seat} required value={v.seatId} error={e.seatId} options={appointedSeats.map((x) => ({ value: String(x.id), label: x.label }))} />
            <Input name="personName" label={k.personName} required maxlength={200} value={v.personName} error={e.personName} />
            <Select
              name="behalf"
              label={k.behalf}
              value={v.behalf ?? ''}
              error={e.behalf}
              options={[
                { value: '', label: k.behalfNone },
                ...props.options.institutions.map((i) => ({ value: `i:${i.id}`, label: `${k.institutionPrefix}: ${textIn(i.name, locale)}` })),
                ...props.options.organisations.map((o) => ({ value: `o:${o.id}`, label: `${k.organisationPrefix}: ${o.name}` })),
              ]}
            />
            <Select name="role" label={k.role} required value={v.role ?? 'titular'} error={e.role} options={(['titular', 'alternate'] as const).map((r) => ({ value: r, label: t.forum.role[r] }))} />
            <Input name="startDate" type="date" label={k.startDate} required value={v.startDate} error={e.startDate} />
            <Input name="endDate" type="date" label={k.endDate} value={v.endDate} error={e.endDate} />
            <button type="submit">{k.appointSubmit}</button>
          </form>
        )}
      </section>
      <section aria-labelledby="current-appointments">
        <h2 id="current-appointments">{k.current}</h2>
        {current.length === 0 ? <p class="muted">{k.noCurrent}</p> : null}
        {current.map((m) => (
          <article class="card" aria-labelledby={`membership-${m.id}`}>
            <h3 id={`membership-${m.id}`}>
              {m.personName} ({t.forum.role[m.role]}) · {m.seat}
            </h3>
            <p>
              {m.onBehalfOf ?? ''} · {t.forum.from} {formatDate(m.startDate, locale)}
              {m.endDate ? ` · ${t.forum.to} ${formatDate(m.endDate, locale)}` : ''}
            </p>
            <form method="post" action={`/memberships/${m.id}/end`} class="stack">
              <CsrfField page={props.page} />
              <Input name="endDate" id={`end-${m.id}-date`} type="date" label={k.endDateEarly} required />
              <TextArea name="reason" id={`end-${m.id}-reason`} label={k.endReason} required maxlength={1000} rows={2} />
              <button type="submit" class="secondary">
                {k.endSubmit}
              </button>
            </form>
          </article>
        ))}
      </section>
    </Layout>
  );
}

/** The secretariat's page for sectors, seats and appointed memberships (decision 079). Never cached: it has forms. */
export function compositionRoutes(deps: AppDeps) {
  const app = new Hono();
  const today = () => deps.now().toISOString().slice(0, 10);

  async function options(memberId: number): Promise<Options> {
    return {
      organisations: (await networkOf(deps.db, memberId)).map((o) => ({ id: o.id, name: o.name })),
      institutions: await deps.db.select({ id: institutions.id, name: institutions.name }).from(institutions).where(eq(institutions.memberId, memberId)).orderBy(asc(institutions.id)),
    };
  }

  async function page(c: Context, forumId: number, extra: { values?: Record<string, string>; errors?: FieldErrors; error?: string; flash?: string } = {}, status: 200 | 409 | 422 = 200) {
    const f = await forumDetail(deps.db, forumId, today());
    if (!f) return c.notFound();
    requirePermission(c, (u) => canManageForum(u, f));
    return c.html(<CompositionPage page={pageContext(c)} forum={f} options={await options(f.memberId)} {...extra} />, status);
  }

  app.get('/forums/:id/composition', async (c) => {
    const id = parseId(c.req.param('id'));
    if (id === null) return c.notFound();
    return page(c, id, { flash: c.req.query('done') === 'saved' ? c.get('t').composition.done : undefined });
  });

  /** parse → authorise → command; a refused command is told on the page (409), a wrong form 422. */
  function write<T>(path: string, forumOf: (id: number) => Promise<number | null>, schema: ZodType<T>, run: (input: { id: number; data: T; memberId: number; actor: string }) => Promise<unknown>) {
    app.post(path, async (c) => {
      const id = parseId(c.req.param('id'));
      const forumId = id === null ? null : await forumOf(id);
      if (id === null || forumId === null) return c.notFound();
      const [f] = await deps.db.select({ id: forums.id, memberId: forums.memberId }).from(forums).where(eq(forums.id, forumId));
      const user = requirePermission(c, (u) => canManageForum(u, { memberId: f!.memberId }));
      const values = texts((await c.req.parseBody()) as Body);
      const t = c.get('t');
      const parsed = schema.safeParse(values);
      if (!parsed.success) return page(c, forumId, { values, errors: fieldErrors(parsed.error, { ...t.elections.formErrors, ...t.composition.errors }) }, 422);
      try {
        await run({ id, data: parsed.data, memberId: f!.memberId, actor: `user:${user.id}` });
      } catch (error) {
        if (error instanceof CompositionError) return page(c, forumId, { values, error: t.composition.errors[error.code] }, 409);
        throw error;
      }
      deps.cache.invalidate();
      return c.redirect(`/forums/${forumId}/composition?done=saved`, 303);
    });
  }

  const forumItself = async (id: number) => ((await deps.db.select({ id: forums.id }).from(forums).where(eq(forums.id, id)))[0]?.id ?? null);
  const forumOfSector = async (id: number) => ((await deps.db.select({ f: forumSectors.forumId }).from(forumSectors).where(eq(forumSectors.id, id)))[0]?.f ?? null);
  const forumOfSeat = async (id: number) => ((await deps.db.select({ f: forumSectors.forumId }).from(forumSeats).innerJoin(forumSectors, eq(forumSectors.id, forumSeats.sectorId)).where(eq(forumSeats.id, id)))[0]?.f ?? null);
  const forumOfMembership = async (id: number) =>
    (await deps.db.select({ f: forumSectors.forumId }).from(forumMemberships).innerJoin(forumSeats, eq(forumSeats.id, forumMemberships.seatId)).innerJoin(forumSectors, eq(forumSectors.id, forumSeats.sectorId)).where(eq(forumMemberships.id, id)))[0]?.f ?? null;

  write('/forums/:id/sectors', forumItself, sectorForm, ({ id, data, actor }) => addSector(deps.db, actor, { forumId: id, code: data.code, name: localized(data.nameEs, data.nameEn), electedBy: data.electedBy }));
  write('/sectors/:id', forumOfSector, renameSectorForm, ({ id, data, actor }) => renameSector(deps.db, actor, { sectorId: id, name: localized(data.nameEs, data.nameEn) }));
  write('/sectors/:id/seats', forumOfSector, seatForm, ({ id, data, actor }) => addSeat(deps.db, actor, { sectorId: id, label: localized(data.labelEs, data.labelEn) }));
  write('/seats/:id', forumOfSeat, seatForm, ({ id, data, actor }) => renameSeat(deps.db, actor, { seatId: id, label: localized(data.labelEs, data.labelEn) }));
  write('/forums/:id/memberships', forumItself, appointForm, ({ data, memberId, actor }) =>
    appointMember(deps.db, actor, { memberId, seatId: data.seatId, personName: data.personName, ...data.behalf, role: data.role, startDate: data.startDate, endDate: data.endDate }),
  );
  write('/memberships/:id/end', forumOfMembership, endForm, ({ id, data, memberId, actor }) => endMembershipEarly(deps.db, actor, { membershipId: id, memberId, endDate: data.endDate, reason: data.reason }));

  return app;
}
