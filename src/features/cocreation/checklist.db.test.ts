import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { cocreationProcesses, documents, files, forums, meetings } from '../../db/schema/index.js';
import { createForum } from '../forum/commands.js';
import { createMeeting, recordAttendance } from '../meetings/commands.js';
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
  it('meetings: a member without a forum is not met (never "met" without data); evaluators are pluggable', async () => {
    const p = await processPublished('2027-01-01', '2026-12-01');
    const r = await outcome(p, 'forum_meets_regularly', d('2027-06-01'));
    expect(r.outcome).toBe('not_met');
    expect(r.explanation.en).toContain('no forum');
    // No plan approved yet: no implementation period to look at.
    expect((await outcome(p, 'dialogue_during_implementation', d('2027-06-01'))).outcome).toBe('not_applicable');
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

  it('repository twice a year: from published documents', async () => {
    const p = await processPublished('2027-01-01', '2026-12-01');
    const sha = 'a'.repeat(64);
    await t.db.insert(files).values({ sha256: sha, bytes: new Uint8Array([37, 80, 68, 70]), size: 4, mediaType: 'application/pdf' });
    const doc = (on: string, subjectType: string | null = null) => ({ type: 'other' as const, title: { es: 'Doc' }, documentDate: on, fileSha256: sha, subjectType, publishedAt: d(on) });
    expect((await outcome(p, 'repository_updated', d('2030-01-01'))).outcome).toBe('not_met');
    await t.db.insert(documents).values(doc('2029-03-01'));
    expect((await outcome(p, 'repository_updated', d('2030-01-01'))).outcome).toBe('not_met');
    await t.db.insert(documents).values(doc('2029-09-01', 'forum_rules'));
    const r = await outcome(p, 'repository_updated', d('2030-01-01'));
    expect(r.outcome).toBe('met');
    expect(r.evidence.map((e) => e.label)).toEqual(['2029-03-01', '2029-09-01']);
    // A year later, nothing new: not met again.
    expect((await outcome(p, 'repository_updated', d('2031-06-01'))).outcome).toBe('not_met');
  });
});

describe('the forum requirements, from the forum feature (decision 084)', () => {
  let other: number;
  let osec: number;
  let forumId: number;
  let planId: number;
  let process: number;
  const meeting = async (on: string, opts: { cancelled?: boolean; attendees?: (string | null)[] } = {}) => {
    const { id } = await createMeeting(t.db, 'test', { forumId, kind: 'forum', title: { es: `Sesión ${on}` }, startsAt: d(on), endsAt: new Date(d(on).getTime() + 3_600_000), place: 'Montevideo', agenda: [], invitees: [], now: d(on) });
    if (opts.cancelled) await t.db.update(meetings).set({ cancelledAt: d(on) }).where(eq(meetings.id, id));
    if (opts.attendees) await recordAttendance(t.db, 'test', { meetingId: id, attendees: opts.attendees.map((s, i) => ({ personName: `P${i}`, onBehalfOf: 'Org', sectorCode: s, voting: true })) });
    return id;
  };

  beforeAll(async () => {
    const plan = await createPlan(t.db, { code: 'UY' });
    other = plan.memberId;
    planId = plan.id;
    osec = (await createUser(t.db, { grants: [{ role: 'secretariat', memberId: other }] })).id;
    forumId = (
      await createForum(t.db, 'test', {
        memberId: other,
        name: { es: 'Foro' },
        functions: {},
        sectors: [
          { code: 'government', name: { es: 'Gobierno' }, seats: 2, electedBy: null },
          { code: 'ngo', name: { es: 'Organizaciones' }, seats: 2, electedBy: 'civil_society' },
          { code: 'academia', name: { es: 'Academia' }, seats: 1, electedBy: null },
        ],
      })
    ).id;
    ({ id: process } = await createProcess(t.db, { userId: osec }, { memberId: other, planNumber: 9, title: { es: 'UY' }, description: {}, voteMode: 'none', phases: sixPhases('2027-01-01') }, d('2026-12-01')));
  });
  const check = async (id: string, now: string, r: Requirement = req(id)) => {
    const p = (await getProcess(t.db, process))!;
    return (await runChecklist(t.db, p, d(now), [r]))[0]!;
  };

  it('met at least every six months: gaps between held meetings and from the last one to today, with links', async () => {
    expect((await check('forum_meets_regularly', '2017-01-01')).explanation.en).toContain('held no meetings');
    const a = await meeting('2017-01-10');
    await meeting('2017-04-10', { cancelled: true }); // cancelled: does not count
    const b = await meeting('2017-07-05');
    const met = await check('forum_meets_regularly', '2017-12-31');
    expect(met.outcome).toBe('met');
    expect(met.evidence).toEqual([
      { label: '2017-01-10', href: `/meetings/${a}` },
      { label: '2017-07-05', href: `/meetings/${b}` },
    ]);
    // From the last meeting to today: more than six months.
    const late = await check('forum_meets_regularly', '2018-01-06');
    expect(late.outcome).toBe('not_met');
    expect(late.explanation.en).toContain('2017-07-05 → 2018-01-06');
    // A meeting later than six months after the previous one: the gap stays not met.
    await meeting('2018-02-01');
    const gap = await check('forum_meets_regularly', '2018-03-01');
    expect(gap.outcome).toBe('not_met');
    expect(gap.explanation.en).toContain('2017-07-05 → 2018-02-01');
    // Thresholds are data: 8 months allowed.
    expect((await check('x', '2018-03-01', { ...req('forum_meets_regularly'), thresholds: { maxMonthsBetweenMeetings: 8, windowMonths: 24 } })).outcome).toBe('met');
    // A future (convened, not held) meeting does not count.
    await meeting('2018-09-01');
    expect((await check('forum_meets_regularly', '2018-08-15')).explanation.en).toContain('2018-02-01 → 2018-08-15');
  });

  it('meetings with civil society during implementation: held in the plan period, with a civil-society or academia attendee', async () => {
    expect((await check('dialogue_during_implementation', '2017-06-01')).outcome).toBe('not_applicable'); // no plan yet
    await t.db.update(cocreationProcesses).set({ planId }).where(eq(cocreationProcesses.id, process));
    // Plan 2016-09 – 2018-06. Before it: civil society attended — outside the period.
    await meeting('2016-08-15', { attendees: ['ngo'] });
    // During it: only government attended; then academia but cancelled.
    await meeting('2016-10-01', { attendees: ['government', null] });
    await meeting('2016-11-01', { attendees: ['academia'], cancelled: true });
    const notMet = await check('dialogue_during_implementation', '2016-12-31');
    expect(notMet.outcome).toBe('not_met');
    expect(notMet.explanation.en).toContain('0 meeting(s)');
    const ok = await meeting('2016-12-01', { attendees: ['government', 'ngo', 'academia'] });
    const met = await check('dialogue_during_implementation', '2016-12-31');
    expect(met.outcome).toBe('met');
    expect(met.evidence).toEqual([{ label: '2016-12-01', href: `/meetings/${ok}` }]);
    // Before the period starts: not applicable.
    expect((await check('dialogue_during_implementation', '2016-08-20')).outcome).toBe('not_applicable');
  });

  it("rules of participation public: the forum's rules document, once published", async () => {
    expect((await check('participation_rules_public', '2030-01-01')).outcome).toBe('not_met');
    const sha = 'b'.repeat(64);
    await t.db.insert(files).values({ sha256: sha, bytes: new Uint8Array([37, 80, 68, 70]), size: 4, mediaType: 'application/pdf' });
    const [doc] = await t.db.insert(documents).values({ type: 'other', title: { es: 'Reglas' }, documentDate: '2029-01-01', fileSha256: sha }).returning({ id: documents.id });
    await t.db.update(forums).set({ rulesDocumentId: doc!.id }).where(eq(forums.id, forumId));
    expect((await check('participation_rules_public', '2030-01-01')).outcome).toBe('not_met'); // not published
    await t.db.update(documents).set({ publishedAt: d('2029-02-01') }).where(eq(documents.id, doc!.id));
    const met = await check('participation_rules_public', '2030-01-01');
    expect(met.outcome).toBe('met');
    expect(met.evidence).toEqual([{ label: `#${doc!.id}`, href: `/repository/${doc!.id}` }]);
  });
});
