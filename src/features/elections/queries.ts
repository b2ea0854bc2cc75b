import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { electionBallots, electionCandidates, electionRoll, elections, electionVoters, forumSectors, organisations } from '../../db/schema/index.js';
import type { LocalizedText } from '../../lib/localized.js';
import { ballotChain, ballotContent, chainHead, chainStart, receiptChain, type Results } from './ballot-box.js';

export interface PublicElection {
  id: number;
  forumId: number;
  title: LocalizedText;
  sector: { id: number; code: string; name: LocalizedText };
  phase: 'nominations' | 'voting' | 'published';
  secret: boolean;
  seats: number;
  tieRule: 'draw' | 'runoff';
  termStart: string;
  termEnd: string;
  candidates: { id: number; personName: string; userId: number; organisationId: number; organisationName: string; accepted: boolean }[];
  /** Once voting opened. */
  roll: { frozenAt: Date; count: number; sha256: string; entries: { organisationId: number; organisationName: string; voterName: string }[] } | null;
  /** Once published: everything else. */
  published: {
    closedAt: Date;
    results: Results;
    chainStart: string;
    receiptChainHead: string;
    ballotChainHead: string;
    /** Receipts in receipt order with their link in the public receipt chain. */
    receipts: { receipt: string; hash: string }[];
    /** Ballot contents apart from receipts, sorted (decision 071). */
    contents: string[];
    /** Organisations that voted (published only after close). */
    voted: { organisationId: number; organisationName: string }[];
  } | null;
}

/** What the public may see of an election, in its phase: nothing of the box before it is published. */
export async function publicElection(db: Executor, id: number): Promise<PublicElection | null> {
  const [row] = await db
    .select({ e: elections, sector: { id: forumSectors.id, code: forumSectors.code, name: forumSectors.name } })
    .from(elections)
    .innerJoin(forumSectors, eq(forumSectors.id, elections.sectorId))
    .where(eq(elections.id, id));
  if (!row) return null;
  const e = row.e;
  const candidates = await db
    .select({ id: electionCandidates.id, personName: electionCandidates.personName, userId: electionCandidates.userId, organisationId: electionCandidates.organisationId, organisationName: organisations.name, acceptedAt: electionCandidates.acceptedAt })
    .from(electionCandidates)
    .innerJoin(organisations, eq(organisations.id, electionCandidates.organisationId))
    .where(eq(electionCandidates.electionId, id))
    .orderBy(asc(electionCandidates.id));
  const out: PublicElection = {
    id: e.id,
    forumId: e.forumId,
    title: e.title,
    sector: row.sector,
    phase: e.phase,
    secret: e.secret,
    seats: e.seats,
    tieRule: e.tieRule,
    termStart: e.termStart,
    termEnd: e.termEnd,
    candidates: candidates.map(({ acceptedAt, ...c }) => ({ ...c, accepted: acceptedAt !== null })),
    roll: null,
    published: null,
  };
  if (e.rollSha256 && e.rollFrozenAt) {
    const entries = await db
      .select({ organisationId: electionRoll.organisationId, organisationName: electionRoll.organisationName, voterName: electionRoll.voterName })
      .from(electionRoll)
      .where(eq(electionRoll.electionId, id))
      .orderBy(asc(electionRoll.organisationId));
    out.roll = { frozenAt: e.rollFrozenAt, count: e.rollCount ?? entries.length, sha256: e.rollSha256, entries };
  }
  if (e.phase === 'published' && e.results && e.closedAt) {
    const ballots = await db
      .select({ receipt: electionBallots.receipt, choices: electionBallots.choices, spoiled: electionBallots.spoiled })
      .from(electionBallots)
      .where(eq(electionBallots.electionId, id))
      .orderBy(asc(electionBallots.receipt));
    const start = chainStart(e.id, e.rollSha256!);
    const voted = await db
      .select({ organisationId: electionVoters.organisationId, organisationName: electionRoll.organisationName })
      .from(electionVoters)
      .innerJoin(electionRoll, and(eq(electionRoll.electionId, electionVoters.electionId), eq(electionRoll.organisationId, electionVoters.organisationId)))
      .where(eq(electionVoters.electionId, id))
      .orderBy(asc(electionVoters.organisationId));
    out.published = {
      closedAt: e.closedAt,
      results: e.results as unknown as Results,
      chainStart: start,
      receiptChainHead: e.receiptChainHead!,
      ballotChainHead: e.ballotChainHead!,
      receipts: receiptChain(start, ballots.map((b) => b.receipt)),
      contents: ballots.map((b) => ballotContent(b)).sort(),
      voted,
    };
  }
  return out;
}

/**
 * Recomputes both chains and the count from the stored ballots and compares them with what was
 * published at close: a removed, added or altered ballot makes it fail.
 */
export async function verifyBallotBox(db: Executor, id: number): Promise<{ receiptChain: boolean; ballotChain: boolean; count: boolean; storedLinks: boolean }> {
  const [e] = await db.select().from(elections).where(eq(elections.id, id));
  if (!e || e.phase !== 'published' || !e.rollSha256) return { receiptChain: false, ballotChain: false, count: false, storedLinks: false };
  const ballots = await db
    .select({ receipt: electionBallots.receipt, choices: electionBallots.choices, spoiled: electionBallots.spoiled, chainHash: electionBallots.chainHash })
    .from(electionBallots)
    .where(eq(electionBallots.electionId, id))
    .orderBy(asc(electionBallots.receipt));
  const start = chainStart(e.id, e.rollSha256);
  const links = ballotChain(start, ballots);
  const results = e.results as unknown as Results;
  return {
    receiptChain: chainHead(start, receiptChain(start, ballots.map((b) => b.receipt))) === e.receiptChainHead,
    ballotChain: chainHead(start, links) === e.ballotChainHead,
    count: ballots.length === results.cast && ballots.length === e.boxCount,
    storedLinks: ballots.every((b, i) => b.chainHash === links[i]!.hash),
  };
}

/** The elections of a forum, newest first. */
export async function electionsOfForum(db: Executor, forumId: number) {
  return db
    .select({ id: elections.id, title: elections.title, phase: elections.phase, seats: elections.seats, termStart: elections.termStart, termEnd: elections.termEnd, sectorName: forumSectors.name })
    .from(elections)
    .innerJoin(forumSectors, eq(forumSectors.id, elections.sectorId))
    .where(eq(elections.forumId, forumId))
    .orderBy(asc(elections.id));
}

/** The roll entries of a person in an election (whom they may vote for). */
export async function rollEntriesOf(db: Executor, electionId: number, userId: number) {
  return db
    .select({ organisationId: electionRoll.organisationId, organisationName: electionRoll.organisationName })
    .from(electionRoll)
    .where(and(eq(electionRoll.electionId, electionId), eq(electionRoll.voterUserId, userId)))
    .orderBy(asc(electionRoll.organisationId));
}

/** Network organisations a person represents that may nominate in an election (its sector's kind, of the forum's member). */
export async function nominatingOrganisations(db: Executor, electionId: number, userId: number) {
  const [e] = await db.select({ forumId: elections.forumId, electedBy: forumSectors.electedBy }).from(elections).innerJoin(forumSectors, eq(forumSectors.id, elections.sectorId)).where(eq(elections.id, electionId));
  if (!e || !e.electedBy) return [];
  return db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(and(eq(organisations.representativeUserId, userId), eq(organisations.kind, e.electedBy), isNotNull(organisations.joinedNetworkAt)))
    .orderBy(asc(organisations.id));
}
