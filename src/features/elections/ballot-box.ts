import { createHash, randomBytes, randomUUID } from 'node:crypto';

/**
 * The ballot box's arithmetic (decision 071): roll fingerprint, receipts, the running digest kept
 * while voting, the chains computed at close, and the count. Pure functions: anyone can run them
 * on the published data (or, for the ballot chain, an auditor on the database).
 */

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export interface RollEntry {
  organisationId: number;
  organisationName: string;
  voterName: string;
}

/** The published roll as text: one line per organisation, sorted by id: `id<TAB>organisation<TAB>voter`. */
export function rollText(entries: readonly RollEntry[]): string {
  const clean = (s: string) => s.replace(/[\t\r\n]+/g, ' ');
  return [...entries]
    .sort((a, b) => a.organisationId - b.organisationId)
    .map((e) => `${e.organisationId}\t${clean(e.organisationName)}\t${clean(e.voterName)}\n`)
    .join('');
}

/** The roll's count and SHA-256 fingerprint over its sorted text. */
export function rollFingerprint(entries: readonly RollEntry[]): { count: number; sha256: string } {
  return { count: entries.length, sha256: sha256(rollText(entries)) };
}

/** Receipt alphabet: Crockford base32 (no I, L, O, U). */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A random receipt code, 60 bits: `XXXX-XXXX-XXXX`. */
export function newReceipt(): string {
  const bytes = randomBytes(12);
  let out = '';
  for (let i = 0; i < 12; i += 1) {
    out += ALPHABET[bytes[i]! % 32];
    if (i === 3 || i === 7) out += '-';
  }
  return out;
}

/** A random ballot id: a UUID v4, so ids say nothing of the order ballots arrived in. */
export const newBallotId = (): string => randomUUID();

export const RECEIPT_PATTERN = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

/** Normalises what a person types as a receipt (lower case, spaces, O for 0 …); null when it cannot be one. */
export function normaliseReceipt(text: string): string | null {
  const raw = text
    .toUpperCase()
    .replace(/[\s-]+/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{12}$/.test(raw)) return null;
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
}

export interface Ballot {
  receipt: string;
  /** Candidate ids, ascending; empty = blank. */
  choices: readonly number[];
  spoiled: boolean;
}

/** How a ballot's content is written for hashing: `null`, `blank`, or the candidate ids `3,7`. */
export function ballotContent(b: Pick<Ballot, 'choices' | 'spoiled'>): string {
  if (b.spoiled) return 'null';
  if (b.choices.length === 0) return 'blank';
  return [...b.choices].sort((x, y) => x - y).join(',');
}

export const ballotHash = (b: Ballot): string => sha256(`${b.receipt}\n${ballotContent(b)}`);

const MOD = 1n << 256n;

/** The running digest: the sum of the ballots' hashes modulo 2^256 — the same whatever order they came in. */
export function addToDigest(digest: string, b: Ballot): string {
  const sum = (BigInt(`0x${digest}`) + BigInt(`0x${ballotHash(b)}`)) % MOD;
  return sum.toString(16).padStart(64, '0');
}

export function digestOf(ballots: readonly Ballot[]): string {
  return ballots.reduce((d, b) => addToDigest(d, b), '0'.repeat(64));
}

/** Where both chains start: bound to the election and its frozen roll. */
export const chainStart = (electionId: number, rollSha256: string): string => sha256(`abierto-election\n${electionId}\n${rollSha256}`);

const byReceipt = <T extends { receipt: string }>(list: readonly T[]) => [...list].sort((a, b) => (a.receipt < b.receipt ? -1 : a.receipt > b.receipt ? 1 : 0));

/** The public chain: each link hashes the previous link and one receipt, receipts in ascending order. */
export function receiptChain(start: string, receipts: readonly string[]): { receipt: string; hash: string }[] {
  let prev = start;
  return byReceipt(receipts.map((receipt) => ({ receipt }))).map(({ receipt }) => {
    prev = sha256(`${prev}\n${receipt}`);
    return { receipt, hash: prev };
  });
}

/** The ballot chain: each link hashes the previous link, a receipt and its ballot's content, in receipt order. */
export function ballotChain(start: string, ballots: readonly Ballot[]): { receipt: string; hash: string }[] {
  let prev = start;
  return byReceipt(ballots).map((b) => {
    prev = sha256(`${prev}\n${b.receipt}\n${ballotContent(b)}`);
    return { receipt: b.receipt, hash: prev };
  });
}

export const chainHead = (start: string, links: readonly { hash: string }[]): string => links.at(-1)?.hash ?? start;

export interface Results {
  entitled: number;
  cast: number;
  valid: number;
  blank: number;
  null: number;
  /** Cast over entitled, 0–1. */
  turnout: number;
  votes: { candidateId: number; votes: number }[];
  /** Elected candidate ids, in order. */
  elected: number[];
  /** Seats left empty (too few candidates with votes, or a run-off pending). */
  vacant: number;
  /** Candidates tied for the last seats when the rule is a run-off. */
  runoff: number[];
  /** Tied candidates whose order the public draw decided, with the seed. */
  draw: { seed: string; tied: number[]; order: number[] } | null;
}

/**
 * Counts the ballots. Every accepted candidate appears, with zero votes when none. Seats go to the
 * most voted (at least one vote). A tie across the last seat follows the rule: a public draw (order
 * by SHA-256 of seed and candidate id, seed published) or a run-off (those seats left vacant).
 */
export function countBallots(input: { entitled: number; seats: number; candidates: readonly number[]; ballots: readonly Pick<Ballot, 'choices' | 'spoiled'>[]; tieRule: 'draw' | 'runoff'; seed: string }): Results {
  const votes = new Map<number, number>(input.candidates.map((c) => [c, 0]));
  let blank = 0;
  let spoiled = 0;
  for (const b of input.ballots) {
    if (b.spoiled) spoiled += 1;
    else if (b.choices.length === 0) blank += 1;
    else for (const c of b.choices) votes.set(c, (votes.get(c) ?? 0) + 1);
  }
  const cast = input.ballots.length;
  const ranked = [...votes.entries()].map(([candidateId, v]) => ({ candidateId, votes: v })).sort((a, b) => b.votes - a.votes || a.candidateId - b.candidateId);
  const withVotes = ranked.filter((r) => r.votes > 0);
  const elected: number[] = [];
  let runoff: number[] = [];
  let draw: Results['draw'] = null;
  let i = 0;
  while (elected.length < input.seats && i < withVotes.length) {
    const level = withVotes[i]!.votes;
    const group = withVotes.filter((r) => r.votes === level).map((r) => r.candidateId);
    const room = input.seats - elected.length;
    if (group.length <= room) {
      elected.push(...group);
    } else if (input.tieRule === 'draw') {
      const order = [...group].sort((a, b) => {
        const ha = sha256(`${input.seed}\n${a}`);
        const hb = sha256(`${input.seed}\n${b}`);
        return ha < hb ? -1 : ha > hb ? 1 : 0;
      });
      draw = { seed: input.seed, tied: group, order };
      elected.push(...order.slice(0, room));
    } else {
      runoff = group;
      break;
    }
    i += group.length;
  }
  return {
    entitled: input.entitled,
    cast,
    valid: cast - blank - spoiled,
    blank,
    null: spoiled,
    turnout: input.entitled === 0 ? 0 : cast / input.entitled,
    votes: ranked,
    elected,
    vacant: input.seats - elected.length,
    runoff,
    draw,
  };
}
