import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app.js';
import { actionPlans, auditLog, commitments, institutions, members, milestones } from '../../db/schema/index.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { NOW } from '../../../tests/support/factories.js';
import { getAs, postForm, signedInUser, type SignedIn } from '../../../tests/support/auth.js';

let t: TestDatabase;
let app: App;
let memberId: number;
let secretariat: SignedIn & { name: string };
let other: SignedIn & { name: string };
let forum: SignedIn & { name: string };
let admin: SignedIn & { name: string };

const planFields = { number: '5', titleEs: 'Quinto Plan de Acción', titleEn: 'Fifth Action Plan', startMonth: '2026-01', endMonth: '2028-06', phase: 'co_creation', descriptionEs: '', descriptionEn: '' };

function commitmentFields(over: Record<string, string | string[]> = {}) {
  return {
    number: '1',
    generation: '2019',
    titleEs: 'Compras abiertas',
    titleEn: 'Open procurement',
    newLeadInstitutionEs: 'Dirección ChileCompra',
    problemEs: 'Los contratos no se publican.',
    problemEn: 'Contracts are not published.',
    otherActorsCivilSocietyEs: 'Fundación Ciudadanía\nRed de Transparencia',
    otherActorsCivilSocietyEn: 'Citizenship Foundation\nTransparency Network',
    valueAccessToInformation: 'yes',
    startMonth: '2026-02',
    endMonth: '2027-12',
    ...over,
  };
}

async function count() {
  const [p, c, m, i] = await Promise.all([t.db.select().from(actionPlans), t.db.select().from(commitments), t.db.select().from(milestones), t.db.select().from(institutions)]);
  return { plans: p.length, commitments: c.length, milestones: m.length, institutions: i.length };
}

beforeAll(async () => {
  t = await testDatabase();
  app = createApp({ db: t.db, now: () => NOW, pageCacheTtlMs: 60_000 });
  const [m] = await t.db.insert(members).values({ code: 'ZZ', name: { es: 'Zeta', en: 'Zeta' } }).returning();
  const [m2] = await t.db.insert(members).values({ code: 'YY', name: { es: 'Ye' } }).returning();
  memberId = m!.id;
  secretariat = await signedInUser(t.db, [{ role: 'secretariat', memberId }], NOW, { name: 'Ana Secretaria' });
  other = await signedInUser(t.db, [{ role: 'secretariat', memberId: m2!.id }], NOW, { name: 'Otra Secretaria' });
  forum = await signedInUser(t.db, [{ role: 'forum_member', memberId, seat: 'civil_society' }], NOW);
  admin = await signedInUser(t.db, [{ role: 'admin' }], NOW, { name: 'Beto Admin' });
});
afterAll(() => t.dispose());

describe('the secretariat writes a plan in the browser', () => {
  let planId: number;
  let commitmentId: number;

  it('creates a plan; the phase is dated publicly; the anonymous page has no action links, the secretariat sees them', async () => {
    const res = await postForm(app, '/plans/new', { memberId: String(memberId), ...planFields }, secretariat);
    expect(res.status).toBe(303);
    planId = Number(/\/plans\/(\d+)$/.exec(res.headers.get('location') ?? '')![1]);
    const anon = await (await getAs(app, `/plans/${planId}`, null, 'en')).text();
    expect(anon).toContain('Phases of the plan');
    expect(anon).toContain('Starts in Co-creation, by Ana Secretaria');
    expect(anon).not.toContain('/plans/' + planId + '/edit');
    const mine = await (await getAs(app, `/plans/${planId}`, secretariat, 'en')).text();
    expect(mine).toContain(`href="/plans/${planId}/edit"`);
    expect(mine).toContain(`href="/plans/${planId}/commitments/new"`);
    const theirs = await (await getAs(app, `/plans/${planId}`, other, 'en')).text();
    expect(theirs).not.toContain(`/plans/${planId}/edit`);
  });

  it('the edit form changes the phase with a dated, timed public entry', async () => {
    const form = await getAs(app, `/plans/${planId}/edit`, secretariat, 'en');
    expect(form.status).toBe(200);
    const html = await form.text();
    const version = /name="version" value="(\d+)"/.exec(html)![1]!;
    const res = await postForm(app, `/plans/${planId}/edit`, { ...planFields, phase: 'implementation', version }, secretariat);
    expect(res.status).toBe(303);
    const page = await (await getAs(app, `/plans/${planId}`, null, 'en')).text();
    expect(page).toContain('Co-creation → Implementation, by Ana Secretaria');
    expect(page).toMatch(/November 2026(,| at) 12:00 UTC/);
    expect(page).toContain('Plan edited by Ana Secretaria');
  });

  it('creates a commitment with every template field es/en, a new lead institution, and milestones', async () => {
    const res = await postForm(app, `/plans/${planId}/commitments/new`, commitmentFields(), secretariat);
    expect(res.status).toBe(303);
    commitmentId = Number(/\/commitments\/(\d+)\/milestones$/.exec(res.headers.get('location') ?? '')![1]);
    const [c] = await t.db.select().from(commitments).where(eq(commitments.id, commitmentId));
    expect(c!.problem).toEqual({ es: 'Los contratos no se publican.', en: 'Contracts are not published.' });
    expect(c!.otherActorsCivilSociety).toEqual([
      { es: 'Fundación Ciudadanía', en: 'Citizenship Foundation' },
      { es: 'Red de Transparencia', en: 'Transparency Network' },
    ]);
    expect(c!.valueAccessToInformation).toBe(true);
    const [inst] = await t.db.select().from(institutions).where(eq(institutions.id, c!.leadInstitutionId!));
    expect(inst!.name.es).toBe('Dirección ChileCompra');

    expect((await getAs(app, `/commitments/${commitmentId}/milestones`, secretariat, 'es')).status).toBe(200);
    for (const title of ['Diseño', 'Piloto', 'Publicación']) {
      const r = await postForm(app, `/commitments/${commitmentId}/milestones`, { titleEs: title, titleEn: '', plannedStart: '2026-03', plannedEnd: '2026-09', status: 'complete' }, secretariat);
      expect(r.status).toBe(303);
    }
    const ms = await t.db.select().from(milestones).where(eq(milestones.commitmentId, commitmentId)).orderBy(asc(milestones.number));
    expect(ms.map((m) => [m.number, m.title.es, m.status])).toEqual([
      [1, 'Diseño', null],
      [2, 'Piloto', null],
      [3, 'Publicación', null],
    ]);
  });

  it('reorders and removes milestones; the removed one leaves the public page but stays in its history', async () => {
    const ms = await t.db.select().from(milestones).where(eq(milestones.commitmentId, commitmentId)).orderBy(asc(milestones.number));
    const up = await postForm(app, `/milestones/${ms[2]!.id}/move`, { direction: 'up', version: String(ms[2]!.version) }, secretariat);
    expect(up.status).toBe(303);
    // The stale version of "Piloto" (renumbered by the move) is refused with 409.
    const stale = await postForm(app, `/milestones/${ms[1]!.id}/remove`, { version: String(ms[1]!.version) }, secretariat);
    expect(stale.status).toBe(409);
    const [piloto] = await t.db.select().from(milestones).where(eq(milestones.id, ms[1]!.id));
    expect((await postForm(app, `/milestones/${piloto!.id}/remove`, { version: String(piloto!.version) }, secretariat)).status).toBe(303);
    const page = await (await getAs(app, `/commitments/${commitmentId}`, null, 'es')).text();
    expect(page).not.toMatch(/<li[^>]*id="milestone-3"/);
    expect(page).toContain('Meta 3 quitada por Ana Secretaria');
    expect(page).toContain('Meta 3: movida de la posición 3 a 2 por Ana Secretaria');
    const edit = await getAs(app, `/milestones/${piloto!.id}/edit`, secretariat);
    expect(edit.status).toBe(404);
  });

  it('two people save the same commitment from the same version: exactly one wins, the other sees the change (409)', async () => {
    const html = await (await getAs(app, `/commitments/${commitmentId}/edit`, secretariat, 'en')).text();
    const version = /name="version" value="(\d+)"/.exec(html)![1]!;
    const [first, second] = await Promise.all([
      postForm(app, `/commitments/${commitmentId}/edit`, { ...commitmentFields({ titleEs: 'Compras abiertas (Ana)' }), newLeadInstitutionEs: '', version }, secretariat, { lang: 'en' }),
      postForm(app, `/commitments/${commitmentId}/edit`, { ...commitmentFields({ titleEs: 'Compras abiertas (Beto)' }), newLeadInstitutionEs: '', version }, admin, { lang: 'en' }),
    ]);
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([303, 409]);
    const loser = first.status === 409 ? first : second;
    const body = await loser.text();
    expect(body).toContain('Someone else saved this record while you were editing it');
    const [c] = await t.db.select().from(commitments).where(eq(commitments.id, commitmentId));
    expect(body).toContain(c!.title.es!);
    expect(body).toContain(`name="version" value="${c!.version}"`);
    const updates = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'commitment.update'), eq(auditLog.entityId, String(commitmentId))));
    expect(updates).toHaveLength(1);
    const page = await (await getAs(app, `/commitments/${commitmentId}`, null, 'en')).text();
    expect(page).toContain('Commitment edited by');
    expect(page).toMatch(/Title: <del>ES: Compras abiertas<\/del> → <ins>ES: Compras abiertas \((Ana|Beto)\)<\/ins>/);
  });

  it('people without the role are refused; nothing changes', async () => {
    const before = await count();
    expect((await postForm(app, `/plans/${planId}/commitments/new`, commitmentFields({ number: '9' }), forum)).status).toBe(403);
    expect((await postForm(app, `/plans/${planId}/commitments/new`, commitmentFields({ number: '9' }), other)).status).toBe(403);
    expect((await postForm(app, `/plans/${planId}/commitments/new`, commitmentFields({ number: '9' }), null)).status).toBe(401);
    expect((await postForm(app, '/members/new', { code: 'QQ', nameEs: 'Q', kind: 'national' }, secretariat)).status).toBe(403);
    expect((await postForm(app, '/plans/new', { memberId: String(memberId), ...planFields, number: '6' }, other)).status).toBe(422);
    expect(await count()).toEqual(before);
  });

  it('hostile and oversized input gets a clear message in the person\'s language and changes nothing', async () => {
    const before = await count();
    const cases: [string, Record<string, string | string[]>, RegExp][] = [
      [`/plans/${planId}/commitments/new`, commitmentFields({ number: '7', titleEs: 'x'.repeat(30_000) }), /The text is too long/],
      [`/plans/${planId}/commitments/new`, commitmentFields({ number: "7'; DROP TABLE commitments;--" }), /such as 19 or 2.1/],
      [`/plans/${planId}/commitments/new`, commitmentFields({ number: '7', startMonth: '2026-13' }), /YYYY-MM/],
      [`/plans/${planId}/commitments/new`, commitmentFields({ number: '7', startMonth: '2027-01', endMonth: '2026-01' }), /cannot be before/],
      [`/plans/${planId}/commitments/new`, commitmentFields({ number: '7', titleEs: '', titleEn: '' }), /required/],
      [`/plans/${planId}/commitments/new`, commitmentFields({ number: '7', titleEs: ['a', 'b'] }), /not valid/],
      [`/plans/${planId}/commitments/new`, commitmentFields({ number: '7', leadInstitutionId: '99999999999' }), /not valid/],
      [`/plans/${planId}/commitments/new`, commitmentFields({ number: '7', policyAreas: ['<script>'] }), /not valid/],
      [`/plans/${planId}/commitments/new`, commitmentFields({ number: '7', nextStepsEs: Array.from({ length: 60 }, (_, i) => `paso ${i}`).join('\n') }), /At most 50/],
      [`/plans/${planId}/commitments/new`, commitmentFields({ number: '1' }), /already exists/],
      [`/commitments/${commitmentId}/milestones`, { titleEs: '', titleEn: '' }, /required/],
      [`/commitments/${commitmentId}/edit`, commitmentFields(), /version is missing/],
      ['/plans/new', { memberId: String(memberId), ...planFields, number: '-1' }, /between 1 and 999/],
      ['/institutions/new', { memberId: String(memberId), nameEs: 'Inst', website: 'javascript:alert(1)' }, /http:\/\/ or https:\/\//],
    ];
    // A NUL byte is refused before any form by the input guard (400, in the person's language).
    const nul = await postForm(app, `/plans/${planId}/commitments/new`, commitmentFields({ number: '7', titleEs: 'bad\u0000null' }), secretariat, { lang: 'en' });
    expect(nul.status).toBe(400);
    expect(await nul.text()).toMatch(/invisible control characters/);
    for (const [path, fields, message] of cases) {
      const res = await postForm(app, path, fields, secretariat, { lang: 'en' });
      expect(res.status, `${path} ${JSON.stringify(fields).slice(0, 120)}`).toBe(422);
      const body = await res.text();
      expect(body, path).toMatch(message);
      expect(body).not.toContain('<script>');
    }
    const es = await postForm(app, `/plans/${planId}/commitments/new`, commitmentFields({ number: '7', titleEs: 'x'.repeat(30_000) }), secretariat, { lang: 'es' });
    expect(await es.text()).toContain('El texto es demasiado largo');
    expect(await count()).toEqual(before);
  });

  it('institutions and contact people: create, edit with version, duplicate refused', async () => {
    const res = await postForm(app, '/institutions/new', { memberId: String(memberId), nameEs: 'Ministerio de Hacienda', nameEn: 'Ministry of Finance', abbreviation: 'MH', website: 'https://hacienda.example' }, secretariat);
    expect(res.status).toBe(303);
    const instId = Number(/\/institutions\/(\d+)\/edit$/.exec(res.headers.get('location')!)![1]);
    expect((await postForm(app, '/institutions/new', { memberId: String(memberId), nameEs: 'ministerio de hacienda' }, secretariat)).status).toBe(422);
    const c1 = await postForm(app, `/institutions/${instId}/contacts/new`, { name: 'Carla Pérez', titleEs: 'Jefa de división', email: 'carla@example.org', phone: '+56 2 1234', isPublic: 'yes' }, secretariat);
    expect(c1.status).toBe(303);
    const form = await (await getAs(app, `/institutions/${instId}/edit`, secretariat, 'en')).text();
    const version = /name="version" value="(\d+)"/.exec(form)![1]!;
    expect((await postForm(app, `/institutions/${instId}/edit`, { nameEs: 'Ministerio de Hacienda', nameEn: 'Ministry of Finance', abbreviation: 'MINHAC', website: '', version }, secretariat)).status).toBe(303);
    expect((await postForm(app, `/institutions/${instId}/edit`, { nameEs: 'Ministerio de Hacienda', abbreviation: 'X', version }, secretariat)).status).toBe(409);
    const pub = await (await getAs(app, `/institutions/${instId}`, null, 'en')).text();
    expect(pub).toContain('<del>MH</del> → <ins>MINHAC</ins>');
  });

  it('/work lists the secretariat\'s plans with their pending work and the ways in', async () => {
    const html = await (await getAs(app, '/work', secretariat, 'en')).text();
    expect(html).toMatch(/The secretariat(&#39;|')s plans/);
    expect(html).toContain('Fifth Action Plan');
    expect(html).toMatch(/1 commitments, 2 milestones/);
    expect(html).toContain('No open reporting period: open one');
    expect(html).toContain('href="/plans/new"');
    expect(html).not.toContain('href="/members/new"');
    const theirs = await (await getAs(app, '/work', other, 'en')).text();
    expect(theirs).not.toContain('Fifth Action Plan');
    expect(await (await getAs(app, '/work', admin, 'en')).text()).toContain('href="/members/new"');
  });

  it('without SMTP, whoever sends an invitation sees its link on screen (and only them)', async () => {
    const res = await postForm(app, '/admin/users', { email: 'nueva@example.org', name: 'Nueva Persona', role: 'forum_member', memberId: String(memberId), seat: 'civil_society', locale: 'es' }, secretariat, { lang: 'en' });
    const html = await res.text();
    expect(res.status, html.slice(0, 3000)).toBe(200);
    expect(html).toMatch(/does not send e-mail/);
    expect(html).toMatch(/href="http:\/\/localhost\/invitations\/[A-Za-z0-9_-]{20,}"/);
    const again = await (await getAs(app, '/admin/users', secretariat, 'en')).text();
    expect(again).not.toMatch(/\/invitations\/[A-Za-z0-9_-]{20,}/);
  });
});
