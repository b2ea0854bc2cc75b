import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app.js';
import { auditLog, forumMemberships, forums, forumSeats, forumSectors, institutions, organisations } from '../../db/schema/index.js';
import { ensureDemo } from '../demo/demo.js';
import { ensureMember } from '../plans/commands.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { getAs, postForm, signedInUser, type SignedIn } from '../../../tests/support/auth.js';
import { appointMember, CompositionError } from './composition.js';
import { registerOrganisation } from './commands.js';

const NOW = new Date('2026-11-23T12:00:00Z');
let t: TestDatabase;
let app: App;
let forumId: number;
let memberId: number;
let governmentSector: number;
let secretariat: SignedIn;
let otherSecretariat: SignedIn;
let stranger: SignedIn;
let institutionId: number;
let foreignOrganisation: number;

beforeAll(async () => {
  t = await testDatabase();
  await ensureDemo(t.db, NOW);
  const [f] = await t.db.select().from(forums);
  forumId = f!.id;
  memberId = f!.memberId;
  governmentSector = (await t.db.select().from(forumSectors).where(and(eq(forumSectors.forumId, forumId), eq(forumSectors.code, 'government'))))[0]!.id;
  institutionId = (await t.db.select().from(institutions).where(eq(institutions.memberId, memberId)))[0]!.id;
  const other = await ensureMember(t.db, { code: 'URY', name: { es: 'Uruguay' } }, 'test');
  foreignOrganisation = (await registerOrganisation(t.db, 'test', { memberId: other.id, name: 'Ajena', kind: 'civil_society', joinNetwork: true, now: NOW })).id;
  app = createApp({ db: t.db, now: () => NOW, pageCacheTtlMs: 0 });
  secretariat = await signedInUser(t.db, [{ role: 'secretariat', memberId }], NOW);
  otherSecretariat = await signedInUser(t.db, [{ role: 'secretariat', memberId: other.id }], NOW);
  stranger = await signedInUser(t.db, [], NOW);
});

afterAll(async () => {
  await t.dispose();
});

const seatsOf = async (sectorId: number) => (await t.db.select().from(forumSeats).where(eq(forumSeats.sectorId, sectorId)).orderBy(forumSeats.position)).map((s) => s.id);

describe('the secretariat sets up sectors and seats and appoints members by hand', () => {
  it('only the forum member’s secretariat sees the page and writes', async () => {
    expect((await getAs(app, `/forums/${forumId}/composition`, null)).status).toBe(303);
    expect((await getAs(app, `/forums/${forumId}/composition`, stranger)).status).toBe(403);
    expect((await getAs(app, `/forums/${forumId}/composition`, otherSecretariat)).status).toBe(403);
    expect((await getAs(app, `/forums/${forumId}/composition`, secretariat)).status).toBe(200);
    expect((await postForm(app, `/forums/${forumId}/sectors`, { code: 'private_sector', nameEs: 'Sector privado' }, otherSecretariat)).status).toBe(403);
    expect((await postForm(app, `/sectors/${governmentSector}/seats`, { labelEs: 'X' }, stranger)).status).toBe(403);
    expect((await postForm(app, '/sectors/999999/seats', { labelEs: 'X' }, secretariat)).status).toBe(404);
  });

  it('adds and renames sectors and seats; bad and hostile input changes nothing', async () => {
    const bads: Record<string, string>[] = [{ code: 'Private Sector', nameEs: 'x' }, { code: 'private_sector', nameEs: '', nameEn: '' }, { code: 'private_sector', nameEs: 'x'.repeat(201) }, { code: 'private_sector', nameEs: 'x', electedBy: 'everyone' }];
    for (const bad of bads) {
      expect((await postForm(app, `/forums/${forumId}/sectors`, bad, secretariat)).status, JSON.stringify(bad).slice(0, 60)).toBe(422);
    }
    expect((await postForm(app, `/forums/${forumId}/sectors`, { code: 'government', nameEs: 'Otra vez' }, secretariat)).status).toBe(409);
    expect((await t.db.select().from(forumSectors).where(eq(forumSectors.forumId, forumId))).length).toBe(4);
    expect((await postForm(app, `/forums/${forumId}/sectors`, { code: 'private_sector', nameEs: 'Sector privado', nameEn: 'Private sector', electedBy: 'private_sector' }, secretariat)).status).toBe(303);
    expect((await postForm(app, `/sectors/${governmentSector}/seats`, { labelEs: 'Ministerio <script>', labelEn: 'Ministry' }, secretariat)).status).toBe(303);
    expect((await postForm(app, `/sectors/${governmentSector}/seats`, { labelEs: 'Subsecretaría', labelEn: '' }, secretariat)).status).toBe(303);
    expect((await postForm(app, `/sectors/${governmentSector}/seats`, { labelEs: '', labelEn: '' }, secretariat)).status).toBe(422);
    const [first] = await seatsOf(governmentSector);
    expect((await postForm(app, `/seats/${first}`, { labelEs: 'Ministerio Secretaría General', labelEn: 'Ministry' }, secretariat)).status).toBe(303);
    expect((await postForm(app, `/sectors/${governmentSector}`, { nameEs: 'Gobierno central', nameEn: 'Central government' }, secretariat)).status).toBe(303);
    const page = await (await getAs(app, `/forums/${forumId}`, null)).text();
    expect(page).toContain('Gobierno central');
    expect(page).toContain('Ministerio Secretaría General');
    const actions = (await t.db.select({ a: auditLog.action }).from(auditLog).where(inArray(auditLog.action, ['forum.sector_add', 'forum.seat_add', 'forum.seat_rename', 'forum.sector_rename']))).map((r) => r.a).sort();
    expect(actions).toEqual(['forum.seat_add', 'forum.seat_add', 'forum.seat_rename', 'forum.sector_add', 'forum.sector_rename']);
  });

  it('appoints on behalf of an institution; refuses elected seats, overlaps, foreign organisations and bad dates', async () => {
    const [seat] = await seatsOf(governmentSector);
    const civil = (await t.db.select().from(forumSectors).where(and(eq(forumSectors.forumId, forumId), eq(forumSectors.code, 'civil_society'))))[0]!.id;
    const [electedSeat] = await seatsOf(civil);
    const appoint = (fields: Record<string, string>) => postForm(app, `/forums/${forumId}/memberships`, { seatId: String(seat), personName: 'María Ministra', behalf: `i:${institutionId}`, role: 'titular', startDate: '2026-01-01', ...fields }, secretariat);
    expect((await appoint({ personName: '' })).status).toBe(422);
    expect((await appoint({ personName: 'x'.repeat(201) })).status).toBe(422);
    expect((await appoint({ startDate: '2026-02-30' })).status).toBe(422);
    expect((await appoint({ endDate: '2025-01-01' })).status).toBe(422);
    expect((await appoint({ behalf: 'x:1' })).status).toBe(422);
    expect((await appoint({ role: 'boss' })).status).toBe(422);
    expect((await appoint({ behalf: `o:${foreignOrganisation}` })).status).toBe(409);
    const elected = await appoint({ seatId: String(electedSeat) });
    expect(elected.status).toBe(409);
    expect(await elected.text()).toContain('lo ocupa su elección');
    expect(await t.db.select().from(forumMemberships)).toHaveLength(0);
    expect((await appoint({})).status).toBe(303);
    const overlap = await appoint({ personName: 'Otra Persona', startDate: '2026-06-01', endDate: '2026-12-31' });
    expect(overlap.status).toBe(409);
    expect(await overlap.text()).toContain('ya tiene otra persona en esa calidad');
    expect((await appoint({ personName: 'Suplente Uno', role: 'alternate', behalf: '' })).status).toBe(303);
    const page = await (await getAs(app, `/forums/${forumId}`, null)).text();
    expect(page).toContain('María Ministra (Titular)');
    expect(page).toContain('Suplente Uno (Suplente)');
    expect((await t.db.select().from(auditLog).where(eq(auditLog.action, 'membership.appoint'))).length).toBe(2);
  });

  it('ends a membership early with a public reason; the history shows it, and a successor may start after', async () => {
    const [m] = await t.db.select().from(forumMemberships).where(eq(forumMemberships.personName, 'María Ministra'));
    expect((await postForm(app, `/memberships/${m!.id}/end`, { endDate: '2026-06-30', reason: '' }, secretariat)).status).toBe(422);
    expect((await postForm(app, `/memberships/${m!.id}/end`, { endDate: '2025-06-30', reason: 'Antes del inicio' }, secretariat)).status).toBe(409);
    expect((await postForm(app, `/memberships/${m!.id}/end`, { endDate: '2026-06-30', reason: 'x' }, otherSecretariat)).status).toBe(403);
    expect((await postForm(app, `/memberships/${m!.id}/end`, { endDate: '2026-06-30', reason: 'Dejó el Ministerio' }, secretariat)).status).toBe(303);
    expect((await postForm(app, `/memberships/${m!.id}/end`, { endDate: '2026-07-30', reason: 'Otra vez' }, secretariat)).status).toBe(409);
    const page = await (await getAs(app, `/forums/${forumId}`, null)).text();
    expect(page).toMatch(/María Ministra \(Titular\)[^<]*—/);
    expect(page).toContain('(Dejó el Ministerio)');
    const api = await (await app.request(`/api/v1/forums/${forumId}`)).json();
    expect(api.pastMemberships).toEqual([expect.objectContaining({ personName: 'María Ministra', endDate: '2026-06-30', endReason: 'Dejó el Ministerio' })]);
    const [seat] = await seatsOf(governmentSector);
    expect((await postForm(app, `/forums/${forumId}/memberships`, { seatId: String(seat), personName: 'Sucesor', role: 'titular', startDate: '2026-07-01' }, secretariat)).status).toBe(303);
    expect((await t.db.select().from(auditLog).where(eq(auditLog.action, 'membership.end_early'))).length).toBe(1);
  });

  it('a race: many appointments of the same seat and role at once — exactly one is seated', async () => {
    const [, seat] = await seatsOf(governmentSector);
    const attempts = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => appointMember(t.db, 'test', { memberId, seatId: seat!, personName: `Persona ${i}`, organisationId: null, institutionId: null, role: 'titular', startDate: `2026-0${(i % 9) + 1}-01`, endDate: null })),
    );
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    for (const a of attempts) if (a.status === 'rejected') expect((a.reason as CompositionError).code).toBe('overlap');
    expect((await t.db.select().from(forumMemberships).where(and(eq(forumMemberships.seatId, seat!), eq(forumMemberships.role, 'titular')))).length).toBe(1);
    expect(await t.db.select().from(organisations).where(eq(organisations.id, foreignOrganisation))).toHaveLength(1);
  });
});
