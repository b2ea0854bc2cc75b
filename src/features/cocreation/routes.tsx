import { Feed } from 'feed';
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { asc, inArray } from 'drizzle-orm';
import type { AppDeps } from '../../app.js';
import { COCREATION_PHASES, members } from '../../db/schema/index.js';
import { textIn } from '../../lib/localized.js';
import { fieldErrors, type FieldErrors } from '../../ui/forms.js';
import { Layout } from '../../ui/layout.js';
import { pageContext, parseId } from '../../ui/page.js';
import { requirePermission, requireUser } from '../accounts/middleware.js';
import { secretariatMembers, type SessionUser } from '../accounts/policy.js';
import { baseUrl, clientIp } from '../accounts/routes.js';
import { ReportBlocks } from '../reports/render-html.js';
import { renderDocx, renderPdf } from '../reports/render-lazy.js';
import { runChecklist } from './checklist.js';
import {
  addSession,
  approveDraftsIntoPlan,
  attachProposals,
  CocreationError,
  commentOnDraft,
  confirmComment,
  confirmProposal,
  createAnswerTemplate,
  createDraft,
  createProcess,
  createWorkingTable,
  conveneSessionMeeting,
  linkSessionMeeting,
  groupDuplicate,
  hideProposal,
  publishCalendar,
  publishResponses,
  setPhase,
  reviseDraft,
  submitProposal,
  voteForProposal,
  writeResponses,
  type Author,
  type CommentableField,
} from './commands.js';
import { fieldText, wordDiff } from './diff.js';
import { buildSystematisation, publishSystematisation, responsesCsv, responsesXlsx } from './export.js';
import { phaseOpen } from './phases.js';
import { can, canManageProcess } from './policy.js';
import { commitmentOrigin, draftDetail, getProcess, listProcesses, phasesOfProcess, processDetail, proposalDetail, templatesOf, workingTableDetail, workingTablesOf } from './queries.js';
import { approveForm, commentForm, conveneForm, draftFieldsOf, draftForm, emailAuthorForm, hideForm, idList, linkMeetingForm, loc, phaseForm, processForm, proposalForm, responseForm, sessionForm, tableForm, templateForm } from './schemas.js';
import { formStamp, looksHuman, sourceKey } from './spam.js';
import { confirmSubscription, notifySubscribers, subscribe, unsubscribe } from './subscriptions.js';
import {
  ChecklistPage,
  ConfirmPage,
  DiffPage,
  DraftFormPage,
  DraftPage,
  draftValues,
  ManagePage,
  OriginPage,
  ProcessFormPage,
  ProcessListPage,
  ProcessPage,
  ProposalFormPage,
  ProposalPage,
  WorkingTablePage,
} from './views.js';

type Values = Record<string, string>;

/** The form's text fields (repeated fields joined by commas), each cut to 25 000 characters for echoing back. */
async function readForm(c: Context): Promise<{ values: Values; all: Record<string, string | string[]> }> {
  const body = await c.req.parseBody({ all: true });
  const values: Values = {};
  const all: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(body)) {
    const list = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
    if (list.length === 0) continue;
    all[k] = list.length === 1 ? list[0]! : list;
    values[k] = list.join(',').slice(0, 25_000);
  }
  return { values, all };
}

export function cocreationRoutes(deps: AppDeps) {
  const app = new Hono();
  const today = () => deps.now().toISOString().slice(0, 10);
  const t = (c: Context) => c.get('t').cocreation;
  const errorText = (c: Context, e: CocreationError) => t(c).errors[e.code];

  async function loadProcess(c: Context, param = 'id') {
    const id = parseId(c.req.param(param));
    const p = id === null ? null : await getProcess(deps.db, id);
    if (!p) throw new HTTPException(404, { message: 'not_found' });
    const user = c.get('user') ?? null;
    if (!p.calendarPublishedAt && !canManageProcess(user, p.memberId)) throw new HTTPException(404, { message: 'not_found' });
    return p;
  }

  const manager = (c: Context, memberId: number): SessionUser => requirePermission(c, (u) => canManageProcess(u, memberId));
  const authorOf = (user: SessionUser | null, values: Values): Author | { errors: FieldErrors } => {
    if (user) return { kind: 'account', userId: user.id, name: user.name };
    const parsed = emailAuthorForm.safeParse(values);
    return parsed.success ? { kind: 'email', name: parsed.data.name, email: parsed.data.email } : { errors: fieldErrors(parsed.error, {}) };
  };
  const done = async () => {
    deps.cache.invalidate();
    await deps.flushMail();
  };

  // ——— processes ———
  app.get('/co-creation', async (c) => {
    const user = c.get('user') ?? null;
    const managed = secretariatMembers(user);
    const rows = await listProcesses(deps.db, managed);
    const ms = managed === 'all' ? await deps.db.select().from(members).orderBy(asc(members.id)) : managed.length ? await deps.db.select().from(members).where(inArray(members.id, managed)).orderBy(asc(members.id)) : [];
    return c.html(<ProcessListPage page={pageContext(c)} rows={rows} canCreate={ms.map((m) => ({ memberId: m.id, name: m.name }))} />);
  });

  async function managedMembers(c: Context) {
    const managed = secretariatMembers(requireUser(c));
    if (managed !== 'all' && managed.length === 0) throw new HTTPException(403, { message: 'forbidden' });
    return managed === 'all' ? deps.db.select().from(members).orderBy(asc(members.id)) : deps.db.select().from(members).where(inArray(members.id, managed)).orderBy(asc(members.id));
  }

  app.get('/co-creation/new', async (c) => {
    const ms = await managedMembers(c);
    return c.html(<ProcessFormPage page={pageContext(c)} members={ms} values={{ voteMode: 'none' }} />);
  });

  app.post('/co-creation/new', async (c) => {
    const ms = await managedMembers(c);
    const user = requireUser(c);
    const { values } = await readForm(c);
    const parsed = processForm.safeParse(values);
    const again = (errors: FieldErrors) => c.html(<ProcessFormPage page={pageContext(c)} members={ms} values={values} errors={errors} />, 422);
    if (!parsed.success) return again(fieldErrors(parsed.error, t(c).errors));
    const v = parsed.data as unknown as { memberId: number; planNumber: number; titleEs: string; titleEn: string; descriptionEs: string; descriptionEn: string; voteMode: 'none' | 'person' | 'organisation' };
    const ph = parsed.data as unknown as Record<string, string>;
    if (!ms.some((m) => m.id === v.memberId) || !canManageProcess(user, v.memberId)) return again({ memberId: t(c).errors.invalid });
    const { id } = await createProcess(
      deps.db,
      { userId: user.id },
      {
        memberId: v.memberId,
        planNumber: v.planNumber,
        title: loc(v.titleEs, v.titleEn),
        description: loc(v.descriptionEs, v.descriptionEn),
        voteMode: v.voteMode,
        phases: COCREATION_PHASES.map((kind) => ({ kind, startsOn: ph[`${kind}.startsOn`]!, endsOn: ph[`${kind}.endsOn`]!, whatIsOpen: loc(ph[`${kind}.openEs`] ?? '', ph[`${kind}.openEn`] ?? '') })),
      },
      deps.now(),
    );
    return c.redirect(`/co-creation/${id}/manage`, 303);
  });

  app.get('/co-creation/:id{[0-9]+}', async (c) => {
    const p = await loadProcess(c);
    const d = (await processDetail(deps.db, p.id))!;
    const user = c.get('user') ?? null;
    const q = c.req.query();
    const flash = q.sent === 'confirm' ? t(c).sentConfirm : q.sent === 'public' ? t(c).sentPublic : q.approved ? t(c).approved : q.subscribe === 'sent' ? t(c).subscribeSent : q.subscribed ? t(c).subscribed : null;
    return c.html(<ProcessPage page={pageContext(c)} d={d} today={today()} manager={canManageProcess(user, p.memberId)} callOpen={!!p.calendarPublishedAt && phaseOpen(d.phases, 'call_for_proposals', today())} flash={flash} stamp={formStamp(deps.now())} />);
  });

  app.post('/co-creation/:id{[0-9]+}/subscribe', async (c) => {
    const p = await loadProcess(c);
    const { values } = await readForm(c);
    const again = async (errors: FieldErrors) => {
      const d = (await processDetail(deps.db, p.id))!;
      return c.html(<ProcessPage page={pageContext(c)} d={d} today={today()} manager={canManageProcess(c.get('user') ?? null, p.memberId)} callOpen={!!p.calendarPublishedAt && phaseOpen(d.phases, 'call_for_proposals', today())} stamp={formStamp(deps.now())} errors={errors} />, 422);
    };
    if (!looksHuman(values, deps.now())) return again({ _form: t(c).errors.spam });
    const parsed = emailAuthorForm.shape.email.safeParse(values.email ?? '');
    if (!parsed.success) return again({ email: t(c).errors.email });
    const base = baseUrl(c, deps);
    try {
      await subscribe(deps.db, { processId: p.id, email: parsed.data, locale: c.get('locale'), sourceKey: sourceKey(clientIp(c, deps.trustProxy)) }, deps.now(), (token) => `${base}/co-creation/confirm/subscription/${token}`);
    } catch (e) {
      if (e instanceof CocreationError) return again({ _form: errorText(c, e) });
      throw e;
    }
    await deps.flushMail();
    return c.redirect(`/co-creation/${p.id}?subscribe=sent`, 303);
  });

  app.get('/co-creation/confirm/subscription/:token{[A-Za-z0-9_-]{20,100}}', (c) => c.html(<ConfirmPage page={pageContext(c)} action={c.req.path} button={t(c).subscribeButton} />));
  app.post('/co-creation/confirm/subscription/:token{[A-Za-z0-9_-]{20,100}}', async (c) => {
    try {
      const r = await confirmSubscription(deps.db, c.req.param('token'), deps.now());
      return c.redirect(`/co-creation/${r.processId}?subscribed=1`, 303);
    } catch (e) {
      if (e instanceof CocreationError) return c.html(<ConfirmPage page={pageContext(c)} action={c.req.path} message={t(c).confirmUnknown} />, 404);
      throw e;
    }
  });
  app.get('/co-creation/unsubscribe/:token{[A-Za-z0-9_-]{20,100}}', (c) => c.html(<ConfirmPage page={pageContext(c)} action={c.req.path} button={t(c).unsubscribeButton} />));
  app.post('/co-creation/unsubscribe/:token{[A-Za-z0-9_-]{20,100}}', async (c) => {
    try {
      await unsubscribe(deps.db, c.req.param('token'));
      return c.html(<ConfirmPage page={pageContext(c)} action={c.req.path} message={t(c).unsubscribed} />);
    } catch (e) {
      if (e instanceof CocreationError) return c.html(<ConfirmPage page={pageContext(c)} action={c.req.path} message={t(c).confirmUnknown} />, 404);
      throw e;
    }
  });

  async function managePage(c: Context, p: { id: number }, extra: { values?: Values; errors?: FieldErrors; flash?: string | null; answered?: number[] } = {}, status: 200 | 422 = 200) {
    const d = (await processDetail(deps.db, p.id))!;
    const templates = await templatesOf(deps.db, p.id);
    return c.html(<ManagePage page={pageContext(c)} d={d} templates={templates} values={extra.values ?? {}} errors={extra.errors} flash={extra.flash} answered={extra.answered} />, status);
  }

  app.get('/co-creation/:id{[0-9]+}/manage', async (c) => {
    const p = await loadProcess(c);
    manager(c, p.memberId);
    const flash = c.req.query('saved') ? t(c).saved : c.req.query('published') ? t(c).published(Number(c.req.query('published')) || 0) : null;
    return managePage(c, p, { flash });
  });

  app.post('/co-creation/:id{[0-9]+}/publish-calendar', async (c) => {
    const p = await loadProcess(c);
    const user = manager(c, p.memberId);
    try {
      await publishCalendar(deps.db, { userId: user.id }, p.id, deps.now());
    } catch (e) {
      if (e instanceof CocreationError) return managePage(c, p, { errors: { _form: errorText(c, e) } }, 422);
      throw e;
    }
    await done();
    return c.redirect(`/co-creation/${p.id}/manage?saved=1`, 303);
  });

  app.post('/co-creation/:id{[0-9]+}/phase', async (c) => {
    const p = await loadProcess(c);
    const user = manager(c, p.memberId);
    const { values } = await readForm(c);
    const parsed = phaseForm.safeParse(values);
    if (!parsed.success) return managePage(c, p, { errors: fieldErrors(parsed.error, t(c).errors) }, 422);
    const v = parsed.data;
    const before = (await phasesOfProcess(deps.db, p.id)).find((x) => x.kind === v.kind);
    await setPhase(deps.db, { userId: user.id }, p.id, { kind: v.kind, startsOn: v.startsOn, endsOn: v.endsOn, whatIsOpen: before?.whatIsOpen ?? {} });
    await done();
    return c.redirect(`/co-creation/${p.id}/manage?saved=1`, 303);
  });

  /** A response's input from the form (a template fills the state and reasons it leaves empty). */
  async function responseInput(c: Context, processId: number, values: Values) {
    const parsed = responseForm.safeParse(values);
    if (!parsed.success) return { errors: fieldErrors(parsed.error, t(c).errors) };
    const v = parsed.data;
    let state = v.state || null;
    let reason = loc(v.reasonEs, v.reasonEn);
    if (v.templateId) {
      const tpl = (await templatesOf(deps.db, processId)).find((x) => x.id === v.templateId);
      if (!tpl) return { errors: { templateId: t(c).errors.invalid } };
      state = state ?? tpl.state;
      if (!v.reasonEs && !v.reasonEn) reason = tpl.reason;
    }
    if (!state) return { errors: { state: t(c).errors.required } };
    if (!reason.es && !reason.en) return { errors: { reasonEs: t(c).errors.required } };
    if (state === 'incorporated' && v.draftId === null) return { errors: { draftId: t(c).errors.required } };
    if (state === 'merged' && v.mergedWithId === null) return { errors: { mergedWithId: t(c).errors.required } };
    return { input: { state, reason, draftId: v.draftId, mergedWithId: v.mergedWithId } };
  }

  app.post('/co-creation/:id{[0-9]+}/respond', async (c) => {
    const p = await loadProcess(c);
    const user = manager(c, p.memberId);
    const { values, all } = await readForm(c);
    const ids = idList.safeParse(values.proposalIds ?? '');
    if (!ids.success || ids.data.length === 0) return managePage(c, p, { values, errors: { proposalIds: t(c).errors.ids } }, 422);
    void all;
    const r = await responseInput(c, p.id, values);
    if ('errors' in r) return managePage(c, p, { values, errors: r.errors! }, 422);
    try {
      const out = await writeResponses(deps.db, { userId: user.id }, p.id, ids.data, r.input, deps.now());
      deps.cache.invalidate();
      return managePage(c, p, { flash: t(c).saved, answered: out.answered });
    } catch (e) {
      if (e instanceof CocreationError) return managePage(c, p, { values, errors: { _form: errorText(c, e) } }, 422);
      throw e;
    }
  });

  app.post('/co-creation/:id{[0-9]+}/publish-responses', async (c) => {
    const p = await loadProcess(c);
    const user = manager(c, p.memberId);
    const base = baseUrl(c, deps);
    const out = await publishResponses(deps.db, { userId: user.id }, p.id, deps.now(), (id) => `${base}/proposals/${id}`);
    if (out.published.length) await notifySubscribers(deps.db, p.id, 'responses', `/co-creation/${p.id}`, base, deps.now());
    await done();
    return c.redirect(`/co-creation/${p.id}/manage?published=${out.published.length}`, 303);
  });

  app.post('/co-creation/:id{[0-9]+}/templates', async (c) => {
    const p = await loadProcess(c);
    const user = manager(c, p.memberId);
    const { values } = await readForm(c);
    const parsed = templateForm.safeParse(values);
    if (!parsed.success) return managePage(c, p, { errors: fieldErrors(parsed.error, t(c).errors) }, 422);
    await createAnswerTemplate(deps.db, { userId: user.id }, p.id, { name: parsed.data.name, state: parsed.data.state, reason: loc(parsed.data.reasonEs, parsed.data.reasonEn) });
    return c.redirect(`/co-creation/${p.id}/manage?saved=1`, 303);
  });

  app.post('/co-creation/:id{[0-9]+}/working-tables', async (c) => {
    const p = await loadProcess(c);
    const user = manager(c, p.memberId);
    const { values } = await readForm(c);
    const parsed = tableForm.safeParse(values);
    if (!parsed.success) return managePage(c, p, { errors: fieldErrors(parsed.error, t(c).errors) }, 422);
    const v = parsed.data;
    try {
      const { id } = await createWorkingTable(deps.db, { userId: user.id }, { processId: p.id, name: loc(v.nameEs, v.nameEn), theme: loc(v.themeEs, v.themeEn), startsOn: null, endsOn: null, proposalIds: v.proposalIds }, deps.now());
      await done();
      return c.redirect(`/working-tables/${id}`, 303);
    } catch (e) {
      if (e instanceof CocreationError) return managePage(c, p, { errors: { proposalIds: errorText(c, e) } }, 422);
      throw e;
    }
  });

  app.post('/co-creation/:id{[0-9]+}/approve', async (c) => {
    const p = await loadProcess(c);
    const user = manager(c, p.memberId);
    const { values, all } = await readForm(c);
    const parsed = approveForm.safeParse(values);
    if (!parsed.success) return managePage(c, p, { values, errors: fieldErrors(parsed.error, t(c).errors) }, 422);
    const ids = idList.safeParse(values.draftIds ?? '');
    void all;
    if (!ids.success) return managePage(c, p, { values, errors: { _form: t(c).errors.no_drafts } }, 422);
    try {
      await approveDraftsIntoPlan(deps.db, { userId: user.id }, { processId: p.id, draftIds: ids.data, title: loc(parsed.data.planTitleEs, parsed.data.planTitleEn), startMonth: parsed.data.startMonth as `${number}-${string}`, endMonth: parsed.data.endMonth as `${number}-${string}` }, deps.now());
    } catch (e) {
      if (e instanceof CocreationError) return managePage(c, p, { values, errors: { _form: errorText(c, e) } }, 422);
      throw e;
    }
    await notifySubscribers(deps.db, p.id, 'approved', `/co-creation/${p.id}`, baseUrl(c, deps), deps.now());
    await done();
    return c.redirect(`/co-creation/${p.id}?approved=1`, 303);
  });

  // ——— proposals ———
  app.get('/co-creation/:id{[0-9]+}/proposals/new', async (c) => {
    const p = await loadProcess(c);
    return c.html(<ProposalFormPage page={pageContext(c)} processId={p.id} processTitle={p.title} signedIn={!!c.get('user')} stamp={formStamp(deps.now())} values={{}} />);
  });

  app.post('/co-creation/:id{[0-9]+}/proposals/new', async (c) => {
    const p = await loadProcess(c);
    const user = c.get('user') ?? null;
    const { values } = await readForm(c);
    const again = (errors: FieldErrors) =>
      c.html(<ProposalFormPage page={pageContext(c)} processId={p.id} processTitle={p.title} signedIn={!!user} stamp={formStamp(deps.now())} values={values} errors={errors} />, 422);
    if (!looksHuman(values, deps.now())) return again({ _form: t(c).errors.spam });
    const parsed = proposalForm.safeParse(values);
    const author = authorOf(user, values);
    const errors = { ...(parsed.success ? {} : fieldErrors(parsed.error, t(c).errors)), ...('errors' in author ? Object.fromEntries(Object.entries(author.errors).map(([k, v]) => [k, t(c).errors[v as keyof ReturnType<typeof t>['errors']] ?? t(c).errors.invalid])) : {}) };
    if (!parsed.success || 'errors' in author) return again(errors);
    const base = baseUrl(c, deps);
    try {
      const r = await submitProposal(
        deps.db,
        { processId: p.id, ...parsed.data, organisation: parsed.data.organisation || null, locale: c.get('locale'), author, sourceKey: sourceKey(clientIp(c, deps.trustProxy)) },
        deps.now(),
        (token) => `${base}/co-creation/confirm/proposal/${token}`,
      );
      await done();
      return c.redirect(r.needsConfirmation ? `/co-creation/${p.id}?sent=confirm` : `/proposals/${r.id}?sent=1`, 303);
    } catch (e) {
      if (e instanceof CocreationError) return again({ _form: errorText(c, e) });
      throw e;
    }
  });

  for (const kind of ['proposal', 'comment'] as const) {
    app.get(`/co-creation/confirm/${kind}/:token{[A-Za-z0-9_-]{20,100}}`, (c) => c.html(<ConfirmPage page={pageContext(c)} action={c.req.path} />));
    app.post(`/co-creation/confirm/${kind}/:token{[A-Za-z0-9_-]{20,100}}`, async (c) => {
      try {
        const r = kind === 'proposal' ? await confirmProposal(deps.db, c.req.param('token'), deps.now()) : await confirmComment(deps.db, c.req.param('token'), deps.now());
        await done();
        return c.redirect(kind === 'proposal' ? `/proposals/${r.id}?sent=1` : `/drafts/${(r as { draftId: number }).draftId}?sent=1`, 303);
      } catch (e) {
        if (e instanceof CocreationError) return c.html(<ConfirmPage page={pageContext(c)} action={c.req.path} message={t(c).confirmUnknown} />, 404);
        throw e;
      }
    });
  }

  async function loadProposal(c: Context) {
    const id = parseId(c.req.param('id'));
    const d = id === null ? null : await proposalDetail(deps.db, id);
    if (!d) throw new HTTPException(404, { message: 'not_found' });
    if (!d.process.calendarPublishedAt && !canManageProcess(c.get('user') ?? null, d.process.memberId)) throw new HTTPException(404, { message: 'not_found' });
    return d;
  }

  async function proposalPage(c: Context, d: Awaited<ReturnType<typeof loadProposal>>, extra: { flash?: string | null; values?: Values; errors?: FieldErrors } = {}, status: 200 | 422 = 200) {
    const user = c.get('user') ?? null;
    const isManager = canManageProcess(user, d.process.memberId);
    const phases = await phasesOfProcess(deps.db, d.process.id);
    const canVote = can(user, 'proposal.vote', d.process.memberId) && d.process.voteMode !== 'none' && phaseOpen(phases, 'call_for_proposals', today()) && !d.proposal.hiddenAt;
    const mgr = isManager ? { templates: await templatesOf(deps.db, d.process.id), drafts: (await processDetail(deps.db, d.process.id))!.drafts } : null;
    return c.html(<ProposalPage page={pageContext(c)} d={d} manager={mgr} canVote={canVote} {...extra} />, status);
  }

  app.get('/proposals/:id', async (c) => {
    const d = await loadProposal(c);
    const q = c.req.query();
    const flash = q.sent ? t(c).sentPublic : q.voted === '1' ? t(c).voted : q.voted === '0' ? t(c).alreadyVoted : q.saved ? t(c).saved : null;
    return proposalPage(c, d, { flash });
  });

  app.post('/proposals/:id/vote', async (c) => {
    const d = await loadProposal(c);
    const user = requirePermission(c, (u) => can(u, 'proposal.vote', d.process.memberId));
    const { values } = await readForm(c);
    try {
      const r = await voteForProposal(deps.db, { userId: user.id, organisation: (values.organisation ?? '').slice(0, 200) || null }, d.proposal.id, deps.now());
      deps.cache.invalidate();
      return c.redirect(`/proposals/${d.proposal.id}?voted=${r.counted ? 1 : 0}`, 303);
    } catch (e) {
      if (e instanceof CocreationError) return proposalPage(c, d, { errors: { _form: errorText(c, e) } }, 422);
      throw e;
    }
  });

  app.post('/proposals/:id/respond', async (c) => {
    const d = await loadProposal(c);
    const user = manager(c, d.process.memberId);
    const { values } = await readForm(c);
    const r = await responseInput(c, d.process.id, values);
    if ('errors' in r) return proposalPage(c, d, { values, errors: r.errors! }, 422);
    try {
      await writeResponses(deps.db, { userId: user.id }, d.process.id, [d.proposal.id], r.input, deps.now());
    } catch (e) {
      if (e instanceof CocreationError) return proposalPage(c, d, { values, errors: { _form: errorText(c, e) } }, 422);
      throw e;
    }
    return c.redirect(`/proposals/${d.proposal.id}?saved=1`, 303);
  });

  app.post('/proposals/:id/hide', async (c) => {
    const d = await loadProposal(c);
    const user = manager(c, d.process.memberId);
    const { values } = await readForm(c);
    const parsed = hideForm.safeParse(values);
    if (!parsed.success) return proposalPage(c, d, { errors: fieldErrors(parsed.error, t(c).errors) }, 422);
    try {
      await hideProposal(deps.db, { userId: user.id }, d.proposal.id, loc(parsed.data.reasonEs, parsed.data.reasonEn), deps.now());
    } catch (e) {
      if (e instanceof CocreationError) return proposalPage(c, d, { errors: { _form: errorText(c, e) } }, 422);
      throw e;
    }
    await done();
    return c.redirect(`/proposals/${d.proposal.id}?saved=1`, 303);
  });

  app.post('/proposals/:id/group', async (c) => {
    const d = await loadProposal(c);
    const user = manager(c, d.process.memberId);
    const { values } = await readForm(c);
    const of = parseId((values.ofId ?? '').trim());
    if (of === null) return proposalPage(c, d, { errors: { ofId: t(c).errors.invalid } }, 422);
    try {
      await groupDuplicate(deps.db, { userId: user.id }, d.proposal.id, of);
    } catch (e) {
      if (e instanceof CocreationError) return proposalPage(c, d, { errors: { ofId: errorText(c, e) } }, 422);
      throw e;
    }
    await done();
    return c.redirect(`/proposals/${d.proposal.id}?saved=1`, 303);
  });

  // ——— working tables and drafts ———
  async function loadTable(c: Context) {
    const id = parseId(c.req.param('id'));
    const d = id === null ? null : await workingTableDetail(deps.db, id);
    if (!d || (!d.process.calendarPublishedAt && !canManageProcess(c.get('user') ?? null, d.process.memberId))) throw new HTTPException(404, { message: 'not_found' });
    return d;
  }
  const tablePage = (c: Context, d: Awaited<ReturnType<typeof loadTable>>, extra: { errors?: FieldErrors; flash?: string | null; values?: Values } = {}, status: 200 | 422 = 200) =>
    c.html(<WorkingTablePage page={pageContext(c)} d={d} manager={canManageProcess(c.get('user') ?? null, d.process.memberId)} {...extra} />, status);

  app.get('/working-tables/:id', async (c) => {
    const d = await loadTable(c);
    return tablePage(c, d, { flash: c.req.query('saved') ? t(c).saved : null });
  });

  app.post('/working-tables/:id/proposals', async (c) => {
    const d = await loadTable(c);
    const user = manager(c, d.process.memberId);
    const { values } = await readForm(c);
    const ids = idList.safeParse(values.proposalIds ?? '');
    if (!ids.success || ids.data.length === 0) return tablePage(c, d, { values, errors: { proposalIds: t(c).errors.ids } }, 422);
    try {
      await attachProposals(deps.db, { userId: user.id }, d.table.id, ids.data);
    } catch (e) {
      if (e instanceof CocreationError) return tablePage(c, d, { values, errors: { proposalIds: errorText(c, e) } }, 422);
      throw e;
    }
    await done();
    return c.redirect(`/working-tables/${d.table.id}?saved=1`, 303);
  });

  app.post('/working-tables/:id/sessions', async (c) => {
    const d = await loadTable(c);
    const user = manager(c, d.process.memberId);
    const { values } = await readForm(c);
    const parsed = sessionForm.safeParse(values);
    if (!parsed.success) return tablePage(c, d, { values, errors: fieldErrors(parsed.error, t(c).errors) }, 422);
    await addSession(deps.db, { userId: user.id }, d.table.id, { heldOn: parsed.data.heldOn, summary: loc(parsed.data.summaryEs, parsed.data.summaryEn) }, deps.now());
    await done();
    return c.redirect(`/working-tables/${d.table.id}?saved=1`, 303);
  });

  // Sessions as meetings (decision 084): the secretariat convenes one, or links an existing working-table meeting.
  app.post('/working-tables/:id/convene', async (c) => {
    const d = await loadTable(c);
    const user = manager(c, d.process.memberId);
    const { values } = await readForm(c);
    const parsed = conveneForm.safeParse(values);
    if (!parsed.success) return tablePage(c, d, { values, errors: fieldErrors(parsed.error, t(c).errors) }, 422);
    const v = parsed.data;
    const { meetingId } = await conveneSessionMeeting(deps.db, { userId: user.id }, d.table.id, { startsAt: v.startsAt, endsAt: v.endsAt, place: v.place, link: v.link, pageUrl: (m) => `${baseUrl(c, deps)}/meetings/${m}` }, deps.now());
    await done();
    return c.redirect(`/meetings/${meetingId}`, 303);
  });

  app.post('/working-tables/:id/link-meeting', async (c) => {
    const d = await loadTable(c);
    const user = manager(c, d.process.memberId);
    const { values } = await readForm(c);
    const parsed = linkMeetingForm.safeParse(values);
    const fail = (msg: string) => tablePage(c, d, { values, errors: { meetingId: msg } }, 422);
    if (!parsed.success || !d.sessions.some((s) => s.id === parsed.data.sessionId)) return fail(t(c).errors.meeting_unavailable);
    try {
      await linkSessionMeeting(deps.db, { userId: user.id }, parsed.data.sessionId, parsed.data.meetingId);
    } catch (e) {
      if (e instanceof CocreationError) return fail(errorText(c, e));
      throw e;
    }
    await done();
    return c.redirect(`/working-tables/${d.table.id}?saved=1`, 303);
  });

  app.get('/co-creation/:id{[0-9]+}/drafts/new', async (c) => {
    const p = await loadProcess(c);
    manager(c, p.memberId);
    const tables = await workingTablesOf(deps.db, p.id);
    return c.html(<DraftFormPage page={pageContext(c)} action={c.req.path} heading={t(c).newDraft} processId={p.id} tables={tables} comments={[]} values={{}} />);
  });

  app.post('/co-creation/:id{[0-9]+}/drafts/new', async (c) => {
    const p = await loadProcess(c);
    const user = manager(c, p.memberId);
    const tables = await workingTablesOf(deps.db, p.id);
    const { values, all } = await readForm(c);
    const parsed = draftForm.safeParse(all);
    const again = (errors: FieldErrors) => c.html(<DraftFormPage page={pageContext(c)} action={c.req.path} heading={t(c).newDraft} processId={p.id} tables={tables} comments={[]} values={values} errors={errors} />, 422);
    if (!parsed.success) return again(fieldErrors(parsed.error, t(c).errors));
    try {
      const { id } = await createDraft(deps.db, { userId: user.id }, { processId: p.id, workingTableId: parsed.data.workingTableId, fields: draftFieldsOf(parsed.data), changeNote: loc(parsed.data.changeNoteEs, parsed.data.changeNoteEn) }, deps.now());
      await done();
      return c.redirect(`/drafts/${id}`, 303);
    } catch (e) {
      if (e instanceof CocreationError) return again({ workingTableId: errorText(c, e) });
      throw e;
    }
  });

  async function loadDraft(c: Context) {
    const id = parseId(c.req.param('id'));
    const d = id === null ? null : await draftDetail(deps.db, id);
    if (!d || (!d.process.calendarPublishedAt && !canManageProcess(c.get('user') ?? null, d.process.memberId))) throw new HTTPException(404, { message: 'not_found' });
    return d;
  }

  async function draftPage(c: Context, d: Awaited<ReturnType<typeof loadDraft>>, extra: { values?: Values; errors?: FieldErrors; flash?: string | null } = {}, status: 200 | 422 = 200) {
    const user = c.get('user') ?? null;
    const phases = await phasesOfProcess(deps.db, d.process.id);
    return c.html(
      <DraftPage
        page={pageContext(c)}
        d={d}
        consultationOpen={!!d.process.calendarPublishedAt && phaseOpen(phases, 'consultation', today()) && !d.commitment}
        signedIn={!!user}
        manager={canManageProcess(user, d.process.memberId)}
        stamp={formStamp(deps.now())}
        {...extra}
      />,
      status,
    );
  }

  app.get('/drafts/:id', async (c) => {
    const d = await loadDraft(c);
    const q = c.req.query();
    return draftPage(c, d, { flash: q.sent ? t(c).commentSent : q.commented === 'confirm' ? t(c).commentNeedsConfirm : q.commented ? t(c).commentSent : q.saved ? t(c).saved : null });
  });

  app.post('/drafts/:id/comments', async (c) => {
    const d = await loadDraft(c);
    const user = c.get('user') ?? null;
    const { values } = await readForm(c);
    if (!looksHuman(values, deps.now())) return draftPage(c, d, { values, errors: { _form: t(c).errors.spam } }, 422);
    const parsed = commentForm.safeParse(values);
    const author = authorOf(user, values);
    if (!parsed.success || 'errors' in author) {
      const errors = { ...(parsed.success ? {} : fieldErrors(parsed.error, t(c).errors)), ...('errors' in author ? Object.fromEntries(Object.keys(author.errors).map((k) => [k, k === 'email' ? t(c).errors.email : t(c).errors.required])) : {}) };
      return draftPage(c, d, { values, errors }, 422);
    }
    const base = baseUrl(c, deps);
    try {
      const r = await commentOnDraft(
        deps.db,
        { draftId: d.draft.id, field: parsed.data.field as CommentableField, body: parsed.data.body, author, locale: c.get('locale'), sourceKey: sourceKey(clientIp(c, deps.trustProxy)) },
        deps.now(),
        (token) => `${base}/co-creation/confirm/comment/${token}`,
      );
      await done();
      return c.redirect(`/drafts/${d.draft.id}?commented=${r.needsConfirmation ? 'confirm' : '1'}`, 303);
    } catch (e) {
      if (e instanceof CocreationError) return draftPage(c, d, { values, errors: { _form: errorText(c, e) } }, 422);
      throw e;
    }
  });

  const reviseComments = (d: Awaited<ReturnType<typeof loadDraft>>) => d.comments.map((x) => ({ id: x.id, field: x.field, body: x.body, authorName: x.authorName }));

  app.get('/drafts/:id/revise', async (c) => {
    const d = await loadDraft(c);
    manager(c, d.process.memberId);
    const latest = d.versions[d.versions.length - 1]!;
    return c.html(<DraftFormPage page={pageContext(c)} action={c.req.path} heading={t(c).reviseTitle(d.draft.id)} processId={d.process.id} tables={null} comments={reviseComments(d)} values={{ ...draftValues(latest.fields, latest.number), changeNoteEs: '', changeNoteEn: '' }} />);
  });

  app.post('/drafts/:id/revise', async (c) => {
    const d = await loadDraft(c);
    const user = manager(c, d.process.memberId);
    const { values, all } = await readForm(c);
    const parsed = draftForm.safeParse(all);
    const again = (errors: FieldErrors) => c.html(<DraftFormPage page={pageContext(c)} action={c.req.path} heading={t(c).reviseTitle(d.draft.id)} processId={d.process.id} tables={null} comments={reviseComments(d)} values={values} errors={errors} />, 422);
    if (!parsed.success) return again(fieldErrors(parsed.error, t(c).errors));
    const base = baseUrl(c, deps);
    try {
      await reviseDraft(
        deps.db,
        { userId: user.id },
        { draftId: d.draft.id, expectedVersion: parsed.data.expectedVersion ?? d.draft.currentVersion, fields: draftFieldsOf(parsed.data), changeNote: loc(parsed.data.changeNoteEs, parsed.data.changeNoteEn), commentIds: parsed.data.commentIds },
        deps.now(),
        (id) => `${base}/drafts/${id}`,
      );
    } catch (e) {
      if (e instanceof CocreationError) return again({ _form: errorText(c, e) });
      throw e;
    }
    await notifySubscribers(deps.db, d.process.id, 'draft_version', `/drafts/${d.draft.id}`, base, deps.now());
    await done();
    return c.redirect(`/drafts/${d.draft.id}?saved=1`, 303);
  });

  app.get('/drafts/:id/diff', async (c) => {
    const d = await loadDraft(c);
    const a = parseId(c.req.query('from'));
    const b = parseId(c.req.query('to'));
    const va = d.versions.find((v) => v.number === a);
    const vb = d.versions.find((v) => v.number === b);
    if (!va || !vb) return c.html(<Layout page={pageContext(c)} title={t(c).diff}><h1>{t(c).diff}</h1><p role="alert">{t(c).errors.not_found}</p></Layout>, 400);
    const locale = c.get('locale');
    const fields = (['title', 'problem', 'objective', 'description', 'howItSolves', 'relevance', 'ambition', 'leadInstitution', 'dates', 'milestones'] as const).map((f) => ({
      field: f,
      label: t(c).fields[f],
      parts: wordDiff(fieldText(va.fields, f, locale), fieldText(vb.fields, f, locale)),
    }));
    return c.html(<DiffPage page={pageContext(c)} draftId={d.draft.id} a={va.number} b={vb.number} fields={fields} />);
  });

  app.get('/commitments/:id/co-creation', async (c) => {
    const id = parseId(c.req.param('id'));
    if (id === null) return c.notFound();
    return c.html(<OriginPage page={pageContext(c)} commitmentId={id} d={await commitmentOrigin(deps.db, id)} />);
  });

  // ——— exports, systematisation, checklist, feed ———
  app.get('/co-creation/:id{[0-9]+}/responses.csv', async (c) => {
    const p = await loadProcess(c);
    return c.body(new Uint8Array(await responsesCsv(deps.db, p.id)), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="respuestas-${p.id}.csv"` });
  });
  app.get('/co-creation/:id{[0-9]+}/responses.xlsx', async (c) => {
    const p = await loadProcess(c);
    return c.body(new Uint8Array(await responsesXlsx(deps.db, p.id)), 200, { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'content-disposition': `attachment; filename="respuestas-${p.id}.xlsx"` });
  });

  for (const format of ['html', 'pdf', 'docx'] as const) app.get(`/co-creation/:id{[0-9]+}/systematisation.${format}`, async (c) => {
    const p = await loadProcess(c);
    const doc = (await buildSystematisation(deps.db, p.id, c.get('locale'), deps.now()))!;
    if (format === 'pdf') return c.body(new Uint8Array(await renderPdf(doc)), 200, { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="${doc.fileStem}.pdf"` });
    if (format === 'docx') return c.body(new Uint8Array(await renderDocx(doc)), 200, { 'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'content-disposition': `attachment; filename="${doc.fileStem}.docx"` });
    return c.html(
      <Layout page={pageContext(c)} title={doc.title} crumbs={[{ label: t(c).nav, href: '/co-creation' }, { label: textIn(p.title, c.get('locale')), href: `/co-creation/${p.id}` }, { label: t(c).systematisation }]}>
        <h1>{doc.title}</h1>
        <p class="lead">{doc.subtitle}</p>
        <ul class="muted">
          {doc.meta.map((m) => (
            <li>{m}</li>
          ))}
        </ul>
        <ReportBlocks blocks={doc.blocks} />
      </Layout>,
    );
  });

  app.post('/co-creation/:id{[0-9]+}/systematisation', async (c) => {
    const p = await loadProcess(c);
    const user = manager(c, p.memberId);
    await publishSystematisation(deps.db, { userId: user.id }, p.id, deps.now());
    await done();
    return c.redirect(`/repository`, 303);
  });

  app.get('/co-creation/:id{[0-9]+}/checklist', async (c) => {
    const p = await loadProcess(c);
    return c.html(<ChecklistPage page={pageContext(c)} processId={p.id} title={p.title} results={await runChecklist(deps.db, p, deps.now())} />);
  });

  app.get('/feeds/co-creation/:id{[0-9]+}', async (c) => {
    const p = await loadProcess(c);
    const d = (await processDetail(deps.db, p.id))!;
    const base = baseUrl(c, deps);
    const locale = c.get('locale');
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const entries = [
      ...(p.calendarPublishedAt ? [{ id: `/co-creation/${p.id}#calendar`, title: t(c).calendarPublished(p.calendarPublishedAt.toISOString().slice(0, 10)), link: `/co-creation/${p.id}`, date: p.calendarPublishedAt }] : []),
      ...d.proposals.filter((x) => !x.hiddenAt).map((x) => ({ id: `/proposals/${x.id}`, title: `${t(c).proposals}: ${x.title}`, link: `/proposals/${x.id}`, date: x.confirmedAt ?? x.createdAt })),
      ...d.proposals.filter((x) => x.responsePublishedAt).map((x) => ({ id: `/proposals/${x.id}#response`, title: `${t(c).response}: ${x.title}`, link: `/proposals/${x.id}`, date: x.responsePublishedAt! })),
      ...d.drafts.map((x) => ({ id: `/drafts/${x.id}#v${x.currentVersion}`, title: `${t(c).draft(x.id)} · ${t(c).version(x.currentVersion)}: ${textIn(x.latest.fields.title, locale)}`, link: `/drafts/${x.id}`, date: x.latest.createdAt })),
    ].sort((a, b) => b.date.getTime() - a.date.getTime() || a.id.localeCompare(b.id));
    const feed = new Feed({
      title: esc(textIn(p.title, locale)),
      id: `${base}/feeds/co-creation/${p.id}`,
      link: `${base}/co-creation/${p.id}`,
      language: locale,
      copyright: 'CC-BY-4.0',
      updated: entries[0]?.date ?? p.createdAt,
      feedLinks: { atom: `${base}/feeds/co-creation/${p.id}` },
    });
    for (const e of entries) feed.addItem({ id: `${base}${e.id}`, title: esc(e.title), link: `${base}${e.link}`, date: e.date });
    return c.body(feed.atom1(), 200, { 'content-type': 'application/atom+xml; charset=utf-8' });
  });

  return app;
}
