import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z, type ZodType } from 'zod';
import type { AppDeps } from '../../app.js';
import { parseIdText } from '../../lib/fields.js';
import { fieldErrors, type FieldErrors } from '../../ui/forms.js';
import { pageContext, parseId } from '../../ui/page.js';
import { requirePermission } from '../accounts/middleware.js';
import { secretariatMembers, type SessionUser } from '../accounts/policy.js';
import { canAuthor, canCreateMember, isSecretariatSomewhere } from '../monitoring/policy.js';
import {
  AuthoringError,
  ConflictError,
  createCommitment,
  createContact,
  createInstitution,
  createMember,
  createMilestone,
  createPlan,
  moveMilestone,
  removeMilestone,
  updateCommitment,
  updateContact,
  updateInstitution,
  updateMember,
  updateMilestone,
  updatePlan,
} from './commands.js';
import { commitmentForEdit, contactById, contactsOf, institutionById, institutionsOfMember, lastChange, memberById, membersIn, milestoneById, milestonesOf, planById, policyAreaOptions } from './queries.js';
import { commitmentForm, commitmentValuesOf, contactForm, institutionForm, localizedFields, memberForm, milestoneForm, moveForm, planForm, removeForm, versionField } from './schemas.js';
import { CommitmentFormPage, ContactFormPage, InstitutionFormPage, MemberFormPage, MilestoneFormPage, MilestonesPage, PlanFormPage, shown, type ConflictInfo } from './views.js';

type Values = Record<string, string | string[]>;
type Status = 200 | 409 | 422;

/** The form's fields (files dropped), long values cut so a hostile input is not echoed whole. */
async function formValues(c: Context): Promise<Values> {
  const body = (await c.req.parseBody({ all: true })) as Record<string, unknown>;
  const out: Values = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === '_csrf') continue;
    if (typeof v === 'string') out[k] = v.slice(0, 25_000);
    else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string').slice(0, 200).map((x) => x.slice(0, 25_000));
  }
  return out;
}

const actorOf = (user: SessionUser) => `user:${user.id}`;

function id(c: Context, name: string): number {
  const n = parseId(c.req.param(name));
  if (n === null) throw new HTTPException(404, { message: 'not_found' });
  return n;
}

function found<T>(row: T | null | undefined): T {
  if (!row) throw new HTTPException(404, { message: 'not_found' });
  return row;
}

export function authoringRoutes(deps: AppDeps) {
  const app = new Hono();

  /** The other person's change, for the 409 page. */
  async function conflictInfo(c: Context, entityType: string, entityId: number): Promise<ConflictInfo | null> {
    const last = await lastChange(deps.db, entityType, entityId);
    if (!last) return null;
    const t = c.get('t').authoring;
    const locale = c.get('locale');
    const fields = t.commitment.fields as Record<string, string>;
    return {
      by: last.by,
      at: last.at,
      changes: Object.entries(last.details.after ?? {})
        .filter(([k]) => !['nameKey', 'position', 'id', 'planId', 'memberId', 'commitmentId', 'version', 'createdAt', 'updatedAt', 'sourceImportId'].includes(k))
        .slice(0, 40)
        .map(([k, v]) => ({ field: fields[k] ?? k, value: shown(v, locale, t.changes.empty_value) })),
    };
  }

  /**
   * The POST half of every form: parse → (version) → command → redirect; invalid → the form again
   * with 422; the record changed meanwhile → the form again with 409, the other person's change on
   * top and the current version in the hidden field.
   */
  async function submit<D>(
    c: Context,
    opts: {
      schema: ZodType<D>;
      versioned: boolean;
      entity?: { type: string; id: number };
      render: (values: Values, errors: FieldErrors, status: Status, conflict?: ConflictInfo | null) => Response | Promise<Response>;
      run: (data: D, version: number, values: Values) => Promise<unknown>;
      done: (result: unknown) => string;
    },
  ) {
    const t = c.get('t').authoring.errors as unknown as Record<string, string>;
    const values = await formValues(c);
    const parsed = opts.schema.safeParse(values);
    const errors: FieldErrors = parsed.success ? {} : fieldErrors(parsed.error, t);
    let version = 0;
    if (opts.versioned) {
      const v = versionField.safeParse(values.version);
      if (!v.success) errors._form = t.version!;
      else version = v.data;
    }
    if (!parsed.success || Object.keys(errors).length > 0) return opts.render(values, errors, 422);
    try {
      const result = await opts.run(parsed.data, version, values);
      deps.cache.invalidate();
      return c.redirect(opts.done(result), 303);
    } catch (error) {
      if (error instanceof ConflictError && opts.entity) {
        const current = error.current as { version: number };
        return opts.render({ ...values, version: String(current.version) }, {}, 409, await conflictInfo(c, opts.entity.type, opts.entity.id));
      }
      if (error instanceof AuthoringError) {
        if (error.code === 'not_found') throw new HTTPException(404, { message: 'not_found' });
        const message = error.code === 'duplicate' ? t.duplicate! : (t[error.field] ?? t.invalid!);
        return opts.render(values, { [error.field]: message }, 422);
      }
      throw error;
    }
  }

  const now = () => deps.now();

  // ——— members ———
  app.get('/members/new', (c) => {
    requirePermission(c, canCreateMember);
    return c.html(<MemberFormPage page={pageContext(c)} action="/members/new" values={{ kind: 'national' }} />);
  });
  app.post('/members/new', (c) => {
    const user = requirePermission(c, canCreateMember);
    return submit(c, {
      schema: memberForm,
      versioned: false,
      render: (values, errors, status) => c.html(<MemberFormPage page={pageContext(c)} action="/members/new" values={values} errors={errors} />, status),
      run: (data) => createMember(deps.db, data, actorOf(user), now()),
      done: () => '/work?done=created',
    });
  });
  app.get('/members/:id/edit', async (c) => {
    const m = found(await memberById(deps.db, id(c, 'id')));
    requirePermission(c, (u) => canAuthor(u, { memberId: m.id }));
    const values = { code: m.code, ...localizedFields('name', m.name), ...localizedFields('secretariat', m.secretariatInstitution), kind: m.kind, countryCode: m.countryCode ?? '' };
    return c.html(<MemberFormPage page={pageContext(c)} action={`/members/${m.id}/edit`} editing={{ name: m.name, version: String(m.version) }} values={values} />);
  });
  app.post('/members/:id/edit', async (c) => {
    const m = found(await memberById(deps.db, id(c, 'id')));
    const user = requirePermission(c, (u) => canAuthor(u, { memberId: m.id }));
    return submit(c, {
      // The code is fixed: the edit form does not send it.
      schema: z.preprocess((v) => ({ ...(v as object), code: m.code }), memberForm),
      versioned: true,
      entity: { type: 'member', id: m.id },
      render: (values, errors, status, conflict) =>
        c.html(<MemberFormPage page={pageContext(c)} action={`/members/${m.id}/edit`} editing={{ name: m.name, version: String(values.version ?? m.version) }} values={{ ...values, code: m.code }} errors={errors} conflict={conflict} />, status),
      run: (data, version) => updateMember(deps.db, m.id, version, { name: data.name, secretariatInstitution: data.secretariatInstitution, kind: data.kind, countryCode: data.countryCode }, actorOf(user), now()),
      done: () => '/work?done=saved',
    });
  });

  // ——— plans ———
  const myMembers = async (user: SessionUser) => membersIn(deps.db, secretariatMembers(user));

  app.get('/plans/new', async (c) => {
    const user = requirePermission(c, isSecretariatSomewhere);
    const members = await myMembers(user);
    const memberId = c.req.query('member') ?? (members[0] ? String(members[0].id) : '');
    return c.html(<PlanFormPage page={pageContext(c)} action="/plans/new" members={members} values={{ memberId, phase: 'co_creation' }} />);
  });
  app.post('/plans/new', async (c) => {
    const user = requirePermission(c, isSecretariatSomewhere);
    const members = await myMembers(user);
    const render = (values: Values, errors: FieldErrors, status: Status) => c.html(<PlanFormPage page={pageContext(c)} action="/plans/new" members={members} values={values} errors={errors} />, status);
    return submit(c, {
      schema: planForm,
      versioned: false,
      render,
      run: async (data, _version, values) => {
        const memberId = parseIdText(typeof values.memberId === 'string' ? values.memberId : undefined);
        if (memberId === null || !members.some((m) => m.id === memberId) || !canAuthor(user, { memberId })) throw new AuthoringError('invalid', 'memberId');
        return createPlan(deps.db, memberId, data, actorOf(user), now());
      },
      done: (plan) => `/plans/${(plan as { id: number }).id}`,
    });
  });

  async function loadPlan(c: Context) {
    const plan = found(await planById(deps.db, id(c, 'id')));
    const user = requirePermission(c, (u) => canAuthor(u, { memberId: plan.memberId }));
    return { plan, user };
  }

  app.get('/plans/:id/edit', async (c) => {
    const { plan } = await loadPlan(c);
    const values = { number: String(plan.number), ...localizedFields('title', plan.title), ...localizedFields('description', plan.description), startMonth: plan.startMonth, endMonth: plan.endMonth, phase: plan.phase, ogpId: plan.ogpId ?? '' };
    return c.html(<PlanFormPage page={pageContext(c)} action={`/plans/${plan.id}/edit`} editing={{ id: plan.id, title: plan.title, version: String(plan.version) }} values={values} />);
  });
  app.post('/plans/:id/edit', async (c) => {
    const { plan, user } = await loadPlan(c);
    return submit(c, {
      schema: planForm,
      versioned: true,
      entity: { type: 'action_plan', id: plan.id },
      render: (values, errors, status, conflict) =>
        c.html(<PlanFormPage page={pageContext(c)} action={`/plans/${plan.id}/edit`} editing={{ id: plan.id, title: plan.title, version: String(values.version ?? plan.version) }} values={values} errors={errors} conflict={conflict} />, status),
      run: (data, version) => updatePlan(deps.db, plan.id, version, data, actorOf(user), now()),
      done: () => `/plans/${plan.id}`,
    });
  });

  // ——— commitments ———
  async function commitmentOptions(memberId: number) {
    const [institutions, areas] = await Promise.all([institutionsOfMember(deps.db, memberId), policyAreaOptions(deps.db)]);
    return { institutions, policyAreas: areas };
  }

  app.get('/plans/:id/commitments/new', async (c) => {
    const { plan } = await loadPlan(c);
    return c.html(<CommitmentFormPage page={pageContext(c)} action={`/plans/${plan.id}/commitments/new`} plan={plan} options={await commitmentOptions(plan.memberId)} values={{ generation: '2019' }} />);
  });
  app.post('/plans/:id/commitments/new', async (c) => {
    const { plan, user } = await loadPlan(c);
    const options = await commitmentOptions(plan.memberId);
    return submit(c, {
      schema: commitmentForm,
      versioned: false,
      render: (values, errors, status) => c.html(<CommitmentFormPage page={pageContext(c)} action={`/plans/${plan.id}/commitments/new`} plan={plan} options={options} values={values} errors={errors} />, status),
      run: (data) => createCommitment(deps.db, plan.id, data, actorOf(user), now()),
      done: (r) => `/commitments/${(r as { id: number }).id}/milestones`,
    });
  });

  async function loadCommitment(c: Context) {
    const row = found(await commitmentForEdit(deps.db, id(c, 'id')));
    const user = requirePermission(c, (u) => canAuthor(u, { memberId: row.memberId }));
    return { row, user, plan: { id: row.c.planId, title: row.planTitle } };
  }

  app.get('/commitments/:id/edit', async (c) => {
    const { row, plan } = await loadCommitment(c);
    const values = commitmentValuesOf({ ...row.c, policyAreas: row.policyAreas, newLeadInstitution: null } as never);
    return c.html(<CommitmentFormPage page={pageContext(c)} action={`/commitments/${row.c.id}/edit`} plan={plan} editing={{ id: row.c.id, number: row.c.number, version: String(row.c.version) }} options={await commitmentOptions(row.memberId)} values={values} />);
  });
  app.post('/commitments/:id/edit', async (c) => {
    const { row, user, plan } = await loadCommitment(c);
    const options = await commitmentOptions(row.memberId);
    return submit(c, {
      schema: commitmentForm,
      versioned: true,
      entity: { type: 'commitment', id: row.c.id },
      render: (values, errors, status, conflict) =>
        c.html(
          <CommitmentFormPage page={pageContext(c)} action={`/commitments/${row.c.id}/edit`} plan={plan} editing={{ id: row.c.id, number: row.c.number, version: String(values.version ?? row.c.version) }} options={options} values={values} errors={errors} conflict={conflict} />,
          status,
        ),
      run: (data, version) => updateCommitment(deps.db, row.c.id, version, data, actorOf(user), now()),
      done: () => `/commitments/${row.c.id}`,
    });
  });

  // ——— milestones ———
  async function milestonesPage(c: Context, commitment: { id: number; number: string; title: Record<string, string> }, extra: { values?: Values; errors?: FieldErrors; problem?: string | null }, status: Status = 200) {
    const list = await milestonesOf(deps.db, commitment.id);
    const done = c.req.query('done');
    return c.html(
      <MilestonesPage
        page={pageContext(c)}
        commitment={commitment}
        milestones={list.map((m) => ({ id: m.id, number: m.number, title: m.title, plannedStart: m.plannedStart, plannedEnd: m.plannedEnd, version: m.version, removedAt: m.removedAt?.toISOString() ?? null }))}
        values={extra.values ?? {}}
        errors={extra.errors}
        problem={extra.problem}
        flash={done ? c.get('t').authoring.saved : null}
      />,
      status,
    );
  }

  app.get('/commitments/:id/milestones', async (c) => {
    const { row } = await loadCommitment(c);
    return milestonesPage(c, row.c, {});
  });
  app.post('/commitments/:id/milestones', async (c) => {
    const { row, user } = await loadCommitment(c);
    return submit(c, {
      schema: milestoneForm,
      versioned: false,
      render: (values, errors, status) => milestonesPage(c, row.c, { values, errors }, status),
      run: (data) => createMilestone(deps.db, row.c.id, data, actorOf(user), now()),
      done: () => `/commitments/${row.c.id}/milestones?done=1`,
    });
  });

  async function loadMilestone(c: Context) {
    const row = found(await milestoneById(deps.db, id(c, 'mid')));
    const user = requirePermission(c, (u) => canAuthor(u, { memberId: row.memberId }));
    if (row.m.removedAt) throw new HTTPException(404, { message: 'not_found' });
    return { row, user };
  }

  app.get('/milestones/:mid/edit', async (c) => {
    const { row } = await loadMilestone(c);
    const m = row.m;
    return c.html(
      <MilestoneFormPage
        page={pageContext(c)}
        milestone={{ id: m.id, number: m.number, commitmentId: m.commitmentId, commitmentNumber: row.commitmentNumber, version: String(m.version) }}
        values={{ ...localizedFields('title', m.title), plannedStart: m.plannedStart ?? '', plannedEnd: m.plannedEnd ?? '' }}
      />,
    );
  });
  app.post('/milestones/:mid/edit', async (c) => {
    const { row, user } = await loadMilestone(c);
    const m = row.m;
    return submit(c, {
      schema: milestoneForm,
      versioned: true,
      entity: { type: 'milestone', id: m.id },
      render: (values, errors, status, conflict) =>
        c.html(<MilestoneFormPage page={pageContext(c)} milestone={{ id: m.id, number: m.number, commitmentId: m.commitmentId, commitmentNumber: row.commitmentNumber, version: String(values.version ?? m.version) }} values={values} errors={errors} conflict={conflict} />, status),
      run: (data, version) => updateMilestone(deps.db, m.id, version, data, actorOf(user), now()),
      done: () => `/commitments/${m.commitmentId}/milestones?done=1`,
    });
  });

  for (const verb of ['move', 'remove'] as const) {
    app.post(`/milestones/:mid/${verb}`, async (c) => {
      const { row, user } = await loadMilestone(c);
      const m = row.m;
      const commitment = found((await commitmentForEdit(deps.db, m.commitmentId))?.c);
      const t = c.get('t').authoring;
      const values = await formValues(c);
      const parsed = (verb === 'move' ? moveForm : removeForm).safeParse(values);
      if (!parsed.success) return milestonesPage(c, commitment, { problem: t.errors.invalid }, 422);
      try {
        if (verb === 'move') await moveMilestone(deps.db, m.id, parsed.data.version, (parsed.data as unknown as { direction: 'up' | 'down' }).direction, actorOf(user), now());
        else await removeMilestone(deps.db, m.id, parsed.data.version, actorOf(user), now());
      } catch (error) {
        if (error instanceof ConflictError) return milestonesPage(c, commitment, { problem: t.conflict.heading }, 409);
        throw error;
      }
      deps.cache.invalidate();
      return c.redirect(`/commitments/${m.commitmentId}/milestones?done=1`, 303);
    });
  }

  // ——— institutions and contacts ———
  app.get('/institutions/new', async (c) => {
    const user = requirePermission(c, isSecretariatSomewhere);
    const members = await myMembers(user);
    return c.html(<InstitutionFormPage page={pageContext(c)} action="/institutions/new" members={members} values={{ memberId: c.req.query('member') ?? '' }} />);
  });
  app.post('/institutions/new', async (c) => {
    const user = requirePermission(c, isSecretariatSomewhere);
    const members = await myMembers(user);
    return submit(c, {
      schema: institutionForm,
      versioned: false,
      render: (values, errors, status) => c.html(<InstitutionFormPage page={pageContext(c)} action="/institutions/new" members={members} values={values} errors={errors} />, status),
      run: async (data, _version, values) => {
        const memberId = parseIdText(typeof values.memberId === 'string' ? values.memberId : undefined);
        if (memberId === null || !members.some((m) => m.id === memberId) || !canAuthor(user, { memberId })) throw new AuthoringError('invalid', 'memberId');
        return createInstitution(deps.db, memberId, data, actorOf(user), now());
      },
      done: (r) => `/institutions/${(r as { id: number }).id}/edit`,
    });
  });

  async function loadInstitution(c: Context) {
    const inst = found(await institutionById(deps.db, id(c, 'id')));
    const user = requirePermission(c, (u) => canAuthor(u, { memberId: inst.memberId }));
    return { inst, user };
  }

  app.get('/institutions/:id/edit', async (c) => {
    const { inst } = await loadInstitution(c);
    const people = await contactsOf(deps.db, inst.id);
    return c.html(
      <InstitutionFormPage
        page={pageContext(c)}
        action={`/institutions/${inst.id}/edit`}
        editing={{ id: inst.id, name: inst.name, version: String(inst.version), contacts: people }}
        values={{ ...localizedFields('name', inst.name), abbreviation: inst.abbreviation ?? '', website: inst.website ?? '' }}
      />,
    );
  });
  app.post('/institutions/:id/edit', async (c) => {
    const { inst, user } = await loadInstitution(c);
    const people = await contactsOf(deps.db, inst.id);
    return submit(c, {
      schema: institutionForm,
      versioned: true,
      entity: { type: 'institution', id: inst.id },
      render: (values, errors, status, conflict) =>
        c.html(<InstitutionFormPage page={pageContext(c)} action={`/institutions/${inst.id}/edit`} editing={{ id: inst.id, name: inst.name, version: String(values.version ?? inst.version), contacts: people }} values={values} errors={errors} conflict={conflict} />, status),
      run: (data, version) => updateInstitution(deps.db, inst.id, version, data, actorOf(user), now()),
      done: () => `/institutions/${inst.id}`,
    });
  });

  app.get('/institutions/:id/contacts/new', async (c) => {
    const { inst } = await loadInstitution(c);
    return c.html(<ContactFormPage page={pageContext(c)} action={`/institutions/${inst.id}/contacts/new`} institution={inst} values={{ isPublic: 'yes' }} />);
  });
  app.post('/institutions/:id/contacts/new', async (c) => {
    const { inst, user } = await loadInstitution(c);
    return submit(c, {
      schema: contactForm,
      versioned: false,
      render: (values, errors, status) => c.html(<ContactFormPage page={pageContext(c)} action={`/institutions/${inst.id}/contacts/new`} institution={inst} values={values} errors={errors} />, status),
      run: (data) => createContact(deps.db, inst.id, data, actorOf(user), now()),
      done: () => `/institutions/${inst.id}/edit`,
    });
  });

  async function loadContact(c: Context) {
    const row = found(await contactById(deps.db, id(c, 'cid')));
    const user = requirePermission(c, (u) => canAuthor(u, { memberId: row.memberId }));
    const inst = found(await institutionById(deps.db, row.p.institutionId));
    return { p: row.p, inst, user };
  }

  app.get('/contacts/:cid/edit', async (c) => {
    const { p, inst } = await loadContact(c);
    const values = { name: p.name, ...localizedFields('title', p.title), email: p.email ?? '', phone: p.phone ?? '', isPublic: p.isPublic ? 'yes' : 'no' };
    return c.html(<ContactFormPage page={pageContext(c)} action={`/contacts/${p.id}/edit`} institution={inst} editing={{ name: p.name, version: String(p.version) }} values={values} />);
  });
  app.post('/contacts/:cid/edit', async (c) => {
    const { p, inst, user } = await loadContact(c);
    return submit(c, {
      schema: contactForm,
      versioned: true,
      entity: { type: 'contact', id: p.id },
      render: (values, errors, status, conflict) =>
        c.html(<ContactFormPage page={pageContext(c)} action={`/contacts/${p.id}/edit`} institution={inst} editing={{ name: p.name, version: String(values.version ?? p.version) }} values={values} errors={errors} conflict={conflict} />, status),
      run: (data, version) => updateContact(deps.db, p.id, version, data, actorOf(user), now()),
      done: () => `/institutions/${inst.id}/edit`,
    });
  });

  return app;
}
