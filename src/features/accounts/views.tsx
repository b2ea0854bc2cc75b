import { ROLES, SEAT_SECTORS } from '../../db/schema/accounts.js';
import { textIn, type LocalizedText } from '../../lib/localized.js';
import { CsrfField, ErrorSummary, Input, Select, type FieldErrors } from '../../ui/forms.js';
import { Layout, type PageContext } from '../../ui/layout.js';

export function LoginPage(props: { page: PageContext; email?: string; next?: string; errors?: FieldErrors }) {
  const { page } = props;
  const a = page.t.accounts;
  const errors = props.errors ?? {};
  return (
    <Layout page={page} title={a.login.title}>
      <h1>{a.login.title}</h1>
      <ErrorSummary errors={errors} heading={a.formErrors.heading} labels={{ email: a.fields.email, password: a.fields.password }} />
      <form method="post" action="/login" class="stack">
        <CsrfField page={page} />
        <input type="hidden" name="next" value={props.next ?? ''} />
        <Input name="email" type="email" label={a.fields.email} value={props.email} required maxlength={320} autocomplete="username" error={errors.email} />
        <Input name="password" type="password" label={a.fields.password} required maxlength={200} autocomplete="current-password" error={errors.password} />
        <p>
          <button type="submit">{a.login.submit}</button>
        </p>
      </form>
      <p>
        <a href="/password/forgot">{a.login.forgot}</a>
      </p>
    </Layout>
  );
}

export function InvitationPage(props: { page: PageContext; token: string; email: string; name: string; errors?: FieldErrors }) {
  const { page } = props;
  const a = page.t.accounts;
  const errors = props.errors ?? {};
  return (
    <Layout page={page} title={a.invitation.title}>
      <h1>{a.invitation.title}</h1>
      <p>{a.invitation.intro(props.email)}</p>
      <ErrorSummary errors={errors} heading={a.formErrors.heading} labels={{ name: a.fields.name, password: a.fields.passwordNew, passwordRepeat: a.fields.passwordRepeat }} />
      <form method="post" action={`/invitations/${props.token}`} class="stack">
        <CsrfField page={page} />
        <Input name="name" label={a.fields.name} value={props.name} required maxlength={200} autocomplete="name" error={errors.name} />
        <Input name="password" type="password" label={a.fields.passwordNew} required maxlength={200} autocomplete="new-password" error={errors.password} />
        <Input name="passwordRepeat" type="password" label={a.fields.passwordRepeat} required maxlength={200} autocomplete="new-password" error={errors.passwordRepeat} />
        <p>
          <button type="submit">{a.invitation.submit}</button>
        </p>
      </form>
    </Layout>
  );
}

export function InvalidLinkPage(props: { page: PageContext; text: string }) {
  const a = props.page.t.accounts;
  return (
    <Layout page={props.page} title={a.invitation.invalidTitle}>
      <h1>{a.invitation.invalidTitle}</h1>
      <p>{props.text}</p>
      <p>
        <a href="/password/forgot">{a.login.forgot}</a>
      </p>
    </Layout>
  );
}

export function ForgotPage(props: { page: PageContext; sent?: boolean; email?: string; errors?: FieldErrors }) {
  const { page } = props;
  const a = page.t.accounts;
  const errors = props.errors ?? {};
  return (
    <Layout page={page} title={a.forgot.title}>
      <h1>{a.forgot.title}</h1>
      {props.sent ? (
        <p class="flash" role="status">
          {a.forgot.sent}
        </p>
      ) : (
        <>
          <p>{a.forgot.intro}</p>
          <ErrorSummary errors={errors} heading={a.formErrors.heading} labels={{ email: a.fields.email }} />
          <form method="post" action="/password/forgot" class="stack">
            <CsrfField page={page} />
            <Input name="email" type="email" label={a.fields.email} value={props.email} required maxlength={320} autocomplete="username" error={errors.email} />
            <p>
              <button type="submit">{a.forgot.submit}</button>
            </p>
          </form>
        </>
      )}
    </Layout>
  );
}

export function ResetPage(props: { page: PageContext; token: string; errors?: FieldErrors }) {
  const { page } = props;
  const a = page.t.accounts;
  const errors = props.errors ?? {};
  return (
    <Layout page={page} title={a.reset.title}>
      <h1>{a.reset.title}</h1>
      <ErrorSummary errors={errors} heading={a.formErrors.heading} labels={{ password: a.fields.passwordNew, passwordRepeat: a.fields.passwordRepeat }} />
      <form method="post" action={`/password/reset/${props.token}`} class="stack">
        <CsrfField page={page} />
        <Input name="password" type="password" label={a.fields.passwordNew} required maxlength={200} autocomplete="new-password" error={errors.password} />
        <Input name="passwordRepeat" type="password" label={a.fields.passwordRepeat} required maxlength={200} autocomplete="new-password" error={errors.passwordRepeat} />
        <p>
          <button type="submit">{a.reset.submit}</button>
        </p>
      </form>
    </Layout>
  );
}

export interface UserRow {
  id: number;
  email: string;
  name: string;
  pending: boolean;
  disabled: boolean;
  grants: { id: number; role: (typeof ROLES)[number]; memberId: number | null; institutionId: number | null; seat: (typeof SEAT_SECTORS)[number] | null }[];
}

export function UsersPage(props: {
  page: PageContext;
  users: UserRow[];
  members: { id: number; code: string; name: LocalizedText }[];
  institutions: { id: number; memberId: number; name: LocalizedText }[];
  roles: readonly (typeof ROLES)[number][];
  values?: Record<string, string>;
  errors?: FieldErrors;
  flash?: string;
  /** Without SMTP: the invitation link just created, for the person who sent it to pass on (decision 052). */
  inviteLink?: string | null;
  /** A refused account action (unknown id, one's own account), shown as an alert. */
  alert?: string;
  /** Administrators see the disable / enable / revoke controls. */
  canManage?: boolean;
}) {
  const { page } = props;
  const { t, locale } = page;
  const a = t.accounts;
  const errors = props.errors ?? {};
  const v = props.values ?? {};
  const memberCode = new Map(props.members.map((m) => [m.id, m.code]));
  const institutionName = new Map(props.institutions.map((i) => [i.id, textIn(i.name, locale)]));
  return (
    <Layout page={page} title={a.users.title} crumbs={[{ label: t.accounts.nav.myWork, href: '/work' }, { label: a.users.title }]}>
      <h1>{a.users.title}</h1>
      {props.flash ? (
        <p class="flash" role="status">
          {props.flash}
        </p>
      ) : null}
      {props.inviteLink ? (
        <div class="flash">
          <p>{a.users.inviteLinkNoMail}</p>
          <p>
            <a href={props.inviteLink}>{props.inviteLink}</a>
          </p>
        </div>
      ) : null}
      {props.alert ? (
        <div class="errors" role="alert">
          <p>{props.alert}</p>
        </div>
      ) : null}
      <h2 id="invite">{a.users.invite}</h2>
      <ErrorSummary
        errors={errors}
        heading={a.formErrors.heading}
        labels={{ email: a.fields.email, name: a.fields.name, role: a.fields.role, memberId: a.fields.member, institutionId: a.fields.institution, seat: a.fields.seat }}
      />
      <form method="post" action="/admin/users" class="stack" aria-labelledby="invite">
        <CsrfField page={page} />
        <Input name="email" type="email" label={a.fields.email} value={v.email} required maxlength={320} error={errors.email} />
        <Input name="name" label={a.fields.name} value={v.name} required maxlength={200} error={errors.name} />
        <Select name="role" label={a.fields.role} value={v.role} required error={errors.role} options={props.roles.map((r) => ({ value: r, label: a.roles[r] }))} />
        <Select
          name="memberId"
          label={a.fields.member}
          value={v.memberId}
          error={errors.memberId}
          options={[{ value: '', label: a.fields.none }, ...props.members.map((m) => ({ value: String(m.id), label: `${m.code} · ${textIn(m.name, locale)}` }))]}
        />
        <Select
          name="institutionId"
          label={a.fields.institution}
          value={v.institutionId}
          error={errors.institutionId}
          options={[{ value: '', label: a.fields.none }, ...props.institutions.map((i) => ({ value: String(i.id), label: `${memberCode.get(i.memberId) ?? ''} · ${textIn(i.name, locale)}` }))]}
        />
        <Select
          name="seat"
          label={a.fields.seat}
          value={v.seat}
          error={errors.seat}
          options={[{ value: '', label: a.fields.none }, ...SEAT_SECTORS.map((s) => ({ value: s, label: a.seats[s] }))]}
        />
        <Select name="locale" label={a.fields.locale} value={v.locale ?? locale} options={[{ value: 'es', label: 'Español' }, { value: 'en', label: 'English' }]} />
        <p>
          <button type="submit">{a.users.inviteSubmit}</button>
        </p>
      </form>
      <h2>{a.users.title}</h2>
      {props.users.length === 0 ? (
        <p>{a.users.none}</p>
      ) : (
        <div class="scroll" role="region" aria-label={a.users.title} tabindex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{a.users.name}</th>
                <th scope="col">{a.users.email}</th>
                <th scope="col">{a.users.grants}</th>
                <th scope="col">{a.users.status}</th>
                {props.canManage ? <th scope="col">{a.users.actions}</th> : null}
              </tr>
            </thead>
            <tbody>
              {props.users.map((u) => (
                <tr>
                  <td>{u.name}</td>
                  <td>{u.email}</td>
                  <td>
                    <ul>
                      {u.grants.map((g) => (
                        <li>
                          {a.roles[g.role]}
                          {g.memberId !== null ? ` · ${memberCode.get(g.memberId) ?? g.memberId}` : ''}
                          {g.institutionId !== null ? ` · ${institutionName.get(g.institutionId) ?? g.institutionId}` : ''}
                          {g.seat ? ` · ${a.seats[g.seat]}` : ''}
                          {props.canManage ? (
                            <form method="post" action={`/admin/users/${u.id}/grants/${g.id}/revoke`} class="inline">
                              <CsrfField page={page} />
                              <button type="submit" class="secondary">
                                {a.users.revoke(a.roles[g.role])}
                              </button>
                            </form>
                          ) : null}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>{u.disabled ? a.users.disabled : u.pending ? a.users.pending : a.users.active}</td>
                  {props.canManage ? (
                    <td>
                      <form method="post" action={`/admin/users/${u.id}/${u.disabled ? 'enable' : 'disable'}`}>
                        <CsrfField page={page} />
                        <button type="submit" class="secondary">
                          {u.disabled ? a.users.enable(u.name) : a.users.disable(u.name)}
                        </button>
                      </form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}
