import { Hono, type Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { asc } from 'drizzle-orm';
import type { AppDeps } from '../../app.js';
import { institutions, members } from '../../db/schema/index.js';
import { isSecureRequest } from '../../lib/csrf.js';
import { fieldErrors } from '../../ui/forms.js';
import { pageContext, parseId } from '../../ui/page.js';
import { isIP } from 'node:net';
import { AccountError, acceptInvitation, disableUser, enableUser, invitationFor, inviteUser, listUsers, requestPasswordReset, resetPassword, resetTokenIsValid, revokeGrant, signIn } from './commands.js';
import { requirePermission } from './middleware.js';
import { canInvite, canManageAccounts, canManagePeople, isAdmin, secretariatMembers, SECRETARIAT_INVITES } from './policy.js';
import { forgotForm, invitationForm, inviteForm, loginForm, newPasswordForm, nextField } from './schemas.js';
import { destroySession, SESSION_COOKIE } from './sessions.js';
import { ForgotPage, InvalidLinkPage, InvitationPage, LoginPage, ResetPage, UsersPage } from './views.js';
import { ROLES } from '../../db/schema/accounts.js';

type Body = Record<string, string | File | (string | File)[]>;

/** The form's text fields (a repeated or file field counts as invalid input, not as a value). */
export async function formFields(c: Context): Promise<Record<string, string>> {
  const body = (await c.req.parseBody({ all: true })) as Body;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v;
  return out;
}

/**
 * The client's address for the sign-in rate limit: the connection's, or — with `TRUST_PROXY` on —
 * the first address of `X-Forwarded-For` when it is a valid IP of at most 64 characters.
 */
export function clientIp(c: Context, trustProxy = false): string {
  if (trustProxy) {
    const first = (c.req.header('x-forwarded-for') ?? '').split(',')[0]!.trim();
    if (first.length > 0 && first.length <= 64 && isIP(first) !== 0) return first;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The start of every link in an e-mail: the configured public address, never the request's `Host`. */
export function baseUrl(_c: Context, deps: AppDeps): string {
  return deps.publicUrl;
}

function setSessionCookie(c: Context, token: string, expiresAt: Date) {
  setCookie(c, SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'Lax', secure: isSecureRequest(c), expires: expiresAt });
}

export function accountRoutes(deps: AppDeps) {
  const app = new Hono();

  app.get('/login', (c) => {
    const next = nextField.parse(c.req.query('next'));
    return c.html(<LoginPage page={pageContext(c)} next={next} />);
  });

  app.post('/login', async (c) => {
    const t = c.get('t').accounts;
    const fields = await formFields(c);
    const parsed = loginForm.safeParse(fields);
    if (!parsed.success) {
      return c.html(<LoginPage page={pageContext(c)} email={fields.email?.slice(0, 320)} errors={fieldErrors(parsed.error, t.formErrors)} />, 422);
    }
    const outcome = await signIn(deps.db, { email: parsed.data.email, password: parsed.data.password, ip: clientIp(c, deps.trustProxy), now: deps.now() });
    if (!outcome.ok) {
      const message = outcome.reason === 'rate_limited' ? t.login.rateLimited : t.login.invalid;
      return c.html(<LoginPage page={pageContext(c)} email={parsed.data.email} next={parsed.data.next} errors={{ _form: message }} />, outcome.reason === 'rate_limited' ? 429 : 422);
    }
    setSessionCookie(c, outcome.token, outcome.expiresAt);
    return c.redirect(parsed.data.next, 303);
  });

  app.post('/logout', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token && token.length <= 200) await destroySession(deps.db, token);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/', 303);
  });

  app.get('/invitations/:token', async (c) => {
    const token = c.req.param('token');
    const inv = await invitationFor(deps.db, token, deps.now());
    if (!inv) return c.html(<InvalidLinkPage page={pageContext(c)} text={c.get('t').accounts.invitation.invalid} />, 404);
    return c.html(<InvitationPage page={pageContext(c)} token={token} email={inv.email} name={inv.name} />);
  });

  app.post('/invitations/:token', async (c) => {
    const t = c.get('t').accounts;
    const token = c.req.param('token');
    const inv = await invitationFor(deps.db, token, deps.now());
    if (!inv) return c.html(<InvalidLinkPage page={pageContext(c)} text={t.invitation.invalid} />, 404);
    const fields = await formFields(c);
    const parsed = invitationForm.safeParse(fields);
    if (!parsed.success) {
      return c.html(<InvitationPage page={pageContext(c)} token={token} email={inv.email} name={fields.name?.slice(0, 200) ?? inv.name} errors={fieldErrors(parsed.error, t.formErrors)} />, 422);
    }
    const accepted = await acceptInvitation(deps.db, { token, name: parsed.data.name, password: parsed.data.password, now: deps.now() });
    if (!accepted) return c.html(<InvalidLinkPage page={pageContext(c)} text={t.invitation.invalid} />, 404);
    setSessionCookie(c, accepted.session.token, accepted.session.expiresAt);
    return c.redirect('/work', 303);
  });

  app.get('/password/forgot', (c) => c.html(<ForgotPage page={pageContext(c)} />));

  app.post('/password/forgot', async (c) => {
    const t = c.get('t').accounts;
    const fields = await formFields(c);
    const parsed = forgotForm.safeParse(fields);
    if (!parsed.success) {
      return c.html(<ForgotPage page={pageContext(c)} email={fields.email?.slice(0, 320)} errors={fieldErrors(parsed.error, t.formErrors)} />, 422);
    }
    // After the response: it takes the same time whether or not the e-mail has an account.
    const input = { email: parsed.data.email, baseUrl: baseUrl(c, deps), now: deps.now() };
    deps.background(async () => {
      await requestPasswordReset(deps.db, input);
      await deps.flushMail();
    });
    return c.html(<ForgotPage page={pageContext(c)} sent />);
  });

  app.get('/password/reset/:token', async (c) => {
    const token = c.req.param('token');
    if (!(await resetTokenIsValid(deps.db, token, deps.now()))) {
      return c.html(<InvalidLinkPage page={pageContext(c)} text={c.get('t').accounts.reset.invalid} />, 404);
    }
    return c.html(<ResetPage page={pageContext(c)} token={token} />);
  });

  app.post('/password/reset/:token', async (c) => {
    const t = c.get('t').accounts;
    const token = c.req.param('token');
    const fields = await formFields(c);
    const parsed = newPasswordForm.safeParse(fields);
    if (!parsed.success) return c.html(<ResetPage page={pageContext(c)} token={token} errors={fieldErrors(parsed.error, t.formErrors)} />, 422);
    const ok = await resetPassword(deps.db, { token, password: parsed.data.password, now: deps.now() });
    if (!ok) return c.html(<InvalidLinkPage page={pageContext(c)} text={t.reset.invalid} />, 404);
    return c.redirect('/login', 303);
  });

  async function peoplePage(
    c: Context,
    extra: { values?: Record<string, string>; errors?: Record<string, string>; flash?: string; alert?: string; done?: { kind: string; userId: number | null }; inviteLink?: string | null },
    status: 200 | 404 | 422 = 200,
  ) {
    const user = requirePermission(c, canManagePeople);
    const scope = secretariatMembers(user);
    const [us, ms, is] = await Promise.all([
      listUsers(deps.db, scope),
      deps.db.select({ id: members.id, code: members.code, name: members.name }).from(members).orderBy(asc(members.code)),
      deps.db.select({ id: institutions.id, memberId: institutions.memberId, name: institutions.name }).from(institutions).orderBy(asc(institutions.memberId), asc(institutions.nameKey)),
    ]);
    const visibleMembers = scope === 'all' ? ms : ms.filter((m) => scope.includes(m.id));
    const memberIds = new Set(visibleMembers.map((m) => m.id));
    const { done, ...rest } = extra;
    let flash = rest.flash;
    if (done && canManageAccounts(user)) {
      const email = us.find((u) => u.id === done.userId)?.email ?? '';
      const t = c.get('t').accounts.users;
      if (done.kind === 'disabled') flash = t.disabledDone(email);
      else if (done.kind === 'enabled') flash = t.enabledDone(email);
      else if (done.kind === 'revoked') flash = t.revokedDone(email);
      else if (done.kind === 'unchanged') flash = t.unchanged;
    }
    return c.html(
      <UsersPage
        page={pageContext(c)}
        users={us}
        members={visibleMembers}
        institutions={is.filter((i) => memberIds.has(i.memberId))}
        roles={isAdmin(user) ? ROLES : SECRETARIAT_INVITES}
        canManage={canManageAccounts(user)}
        {...rest}
        flash={flash}
      />,
      status,
    );
  }

  app.get('/admin/users', (c) => {
    if (c.req.query('invited')) return peoplePage(c, { flash: c.get('t').accounts.users.invited });
    const done = c.req.query('done');
    return peoplePage(c, done ? { done: { kind: done, userId: parseId(c.req.query('user')) } } : {});
  });

  /** Disable / enable an account, revoke a grant (administrators only): refused ones re-render the page with a message. */
  async function accountAction(c: Context, run: (actor: { userId: number }, userId: number, grantId: number | null) => Promise<'changed' | 'unchanged'>, kind: string) {
    const user = requirePermission(c, canManageAccounts);
    const t = c.get('t').accounts.users;
    const userId = parseId(c.req.param('id'));
    const grantParam = c.req.param('grantId');
    const grantId = grantParam === undefined ? null : parseId(grantParam);
    if (userId === null) return peoplePage(c, { alert: t.userNotFound }, 404);
    if (grantParam !== undefined && grantId === null) return peoplePage(c, { alert: t.grantNotFound }, 404);
    try {
      const outcome = await run({ userId: user.id }, userId, grantId);
      deps.cache.invalidate();
      return c.redirect(`/admin/users?done=${outcome === 'changed' ? kind : 'unchanged'}&user=${userId}`, 303);
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      if (error.code === 'user_not_found') return peoplePage(c, { alert: t.userNotFound }, 404);
      if (error.code === 'grant_not_found') return peoplePage(c, { alert: t.grantNotFound }, 404);
      if (error.code === 'own_account') return peoplePage(c, { alert: t.ownAccount }, 422);
      if (error.code === 'own_last_admin_grant') return peoplePage(c, { alert: t.ownLastAdminGrant }, 422);
      throw error;
    }
  }

  app.post('/admin/users/:id/disable', (c) =>
    accountAction(c, async (actor, userId) => ((await disableUser(deps.db, { userId, actor, now: deps.now() })).changed ? 'changed' : 'unchanged'), 'disabled'),
  );
  app.post('/admin/users/:id/enable', (c) =>
    accountAction(c, async (actor, userId) => ((await enableUser(deps.db, { userId, actor, now: deps.now() })).changed ? 'changed' : 'unchanged'), 'enabled'),
  );
  app.post('/admin/users/:id/grants/:grantId/revoke', (c) =>
    accountAction(
      c,
      async (actor, userId, grantId) => {
        await revokeGrant(deps.db, { userId, grantId: grantId!, actor, now: deps.now() });
        return 'changed';
      },
      'revoked',
    ),
  );

  app.post('/admin/users', async (c) => {
    const user = requirePermission(c, canManagePeople);
    const t = c.get('t').accounts;
    const fields = await formFields(c);
    const parsed = inviteForm.safeParse(fields);
    const values = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.slice(0, 320)]));
    if (!parsed.success) return peoplePage(c, { values, errors: fieldErrors(parsed.error, t.formErrors) }, 422);
    const d = parsed.data;
    if (!canInvite(user, d.role, d.memberId)) return peoplePage(c, { values, errors: { role: t.formErrors.invalid } }, 422);
    let invited: { link: string | null };
    try {
      invited = await inviteUser(deps.db, {
        email: d.email,
        name: d.name,
        locale: d.locale,
        grant: { role: d.role, memberId: d.memberId, institutionId: d.institutionId, seat: d.seat },
        actor: `user:${user.id}`,
        baseUrl: baseUrl(c, deps),
        now: deps.now(),
      });
    } catch (error) {
      if (error instanceof AccountError) {
        const field = error.code === 'institution_needed' ? 'institutionId' : 'memberId';
        const message = error.code === 'institution_needed' ? t.formErrors.institutionNeeded : error.code === 'member_needed' ? t.formErrors.memberNeeded : t.formErrors.invalid;
        return peoplePage(c, { values, errors: { [field]: message } }, 422);
      }
      throw error;
    }
    await deps.flushMail();
    // Without SMTP the e-mail only reaches the in-app outbox: show the link to whoever sent it (never in a URL).
    if (!deps.mailConfigured && invited.link) return peoplePage(c, { flash: t.users.invited, inviteLink: invited.link });
    return c.redirect('/admin/users?invited=1', 303);
  });

  return app;
}
