import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, callApplications, organisations, outbox } from '../../db/schema/index.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { createUser } from '../../../tests/support/auth.js';
import { ensureMember } from '../plans/commands.js';
import { createForum, registerOrganisation } from '../forum/commands.js';
import { answerRequest, callPhase, closeCall, confirmApplication, createCall, decideApplication, OpenCallError, publishCall, submitApplication, updateCall, type Links } from './commands.js';
import { callCounts } from './queries.js';
import type { ApplicationForm } from './schemas.js';

const NOW = new Date('2026-11-23T12:00:00Z');
const links: Links = { confirm: (t) => `https://abierto.example/applications/confirm/${t}`, access: (t) => `https://abierto.example/applications/private/${t}`, application: (id) => `https://abierto.example/applications/${id}` };
let t: TestDatabase;
let memberId: number;
let forumId: number;
let secretaries: { userId: number; name: string }[];
let applicant: { id: number; email: string };

const form = (over: Partial<ApplicationForm> = {}): ApplicationForm => ({
  organisationName: 'Fundación Datos',
  kind: 'civil_society',
  region: 'Valparaíso',
  organisationWebsite: 'https://datos.example',
  mission: 'Datos abiertos',
  focusAreas: ['transparencia'],
  legalRepresentative: 'Lucía Legal',
  representativeName: 'Rosa Representante',
  representativeEmail: 'rosa@example.org',
  experience: 'Diez años',
  motivation: 'Participar',
  contribution: 'Análisis',
  regionalPresence: 'Cinco regiones',
  ...over,
});

async function openCall(over: { opensOn?: string; closesOn?: string; kinds?: string[] } = {}) {
  const actor = { userId: secretaries[0]!.userId };
  const { id } = await createCall(t.db, actor, { forumId, title: { es: 'Convocatoria 2027' }, eligibility: { es: 'Organizaciones con personalidad jurídica' }, opensOn: over.opensOn ?? '2026-11-01', closesOn: over.closesOn ?? '2026-12-31', kinds: over.kinds ?? ['civil_society', 'academia'] }, NOW);
  await publishCall(t.db, actor, id, NOW);
  return id;
}

let sourceCounter = 0;
const apply = (callId: number, over: Partial<ApplicationForm> = {}, who: { kind: 'account'; userId: number } | { kind: 'email'; email: string } = { kind: 'account', userId: applicant.id }, sourceKey = `src-${(sourceCounter += 1)}`) =>
  submitApplication(t.db, { callId, form: form(over), files: [], applicant: who, locale: 'es', sourceKey }, NOW, links);

beforeAll(async () => {
  t = await testDatabase();
  const member = await t.db.transaction((tx) => ensureMember(tx, { code: 'CL', name: { es: 'Chile', en: 'Chile' } }, 'test'));
  memberId = member.id;
  forumId = (await createForum(t.db, 'test', { memberId, name: { es: 'Mesa' }, functions: {}, sectors: [{ code: 'civil_society', name: { es: 'Sociedad civil' }, seats: 2, electedBy: 'civil_society' }] })).id;
  secretaries = [];
  for (const name of ['Sara Secretaria', 'Simón Secretario']) {
    const u = await createUser(t.db, { name, grants: [{ role: 'secretariat', memberId }] });
    secretaries.push({ userId: u.id, name });
  }
  applicant = await createUser(t.db, { name: 'Ana Postulante' });
});

afterAll(async () => {
  await t.dispose();
});

describe('a call: draft → open → closed', () => {
  it('is edited only while a draft; opens and closes by its dates, or by hand', async () => {
    const actor = { userId: secretaries[0]!.userId };
    const { id } = await createCall(t.db, actor, { forumId, title: { es: 'Borrador' }, eligibility: {}, opensOn: '2026-12-01', closesOn: '2026-12-15', kinds: ['academia'] }, NOW);
    await updateCall(t.db, actor, id, { title: { es: 'Borrador editado' }, eligibility: {}, opensOn: '2026-11-20', closesOn: '2026-11-22', kinds: ['academia'] }, NOW);
    await publishCall(t.db, actor, id, NOW);
    await expect(updateCall(t.db, actor, id, { title: { es: 'X' }, eligibility: {}, opensOn: '2026-11-20', closesOn: '2026-11-22', kinds: ['academia'] }, NOW)).rejects.toMatchObject({ code: 'not_draft' });
    await expect(publishCall(t.db, actor, id, NOW)).rejects.toMatchObject({ code: 'not_draft' });
    const row = { state: 'open' as const, opensOn: '2026-11-20', closesOn: '2026-11-22' };
    expect(callPhase(row, new Date('2026-11-19T23:59:59Z'))).toBe('upcoming');
    expect(callPhase(row, new Date('2026-11-22T23:59:59Z'))).toBe('open');
    expect(callPhase(row, NOW)).toBe('closed');
    // Closed by its date: nobody applies any more, and nothing is stored.
    await expect(apply(id, { kind: 'academia' })).rejects.toMatchObject({ code: 'not_open' });
    const open = await openCall();
    await closeCall(t.db, actor, open, NOW);
    await expect(closeCall(t.db, actor, open, NOW)).rejects.toMatchObject({ code: 'not_published' });
    await expect(apply(open)).rejects.toMatchObject({ code: 'not_open' });
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.entityId, String(id)));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['open_call.create', 'open_call.update', 'open_call.publish']));
  });

  it('takes only the kinds it names', async () => {
    const id = await openCall({ kinds: ['academia'] });
    await expect(apply(id, { kind: 'private_sector' })).rejects.toMatchObject({ code: 'kind_not_allowed' });
  });
});

describe('applications by e-mail: double opt-in', () => {
  it('stays unconfirmed until the single-use, expiring link is followed; the token is stored hashed', async () => {
    const id = await openCall();
    const r = await apply(id, { organisationName: 'Red Sur' }, { kind: 'email', email: 'Postula@Example.org' });
    expect(r.needsConfirmation).toBe(true);
    const [row] = await t.db.select().from(callApplications).where(eq(callApplications.id, r.id));
    expect(row!.state).toBe('unconfirmed');
    expect(row!.applicantEmail).toBe('postula@example.org');
    const mail = (await t.db.select().from(outbox)).filter((m) => m.to === 'postula@example.org').at(-1)!;
    const token = mail.text.match(/confirm\/([A-Za-z0-9_-]{43})/)![1]!;
    expect(mail.text).toContain('https://abierto.example/applications/confirm/');
    expect(row!.confirmTokenHash).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain(token);
    expect((await callCounts(t.db, id)).received).toBe(0);
    // Expired: refused.
    await expect(confirmApplication(t.db, token, new Date(NOW.getTime() + 49 * 3600_000), links)).rejects.toBeInstanceOf(OpenCallError);
    const ok = await confirmApplication(t.db, token, NOW, links);
    expect(ok.id).toBe(r.id);
    // Single use.
    await expect(confirmApplication(t.db, token, NOW, links)).rejects.toMatchObject({ code: 'not_found' });
    expect((await callCounts(t.db, id)).received).toBe(1);
    const received = (await t.db.select().from(outbox)).filter((m) => m.to === 'postula@example.org').at(-1)!;
    expect(received.text).toContain(`/applications/private/${ok.accessToken}`);
  });

  it('rate limits per address and per e-mail', async () => {
    const id = await openCall();
    for (let i = 0; i < 5; i += 1) await apply(id, { organisationName: `Org ${i}` }, { kind: 'account', userId: applicant.id }, 'same-ip');
    await expect(apply(id, { organisationName: 'Org 6' }, { kind: 'account', userId: applicant.id }, 'same-ip')).rejects.toMatchObject({ code: 'rate_limited' });
    for (let i = 0; i < 5; i += 1) await apply(id, { organisationName: `Mail ${i}` }, { kind: 'email', email: 'flood@example.org' });
    await expect(apply(id, { organisationName: 'Mail 6' }, { kind: 'email', email: 'flood@example.org' })).rejects.toMatchObject({ code: 'rate_limited' });
  });
});

describe('the review', () => {
  it('asks for more information, the applicant answers, then accepts: the organisation joins the network', async () => {
    const id = await openCall();
    const rep = await createUser(t.db, { email: 'rep.norte@example.org', name: 'Rep Norte' });
    const { id: appId } = await apply(id, { organisationName: 'Colectivo Norte', representativeEmail: 'rep.norte@example.org' });
    const secretary = secretaries[0]!;
    await decideApplication(t.db, secretary, { applicationId: appId, decision: 'more_info', reason: '¿Tienen estatutos?' }, NOW, links);
    await expect(decideApplication(t.db, secretary, { applicationId: appId, decision: 'accept', reason: 'x' }, NOW, links)).rejects.toMatchObject({ code: 'already_decided' });
    await answerRequest(t.db, { applicationId: appId, answer: 'Sí, adjuntos', files: [{ name: 'estatutos.pdf', bytes: new TextEncoder().encode('%PDF-1.4 estatutos') }], actor: `user:${applicant.id}`, authorName: 'Ana' }, NOW);
    await expect(answerRequest(t.db, { applicationId: appId, answer: 'otra vez', files: [], actor: `user:${applicant.id}`, authorName: 'Ana' }, NOW)).rejects.toMatchObject({ code: 'wrong_state' });
    const r = await decideApplication(t.db, secretary, { applicationId: appId, decision: 'accept', reason: 'Cumple los requisitos' }, NOW, links);
    const [org] = await t.db.select().from(organisations).where(eq(organisations.id, r.organisationId!));
    expect(org).toMatchObject({ name: 'Colectivo Norte', kind: 'civil_society', region: 'Valparaíso', representativeUserId: rep.id });
    expect(org!.joinedNetworkAt).toEqual(NOW);
    const mails = (await t.db.select().from(outbox)).filter((m) => m.userId === applicant.id);
    expect(mails.some((m) => m.text.includes('Cumple los requisitos') && m.text.includes(`https://abierto.example/applications/${appId}`))).toBe(true);
    expect(await callCounts(t.db, id)).toEqual({ received: 1, accepted: 1, rejected: 0, pending: 0 });
  });

  it('links an accepted application to a registered organisation of the same name, whatever the case', async () => {
    const id = await openCall();
    const existing = await registerOrganisation(t.db, 'test', { memberId, name: 'Observatorio Fiscal', kind: 'civil_society', joinNetwork: false, now: new Date('2026-01-01T00:00:00Z') });
    const { id: appId } = await apply(id, { organisationName: 'OBSERVATORIO FISCAL' });
    const r = await decideApplication(t.db, secretaries[1]!, { applicationId: appId, decision: 'accept', reason: 'Bienvenidos' }, NOW, links);
    expect(r.organisationId).toBe(existing.id);
    const all = await t.db.select().from(organisations).where(eq(organisations.memberId, memberId));
    expect(all.filter((o) => o.name.toLowerCase() === 'observatorio fiscal')).toHaveLength(1);
    expect(all.find((o) => o.id === existing.id)!.joinedNetworkAt).toEqual(NOW);
  });

  it('a rejection stays private but counts; an e-mail applicant gets a fresh private link with the reason', async () => {
    const id = await openCall();
    const r = await apply(id, { organisationName: 'Empresa X', kind: 'academia' }, { kind: 'email', email: 'x@example.org' });
    const token = (await t.db.select().from(outbox)).filter((m) => m.to === 'x@example.org').at(-1)!.text.match(/confirm\/([A-Za-z0-9_-]{43})/)![1]!;
    const { accessToken } = await confirmApplication(t.db, token, NOW, links);
    await decideApplication(t.db, secretaries[0]!, { applicationId: r.id, decision: 'reject', reason: 'No cumple' }, NOW, links);
    const mail = (await t.db.select().from(outbox)).filter((m) => m.to === 'x@example.org').at(-1)!;
    expect(mail.text).toContain('No cumple');
    const fresh = mail.text.match(/private\/([A-Za-z0-9_-]{43})/)![1]!;
    expect(fresh).not.toBe(accessToken);
    expect(await callCounts(t.db, id)).toEqual({ received: 1, accepted: 0, rejected: 1, pending: 0 });
    expect(await t.db.select().from(organisations).where(eq(organisations.name, 'Empresa X'))).toHaveLength(0);
  });
});

describe('race: secretaries deciding the same application at once', () => {
  it('exactly one decision wins; the others are told who decided and when', async () => {
    const id = await openCall();
    for (let round = 0; round < 3; round += 1) {
      const { id: appId } = await apply(id, { organisationName: `Carrera ${round}` });
      const attempts = Array.from({ length: 8 }, (_, i) =>
        decideApplication(t.db, secretaries[i % 2]!, { applicationId: appId, decision: i % 3 === 0 ? 'reject' : i % 3 === 1 ? 'accept' : 'more_info', reason: `decisión ${i}` }, NOW, links),
      );
      const results = await Promise.allSettled(attempts);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(7);
      const [row] = await t.db.select().from(callApplications).where(eq(callApplications.id, appId));
      for (const l of lost) {
        expect(l.reason).toBeInstanceOf(OpenCallError);
        expect(l.reason.code).toBe('already_decided');
        expect(l.reason.decided.state).toBe(row!.state);
        expect(secretaries.map((s) => s.name)).toContain(l.reason.decided.by);
        expect(l.reason.decided.at).toEqual(NOW);
      }
      const audits = await t.db.select().from(auditLog).where(eq(auditLog.entityId, String(appId)));
      expect(audits.filter((a) => a.entityType === 'call_application' && a.action !== 'application.submit')).toHaveLength(1);
      const joined = await t.db.select().from(organisations).where(eq(organisations.name, `Carrera ${round}`));
      expect(joined).toHaveLength(row!.state === 'accepted' ? 1 : 0);
    }
  });
});
