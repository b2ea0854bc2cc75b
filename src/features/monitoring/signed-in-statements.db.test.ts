import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app.js';
import { users } from '../../db/schema/index.js';
import { createSession } from '../accounts/sessions.js';
import { importParsedCommitments } from '../ingest/commands.js';
import { createPlan, NOW, parsedCommitment, parseResult } from '../../../tests/support/factories.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { getAs, signedInUser, type SignedIn } from '../../../tests/support/auth.js';
import { statementCounter } from '../../../tests/support/statements.js';
import { closePeriod, createProgressUpdate, openPeriod, returnProgressUpdate, setFollow, verifyProgressUpdate } from './commands.js';

/**
 * Issue 10, signed-in pages: what a signed-in request costs in statements, so that it cannot creep
 * back. The session (with the person's roles and unread notices) is one statement; "My work" and the
 * verification queue are one more each, however many reports, notices and followed commitments
 * there are — and still show each report with its commitment and milestone numbers.
 */
let t: TestDatabase;
let app: App;
let counter: ReturnType<typeof statementCounter>;
let contact: SignedIn;
let secretariat: SignedIn;
let otherSecretariat: SignedIn;
let milestones: { id: number; commitmentId: number; number: number; commitmentNumber: string }[] = [];
let otherMilestoneId: number;
let otherCommitmentId: number;
let planId: number;
let otherPlanId: number;

const report = (authorId: number, milestoneId: number, submit: boolean, link?: string) =>
  createProgressUpdate(t.db, { milestoneId, authorId, status: 'limited', narrative: 'Avance del periodo.', asOf: '2026-11-01', periodId: null, locale: 'es', evidence: { files: [], links: link ? [link] : [] }, submit, now: NOW });

beforeAll(async () => {
  t = await testDatabase();
  app = createApp({ db: t.db, now: () => NOW });
  const plan = await createPlan(t.db);
  planId = plan.id;
  const outcome = await importParsedCommitments(t.db, {
    planId: plan.id,
    parsed: parseResult(parsedCommitment({ number: 4 }), parsedCommitment({ number: 5, title: 'Datos abiertos' }), parsedCommitment({ number: 6, title: 'Compras públicas' })),
    source: { name: 'a.txt', format: 'text', content: 'x' },
    actor: 'test',
    dryRun: false,
    now: NOW,
  });
  for (const c of outcome.commitments) for (const m of c.milestones) milestones.push({ id: m.id, commitmentId: c.id, number: m.number, commitmentNumber: c.number });
  const lead = outcome.commitments[0]!.leadInstitution!.id;
  contact = await signedInUser(t.db, [{ role: 'institution_contact', memberId: plan.memberId, institutionId: lead }], NOW);
  secretariat = await signedInUser(t.db, [{ role: 'secretariat', memberId: plan.memberId }], NOW);
  // Another member's plan, its secretariat and a report waiting there: never in the first queue.
  const other = await createPlan(t.db, { code: 'UY', number: 1 });
  otherPlanId = other.id;
  const otherOutcome = await importParsedCommitments(t.db, { planId: other.id, parsed: parseResult(parsedCommitment({ number: 1, title: 'Uruguay abierto' })), source: { name: 'b.txt', format: 'text', content: 'y' }, actor: 'test', dryRun: false, now: NOW });
  otherMilestoneId = otherOutcome.commitments[0]!.milestones[0]!.id;
  otherCommitmentId = otherOutcome.commitments[0]!.id;
  otherSecretariat = await signedInUser(t.db, [{ role: 'secretariat', memberId: other.memberId }], NOW);
  const otherContact = await signedInUser(t.db, [{ role: 'institution_contact', memberId: other.memberId, institutionId: otherOutcome.commitments[0]!.leadInstitution!.id }], NOW);
  await report(otherContact.userId, otherMilestoneId, true);
  await openPeriod(t.db, { planId: plan.id, name: 'Primer semestre', locale: 'es', deadline: '2026-12-15', actorId: secretariat.userId, now: NOW });
  counter = statementCounter(t.db);
});
afterAll(async () => {
  counter?.restore();
  await t?.dispose();
});

/** Statements sent by one GET, and its answer. */
async function measured(path: string, who: SignedIn | null) {
  let res!: Response;
  let html = '';
  const n = await counter.count(async () => {
    res = await getAs(app, path, who);
    html = await res.text();
  });
  return { n, res, html };
}

describe('statements per signed-in request (issue 10)', () => {
  it('the session, its roles and the unread notices are one statement; nobody signed in costs none', async () => {
    const page = await measured('/password/forgot', contact);
    expect(page.res.status).toBe(200);
    expect(page.n).toBe(1);
    expect(page.res.headers.get('cache-control')).toBe('private, no-store');
    expect(page.html).toContain('/logout');
    const anonymous = await measured('/password/forgot', null);
    expect(anonymous.n).toBe(0);
    expect(anonymous.html).not.toContain('/logout');
  });

  it('an expired session or a disabled account is not signed in, and still costs one statement', async () => {
    const expired = await createSession(t.db, contact.userId, new Date(NOW.getTime() - 31 * 24 * 60 * 60 * 1000));
    const old = await measured('/work', { userId: contact.userId, csrf: '', cookie: `sid=${expired.token}`, headers: {} });
    expect(old.n).toBe(1);
    expect(old.res.status).toBe(303);
    expect(old.res.headers.get('location')).toBe('/login?next=%2Fwork');
    const someone = await signedInUser(t.db, [{ role: 'secretariat', memberId: null }], NOW);
    await t.db.update(users).set({ disabledAt: NOW }).where(eq(users.id, someone.userId));
    const disabled = await measured('/verification', someone);
    expect(disabled.n).toBe(1);
    expect(disabled.res.status).toBe(303);
  });

  it('"My work" is two statements however much work there is, and names every report by its numbers', async () => {
    const empty = await measured('/work', contact);
    expect(empty.res.status).toBe(200);
    expect(empty.n).toBe(2);
    // Reports in every state, notices, follows.
    const [a, b, c, d] = [milestones[0]!, milestones[4]!, milestones[7]!, milestones[2]!];
    await report(contact.userId, a.id, false);
    const returned = await report(contact.userId, b.id, true);
    await returnProgressUpdate(t.db, { updateId: returned.id, actorId: secretariat.userId, reason: 'Falta el acta.', now: NOW });
    const verified = await report(contact.userId, c.id, true, 'https://datos.example.org/acta');
    await verifyProgressUpdate(t.db, { updateId: verified.id, actorId: secretariat.userId, now: NOW });
    await report(contact.userId, d.id, true, 'https://datos.example.org/pendiente');
    await setFollow(t.db, { userId: contact.userId, commitmentId: b.commitmentId, follow: true, now: NOW });
    const full = await measured('/work', contact);
    expect(full.res.status).toBe(200);
    expect(full.n).toBe(2);
    expect(full.res.headers.get('cache-control')).toBe('private, no-store');
    // Drafts and returned reports, each with its commitment and milestone number (was one query per report).
    for (const m of [a, b]) expect(full.html).toContain(`/updates/`), expect(full.html).toContain(`Compromiso n° ${m.commitmentNumber} · Meta ${m.number}`);
    expect(full.html).toContain('Falta el acta.');
    // Submitted and verified ones link to their commitment.
    for (const m of [c, d]) expect(full.html).toContain(`<a href="/commitments/${m.commitmentId}">Compromiso n° ${m.commitmentNumber}</a> · Meta ${m.number}`);
    // The milestones of the contact's institution in its member only, each with the report link.
    expect(full.html).toContain(`/commitments/${a.commitmentId}/milestones/${a.number}/updates/new`);
    for (const m of milestones) expect(full.html).toContain(`/commitments/${m.commitmentId}/milestones/${m.number}/updates/new`);
    expect(full.html).not.toContain(`/commitments/${otherCommitmentId}/milestones/`);
    // Notices (returned, verified) are listed, and the unread count is in the navigation.
    expect(full.html).toMatch(/avisos? sin leer/);
  });

  it('the secretariat\'s work is two statements, with its plans and their pending counts', async () => {
    const page = await measured('/work', secretariat);
    expect(page.res.status).toBe(200);
    expect(page.n).toBe(2);
    expect(page.html).toContain(`/plans/${planId}/`);
    expect(page.html).not.toContain(`/plans/${otherPlanId}/`);
  });

  it('the verification queue is two statements, with the evidence of each report, and only the member\'s own', async () => {
    const before = await measured('/verification', secretariat);
    expect(before.n).toBe(2);
    for (const m of milestones.slice(8, 12)) await report(contact.userId, m.id, true, `https://datos.example.org/m${m.id}`);
    const page = await measured('/verification', secretariat);
    expect(page.res.status).toBe(200);
    expect(page.n).toBe(2);
    expect(page.res.headers.get('cache-control')).toBe('private, no-store');
    for (const m of milestones.slice(8, 12)) {
      expect(page.html).toContain(`https://datos.example.org/m${m.id}`);
      expect(page.html).toContain(`/commitments/${m.commitmentId}#milestone-${m.number}`);
    }
    expect(page.html).toContain('https://datos.example.org/pendiente');
    expect(page.html).not.toContain(`/commitments/${otherCommitmentId}#milestone-1`);
    const other = await measured('/verification', otherSecretariat);
    expect(other.n).toBe(2);
    expect(other.html).toContain(`/commitments/${otherCommitmentId}#milestone-1`);
    expect(other.html).not.toContain('datos.example.org');
    // Not the secretariat: refused, after the session's one statement.
    const refused = await measured('/verification', contact);
    expect(refused.res.status).toBe(403);
    expect(refused.n).toBe(1);
  });

  it('the reporting periods page is two statements: the member\'s periods, open and closed, and its plans that are not closed', async () => {
    const closed = await openPeriod(t.db, { planId, name: 'Periodo cerrado', locale: 'es', deadline: '2026-06-30', actorId: secretariat.userId, now: NOW });
    await closePeriod(t.db, { periodId: closed.id, actorId: secretariat.userId, now: NOW });
    await openPeriod(t.db, { planId: otherPlanId, name: 'Periodo de Uruguay', locale: 'es', deadline: '2026-12-01', actorId: otherSecretariat.userId, now: NOW });
    const page = await measured('/periods', secretariat);
    expect(page.res.status).toBe(200);
    expect(page.n).toBe(2);
    expect(page.html).toContain('Primer semestre');
    expect(page.html).toContain('Periodo cerrado');
    expect(page.html.indexOf('Primer semestre')).toBeLessThan(page.html.indexOf('Periodo cerrado'));
    expect(page.html).not.toContain('Periodo de Uruguay');
    expect(page.html).toContain(`<option value="${planId}"`);
    expect(page.html).not.toContain(`<option value="${otherPlanId}"`);
    expect((await measured('/periods', contact)).res.status).toBe(403);
  });

  it('the report form and the edit form of a draft are at most two statements', async () => {
    const m = milestones[1]!;
    const form = await measured(`/commitments/${m.commitmentId}/milestones/${m.number}/updates/new`, contact);
    expect(form.res.status).toBe(200);
    expect(form.html).toContain('Primer semestre');
    expect(form.n).toBeLessThanOrEqual(2);
    const draft = await report(contact.userId, m.id, false, 'https://datos.example.org/borrador');
    const edit = await measured(`/updates/${draft.id}/edit`, contact);
    expect(edit.res.status).toBe(200);
    expect(edit.html).toContain('https://datos.example.org/borrador');
    expect(edit.html).toContain('Primer semestre');
    expect(edit.n).toBeLessThanOrEqual(2);
    // Someone else's draft: refused.
    expect((await measured(`/updates/${draft.id}/edit`, secretariat)).res.status).toBe(403);
  });
});
