import { hasRole, type SessionUser } from '../accounts/policy.js';

/**
 * Who may do what in the forum, its network, its elections and its meetings (decision 070). Pure
 * functions of the signed-in person and the resource; every answer is true or denied. Tested as a
 * table of every action × every role (permissions.test.ts).
 */
export interface ForumScope {
  /** The member (country or locality) the forum belongs to. */
  memberId: number;
  electionPhase?: 'nominations' | 'voting' | 'published';
  /** Organisations of the election's electorate the person is the designated representative of. */
  representsOrganisations?: number;
  /** The person is a nominated candidate in this election (not yet accepted). */
  isPendingCandidate?: boolean;
  /** The person is on the frozen roll. */
  onRoll?: boolean;
  /** The person attended the meeting, or holds a seat of the forum. */
  attendedOrMember?: boolean;
  minutesState?: 'draft' | 'in_review' | 'approved';
}

export const FORUM_ACTIONS = [
  'forum.manage',
  'network.register',
  'election.create',
  'election.nominate',
  'election.accept',
  'election.open_voting',
  'election.vote',
  'election.close',
  'meeting.convene',
  'meeting.record',
  'minutes.draft',
  'minutes.comment',
  'minutes.approve',
] as const;
export type ForumAction = (typeof FORUM_ACTIONS)[number];

const secretariat = (user: SessionUser | null, s: ForumScope) => hasRole(user, 'secretariat', s.memberId);

/** Set up the forum (sectors, seats, memberships), register organisations, run elections and meetings: the member's secretariat. Open calls have their own policy (opencalls/policy.ts). */
export const canManageForum = (user: SessionUser | null, s: ForumScope): boolean => secretariat(user, s);

/** Nominate: the designated representative of an organisation of the electorate, during nominations. Not the administrator: a nomination speaks for an organisation. */
export function canNominate(user: SessionUser | null, s: ForumScope): boolean {
  return !!user && s.electionPhase === 'nominations' && (s.representsOrganisations ?? 0) > 0;
}

/** Accept a candidacy: the nominated person, during nominations. */
export function canAcceptCandidacy(user: SessionUser | null, s: ForumScope): boolean {
  return !!user && s.electionPhase === 'nominations' && s.isPendingCandidate === true;
}

/** Vote: a person on the frozen roll, while voting is open. Nobody else — not the administrator. */
export function canVote(user: SessionUser | null, s: ForumScope): boolean {
  return !!user && s.electionPhase === 'voting' && s.onRoll === true;
}

/** Comment on draft minutes under review: an attendee or a member of the forum (or the secretariat). */
export function canCommentMinutes(user: SessionUser | null, s: ForumScope): boolean {
  return !!user && s.minutesState === 'in_review' && (s.attendedOrMember === true || secretariat(user, s));
}

export function can(user: SessionUser | null, action: ForumAction, s: ForumScope): boolean {
  switch (action) {
    case 'forum.manage':
    case 'network.register':
    case 'election.create':
    case 'meeting.convene':
    case 'meeting.record':
      return canManageForum(user, s);
    case 'election.nominate':
      return canNominate(user, s);
    case 'election.accept':
      return canAcceptCandidacy(user, s);
    case 'election.open_voting':
      return canManageForum(user, s) && s.electionPhase === 'nominations';
    case 'election.vote':
      return canVote(user, s);
    case 'election.close':
      return canManageForum(user, s) && s.electionPhase === 'voting';
    case 'minutes.draft':
      return canManageForum(user, s) && s.minutesState !== 'approved';
    case 'minutes.comment':
      return canCommentMinutes(user, s);
    case 'minutes.approve':
      return canManageForum(user, s) && s.minutesState === 'in_review';
  }
}
