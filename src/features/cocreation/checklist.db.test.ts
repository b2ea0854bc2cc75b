import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documents, files } from '../../db/schema/index.js';
import { loadRequirements, registerEvaluator, runChecklist, type Requirement } from './checklist.js';
import { createProcess, publishCalendar, publishResponses, setPhase, submitProposal, writeResponses } from './commands.js';
import { getProcess } from './queries.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { createPlan } from '../../../tests/support/factories.js';
import { createUser } from '../../../tests/support/auth.js';
import { sixPhases } from '../../../tests/support/cocreation.js';

let t: TestDatabase;
let memberId: number;
let sec: number;
let n = 20;
const reqs = loadRequirements().requirements;
const req = (id: string): Requirement => reqs.find((r) => r.id === id)!;
const d = (iso: string) => new Date(`${iso}T12:00:00Z`);

async function processPublished(startsOn: string, publishedOn: string) {
  n += 1;
  const { id } = await createProcess(t.db, { userId: sec }, { memberId, planNumber: n, title: { es: `P${n}` }, description: {}, voteMode: 'none', phases: sixPhases(startsOn) }, d(publishedOn));
  await publishCalendar(t.db, { userId: sec }, id, d(publishedOn));
  return id;
}

async function outcome(processId: number, id: string, now: Date, r: Requirement = req(id)) {
  const p = (await getProcess(t.db, processId))!;
  const [result] = await runChecklist(t.db, p, now, [r]);
  return result!;
}

beforeAll(async () => {
  t = await testDatabase();
  memberId = (await createPlan(t.db)).memberId;
  sec = (await createUser(t.db, { grants: [{ role: 'secretariat', memberId }] })).id;
});
afterAll(() => t.dispose());

describe('the requirements file', () => {
  it('holds every requirement of the issue with a source URL and quote', () => {
    expect(reqs.map((r) => r.id)).toEqual(['forum_meets_regularly', 'participation_rules_public', 'repository_updated', 'timeline_in_advance', 'input_period_open', 'reasoned_response', 'dialogue_during_implementation']);
    for (const r of reqs) expect(r.source.url).toMatch(/^https:\/\//);
  });
});

describe('each requirement, met and not met, on constructed cases', () => {
  it('meetings: "not applicable, no data source yet" — never met — until an evaluator is plugged in', async () => {
    const p = await processPublished('2027-01-01', '2026-12-01');
    for (const id of ['forum_meets_regularly', 'dialogue_during_implementation']) {
      const r = await outcome(p, id, d('2027-06-01'));
      expect(r.outcome).toBe('not_applicable');
      expect(r.explanation.en).toContain('No data source yet');
    }
    // Pluggable: a (test) evaluator registered under another name answers for a requirement naming it.
    registerEvaluator('test_meetings', async (_ctx, th) => ({ outcome: Number(th.maxMonthsBetweenMeetings) >= 6 ? 'met' : 'not_met', explanation: {}, evidence: [] }));
    const custom = { ...req('forum_meets_regularly'), evaluator: 'test_meetings' };
    expect((await outcome(p, 'x', d('2027-06-01'), custom)).outcome).toBe('met');
    expect((await outcome(p, 'x', d('2027-06-01'), { ...custom, thresholds: { maxMonthsBetweenMeetings: 3 } })).outcome).toBe('not_met');
  });

  it('timeline published in advance: 31 days met, 5 days not met (threshold from the data)', async () => {
    expect((await outcome(await processPublished('2027-01-01', '2026-12-01'), 'timeline_in_advance', d('2027-02-01'))).outcome).toBe('met');
    const late = await processPublished('2027-01-01', '2026-12-27');
    const r = await outcome(late, 'timeline_in_advance', d('2027-02-01'));
    expect(r.outcome).toBe('not_met');
    expect(r.explanation.en).toContain('5 day(s)');
    expect((await outcome(late, 'timeline_in_advance', d('2027-02-01'), { ...req('timeline_in_advance'), thresholds: { minDaysInAdvance: 5 } })).outcome).toBe('met');
  });

  it('input period: open the announced time met; shortened after publication, or too short, not met', async () => {
    // sixPhases: 10-day phases; the requirement file asks 14 days.
    const p = await processPublished('2027-01-01', '2026-12-01');
    expect((await outcome(p, 'input_period_open', d('2027-03-01'))).outcome).toBe('not_met');
    expect((await outcome(p, 'input_period_open', d('2027-03-01'), { ...req('input_period_open'), thresholds: { minDays: 10 } })).outcome).toBe('met');
    await setPhase(t.db, { userId: sec }, p, { kind: 'call_for_proposals', startsOn: '2027-01-11', endsOn: '2027-01-15', whatIsOpen: {} });
    const r = await outcome(p, 'input_period_open', d('2027-03-01'), { ...req('input_period_open'), thresholds: { minDays: 3 } });
    expect(r.outcome).toBe('not_met');
    expect(r.explanation.en).toContain('shortened');
  });

  it('every proposal answered: none received not applicable, one waiting not met, all published met', async () => {
    const p = await processPublished('2027-01-01', '2026-12-01');
    expect((await outcome(p, 'reasoned_response', d('2027-02-01'))).outcome).toBe('not_applicable');
    const a = await submitProposal(t.db, { processId: p, title: 'A', problem: 'p', idea: 'i', theme: 't', ogpValue: 'civic_participation', organisation: null, locale: 'es', author: { kind: 'account', userId: sec, name: 'S' }, sourceKey: 'k' }, d('2027-01-12'), String);
    const waiting = await outcome(p, 'reasoned_response', d('2027-02-01'));
    expect(waiting.outcome).toBe('not_met');
    expect(waiting.evidence).toEqual([{ label: `n° ${a.id}`, href: `/proposals/${a.id}` }]);
    await writeResponses(t.db, { userId: sec }, p, [a.id], { state: 'out_of_scope', reason: { es: 'r' }, draftId: null, mergedWithId: null }, d('2027-01-20'));
    expect((await outcome(p, 'reasoned_response', d('2027-02-01'))).outcome).toBe('not_met');
    await publishResponses(t.db, { userId: sec }, p, d('2027-01-21'), String);
    expect((await outcome(p, 'reasoned_response', d('2027-02-01'))).outcome).toBe('met');
  });

  it('repository twice a year and rules of participation public: from published documents', async () => {
    const p = await processPublished('2027-01-01', '2026-12-01');
    const sha = 'a'.repeat(64);
    await t.db.insert(files).values({ sha256: sha, bytes: new Uint8Array([37, 80, 68, 70]), size: 4, mediaType: 'application/pdf' });
    const doc = (on: string, subjectType: string | null = null) => ({ type: 'other' as const, title: { es: 'Doc' }, documentDate: on, fileSha256: sha, subjectType, publishedAt: d(on) });
    expect((await outcome(p, 'repository_updated', d('2030-01-01'))).outcome).toBe('not_met');
    expect((await outcome(p, 'participation_rules_public', d('2030-01-01'))).outcome).toBe('not_met');
    await t.db.insert(documents).values(doc('2029-03-01'));
    expect((await outcome(p, 'repository_updated', d('2030-01-01'))).outcome).toBe('not_met');
    await t.db.insert(documents).values(doc('2029-09-01', 'forum_rules'));
    const r = await outcome(p, 'repository_updated', d('2030-01-01'));
    expect(r.outcome).toBe('met');
    expect(r.evidence.map((e) => e.label)).toEqual(['2029-03-01', '2029-09-01']);
    expect((await outcome(p, 'participation_rules_public', d('2030-01-01'))).outcome).toBe('met');
    // A year later, nothing new: not met again.
    expect((await outcome(p, 'repository_updated', d('2031-06-01'))).outcome).toBe('not_met');
  });
});
