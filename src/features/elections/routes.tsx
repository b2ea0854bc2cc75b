import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { eq } from 'drizzle-orm';
import type { AppDeps } from '../../app.js';
import { electionCandidates, electionVoters } from '../../db/schema/index.js';
import { textIn } from '../../lib/localized.js';
import { fieldErrors } from '../../ui/forms.js';
import { pageContext, parseId } from '../../ui/page.js';
import { requirePermission, requireUser } from '../accounts/middleware.js';
import type { SessionUser } from '../accounts/policy.js';
import { can, canAcceptCandidacy, canManageForum, canNominate, canVote } from '../forum/policy.js';
import { forumDetail, forumScope } from '../forum/queries.js';
import { normaliseReceipt } from './ballot-box.js';
import { acceptCandidacy, castVote, closeElection, createElection, ElectionError, nominateCandidate, openVoting, sendReceipt } from './commands.js';
import { nominatingOrganisations, publicElection, rollEntriesOf, type PublicElection } from './queries.js';
import { newElectionForm, nominateForm, voteForm } from './schemas.js';
import { ElectionPage, NewElectionPage, ReceiptPage, VotePage, type ElectionActions } from './views.js';

type Flash = 'created' | 'nominated' | 'accepted' | 'closed';

export function electionRoutes(deps: AppDeps) {
  const app = new Hono();
  const origin = (c: Context) => deps.publicUrl ?? new URL(c.req.url).origin;

  async function load(c: Context): Promise<{ e: PublicElection; memberId: number }> {
    const id = parseId(c.req.param('id'));
    const e = id === null ? null : await publicElection(deps.db, id);
    const scope = e ? await forumScope(deps.db, e.forumId) : null;
    if (!e || !scope) throw new HTTPException(404, { message: 'not_found' });
    return { e, memberId: scope.memberId };
  }

  /** What the signed-in person may do here (null for the public: the page is then the same for everyone). */
  async function actionsFor(user: SessionUser | null, e: PublicElection, memberId: number): Promise<ElectionActions | null> {
    if (!user) return null;
    const nominateFor = e.phase === 'nominations' ? await nominatingOrganisations(deps.db, e.id, user.id) : [];
    const pending = e.candidates.find((c) => c.userId === user.id && !c.accepted);
    const roll = e.phase === 'nominations' ? [] : await rollEntriesOf(deps.db, e.id, user.id);
    let votedAll = false;
    if (roll.length > 0) {
      const voted = await deps.db.select({ organisationId: electionVoters.organisationId }).from(electionVoters).where(eq(electionVoters.electionId, e.id));
      votedAll = roll.every((r) => voted.some((v) => v.organisationId === r.organisationId));
    }
    const scope = { memberId, electionPhase: e.phase, representsOrganisations: nominateFor.length, isPendingCandidate: !!pending, onRoll: roll.length > 0 && !votedAll };
    return {
      nominateFor: canNominate(user, scope) ? nominateFor : [],
      pendingCandidacy: canAcceptCandidacy(user, scope) && pending ? pending.id : null,
      canVote: canVote(user, scope),
      hasVoted: roll.length > 0 && votedAll,
      canOpenVoting: can(user, 'election.open_voting', scope),
      canClose: can(user, 'election.close', scope),
    };
  }

  async function renderPage(c: Context, e: PublicElection, memberId: number, extra: { error?: string; flash?: string } = {}, status: 200 | 409 | 422 = 200) {
    const t = c.get('t').elections;
    const user = c.get('user');
    const actions = await actionsFor(user, e, memberId);
    const raw = c.req.query('receipt');
    let receiptCheck: { receipt: string | null; text: string; found: boolean } | undefined;
    if (raw !== undefined && raw.trim() !== '' && e.published) {
      const r = normaliseReceipt(raw.slice(0, 40));
      const found = !!r && e.published.receipts.some((x) => x.receipt === r);
      receiptCheck = { receipt: raw.slice(0, 40), found, text: !r ? t.page.receiptInvalid : found ? t.page.receiptFound(r) : t.page.receiptMissing(r) };
    }
    return c.html(<ElectionPage page={pageContext(c)} election={e} actions={actions ? { ...actions, ...extra } : null} receiptCheck={receiptCheck} />, status);
  }

  app.get('/elections/:id', async (c) => {
    const { e, memberId } = await load(c);
    const done = c.req.query('done');
    const m = c.get('t').elections.manage;
    const flash = done === 'opened' && e.roll ? m.votingOpened(e.roll.count) : done && ['created', 'nominated', 'accepted', 'closed'].includes(done) ? m[done as Flash] : undefined;
    return renderPage(c, e, memberId, { flash });
  });

  const errorText = (c: Context, error: unknown) => {
    if (error instanceof ElectionError) return c.get('t').elections.errors[error.code];
    throw error;
  };

  // ——— secretariat: create, open voting, close ———
  app.get('/forums/:id/elections/new', async (c) => {
    const id = parseId(c.req.param('id'));
    const scope = id === null ? null : await forumScope(deps.db, id);
    if (!scope || id === null) return c.notFound();
    requirePermission(c, (u) => canManageForum(u, scope));
    const f = await forumDetail(deps.db, id, deps.now().toISOString().slice(0, 10));
    const sectors = f!.sectors.filter((s) => s.electedBy);
    return c.html(<NewElectionPage page={pageContext(c)} forum={f!} sectors={sectors} />);
  });

  app.post('/forums/:id/elections', async (c) => {
    const id = parseId(c.req.param('id'));
    const scope = id === null ? null : await forumScope(deps.db, id);
    if (!scope || id === null) return c.notFound();
    const user = requirePermission(c, (u) => canManageForum(u, scope));
    const f = (await forumDetail(deps.db, id, deps.now().toISOString().slice(0, 10)))!;
    const sectors = f.sectors.filter((s) => s.electedBy);
    const body = await c.req.parseBody();
    const values = Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string').map(([k, v]) => [k, (v as string).slice(0, 1000)]));
    const t = c.get('t').elections;
    const again = (errors: Record<string, string>) => c.html(<NewElectionPage page={pageContext(c)} forum={f} sectors={sectors} values={values} errors={errors} />, 422);
    const parsed = newElectionForm.safeParse(values);
    if (!parsed.success) return again(fieldErrors(parsed.error, t.formErrors));
    if (!sectors.some((s) => s.id === parsed.data.sectorId)) return again({ sectorId: t.formErrors.invalid });
    let electionId: number;
    try {
      ({ id: electionId } = await createElection(deps.db, `user:${user.id}`, { ...parsed.data, forumId: id, title: { [c.get('locale')]: parsed.data.title }, now: deps.now() }));
    } catch (error) {
      if (error instanceof ElectionError && error.code === 'too_many_seats') return again({ seats: t.errors.too_many_seats });
      throw error;
    }
    deps.cache.invalidate();
    return c.redirect(`/elections/${electionId}?done=created`, 303);
  });

  for (const [path, action] of [
    ['open-voting', 'election.open_voting'],
    ['close', 'election.close'],
  ] as const) {
    app.post(`/elections/:id/${path}`, async (c) => {
      const { e, memberId } = await load(c);
      const user = requirePermission(c, (u) => can(u, action, { memberId, electionPhase: e.phase }));
      try {
        if (action === 'election.open_voting') {
          await openVoting(deps.db, `user:${user.id}`, { electionId: e.id, now: deps.now() });
          deps.cache.invalidate();
          return c.redirect(`/elections/${e.id}?done=opened`, 303);
        }
        await closeElection(deps.db, `user:${user.id}`, { electionId: e.id, now: deps.now() });
      } catch (error) {
        return renderPage(c, (await publicElection(deps.db, e.id))!, memberId, { error: errorText(c, error) }, 409);
      }
      deps.cache.invalidate();
      return c.redirect(`/elections/${e.id}?done=closed`, 303);
    });
  }

  // ——— nominations ———
  app.post('/elections/:id/nominate', async (c) => {
    const { e, memberId } = await load(c);
    const user = requireUser(c);
    const orgs = await nominatingOrganisations(deps.db, e.id, user.id);
    requirePermission(c, (u) => canNominate(u, { memberId, electionPhase: e.phase, representsOrganisations: orgs.length }));
    const parsed = nominateForm.safeParse(await c.req.parseBody());
    const t = c.get('t').elections;
    if (!parsed.success) {
      const errors = fieldErrors(parsed.error, t.formErrors);
      return renderPage(c, e, memberId, { error: Object.values(errors).join(' ') }, 422);
    }
    try {
      await nominateCandidate(deps.db, { electionId: e.id, actorUserId: user.id, organisationId: parsed.data.organisationId, candidateEmail: parsed.data.candidateEmail, now: deps.now() });
    } catch (error) {
      return renderPage(c, e, memberId, { error: errorText(c, error) }, 422);
    }
    deps.cache.invalidate();
    return c.redirect(`/elections/${e.id}?done=nominated`, 303);
  });

  app.post('/candidates/:cid/accept', async (c) => {
    const cid = parseId(c.req.param('cid'));
    const [cand] = cid === null ? [] : await deps.db.select().from(electionCandidates).where(eq(electionCandidates.id, cid));
    if (!cand) return c.notFound();
    const e = (await publicElection(deps.db, cand.electionId))!;
    const scope = (await forumScope(deps.db, e.forumId))!;
    const user = requirePermission(c, (u) => canAcceptCandidacy(u, { memberId: scope.memberId, electionPhase: e.phase, isPendingCandidate: cand.userId === u.id && cand.acceptedAt === null }));
    try {
      await acceptCandidacy(deps.db, { candidateId: cand.id, userId: user.id, now: deps.now() });
    } catch (error) {
      return renderPage(c, e, scope.memberId, { error: errorText(c, error) }, 409);
    }
    deps.cache.invalidate();
    return c.redirect(`/elections/${e.id}?done=accepted`, 303);
  });

  // ——— voting ———
  async function voteScope(c: Context) {
    const { e, memberId } = await load(c);
    const user = requireUser(c);
    const roll = await rollEntriesOf(deps.db, e.id, user.id);
    requirePermission(c, (u) => canVote(u, { memberId, electionPhase: e.phase, onRoll: roll.length > 0 }));
    return { e, memberId, user, roll };
  }

  app.get('/elections/:id/vote', async (c) => {
    const { e, roll } = await voteScope(c);
    return c.html(<VotePage page={pageContext(c)} election={e} organisations={roll} />);
  });

  app.post('/elections/:id/vote', async (c) => {
    const { e, memberId, user, roll } = await voteScope(c);
    const t = c.get('t').elections;
    const body = await c.req.parseBody({ all: true });
    const choice = body.choice === undefined ? [] : Array.isArray(body.choice) ? body.choice : [body.choice];
    const parsed = voteForm.safeParse({ choice: choice.filter((x) => typeof x === 'string'), organisationId: typeof body.organisationId === 'string' ? body.organisationId : undefined, spoil: typeof body.spoil === 'string' ? body.spoil : undefined });
    const again = (message: string, status: 409 | 422) => c.html(<VotePage page={pageContext(c)} election={e} organisations={roll} errors={{ _form: message }} />, status);
    if (!parsed.success) return again(t.errors.invalid_choices, 422);
    let receipt: string;
    try {
      ({ receipt } = await castVote(deps.db, { electionId: e.id, userId: user.id, organisationId: parsed.data.organisationId, choices: parsed.data.choice, spoil: parsed.data.spoil === '1', now: deps.now() }));
    } catch (error) {
      if (error instanceof ElectionError && (error.code === 'already_voted' || error.code === 'wrong_phase')) return renderPage(c, (await publicElection(deps.db, e.id))!, memberId, { error: t.errors[error.code] }, 409);
      if (error instanceof ElectionError) return again(t.errors[error.code], 422);
      throw error;
    }
    const mailed = await sendReceipt(deps.mailTransport, deps.mailFrom, { to: user.email, locale: user.locale, electionTitle: textIn(e.title, user.locale), receipt, url: `${origin(c)}/elections/${e.id}#box` });
    // The receipt is answered here, once: not in a redirect URL (it would land in logs and history).
    c.header('cache-control', 'no-store');
    return c.html(<ReceiptPage page={pageContext(c)} election={e} receipt={receipt} mailed={mailed} />);
  });

  return app;
}

