import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { electionBallots, electionRoll, elections, electionVoters, forumMemberships, forumSeats, forumSectors, outbox } from '../../db/schema/index.js';
import { createForum, registerOrganisation } from '../forum/commands.js';
import { ensureMember } from '../plans/commands.js';
import { ballotContent, rollFingerprint } from './ballot-box.js';
import { acceptCandidacy, castVote, closeElection, createElection, ElectionError, nominateCandidate, openVoting } from './commands.js';
import { publicElection, verifyBallotBox } from './queries.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { createUser } from '../../../tests/support/auth.js';
import { processTimeoutMs, runUntilExit } from '../../../tests/support/run.js';

const NOW = new Date('2026-11-23T12:00:00Z');
let t: TestDatabase;
let db: Database;

/** A mock election: `voters` organisations of civil society with a representative each, and `candidates` accepted candidates. */
async function mockElection(voters: number, candidates: number, seats = 2, tieRule: 'draw' | 'runoff' = 'draw') {
  const reps: { id: number; orgId: number }[] = [];
  const tag = Math.random().toString(36).slice(2, 8);
  const { memberId, forumId, civilSectorId } = await newForum(tag);
  for (let i = 0; i < voters; i += 1) {
    const u = await createUser(db, { name: `Votante ${tag} ${i}` });
    const org = await registerOrganisation(db, 'test', { memberId, name: `Org ${tag} ${i}`, kind: 'civil_society', representativeUserId: u.id, joinNetwork: true, now: NOW });
    reps.push({ id: u.id, orgId: org.id });
  }
  const e = await createElection(db, 'test', { forumId, sectorId: civilSectorId, title: { es: `Elección ${tag}` }, seats, tieRule, termStart: '2027-01-01', termEnd: '2028-12-31', now: NOW });
  const candidateIds: number[] = [];
  for (let i = 0; i < candidates; i += 1) {
    const person = await createUser(db, { name: `Candidata ${tag} ${i}` });
    const c = await nominateCandidate(db, { electionId: e.id, actorUserId: reps[i]!.id, organisationId: reps[i]!.orgId, candidateEmail: person.email, now: NOW });
    await acceptCandidacy(db, { candidateId: c.id, userId: person.id, now: NOW });
    candidateIds.push(c.id);
  }
  return { electionId: e.id, reps, candidateIds, civilSectorId };
}

/** Each mock election gets its own member and forum, so its network (and roll) is its own. */
async function newForum(tag: string) {
  const m = await ensureMember(db, { code: `T-${tag}`, name: { es: 'Chile', en: 'Chile' } }, 'test');
  const f = await createForum(db, 'test', {
    memberId: m.id,
    name: { es: 'Mesa de Gobierno Abierto' },
    functions: { es: 'Coordinar.' },
    sectors: [
      { code: 'government', name: { es: 'Gobierno' }, seats: 2, electedBy: null },
      { code: 'civil_society', name: { es: 'Sociedad civil' }, seats: 2, electedBy: 'civil_society' },
    ],
  });
  const [s] = await db.select().from(forumSectors).where(and(eq(forumSectors.forumId, f.id), eq(forumSectors.code, 'civil_society')));
  return { memberId: m.id, forumId: f.id, civilSectorId: s!.id };
}

async function rowsOf<T>(q: ReturnType<typeof sql>): Promise<T[]> {
  const r = await db.execute(q);
  return (r as unknown as { rows: T[] }).rows;
}

beforeAll(async () => {
  t = await testDatabase();
  db = t.db;
});

afterAll(async () => {
  await t.dispose();
});

describe('an election under concurrency', () => {
  it('counts one ballot per voter when hundreds of double submissions race, and the tally equals the ballots', async () => {
    const { electionId, reps, candidateIds } = await mockElection(150, 3);
    const roll = await openVoting(db, 'test', { electionId, now: NOW });
    expect(roll.rollCount).toBe(150);
    // Every voter submits twice (different choices), all at once: 300 attempts.
    // (On PostgreSQL the test pool has 4 connections with a 5 s wait: an attempt that cannot get a
    // connection in time is sent again, as a browser would; it never reached the database.)
    const vote = async (input: Parameters<typeof castVote>[1]): Promise<{ receipt: string }> => {
      for (;;) {
        try {
          return await castVote(db, input);
        } catch (error) {
          if (!(error instanceof Error && /timeout exceeded when trying to connect/i.test(error.message))) throw error;
        }
      }
    };
    const attempts = reps.flatMap((r, i) => [
      vote({ electionId, userId: r.id, choices: [candidateIds[i % 3]!], now: NOW }),
      vote({ electionId, userId: r.id, choices: [candidateIds[(i + 1) % 3]!], now: NOW }),
    ]);
    const outcomes = await Promise.allSettled(attempts);
    const ok = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(ok).toHaveLength(150);
    expect(refused).toHaveLength(150);
    for (const r of refused) expect((r.reason as ElectionError).code).toBe('already_voted');
    const ballots = await db.select().from(electionBallots).where(eq(electionBallots.electionId, electionId));
    const voted = await db.select().from(electionVoters).where(eq(electionVoters.electionId, electionId));
    expect(ballots).toHaveLength(150);
    expect(voted).toHaveLength(150);
    // Receipts: distinct, and each voter's receipt is in the box.
    const receipts = new Set(ballots.map((b) => b.receipt));
    expect(receipts.size).toBe(150);
    for (const o of ok) expect(receipts.has((o as PromiseFulfilledResult<{ receipt: string }>).value.receipt)).toBe(true);

    const results = await closeElection(db, 'test', { electionId, now: NOW });
    expect(results.cast).toBe(150);
    expect(results.entitled).toBe(150);
    expect(results.valid + results.blank + results.null).toBe(150);
    const total = results.votes.reduce((n, v) => n + v.votes, 0);
    const marks = ballots.reduce((n, b) => n + b.choices.length, 0);
    expect(total).toBe(marks);
    for (const v of results.votes) expect(v.votes).toBe(ballots.filter((b) => b.choices.includes(v.candidateId)).length);
    expect(await verifyBallotBox(db, electionId)).toEqual({ receiptChain: true, ballotChain: true, count: true, storedLinks: true });
  });
});

describe('two app processes on PostgreSQL', () => {
  it.runIf(process.env.TEST_DB === 'postgres')('race the same 100 voters: each counts once, and the tally equals the ballots', async () => {
    const { electionId, reps, candidateIds } = await mockElection(100, 1, 1);
    await openVoting(db, 'test', { electionId, now: NOW });
    const env = { DATABASE_URL: t.url!, ELECTION_ID: String(electionId), CANDIDATE: String(candidateIds[0]), VOTERS: JSON.stringify(reps.map((r) => r.id)) };
    const [a, b] = await Promise.all([runUntilExit('tests/support/vote-worker.ts', [], env, processTimeoutMs(120_000)), runUntilExit('tests/support/vote-worker.ts', [], env, processTimeoutMs(120_000))]);
    const counts = [a, b].map((r) => {
      expect(r.code, r.output).toBe(0);
      return JSON.parse(r.output.trim().split('\n').at(-1)!) as { ok: number; alreadyVoted: number; other: number };
    });
    expect(counts[0]!.ok + counts[1]!.ok).toBe(100);
    expect(counts[0]!.alreadyVoted + counts[1]!.alreadyVoted).toBe(100);
    expect(counts[0]!.other + counts[1]!.other).toBe(0);
    const results = await closeElection(db, 'test', { electionId, now: NOW });
    expect(results.cast).toBe(100);
    expect(results.votes[0]!.votes).toBe(100);
    expect(await db.select().from(electionVoters).where(eq(electionVoters.electionId, electionId))).toHaveLength(100);
    expect(await verifyBallotBox(db, electionId)).toEqual({ receiptChain: true, ballotChain: true, count: true, storedLinks: true });
  }, processTimeoutMs(180_000));
});

describe('a mock election from nominations to seats', () => {
  let electionId: number;
  let reps: { id: number; orgId: number }[];
  let candidateIds: number[];
  let civilSectorId: number;
  const receipts: string[] = [];

  it('refuses votes before voting opens and publishes nothing early', async () => {
    ({ electionId, reps, candidateIds, civilSectorId } = await mockElection(6, 3));
    await expect(castVote(db, { electionId, userId: reps[0]!.id, choices: [candidateIds[0]!], now: NOW })).rejects.toMatchObject({ code: 'wrong_phase' });
    const before = await publicElection(db, electionId);
    expect(before!.roll).toBeNull();
    expect(before!.published).toBeNull();
  });

  it('freezes the roll with its count and fingerprint', async () => {
    const r = await openVoting(db, 'test', { electionId, now: NOW });
    const entries = await db.select().from(electionRoll).where(eq(electionRoll.electionId, electionId)).orderBy(asc(electionRoll.organisationId));
    expect(r.rollCount).toBe(6);
    expect(r.rollSha256).toBe(rollFingerprint(entries).sha256);
    // A second opening, an added organisation, a changed roll: all refused.
    await expect(openVoting(db, 'test', { electionId, now: NOW })).rejects.toMatchObject({ code: 'wrong_phase' });
    await expect(db.update(electionRoll).set({ voterName: 'Otra' }).where(eq(electionRoll.electionId, electionId))).rejects.toThrow();
    await expect(db.update(elections).set({ rollSha256: 'x'.repeat(64) }).where(eq(elections.id, electionId))).rejects.toThrow();
  });

  it('takes ballots (valid, blank, null), refuses bad ones, and shows no results or voters while voting', async () => {
    const vote = (i: number, choices: number[], spoil = false) => castVote(db, { electionId, userId: reps[i]!.id, choices, spoil, now: NOW });
    await expect(vote(0, [candidateIds[0]!, candidateIds[1]!, candidateIds[2]!])).rejects.toMatchObject({ code: 'invalid_choices' });
    await expect(vote(0, [999999])).rejects.toMatchObject({ code: 'invalid_choices' });
    await expect(vote(0, [candidateIds[0]!, candidateIds[0]!])).rejects.toMatchObject({ code: 'invalid_choices' });
    await expect(vote(0, [candidateIds[0]!], true)).rejects.toMatchObject({ code: 'invalid_choices' });
    const stranger = await createUser(db);
    await expect(castVote(db, { electionId, userId: stranger.id, choices: [], now: NOW })).rejects.toMatchObject({ code: 'not_on_roll' });
    expect(await db.select().from(electionBallots).where(eq(electionBallots.electionId, electionId))).toHaveLength(0);
    receipts.push((await vote(0, [candidateIds[0]!, candidateIds[1]!])).receipt);
    receipts.push((await vote(1, [candidateIds[0]!])).receipt);
    receipts.push((await vote(2, [candidateIds[1]!])).receipt);
    receipts.push((await vote(3, [])).receipt);
    receipts.push((await vote(4, [], true)).receipt);
    const during = await publicElection(db, electionId);
    expect(during!.published).toBeNull();
    expect(JSON.stringify(during)).not.toContain(receipts[0]);
    // No e-mail carries a receipt (the outbox would link an address to a ballot).
    const mails = await db.select().from(outbox);
    for (const r of receipts) expect(mails.some((m) => m.text.includes(r))).toBe(false);
  });

  it('a secret election can never be made non-secret; results cannot be written early', async () => {
    await expect(db.update(elections).set({ secret: false }).where(eq(elections.id, electionId))).rejects.toThrow();
    await expect(db.update(elections).set({ results: { cast: 1 } }).where(eq(elections.id, electionId))).rejects.toThrow();
    await expect(db.update(elections).set({ phase: 'nominations' }).where(eq(elections.id, electionId))).rejects.toThrow();
    await expect(db.delete(electionBallots).where(eq(electionBallots.electionId, electionId))).rejects.toThrow();
  });

  it('closes: results with a public draw for the tie, the box with receipts, the chain, who voted; winners take their seats', async () => {
    const results = await closeElection(db, 'test', { electionId, now: NOW });
    expect(results).toMatchObject({ entitled: 6, cast: 5, valid: 3, blank: 1, null: 1 });
    expect(results.turnout).toBeCloseTo(5 / 6);
    expect(results.votes.find((v) => v.candidateId === candidateIds[0])!.votes).toBe(2);
    expect(results.votes.find((v) => v.candidateId === candidateIds[1])!.votes).toBe(2);
    expect(results.votes.find((v) => v.candidateId === candidateIds[2])!.votes).toBe(0);
    expect(results.elected.sort()).toEqual([candidateIds[0], candidateIds[1]].sort());
    const pub = await publicElection(db, electionId);
    expect(pub!.published!.receipts.map((r) => r.receipt).sort()).toEqual([...receipts].sort());
    expect(pub!.published!.receipts.at(-1)!.hash).toBe(pub!.published!.receiptChainHead);
    const pair = [candidateIds[0]!, candidateIds[1]!].sort((a, b) => a - b).join(',');
    expect(pub!.published!.contents).toEqual([pair, String(candidateIds[0]), String(candidateIds[1]), 'blank', 'null'].sort());
    expect(pub!.published!.voted.map((v) => v.organisationId)).toEqual(reps.slice(0, 5).map((r) => r.orgId));
    const seated = await db.select().from(forumMemberships).where(eq(forumMemberships.electionId, electionId));
    expect(seated).toHaveLength(2);
    expect(seated.every((m) => m.startDate === '2027-01-01' && m.endDate === '2028-12-31' && m.role === 'titular')).toBe(true);
    const seatSectors = await db.select({ sectorId: forumSeats.sectorId }).from(forumSeats).where(sql`${forumSeats.id} in (${sql.join(seated.map((m) => sql`${m.seatId}`), sql`, `)})`);
    expect(seatSectors.every((s) => s.sectorId === civilSectorId)).toBe(true);
    await expect(db.update(elections).set({ title: { es: 'otro' } }).where(eq(elections.id, electionId))).rejects.toThrow();
    expect(await verifyBallotBox(db, electionId)).toEqual({ receiptChain: true, ballotChain: true, count: true, storedLinks: true });
  });

  it('nothing of the order votes arrived in survives in the tables: one transaction id for all, physical order = receipt order', async () => {
    const xmins = await rowsOf<{ n: number }>(sql`select count(distinct xmin::text)::int as n from election_ballots where election_id = ${electionId}`);
    expect(xmins[0]!.n).toBe(1);
    const voterXmins = await rowsOf<{ x: string }>(sql`select distinct xmin::text as x from election_voters where election_id = ${electionId}`);
    expect(voterXmins).toHaveLength(1);
    const physical = await rowsOf<{ receipt: string }>(sql`select receipt from election_ballots where election_id = ${electionId} order by ctid`);
    expect(physical.map((r) => r.receipt)).toEqual([...receipts].sort());
  });

  it('removing or altering a ballot breaks the chain (an operator bypassing the triggers)', async () => {
    await db.execute(sql`alter table election_ballots disable trigger user`);
    try {
      const [victim] = await db.select().from(electionBallots).where(eq(electionBallots.electionId, electionId)).orderBy(asc(electionBallots.receipt)).limit(1);
      await db.update(electionBallots).set({ choices: [candidateIds[2]!], spoiled: false }).where(eq(electionBallots.id, victim!.id));
      expect((await verifyBallotBox(db, electionId)).ballotChain).toBe(false);
      await db.update(electionBallots).set({ choices: victim!.choices, spoiled: victim!.spoiled }).where(eq(electionBallots.id, victim!.id));
      expect((await verifyBallotBox(db, electionId)).ballotChain).toBe(true);
      await db.delete(electionBallots).where(eq(electionBallots.id, victim!.id));
      const after = await verifyBallotBox(db, electionId);
      expect(after.receiptChain).toBe(false);
      expect(after.ballotChain).toBe(false);
      expect(after.count).toBe(false);
      await db.insert(electionBallots).values(victim!);
      expect(await verifyBallotBox(db, electionId)).toEqual({ receiptChain: true, ballotChain: true, count: true, storedLinks: true });
    } finally {
      await db.execute(sql`alter table election_ballots enable trigger user`);
    }
  });

  it('a ballot dropped while voting is caught at close: nothing is published', async () => {
    const m = await mockElection(3, 1, 1);
    await openVoting(db, 'test', { electionId: m.electionId, now: NOW });
    await castVote(db, { electionId: m.electionId, userId: m.reps[0]!.id, choices: [m.candidateIds[0]!], now: NOW });
    await castVote(db, { electionId: m.electionId, userId: m.reps[1]!.id, choices: [], now: NOW });
    await db.execute(sql`alter table election_ballots disable trigger user`);
    try {
      await db.execute(sql`delete from election_ballots where election_id = ${m.electionId} and choices = '[]'::jsonb`);
    } finally {
      await db.execute(sql`alter table election_ballots enable trigger user`);
    }
    await expect(closeElection(db, 'test', { electionId: m.electionId, now: NOW })).rejects.toMatchObject({ code: 'box_mismatch' });
    const [e] = await db.select().from(elections).where(eq(elections.id, m.electionId));
    expect(e!.phase).toBe('voting');
    expect(e!.results).toBeNull();
  });

  it('a run-off rule leaves tied seats vacant and names the tied candidates', async () => {
    const m = await mockElection(4, 3, 1, 'runoff');
    await openVoting(db, 'test', { electionId: m.electionId, now: NOW });
    await castVote(db, { electionId: m.electionId, userId: m.reps[0]!.id, choices: [m.candidateIds[0]!], now: NOW });
    await castVote(db, { electionId: m.electionId, userId: m.reps[1]!.id, choices: [m.candidateIds[1]!], now: NOW });
    const r = await closeElection(db, 'test', { electionId: m.electionId, now: NOW });
    expect(r.elected).toEqual([]);
    expect(r.vacant).toBe(1);
    expect(r.runoff.sort()).toEqual([m.candidateIds[0], m.candidateIds[1]].sort());
  });

  it('ballot contents are written the same way for hashing', () => {
    expect(ballotContent({ choices: [7, 3], spoiled: false })).toBe('3,7');
    expect(ballotContent({ choices: [], spoiled: false })).toBe('blank');
    expect(ballotContent({ choices: [], spoiled: true })).toBe('null');
  });
});

describe('the schema keeps ballots apart from voters', () => {
  it('no column, constraint, index or trigger of the ballots names a voter, and none of "who voted" names a ballot', async () => {
    const rows = rowsOf;
    const cols = await rows<{ column_name: string; data_type: string }>(sql`select column_name, data_type from information_schema.columns where table_name = 'election_ballots' order by column_name`);
    expect(cols.map((c) => c.column_name)).toEqual(['chain_hash', 'choices', 'election_id', 'id', 'receipt', 'spoiled']);
    // No time at all on a ballot, and the id is a random uuid (no sequence behind it).
    expect(cols.some((c) => c.data_type.includes('time') || c.data_type === 'date')).toBe(false);
    expect(cols.find((c) => c.column_name === 'id')!.data_type).toBe('uuid');
    const voterCols = await rows<{ column_name: string; data_type: string }>(sql`select column_name, data_type from information_schema.columns where table_name = 'election_voters' order by column_name`);
    expect(voterCols.map((c) => c.column_name)).toEqual(['election_id', 'organisation_id', 'voted_on']);
    expect(voterCols.find((c) => c.column_name === 'voted_on')!.data_type).toBe('date');
    // Foreign keys: ballots point only at elections; nothing points at ballots.
    const fks = await rows<{ src: string; dst: string }>(sql`
      select c.conrelid::regclass::text as src, c.confrelid::regclass::text as dst from pg_constraint c
      where c.contype = 'f' and (c.conrelid::regclass::text in ('election_ballots', 'election_voters') or c.confrelid::regclass::text in ('election_ballots', 'election_voters'))
      order by 1, 2`);
    expect(fks).toEqual([
      { src: 'election_ballots', dst: 'elections' },
      { src: 'election_voters', dst: 'election_roll' },
    ]);
    // Indexes of the ballots: only its key and (election, receipt).
    const idx = await rows<{ indexdef: string }>(sql`select indexdef from pg_indexes where tablename = 'election_ballots' order by indexname`);
    for (const i of idx) expect(i.indexdef).not.toMatch(/voter|user|organisation|roll|time|created/i);
    // Triggers and functions on either table never read the other (nor the roll) to write.
    const triggers = await rows<{ tbl: string; src: string }>(sql`
      select t.tgrelid::regclass::text as tbl, p.prosrc as src from pg_trigger t join pg_proc p on p.oid = t.tgfoid
      where not t.tgisinternal and t.tgrelid::regclass::text in ('election_ballots', 'election_voters') order by 1`);
    expect(triggers.length).toBeGreaterThan(0);
    for (const tr of triggers) {
      expect(tr.src).not.toMatch(/insert\s+into|election_roll|users/i);
      expect(tr.src.includes(tr.tbl === 'election_ballots' ? 'FROM election_voters' : 'FROM election_ballots')).toBe(false);
    }
    // No default on a ballot column draws from a sequence or the clock.
    const defaults = await rows<{ column_default: string | null }>(sql`select column_default from information_schema.columns where table_name = 'election_ballots' and column_default is not null`);
    for (const d of defaults) expect(d.column_default).not.toMatch(/nextval|now|clock|timestamp/i);
  });

});
