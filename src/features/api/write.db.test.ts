import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app.js';
import { apiTokens, auditLog, commitments, institutions, members, progressUpdates } from '../../db/schema/index.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { NOW } from '../../../tests/support/factories.js';
import { getAs, postForm, signedInUser, type SignedIn } from '../../../tests/support/auth.js';
import { createApiToken, revokeApiToken } from './tokens.js';
import { WRITES_PER_MINUTE } from './write.js';

let t: TestDatabase;
let app: App;
let memberId: number;
let secretariat: SignedIn;
let secretariatToken: string;
let contactToken: string;
let forumToken: string;
let institutionId: number;

function call(method: string, path: string, token: string | null, body?: unknown, headers: Record<string, string> = {}) {
  return Promise.resolve(
    app.request(`/api/v1${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}

beforeAll(async () => {
  t = await testDatabase();
  app = createApp({ db: t.db, now: () => NOW });
  const [m] = await t.db.insert(members).values({ code: 'AP', name: { es: 'Api' } }).returning();
  memberId = m!.id;
  const [inst] = await t.db.insert(institutions).values({ memberId, name: { es: 'Ministerio Api' }, nameKey: 'ministerio api' }).returning();
  institutionId = inst!.id;
  secretariat = await signedInUser(t.db, [{ role: 'secretariat', memberId }], NOW);
  const contact = await signedInUser(t.db, [{ role: 'institution_contact', memberId, institutionId }], NOW);
  const forum = await signedInUser(t.db, [{ role: 'forum_member', memberId, seat: 'civil_society' }], NOW);
  secretariatToken = (await createApiToken(t.db, { userId: secretariat.userId, name: 'sistema', actor: 'test', now: NOW })).token;
  contactToken = (await createApiToken(t.db, { userId: contact.userId, name: 'ministerio', actor: 'test', now: NOW })).token;
  forumToken = (await createApiToken(t.db, { userId: forum.userId, name: 'foro', actor: 'test', now: NOW })).token;
});
afterAll(() => t.dispose());

describe('the write API with personal tokens', () => {
  let planId: number;
  let commitmentId: number;
  let milestoneIds: number[] = [];

  it('tokens are stored hashed; no token, a cookie session or a revoked token cannot write', async () => {
    const rows = await t.db.select().from(apiTokens);
    expect(rows.every((r) => r.tokenHash.length === 64 && !r.tokenHash.includes(secretariatToken))).toBe(true);
    expect((await call('POST', '/plans', null, {})).status).toBe(401);
    const withCookie = await app.request('/api/v1/plans', { method: 'POST', headers: { cookie: secretariat.cookie, 'content-type': 'application/json', 'x-csrf-token': secretariat.csrf }, body: '{}' });
    expect(withCookie.status).toBe(401);
    expect(await withCookie.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    const extra = await createApiToken(t.db, { userId: secretariat.userId, name: 'old', actor: 'test', now: NOW });
    await revokeApiToken(t.db, { userId: secretariat.userId, tokenId: extra.id, actor: 'test', now: NOW });
    expect((await call('POST', '/plans', extra.token, {})).status).toBe(401);
    expect((await call('POST', '/plans', 'abt_' + 'x'.repeat(43), {})).status).toBe(401);
  });

  it('a secretariat builds a plan with a commitment and milestones; every write audited as the API', async () => {
    const plan = await call('POST', '/plans', secretariatToken, { memberId, number: 2, title: { es: 'Segundo plan', en: 'Second plan' }, startMonth: '2026-01', endMonth: '2027-12', phase: 'implementation' });
    expect(plan.status).toBe(201);
    planId = ((await plan.json()) as { id: number }).id;
    const c = await call('POST', `/plans/${planId}/commitments`, secretariatToken, {
      number: '1',
      generation: '2019',
      title: { es: 'Datos de salud', en: 'Health data' },
      leadInstitutionId: institutionId,
      otherActorsCivilSociety: [{ es: 'Red A', en: 'Network A' }, { es: 'Red B' }],
      valueAccessToInformation: true,
      startMonth: '2026-02',
      endMonth: '2027-06',
    });
    expect(c.status).toBe(201);
    const created = (await c.json()) as { id: number; version: number; otherActorsCivilSociety: unknown };
    commitmentId = created.id;
    expect(created.otherActorsCivilSociety).toEqual([{ es: 'Red A', en: 'Network A' }, { es: 'Red B' }]);
    for (const title of ['Diseño', 'Publicación']) {
      const r = await call('POST', `/commitments/${commitmentId}/milestones`, secretariatToken, { title: { es: title }, plannedStart: '2026-03', plannedEnd: '2026-12' });
      expect(r.status).toBe(201);
      milestoneIds.push(((await r.json()) as { id: number }).id);
    }
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.actor, `api:user:${secretariat.userId}`));
    expect(audits.map((a) => a.action).sort()).toEqual(['commitment.create', 'milestone.create', 'milestone.create', 'plan.create']);
  });

  it('concurrent edits: If-Match of a stale version gets 409 with the current row; nothing is overwritten', async () => {
    const body = { number: '1', generation: '2019', title: { es: 'Datos de salud abiertos' }, leadInstitutionId: institutionId };
    const [a, b] = await Promise.all([
      call('PATCH', `/commitments/${commitmentId}`, secretariatToken, body, { 'if-match': '"1"' }),
      call('PATCH', `/commitments/${commitmentId}`, secretariatToken, { ...body, title: { es: 'Otro título' } }, { 'if-match': '"1"' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    const err = (await loser.json()) as { error: { code: string; current: { version: number; title: { es: string } } } };
    expect(err.error.code).toBe('conflict');
    expect(err.error.current.version).toBe(2);
    const [row] = await t.db.select().from(commitments).where(eq(commitments.id, commitmentId));
    expect(row!.title.es).toBe(err.error.current.title.es);
    expect((await call('PATCH', `/commitments/${commitmentId}`, secretariatToken, body)).status).toBe(422);
    const del = await call('DELETE', `/milestones/${milestoneIds[1]}`, secretariatToken, undefined, { 'if-match': '1' });
    expect(del.status).toBe(200);
  });

  it('an institution contact files a progress update with evidence links; others are refused', async () => {
    const update = { status: 'limited', narrative: 'Avanza el diseño.', asOf: '2026-11-20', links: ['https://example.org/acta.pdf'], action: 'submit' };
    expect((await call('POST', `/milestones/${milestoneIds[0]}/updates`, forumToken, update)).status).toBe(403);
    expect((await call('POST', `/milestones/${milestoneIds[0]}/updates`, secretariatToken, update)).status).toBe(403);
    expect((await call('POST', `/milestones/${milestoneIds[1]}/updates`, contactToken, update)).status).toBe(404);
    const r = await call('POST', `/milestones/${milestoneIds[0]}/updates`, contactToken, update);
    expect(r.status).toBe(201);
    const rows = await t.db.select().from(progressUpdates).where(and(eq(progressUpdates.milestoneId, milestoneIds[0]!), eq(progressUpdates.state, 'submitted')));
    expect(rows).toHaveLength(1);
    expect((await call('POST', '/plans', forumToken, { memberId, number: 9, title: { es: 'X' }, startMonth: '2026-01', endMonth: '2026-02', phase: 'co_creation' })).status).toBe(403);
  });

  it('hostile and oversized input: 422 with issues in the existing error shape; nothing stored', async () => {
    const before = (await t.db.select().from(commitments)).length;
    const cases: [unknown, string | RegExp][] = [
      ['not json', '(body)'],
      [[1, 2], '(body)'],
      [{ number: '2', generation: '2019', title: { es: 'x'.repeat(600) } }, 'titleEs'],
      [{ number: '2', generation: '2019', title: { es: 'ok', fr: 'non' } }, 'title'],
      [{ number: '2', generation: '2019', title: 'plain string' }, 'title'],
      [{ number: "2'; DROP TABLE x", generation: '2019', title: { es: 'ok' } }, 'number'],
      [{ number: '2', generation: '2019', title: { es: 'ok' }, nextSteps: [{ es: 'a\nb' }] }, 'nextSteps'],
      [{ number: '2', generation: '2019', title: { es: 'ok' }, policyAreas: [{}] }, 'policyAreas'],
      [{ number: '2', generation: '2019', title: { es: 'ok' }, ['__proto__']: { es: 'x' } }, '__proto__'],
    ];
    for (const [body, path] of cases) {
      const r = await call('POST', `/plans/${planId}/commitments`, secretariatToken, body);
      const j = (await r.json()) as { error: { code: string; message: string; issues: { path: string }[] } };
      expect(j.error.code).toBe('invalid_request');
      // A body that is not a JSON object is refused by the OpenAPI layer (400, as every API request); fields by the forms' validation (422).
      if (path === '(body)') expect(r.status).toBe(400);
      else {
        expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(422);
        expect(j.error.issues.map((i) => i.path).join(' ')).toContain(path as string);
      }
    }
    const en = await call('POST', `/plans/${planId}/commitments?lang=en`, secretariatToken, { number: '2', generation: '2019', title: { es: 'x'.repeat(600) } });
    expect(JSON.stringify(await en.json())).toContain('too long');
    expect((await t.db.select().from(commitments)).length).toBe(before);
  });

  it('writes are rate limited per token', async () => {
    const { token } = await createApiToken(t.db, { userId: secretariat.userId, name: 'burst', actor: 'test', now: NOW });
    let last = 0;
    for (let i = 0; i <= WRITES_PER_MINUTE; i++) last = (await call('POST', '/plans', token, 'x')).status;
    expect(last).toBe(429);
  });

  it('the OpenAPI document describes the write endpoints and the bearer scheme', async () => {
    const doc = (await (await app.request('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>>; components: { securitySchemes: Record<string, unknown> } };
    expect(Object.keys(doc.paths['/plans']!)).toContain('post');
    expect(Object.keys(doc.paths['/commitments/{id}']!)).toContain('patch');
    expect(Object.keys(doc.paths['/milestones/{id}']!)).toEqual(expect.arrayContaining(['patch', 'delete']));
    expect(doc.paths['/milestones/{id}/updates']).toBeDefined();
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('the browser page creates a token (shown once), lists and revokes it', async () => {
    const res = await postForm(app, '/account/tokens', { name: 'Sistema del ministerio' }, secretariat);
    expect(res.status).toBe(200);
    const html = await res.text();
    const token = /(abt_[A-Za-z0-9_-]{43})/.exec(html)![1]!;
    expect((await call('POST', '/plans', token, 'x')).status).toBe(400);
    const list = await (await getAs(app, '/account/tokens', secretariat)).text();
    expect(list).not.toContain(token);
    expect(list).toContain(token.slice(0, 10));
    expect((await postForm(app, '/account/tokens', { name: '' }, secretariat)).status).toBe(422);
    const [row] = await t.db.select().from(apiTokens).where(eq(apiTokens.prefix, token.slice(0, 10)));
    expect((await postForm(app, `/account/tokens/${row!.id}/revoke`, {}, secretariat)).status).toBe(303);
    expect((await call('POST', '/plans', token, 'x')).status).toBe(401);
  });
});
