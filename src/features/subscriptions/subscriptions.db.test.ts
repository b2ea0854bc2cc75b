import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app.js';
import { auditLog, outbox, publicSubscriptions, subscriptionDigests } from '../../db/schema/index.js';
import type { MailTransport } from '../../lib/mail.js';
import { tokenId } from '../accounts/tokens.js';
import { importParsedCommitments } from '../ingest/commands.js';
import { contestMilestone, createProgressUpdate, resolveContestation, verifyProgressUpdate } from '../monitoring/commands.js';
import { digestPeriod, PER_SOURCE_PER_HOUR, runDigests } from './commands.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { createPlan, NOW, parsedCommitment, parseResult } from '../../../tests/support/factories.js';
import { postForm, signedInUser, type SignedIn } from '../../../tests/support/auth.js';

/** Issue 13, item 7: the public follows a commitment, a plan or a member by e-mail, without an account. */
let t: TestDatabase;
let app: App;
let planId: number;
let memberId: number;
let commitmentId: number;
let milestoneIds: number[];
let contact: SignedIn;
let secretariat: SignedIn;
let forum: SignedIn;
const BASE = 'https://abierto.example';
type Sent = { to: string; subject: string; text: string; headers?: Record<string, string> };
const sent: Sent[] = [];
const transport: MailTransport = { send: async (m) => void sent.push({ to: m.to, subject: m.subject, text: m.text, headers: m.headers }) };
let ip = 0;

/** A subscribe POST as the static form sends it: no cookie, no CSRF token, from its own address. */
async function subscribe(fields: Record<string, string>, options: { app?: App; from?: string } = {}) {
  ip += 1;
  const res = await (options.app ?? app).request('/subscriptions', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': options.from ?? `192.0.2.${ip % 250}` },
    body: new URLSearchParams(fields),
  });
  await (options.app ?? app).deps.idle();
  return { status: res.status, html: await res.text() };
}

const confirmLinkTo = (email: string) => {
  const m = [...sent].reverse().find((x) => x.to === email && /\/subscriptions\/confirm\//.test(x.text));
  const found = m ? new RegExp(`${BASE.replace(/\./g, '\\.')}/subscriptions/confirm/([A-Za-z0-9_-]+)`).exec(m.text) : null;
  return found ? found[1]! : null;
};

async function confirm(token: string, a: App = app) {
  return postForm(a, `/subscriptions/confirm/${token}`, {}, null);
}

let reportN = 0;
/** A verified status change on milestone 2 (an event the followers — and the subscribers — hear of). */
async function statusChange(status: 'limited' | 'substantial' | 'complete', now = NOW) {
  reportN += 1;
  const { id } = await createProgressUpdate(t.db, {
    milestoneId: milestoneIds[1]!,
    authorId: contact.userId,
    status,
    narrative: `Avance ${reportN}.`,
    asOf: `2026-0${Math.min(9, reportN)}-01`,
    periodId: null,
    locale: 'es',
    evidence: { files: [], links: [] },
    submit: true,
    now,
  });
  await verifyProgressUpdate(t.db, { updateId: id, actorId: secretariat.userId, now });
}

beforeAll(async () => {
  t = await testDatabase();
  const plan = await createPlan(t.db);
  planId = plan.id;
  memberId = plan.memberId;
  const outcome = await importParsedCommitments(t.db, { planId, parsed: parseResult(parsedCommitment()), source: { name: 'a.txt', format: 'text', content: 'x' }, actor: 'test', dryRun: false, now: NOW });
  const c = outcome.commitments[0]!;
  commitmentId = c.id;
  milestoneIds = c.milestones.map((m) => m.id);
  contact = await signedInUser(t.db, [{ role: 'institution_contact', memberId, institutionId: c.leadInstitution!.id }], NOW);
  secretariat = await signedInUser(t.db, [{ role: 'secretariat', memberId }], NOW);
  forum = await signedInUser(t.db, [{ role: 'forum_member', memberId, seat: 'civil_society' }], NOW);
  app = createApp({ db: t.db, now: () => NOW, publicUrl: BASE, mailTransport: transport, trustProxy: true, pageCacheTtlMs: 60_000 });
});
afterAll(async () => {
  await t?.dispose();
});

describe('public e-mail subscriptions (issue 13, item 7)', () => {
  it('the commitment, plan and member pages carry the same static form for every visitor, and stay cached', async () => {
    for (const path of [`/commitments/${commitmentId}`, `/plans/${planId}`, '/members/CL']) {
      const first = await app.request(path);
      const html = await first.text();
      expect(first.status, path).toBe(200);
      expect(html).toContain('<form method="post" action="/subscriptions"');
      expect(html).not.toContain('name="_csrf"');
      expect(first.headers.get('set-cookie')).toBeNull();
      const again = await app.request(path, { headers: { 'x-forwarded-for': '198.51.100.7' } });
      expect(await again.text()).toBe(html);
    }
  });

  it('without SMTP says that subscriptions need the server’s mail, shows no link and stores nothing', async () => {
    const bare = createApp({ db: t.db, now: () => NOW, publicUrl: BASE, trustProxy: true });
    const r = await subscribe({ target_type: 'commitment', target_id: String(commitmentId), email: 'nadie@example.org', frequency: 'immediate' }, { app: bare });
    expect(r.status).toBe(200);
    expect(r.html).toContain('necesitan que el correo del servidor esté configurado');
    expect(r.html).not.toContain('/subscriptions/confirm/');
    expect(await t.db.select().from(publicSubscriptions)).toEqual([]);
    expect((await t.db.select().from(outbox)).filter((m) => m.to === 'nadie@example.org')).toEqual([]);
  });

  let anaUnsubscribe = '';
  it('double opt-in: inactive until the e-mailed link (hashed, single-use, expiring) is followed', async () => {
    const r = await subscribe({ target_type: 'commitment', target_id: String(commitmentId), email: ' Ana@Example.org ', frequency: 'immediate', website: '' });
    expect(r.status).toBe(200);
    expect(r.html).toContain('le enviamos un correo con un enlace para confirmar');
    expect(r.html).not.toContain('/subscriptions/confirm/');
    const token = confirmLinkTo('ana@example.org');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(r.html).not.toContain(token!);
    const confirmMail = sent.find((m) => m.to === 'ana@example.org')!;
    expect(confirmMail.subject).toBe('Confirme su suscripción a el compromiso 19: Institucionalización de la Alianza');
    expect(confirmMail.text).toContain(`${BASE}/commitments/${commitmentId}`);
    const [row] = await t.db.select().from(publicSubscriptions).where(eq(publicSubscriptions.email, 'ana@example.org'));
    expect(row).toMatchObject({ confirmedAt: null, confirmTokenHash: tokenId(token!), frequency: 'immediate', targetType: 'commitment', targetId: commitmentId });
    expect(JSON.stringify(row)).not.toContain(token!);
    expect(row!.confirmExpiresAt!.getTime() - NOW.getTime()).toBe(48 * 3600_000);
    // The audit names what was followed, never the address.
    expect(JSON.stringify(await t.db.select().from(auditLog))).not.toContain('ana@example.org');

    // Not yet confirmed: an event sends nothing to it.
    const before = sent.length;
    await statusChange('limited');
    await app.deps.flushMail();
    expect(sent.slice(before).filter((m) => m.to === 'ana@example.org')).toEqual([]);

    // The link shows a button (a scanner following it changes nothing); its POST confirms, once.
    const page = await app.request(`/subscriptions/confirm/${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Confirmar la suscripción');
    expect((await t.db.select().from(publicSubscriptions).where(eq(publicSubscriptions.id, row!.id)))[0]!.confirmedAt).toBeNull();
    const ok = await confirm(token!);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('Listo: su suscripción a el compromiso 19');
    const [active] = await t.db.select().from(publicSubscriptions).where(eq(publicSubscriptions.id, row!.id));
    expect(active!.confirmedAt?.toISOString()).toBe(NOW.toISOString());
    expect(active!.confirmTokenHash).toBeNull();
    anaUnsubscribe = active!.unsubscribeToken;
    // Reused token: refused, nothing changes.
    const again = await confirm(token!);
    expect(again.status).toBe(404);
    expect(await again.text()).toContain('ya se usó o venció');
  });

  it('immediate subscribers get the followers’ events, with plan and commitment links and RFC 8058 headers', async () => {
    // Ana also follows the plan: still one e-mail per event.
    await subscribe({ target_type: 'plan', target_id: String(planId), email: 'ana@example.org', frequency: 'immediate' });
    expect((await confirm(confirmLinkTo('ana@example.org')!)).status).toBe(200);
    const before = sent.length;
    await statusChange('substantial');
    await contestMilestone(t.db, { milestoneId: milestoneIds[1]!, authorId: forum.userId, comment: 'No hay actas.', locale: 'es', evidence: { files: [], links: [] }, now: NOW });
    await app.deps.flushMail();
    const mine = sent.slice(before).filter((m) => m.to === 'ana@example.org');
    expect(mine.map((m) => m.subject)).toEqual(['Cambios en el compromiso 19', 'Cambios en el compromiso 19']);
    expect(mine[0]!.text).toContain('el estado cambió de Limitado a Sustancial');
    expect(mine[1]!.text).toContain('No hay actas.');
    for (const m of mine) {
      expect(m.text).toContain(`${BASE}/plans/${planId}`);
      expect(m.text).toContain(`${BASE}/commitments/${commitmentId}`);
      expect(m.text).toContain(`${BASE}/subscriptions/unsubscribe/${anaUnsubscribe}`);
      expect(m.headers).toEqual({ 'List-Unsubscribe': `<${BASE}/subscriptions/unsubscribe/${anaUnsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    }
  });

  it('never reveals whether an address is subscribed: the same answer, and nothing sent to an active one', async () => {
    const fresh = await subscribe({ target_type: 'commitment', target_id: String(commitmentId), email: 'otra@example.org', frequency: 'daily' });
    const before = sent.length;
    const known = await subscribe({ target_type: 'commitment', target_id: String(commitmentId), email: 'ana@example.org', frequency: 'weekly' });
    expect(known.status).toBe(fresh.status);
    expect(known.html).toBe(fresh.html);
    expect(sent.slice(before)).toEqual([]);
    const rows = await t.db.select().from(publicSubscriptions).where(eq(publicSubscriptions.email, 'ana@example.org'));
    expect(rows.every((r) => r.frequency === 'immediate')).toBe(true);
  });

  it('one-click unsubscribe: the GET page has a button; a mail client’s POST (no cookie, no token) ends it', async () => {
    const page = await app.request(`/subscriptions/unsubscribe/${anaUnsubscribe}`);
    expect(await page.text()).toContain('Darme de baja');
    expect(await t.db.select().from(publicSubscriptions).where(eq(publicSubscriptions.unsubscribeToken, anaUnsubscribe))).toHaveLength(1);
    const res = await app.request(`/subscriptions/unsubscribe/${anaUnsubscribe}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('ya no recibirá estos correos');
    expect(await t.db.select().from(publicSubscriptions).where(eq(publicSubscriptions.unsubscribeToken, anaUnsubscribe))).toEqual([]);
    // Only that subscription ended: the plan's stays.
    expect((await t.db.select().from(publicSubscriptions).where(eq(publicSubscriptions.email, 'ana@example.org'))).map((r) => r.targetType)).toEqual(['plan']);
    const twice = await app.request(`/subscriptions/unsubscribe/${anaUnsubscribe}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(twice.status).toBe(404);
  });

  it('refuses hostile or broken input with a clear answer and changes nothing', async () => {
    const count = async () => (await t.db.select().from(publicSubscriptions)).length;
    const n = await count();
    const target = { target_type: 'plan', target_id: String(planId), frequency: 'daily' };
    const bad = await subscribe({ ...target, email: 'not-an-email' });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('Indique una dirección de correo válida');
    expect((await subscribe({ ...target, email: `${'a'.repeat(300)}@example.org` })).status).toBe(422);
    expect((await subscribe({ ...target, email: 'x@example.org', frequency: 'hourly' })).status).toBe(422);
    expect((await subscribe({ ...target, email: 'x@example.org\r\nBcc: y@example.org' })).status).toBe(422);
    expect((await subscribe({ target_type: 'plan', target_id: '999999', email: 'x@example.org', frequency: 'daily' })).status).toBe(404);
    expect((await subscribe({ target_type: 'user', target_id: '1', email: 'x@example.org', frequency: 'daily' })).status).toBe(404);
    expect((await subscribe({ target_type: 'plan', target_id: '1e3', email: 'x@example.org', frequency: 'daily' })).status).toBe(404);
    // The honeypot: the usual answer, and nothing happens.
    const bot = await subscribe({ ...target, email: 'bot@example.org', website: 'http://spam.example' });
    expect(bot.status).toBe(200);
    expect(bot.html).toContain('le enviamos un correo');
    // A huge body.
    const huge = await app.request('/subscriptions', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `email=${'a'.repeat(200_000)}` });
    expect(huge.status).toBe(413);
    // A page of another site may not post the form.
    const cross = await app.request('/subscriptions', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' }, body: new URLSearchParams({ ...target, email: 'victim@example.org' }) });
    expect(cross.status).toBe(403);
    // Bad, unknown and oversized tokens.
    for (const token of ['short', 'A'.repeat(43), 'A'.repeat(500), '..%2F..%2Fadmin']) {
      expect((await confirm(token)).status, token).toBe(404);
      // A token of the right shape: not found; any other shape is not the one-click route at all (the CSRF check refuses it).
      expect([403, 404]).toContain((await app.request(`/subscriptions/unsubscribe/${token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' })).status);
    }
    expect(await count()).toBe(n);
    expect((await t.db.select().from(outbox)).some((m) => ['bot@example.org', 'victim@example.org'].includes(m.to))).toBe(false);
  });

  it('an expired confirmation link does nothing', async () => {
    await subscribe({ target_type: 'plan', target_id: String(planId), email: 'tarde@example.org', frequency: 'weekly' });
    const token = confirmLinkTo('tarde@example.org')!;
    const later = createApp({ db: t.db, now: () => new Date(NOW.getTime() + 49 * 3600_000), publicUrl: BASE, mailTransport: transport });
    expect((await confirm(token, later)).status).toBe(404);
    const [row] = await t.db.select().from(publicSubscriptions).where(eq(publicSubscriptions.email, 'tarde@example.org'));
    expect(row!.confirmedAt).toBeNull();
  });

  it('rate-limits per source address and per e-mail, without telling which addresses exist', async () => {
    const from = '203.0.113.9';
    const statuses: number[] = [];
    for (let i = 0; i < PER_SOURCE_PER_HOUR + 1; i += 1) statuses.push((await subscribe({ target_type: 'plan', target_id: String(planId), email: `r${i}@example.org`, frequency: 'daily' }, { from })).status);
    expect(statuses.slice(0, PER_SOURCE_PER_HOUR).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // One e-mail asked for again and again (from many addresses): the same answer, at most 3 mails.
    const before = sent.length;
    for (let i = 0; i < 6; i += 1) expect((await subscribe({ target_type: 'member', target_id: String(memberId), email: 'flood@example.org', frequency: 'weekly' })).status).toBe(200);
    expect(sent.slice(before).filter((m) => m.to === 'flood@example.org')).toHaveLength(3);
  });

  it('digests: one e-mail per subscription and period with the events since the last one; running twice sends nothing twice', async () => {
    const r = await subscribe({ target_type: 'plan', target_id: String(planId), email: 'diaria@example.org', frequency: 'daily' });
    expect(r.status).toBe(200);
    expect((await confirm(confirmLinkTo('diaria@example.org')!)).status).toBe(200);
    await subscribe({ target_type: 'member', target_id: String(memberId), email: 'semanal@example.org', frequency: 'weekly' });
    expect((await confirm(confirmLinkTo('semanal@example.org')!)).status).toBe(200);
    await statusChange('complete');
    const [open] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'milestone.contest')).orderBy(asc(auditLog.id));
    await resolveContestation(t.db, { contestationId: Number((open!.details as { contestationId: number }).contestationId), actorId: secretariat.userId, outcome: 'dismissed', reason: 'Hay actas.', now: NOW });

    const [a, b] = await Promise.all([runDigests(t.db, NOW), runDigests(t.db, NOW)]);
    expect(a.sent + b.sent).toBe(2);
    expect((await runDigests(t.db, NOW)).sent).toBe(0);
    const digests = (await t.db.select().from(outbox).orderBy(asc(outbox.id))).filter((m) => m.meta.kind === 'subscription_digest');
    expect(digests.map((m) => m.to).sort()).toEqual(['diaria@example.org', 'semanal@example.org']);
    const daily = digests.find((m) => m.to === 'diaria@example.org')!;
    expect(daily.subject).toBe('Resumen diario: novedades de el plan de acción «Tercer Plan»');
    expect(daily.text).toContain('Hubo 2 novedades');
    expect(daily.text).toContain('Completo');
    expect(daily.text).toContain('desestimada');
    const recorded = await t.db.select().from(subscriptionDigests).orderBy(asc(subscriptionDigests.id));
    expect(recorded.map((d) => d.period).sort()).toEqual([digestPeriod('daily', NOW), digestPeriod('weekly', NOW)].sort());

    // A new event the same day waits for the next daily period; the weekly one waits for next week.
    await statusChange('limited');
    expect((await runDigests(t.db, NOW)).sent).toBe(0);
    const tomorrow = new Date(NOW.getTime() + 86_400_000);
    expect((await runDigests(t.db, tomorrow)).sent).toBe(1);
    expect((await runDigests(t.db, tomorrow)).sent).toBe(0);
    const nextWeek = new Date(NOW.getTime() + 7 * 86_400_000);
    const week = await runDigests(t.db, nextWeek);
    expect(week.sent).toBe(1);
    // Unconfirmed subscriptions whose link expired are deleted by the digest run.
    expect(week.pruned).toBeGreaterThan(0);
    expect((await t.db.select().from(publicSubscriptions)).every((s) => s.confirmedAt !== null)).toBe(true);
    const all = (await t.db.select().from(outbox)).filter((m) => m.meta.kind === 'subscription_digest');
    expect(all).toHaveLength(4);
    // Every digest carries its unsubscribe link; the e-mail gets the one-click headers.
    sent.length = 0;
    await app.deps.flushMail();
    const mailed = sent.filter((m) => m.to === 'diaria@example.org');
    expect(mailed.length).toBe(2);
    for (const m of mailed) {
      expect(m.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
      expect(m.text).toContain(`${BASE}/plans/${planId}`);
    }
  });
});
