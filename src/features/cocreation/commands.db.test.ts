import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionPlans, auditLog, commitments, draftCommitments, milestones, outbox, proposals, proposalVotes } from '../../db/schema/index.js';
import {
  approveDraftsIntoPlan,
  CocreationError,
  commentOnDraft,
  confirmProposal,
  createDraft,
  createProcess,
  groupDuplicate,
  hideProposal,
  publishCalendar,
  publishResponses,
  RATE_LIMIT_PER_HOUR,
  reviseDraft,
  submitProposal,
  voteForProposal,
  writeResponses,
  type ProposalInput,
} from './commands.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { createPlan } from '../../../tests/support/factories.js';
import { createUser } from '../../../tests/support/auth.js';
import { dayOf, draftFields, publishedProcess, sixPhases } from '../../../tests/support/cocreation.js';

let t: TestDatabase;
let memberId: number;
let sec: number;
const START = '2027-01-01';
const IN_CALL = dayOf(START, 12);
const IN_CONSULTATION = dayOf(START, 42);
const url = (x: string | number) => `http://x/${x}`;

function proposal(processId: number, over: Partial<ProposalInput> = {}): ProposalInput {
  return {
    processId,
    title: 'Compras abiertas',
    problem: 'No se publican.',
    idea: 'Publicarlas.',
    theme: 'Transparencia',
    ogpValue: 'access_to_information',
    organisation: null,
    locale: 'es',
    author: { kind: 'account', userId: sec, name: 'Ana' },
    sourceKey: `k-${Math.random()}`,
    ...over,
  };
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (e instanceof CocreationError) return e.code;
    throw e;
  }
}

beforeAll(async () => {
  t = await testDatabase();
  const plan = await createPlan(t.db);
  memberId = plan.memberId;
  sec = (await createUser(t.db, { grants: [{ role: 'secretariat', memberId }] })).id;
});
afterAll(() => t.dispose());

describe('the calendar', () => {
  it('is published only before the first phase starts, once, and only with phases', async () => {
    const base = { memberId, planNumber: 9, title: { es: 'P' }, description: {}, voteMode: 'none' as const };
    const empty = await createProcess(t.db, { userId: sec }, { ...base, phases: [] }, dayOf(START, -5));
    expect(await code(publishCalendar(t.db, { userId: sec }, empty.id, dayOf(START, -5)))).toBe('no_phases');
    const p = await createProcess(t.db, { userId: sec }, { ...base, phases: sixPhases(START) }, dayOf(START, -5));
    expect(await code(publishCalendar(t.db, { userId: sec }, p.id, dayOf(START, 0)))).toBe('calendar_too_late');
    expect(await code(publishCalendar(t.db, { userId: sec }, p.id, dayOf(START, -1)))).toBe('ok');
    expect(await code(publishCalendar(t.db, { userId: sec }, p.id, dayOf(START, -1)))).toBe('calendar_published');
  });
});

describe('proposals', () => {
  it('are taken only during the call, confirmed by a link when sent with an e-mail, rate-limited', async () => {
    const pid = await publishedProcess(t.db, memberId, sec, START, { planNumber: 10 });
    expect(await code(submitProposal(t.db, proposal(pid), dayOf(START, 1), url))).toBe('phase_closed');
    let link = '';
    const r = await submitProposal(t.db, proposal(pid, { author: { kind: 'email', name: 'Eva', email: 'Eva@Example.org' } }), IN_CALL, (tok) => (link = tok));
    expect(r.needsConfirmation).toBe(true);
    const mail = await t.db.select().from(outbox).where(eq(outbox.to, 'eva@example.org'));
    expect(mail).toHaveLength(1);
    expect(mail[0]!.text).toContain(link);
    const before = (await t.db.select().from(proposals).where(eq(proposals.id, r.id)))[0]!;
    expect(before.confirmedAt).toBeNull();
    expect(await code(confirmProposal(t.db, 'wrong-token', IN_CALL))).toBe('not_found');
    await confirmProposal(t.db, link, IN_CALL);
    expect(await code(confirmProposal(t.db, link, IN_CALL))).toBe('not_found');
    // Rate limit by source.
    for (let i = 0; i < RATE_LIMIT_PER_HOUR; i += 1) await submitProposal(t.db, proposal(pid, { sourceKey: 'same' }), IN_CALL, url);
    expect(await code(submitProposal(t.db, proposal(pid, { sourceKey: 'same' }), IN_CALL, url))).toBe('rate_limited');
    expect(await code(submitProposal(t.db, proposal(pid, { sourceKey: 'same' }), new Date(IN_CALL.getTime() + 3601_000), url))).toBe('ok');
  });

  it('are hidden with a public reason once, and grouped as duplicates one level deep', async () => {
    const pid = await publishedProcess(t.db, memberId, sec, START, { planNumber: 11 });
    const a = await submitProposal(t.db, proposal(pid), IN_CALL, url);
    const b = await submitProposal(t.db, proposal(pid), IN_CALL, url);
    const c = await submitProposal(t.db, proposal(pid), IN_CALL, url);
    await hideProposal(t.db, { userId: sec }, a.id, { es: 'Spam', en: 'Spam' }, IN_CALL);
    expect(await code(hideProposal(t.db, { userId: sec }, a.id, { es: 'x' }, IN_CALL))).toBe('already_hidden');
    await groupDuplicate(t.db, { userId: sec }, c.id, b.id);
    await groupDuplicate(t.db, { userId: sec }, b.id, a.id);
    const rows = await t.db.select().from(proposals).where(eq(proposals.processId, pid)).orderBy(proposals.id);
    expect(rows.map((r) => r.duplicateOfId)).toEqual([null, a.id, a.id]);
    expect(await code(groupDuplicate(t.db, { userId: sec }, a.id, c.id))).toBe('self_duplicate');
  });

  it('take one prioritisation vote per organisation, enforced by the database', async () => {
    const pid = await publishedProcess(t.db, memberId, sec, START, { planNumber: 12, voteMode: 'organisation' });
    const a = await submitProposal(t.db, proposal(pid), IN_CALL, url);
    const u1 = await createUser(t.db);
    const u2 = await createUser(t.db);
    expect((await voteForProposal(t.db, { userId: u1.id, organisation: 'Red Ciudadana' }, a.id, IN_CALL)).counted).toBe(true);
    expect((await voteForProposal(t.db, { userId: u2.id, organisation: '  red ciudadana ' }, a.id, IN_CALL)).counted).toBe(false);
    expect((await voteForProposal(t.db, { userId: u2.id, organisation: 'Otra' }, a.id, IN_CALL)).counted).toBe(true);
    await expect(t.db.insert(proposalVotes).values({ proposalId: a.id, userId: u2.id, voterKey: 'org:otra' })).rejects.toThrow();
  });
});

describe('reasoned responses', () => {
  it('answer 500 proposals at once, none skipped, and publish them together', async () => {
    const pid = await publishedProcess(t.db, memberId, sec, START, { planNumber: 13 });
    const ids: number[] = [];
    const rows = Array.from({ length: 500 }, (_, i) => ({
      processId: pid,
      title: `P${i}`,
      problem: 'x',
      idea: 'y',
      theme: 'z',
      ogpValue: 'civic_participation' as const,
      authorName: 'N',
      authorEmail: `p${i}@example.org`,
      confirmedAt: IN_CALL,
    }));
    for (const r of await t.db.insert(proposals).values(rows).returning({ id: proposals.id })) ids.push(r.id);
    const out = await writeResponses(t.db, { userId: sec }, pid, ids, { state: 'out_of_scope', reason: { es: 'Fuera del plan', en: 'Outside the plan' }, draftId: null, mergedWithId: null }, IN_CALL);
    expect(out.answered).toEqual([...ids].sort((a, b) => a - b));
    const left = await t.db.select({ id: proposals.id }).from(proposals).where(and(eq(proposals.processId, pid), isNull(proposals.responseState)));
    expect(left).toHaveLength(0);
    const pub = await publishResponses(t.db, { userId: sec }, pid, IN_CALL, url);
    expect(pub.published).toHaveLength(500);
    // Publishing again publishes nothing; rewriting a published response is refused and changes none.
    expect((await publishResponses(t.db, { userId: sec }, pid, IN_CALL, url)).published).toHaveLength(0);
    expect(await code(writeResponses(t.db, { userId: sec }, pid, ids.slice(0, 3), { state: 'not_incorporated', reason: { es: 'r' }, draftId: null, mergedWithId: null }, IN_CALL))).toBe('already_published');
    const mails = await t.db.select().from(outbox).where(eq(outbox.subject, 'Su propuesta tiene respuesta'));
    expect(mails.length).toBeGreaterThanOrEqual(500);
  });

  it('refuses the whole group when one proposal is of another process or missing', async () => {
    const pid = await publishedProcess(t.db, memberId, sec, START, { planNumber: 14 });
    const other = await publishedProcess(t.db, memberId, sec, START, { planNumber: 15 });
    const a = await submitProposal(t.db, proposal(pid), IN_CALL, url);
    const b = await submitProposal(t.db, proposal(other), IN_CALL, url);
    const r = { state: 'not_incorporated' as const, reason: { es: 'r' }, draftId: null, mergedWithId: null };
    expect(await code(writeResponses(t.db, { userId: sec }, pid, [a.id, b.id], r, IN_CALL))).toBe('wrong_process');
    expect(await code(writeResponses(t.db, { userId: sec }, pid, [a.id, 99_999_999], r, IN_CALL))).toBe('not_found');
    expect((await t.db.select().from(proposals).where(eq(proposals.id, a.id)))[0]!.responseState).toBeNull();
    // "incorporated" needs a draft of this process; "merged" another proposal of it.
    expect(await code(writeResponses(t.db, { userId: sec }, pid, [a.id], { ...r, state: 'incorporated' }, IN_CALL))).toBe('wrong_process');
    expect(await code(writeResponses(t.db, { userId: sec }, pid, [a.id], { ...r, state: 'merged', mergedWithId: a.id }, IN_CALL))).toBe('wrong_process');
  });
});

describe('drafts, consultation and approval', () => {
  it('comments lead to a new version, the commenter is told, and approval makes the plan with no retyping', async () => {
    const pid = await publishedProcess(t.db, memberId, sec, START, { planNumber: 6 });
    const p = await submitProposal(t.db, proposal(pid), IN_CALL, url);
    const d = await createDraft(t.db, { userId: sec }, { processId: pid, workingTableId: null, fields: draftFields(), changeNote: { es: 'Primera versión' } }, IN_CALL);
    await writeResponses(t.db, { userId: sec }, pid, [p.id], { state: 'incorporated', reason: { es: 'Se incorpora' }, draftId: d.id, mergedWithId: null }, IN_CALL);
    expect(await code(commentOnDraft(t.db, { draftId: d.id, field: 'problem', body: 'Falta el municipio', author: { kind: 'email', name: 'Eva', email: 'eva2@example.org' }, locale: 'es', sourceKey: 's' }, IN_CALL, url))).toBe('phase_closed');
    let token = '';
    const c = await commentOnDraft(t.db, { draftId: d.id, field: 'problem', body: 'Falta el nivel municipal', author: { kind: 'email', name: 'Eva', email: 'eva2@example.org' }, locale: 'es', sourceKey: 's' }, IN_CONSULTATION, (x) => (token = x));
    const { confirmComment } = await import('./commands.js');
    await confirmComment(t.db, token, IN_CONSULTATION);
    const rev = await reviseDraft(
      t.db,
      { userId: sec },
      { draftId: d.id, expectedVersion: 1, fields: draftFields({ problem: { es: 'Las compras públicas municipales no se publican en formato abierto.' } }), changeNote: { es: 'Se agrega el nivel municipal' }, commentIds: [c.id] },
      IN_CONSULTATION,
      url,
    );
    expect(rev).toEqual({ version: 2, notified: 1 });
    expect(await code(reviseDraft(t.db, { userId: sec }, { draftId: d.id, expectedVersion: 1, fields: draftFields(), changeNote: {}, commentIds: [] }, IN_CONSULTATION, url))).toBe('stale_version');
    expect((await t.db.select().from(outbox).where(eq(outbox.subject, 'Su comentario llevó a un cambio'))).map((m) => m.to)).toEqual(['eva2@example.org']);

    const approved = await approveDraftsIntoPlan(t.db, { userId: sec }, { processId: pid, draftIds: [d.id], title: { es: 'Quinto Plan', en: 'Fifth Plan' }, startMonth: '2027-09', endMonth: '2029-08' }, dayOf(START, 55));
    const plan = (await t.db.select().from(actionPlans).where(eq(actionPlans.id, approved.planId)))[0]!;
    expect(plan.phase).toBe('implementation');
    expect(plan.number).toBe(6);
    const cs = await t.db.select().from(commitments).where(eq(commitments.planId, plan.id));
    expect(cs).toHaveLength(1);
    expect(cs[0]!.problem.es).toContain('municipales');
    expect((await t.db.select().from(milestones).where(eq(milestones.commitmentId, cs[0]!.id))).map((m) => m.plannedEnd)).toEqual(['2027-12', '2028-06']);
    expect((await t.db.select().from(draftCommitments).where(eq(draftCommitments.id, d.id)))[0]!.commitmentId).toBe(cs[0]!.id);
    expect((await t.db.select().from(auditLog).where(eq(auditLog.action, 'cocreation.approve'))).length).toBe(1);
    expect(await code(approveDraftsIntoPlan(t.db, { userId: sec }, { processId: pid, draftIds: [d.id], title: {}, startMonth: '2027-09', endMonth: '2029-08' }, dayOf(START, 56)))).toBe('already_approved');
    // A revision after approval is refused.
    expect(await code(reviseDraft(t.db, { userId: sec }, { draftId: d.id, expectedVersion: 2, fields: draftFields(), changeNote: {}, commentIds: [] }, IN_CONSULTATION, url))).toBe('stale_version');
  });
});
