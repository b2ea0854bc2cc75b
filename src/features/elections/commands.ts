import { and, asc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client.js';
import {
  electionBallots,
  electionCandidates,
  electionRoll,
  elections,
  electionVoters,
  forums,
  forumSeats,
  forumSectors,
  forumMemberships,
  organisations,
  users,
} from '../../db/schema/index.js';
import { recordAudit } from '../../lib/audit.js';
import type { LocalizedText } from '../../lib/localized.js';
import type { MailTransport } from '../../lib/mail.js';
import { messages } from '../../i18n/index.js';
import {
  addToDigest,
  ballotChain,
  chainHead,
  chainStart,
  countBallots,
  digestOf,
  newBallotId,
  newReceipt,
  receiptChain,
  rollFingerprint,
  type Results,
} from './ballot-box.js';

export type ElectionErrorCode =
  | 'not_found'
  | 'wrong_phase'
  | 'not_on_roll'
  | 'already_voted'
  | 'choose_organisation'
  | 'invalid_choices'
  | 'empty_roll'
  | 'no_candidates'
  | 'not_representative'
  | 'not_in_network'
  | 'already_candidate'
  | 'no_account'
  | 'too_many_seats'
  | 'box_mismatch';

export class ElectionError extends Error {
  constructor(readonly code: ElectionErrorCode) {
    super(`election error: ${code}`);
    this.name = 'ElectionError';
  }
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/** Creates an election of a sector's seats, in nominations. */
export async function createElection(
  db: Database,
  actor: string,
  input: { forumId: number; sectorId: number; title: LocalizedText; seats: number; tieRule: 'draw' | 'runoff'; termStart: string; termEnd: string; now: Date },
): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const [sector] = await tx.select().from(forumSectors).where(and(eq(forumSectors.id, input.sectorId), eq(forumSectors.forumId, input.forumId)));
    if (!sector || !sector.electedBy) throw new ElectionError('not_found');
    const seats = await tx.select({ id: forumSeats.id }).from(forumSeats).where(eq(forumSeats.sectorId, sector.id));
    if (input.seats > seats.length) throw new ElectionError('too_many_seats');
    const [e] = await tx
      .insert(elections)
      .values({ forumId: input.forumId, sectorId: input.sectorId, title: input.title, seats: input.seats, tieRule: input.tieRule, termStart: input.termStart, termEnd: input.termEnd, createdAt: input.now, updatedAt: input.now })
      .returning({ id: elections.id });
    await recordAudit(tx, { actor, action: 'election.create', entityType: 'election', entityId: e!.id, details: { sectorId: input.sectorId, seats: input.seats, tieRule: input.tieRule } });
    return e!;
  });
}

async function lockElection(tx: Executor, electionId: number) {
  const [e] = await tx.select().from(elections).where(eq(elections.id, electionId)).for('update');
  if (!e) throw new ElectionError('not_found');
  return e;
}

/** The network organisations that may nominate and vote in an election: accepted, of the sector's kind, of the forum's member. */
async function electorate(tx: Executor, electionId: number) {
  return tx
    .select({ id: organisations.id, name: organisations.name, representativeUserId: organisations.representativeUserId, voterName: users.name })
    .from(elections)
    .innerJoin(forums, eq(forums.id, elections.forumId))
    .innerJoin(forumSectors, eq(forumSectors.id, elections.sectorId))
    .innerJoin(organisations, and(eq(organisations.memberId, forums.memberId), eq(organisations.kind, sql`${forumSectors.electedBy}`), isNotNull(organisations.joinedNetworkAt)))
    .leftJoin(users, eq(users.id, organisations.representativeUserId))
    .where(eq(elections.id, electionId))
    .orderBy(asc(organisations.id));
}

/** An organisation of the electorate nominates a person (who has an account, found by e-mail); they stand once they accept. */
export async function nominateCandidate(
  db: Database,
  input: { electionId: number; actorUserId: number; organisationId: number; candidateEmail: string; now: Date },
): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const e = await lockElection(tx, input.electionId);
    if (e.phase !== 'nominations') throw new ElectionError('wrong_phase');
    const org = (await electorate(tx, e.id)).find((o) => o.id === input.organisationId);
    if (!org) throw new ElectionError('not_in_network');
    if (org.representativeUserId !== input.actorUserId) throw new ElectionError('not_representative');
    const [candidate] = await tx.select({ id: users.id, name: users.name }).from(users).where(eq(users.email, input.candidateEmail.trim().toLowerCase()));
    if (!candidate) throw new ElectionError('no_account');
    const rows = await tx
      .insert(electionCandidates)
      .values({ electionId: e.id, userId: candidate.id, personName: candidate.name, organisationId: org.id, nominatedBy: input.actorUserId, createdAt: input.now })
      .onConflictDoNothing()
      .returning({ id: electionCandidates.id });
    if (!rows[0]) throw new ElectionError('already_candidate');
    await recordAudit(tx, { actor: `user:${input.actorUserId}`, action: 'election.nominate', entityType: 'election', entityId: e.id, details: { candidateId: rows[0].id, organisationId: org.id } });
    return rows[0];
  });
}

/** The nominated person accepts the candidacy (during nominations only). */
export async function acceptCandidacy(db: Database, input: { candidateId: number; userId: number; now: Date }): Promise<void> {
  await db.transaction(async (tx) => {
    const [c] = await tx.select().from(electionCandidates).where(eq(electionCandidates.id, input.candidateId));
    if (!c || c.userId !== input.userId) throw new ElectionError('not_found');
    const e = await lockElection(tx, c.electionId);
    if (e.phase !== 'nominations') throw new ElectionError('wrong_phase');
    const rows = await tx
      .update(electionCandidates)
      .set({ acceptedAt: input.now })
      .where(and(eq(electionCandidates.id, c.id), isNull(electionCandidates.acceptedAt)))
      .returning({ id: electionCandidates.id });
    if (!rows[0]) throw new ElectionError('wrong_phase');
    await recordAudit(tx, { actor: `user:${input.userId}`, action: 'election.accept_candidacy', entityType: 'election', entityId: e.id, details: { candidateId: c.id } });
  });
}

/**
 * Opens voting: freezes the roll (one designated voter per accepted organisation of the sector) and
 * its fingerprint. Organisations without a designated representative are left off and counted.
 */
export async function openVoting(db: Database, actor: string, input: { electionId: number; now: Date }): Promise<{ rollCount: number; rollSha256: string; withoutRepresentative: number }> {
  return db.transaction(async (tx) => {
    const e = await lockElection(tx, input.electionId);
    if (e.phase !== 'nominations') throw new ElectionError('wrong_phase');
    const accepted = await tx.select({ id: electionCandidates.id }).from(electionCandidates).where(and(eq(electionCandidates.electionId, e.id), isNotNull(electionCandidates.acceptedAt)));
    if (accepted.length === 0) throw new ElectionError('no_candidates');
    const orgs = await electorate(tx, e.id);
    const roll = orgs.filter((o) => o.representativeUserId !== null && o.voterName !== null);
    if (roll.length === 0) throw new ElectionError('empty_roll');
    const entries = roll.map((o) => ({ organisationId: o.id, organisationName: o.name, voterName: o.voterName! }));
    for (const o of roll) {
      await tx.insert(electionRoll).values({ electionId: e.id, organisationId: o.id, organisationName: o.name, voterUserId: o.representativeUserId!, voterName: o.voterName! });
    }
    const fp = rollFingerprint(entries);
    const rows = await tx
      .update(elections)
      .set({ phase: 'voting', rollFrozenAt: input.now, rollCount: fp.count, rollSha256: fp.sha256, updatedAt: input.now })
      .where(and(eq(elections.id, e.id), eq(elections.phase, 'nominations')))
      .returning({ id: elections.id });
    if (!rows[0]) throw new ElectionError('wrong_phase');
    await recordAudit(tx, { actor, action: 'election.open_voting', entityType: 'election', entityId: e.id, details: { rollCount: fp.count, rollSha256: fp.sha256 } });
    return { rollCount: fp.count, rollSha256: fp.sha256, withoutRepresentative: orgs.length - roll.length };
  });
}

export interface VoteInput {
  electionId: number;
  userId: number;
  /** Which organisation the person votes for, when they represent several. */
  organisationId?: number | null;
  /** Candidate ids marked (up to the seats); empty = blank. */
  choices: number[];
  /** A null ballot, on purpose. */
  spoil?: boolean;
  now: Date;
}

/**
 * Casts one ballot. In one transaction, under a lock on the election row: the "who voted" row
 * (unique per roll entry: a second attempt fails and nothing is written), the ballot (random id,
 * random receipt, no voter, no time) and the running count and digest of the box. Returns the
 * receipt, which is never stored next to the voter — not even in the outbox (decision 071).
 */
export async function castVote(db: Database, input: VoteInput): Promise<{ receipt: string; organisationId: number }> {
  return db.transaction(async (tx) => {
    const e = await lockElection(tx, input.electionId);
    if (e.phase !== 'voting') throw new ElectionError('wrong_phase');
    const entries = await tx
      .select({ organisationId: electionRoll.organisationId })
      .from(electionRoll)
      .where(and(eq(electionRoll.electionId, e.id), eq(electionRoll.voterUserId, input.userId)))
      .orderBy(asc(electionRoll.organisationId));
    if (entries.length === 0) throw new ElectionError('not_on_roll');
    const entry = input.organisationId ? entries.find((r) => r.organisationId === input.organisationId) : entries.length === 1 ? entries[0] : undefined;
    if (!entry) throw new ElectionError(input.organisationId ? 'not_on_roll' : 'choose_organisation');
    const candidates = await tx
      .select({ id: electionCandidates.id })
      .from(electionCandidates)
      .where(and(eq(electionCandidates.electionId, e.id), isNotNull(electionCandidates.acceptedAt)));
    const valid = new Set(candidates.map((c) => c.id));
    const choices = [...new Set(input.choices)].sort((a, b) => a - b);
    const spoiled = input.spoil === true;
    if (choices.length !== input.choices.length || choices.length > e.seats || choices.some((c) => !valid.has(c)) || (spoiled && choices.length > 0)) {
      throw new ElectionError('invalid_choices');
    }
    const voted = await tx
      .insert(electionVoters)
      .values({ electionId: e.id, organisationId: entry.organisationId, votedOn: day(input.now) })
      .onConflictDoNothing()
      .returning({ organisationId: electionVoters.organisationId });
    if (!voted[0]) throw new ElectionError('already_voted');
    const receipt = newReceipt();
    const ballot = { receipt, choices, spoiled };
    await tx.insert(electionBallots).values({ id: newBallotId(), electionId: e.id, receipt, choices, spoiled });
    await tx
      .update(elections)
      .set({ boxCount: e.boxCount + 1, boxDigest: addToDigest(e.boxDigest, ballot) })
      .where(eq(elections.id, e.id));
    await recordAudit(tx, { actor: `user:${input.userId}`, action: 'election.vote', entityType: 'election', entityId: e.id, details: {} });
    return { receipt, organisationId: entry.organisationId };
  });
}

/**
 * Sends the receipt by e-mail straight through the mail transport, after the vote committed. It is
 * never written to the outbox: a stored receipt next to an address would link a voter to a ballot.
 * Without SMTP the receipt is shown on screen only. Returns whether it was sent.
 */
export async function sendReceipt(transport: MailTransport | null, from: string, input: { to: string; locale: 'es' | 'en'; electionTitle: string; receipt: string; url: string }): Promise<boolean> {
  if (!transport) return false;
  const t = messages(input.locale).elections.receiptMail;
  try {
    await transport.send({ from, to: input.to, subject: t.subject(input.electionTitle), text: t.text(input.electionTitle, input.receipt, input.url) });
    return true;
  } catch {
    return false;
  }
}

/**
 * Closes voting and publishes. Under a lock on the election: the stored ballots must match the
 * running count and digest (else nothing is published); ballots are chained in receipt order; the
 * results are counted with the tie rule (the draw's seed is the ballot chain's head, known only now);
 * the winners take their seats for the term. Then the ballot and "who voted" tables are rewritten in
 * receipt / organisation order, so nothing of the order the votes came in survives (decision 071).
 */
export async function closeElection(db: Database, actor: string, input: { electionId: number; now: Date }): Promise<Results> {
  const results = await db.transaction(async (tx) => {
    const e = await lockElection(tx, input.electionId);
    if (e.phase !== 'voting') throw new ElectionError('wrong_phase');
    const ballots = await tx
      .select({ id: electionBallots.id, receipt: electionBallots.receipt, choices: electionBallots.choices, spoiled: electionBallots.spoiled })
      .from(electionBallots)
      .where(eq(electionBallots.electionId, e.id))
      .orderBy(asc(electionBallots.receipt));
    if (ballots.length !== e.boxCount || digestOf(ballots) !== e.boxDigest) throw new ElectionError('box_mismatch');
    const start = chainStart(e.id, e.rollSha256!);
    const links = ballotChain(start, ballots);
    for (let i = 0; i < ballots.length; i += 1) {
      await tx.update(electionBallots).set({ chainHash: links[i]!.hash }).where(eq(electionBallots.id, ballots[i]!.id));
    }
    // Rewrites every "who voted" row in this transaction (an update that changes nothing): they no longer carry the votes' transactions.
    await tx.execute(sql`update election_voters set voted_on = voted_on where election_id = ${e.id}`);
    const ballotHead = chainHead(start, links);
    const receiptHead = chainHead(start, receiptChain(start, ballots.map((b) => b.receipt)));
    const candidates = await tx
      .select()
      .from(electionCandidates)
      .where(and(eq(electionCandidates.electionId, e.id), isNotNull(electionCandidates.acceptedAt)))
      .orderBy(asc(electionCandidates.id));
    const results = countBallots({ entitled: e.rollCount!, seats: e.seats, candidates: candidates.map((c) => c.id), ballots, tieRule: e.tieRule, seed: ballotHead });
    const seats = await tx.select({ id: forumSeats.id }).from(forumSeats).where(eq(forumSeats.sectorId, e.sectorId)).orderBy(asc(forumSeats.position), asc(forumSeats.id));
    for (let i = 0; i < results.elected.length; i += 1) {
      const c = candidates.find((x) => x.id === results.elected[i])!;
      const seat = seats[i]!;
      // The seat's previous holders leave the day before the new term starts.
      await tx
        .update(forumMemberships)
        .set({ endDate: sql`(${e.termStart}::date - 1)` })
        .where(and(eq(forumMemberships.seatId, seat.id), isNull(forumMemberships.endDate), sql`${forumMemberships.startDate} < ${e.termStart}::date`));
      await tx.insert(forumMemberships).values({ seatId: seat.id, personName: c.personName, userId: c.userId, organisationId: c.organisationId, role: 'titular', startDate: e.termStart, endDate: e.termEnd, electionId: e.id });
    }
    const rows = await tx
      .update(elections)
      .set({
        phase: 'published',
        closedAt: input.now,
        ballotChainHead: ballotHead,
        receiptChainHead: receiptHead,
        drawSeed: results.draw ? results.draw.seed : null,
        results: results as unknown as Record<string, unknown>,
        updatedAt: input.now,
      })
      .where(and(eq(elections.id, e.id), eq(elections.phase, 'voting')))
      .returning({ id: elections.id });
    if (!rows[0]) throw new ElectionError('wrong_phase');
    await recordAudit(tx, { actor, action: 'election.close', entityType: 'election', entityId: e.id, details: { cast: results.cast, receiptChainHead: receiptHead, ballotChainHead: ballotHead } });
    return results;
  });
  await scrubPhysicalOrder(db);
  return results;
}

/**
 * Rewrites the ballot and "who voted" tables in key order and vacuums the election rows' old
 * versions (the running digest of each vote), so the files hold no trace of arrival order.
 * Outside any transaction (CLUSTER and VACUUM cannot run inside one).
 */
export async function scrubPhysicalOrder(db: Database): Promise<void> {
  await db.execute(sql`cluster election_ballots using election_ballots_receipt_unique`);
  await db.execute(sql`cluster election_voters using election_voters_election_id_organisation_id_pk`);
  await db.execute(sql`vacuum elections`);
}
