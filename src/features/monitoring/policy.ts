import type { PlanPhase } from '../../lib/levels.js';
import { hasRole, isAdmin, reportsFor, type SessionUser } from '../accounts/policy.js';

/**
 * Who may do what in the monitoring workflow (decision 031). Pure functions of the signed-in person
 * and the resource; every answer is true or denied, never "not set". Tested as a table of every
 * write action × every role (permissions.test.ts).
 */
export interface CommitmentScope {
  memberId: number;
  planPhase: PlanPhase;
  /** The commitment's lead institution: its contacts report for it. */
  leadInstitutionId: number | null;
}

export const WRITE_ACTIONS = [
  'period.open',
  'period.close',
  'update.write',
  'update.verify',
  'update.return',
  'milestone.contest',
  'commitment.follow',
  'irm.record',
  'member.create',
  'member.edit',
  'plan.create',
  'plan.edit',
  'commitment.edit',
  'milestone.edit',
  'institution.edit',
  'document.publish',
  'document.correct',
  'document.withdraw',
] as const;
export type WriteAction = (typeof WRITE_ACTIONS)[number];

const open = (s: CommitmentScope) => s.planPhase !== 'closed';

/** Open or close a reporting period of a plan: the member's secretariat, while the plan is not closed. */
export function canManagePeriods(user: SessionUser | null, s: Pick<CommitmentScope, 'memberId' | 'planPhase'>): boolean {
  return open(s as CommitmentScope) && hasRole(user, 'secretariat', s.memberId);
}

/**
 * File or edit a progress update: an institution contact of the commitment's lead institution, while
 * the plan is not closed. Not the administrator: a report speaks for the institution.
 */
export function canReport(user: SessionUser | null, s: CommitmentScope): boolean {
  return open(s) && reportsFor(user, s.memberId, s.leadInstitutionId);
}

/** Edit a given update: its author, while it is a draft or returned, and they still report for the institution. */
export function canEditUpdate(user: SessionUser | null, s: CommitmentScope, update: { authorId: number; state: string }): boolean {
  return !!user && update.authorId === user.id && (update.state === 'draft' || update.state === 'returned') && canReport(user, s);
}

/** Verify or return a submitted update: the member's secretariat, never for an update of their own, while the plan is not closed. */
export function canVerify(user: SessionUser | null, s: CommitmentScope, update?: { authorId: number }): boolean {
  if (!user || !open(s) || !hasRole(user, 'secretariat', s.memberId)) return false;
  return !update || update.authorId !== user.id;
}

/** Contest a milestone's status publicly: a forum member of the member, while the plan is not closed. */
export function canContest(user: SessionUser | null, s: CommitmentScope): boolean {
  return open(s) && hasRole(user, 'forum_member', s.memberId);
}

/** Follow a commitment: anyone signed in, any plan. */
export function canFollow(user: SessionUser | null): boolean {
  return !!user;
}

/** Record an IRM assessment: an IRM reviewer of the member — also on closed plans (the IRM reports after the plan ends). */
export function canRecordIrm(user: SessionUser | null, s: Pick<CommitmentScope, 'memberId'>): boolean {
  return hasRole(user, 'irm_reviewer', s.memberId);
}

/**
 * Write and correct a member's plans, commitments, milestones, institutions and contact people
 * (decision 050): its secretariat (and the administrator), in every phase — a closed plan's text can
 * still be corrected, and every change is public in its history. A milestone's status is never edited
 * here: it comes from verified reports and imports only (decision 031).
 */
export function canAuthor(user: SessionUser | null, s: Pick<CommitmentScope, 'memberId'>): boolean {
  return hasRole(user, 'secretariat', s.memberId);
}

/**
 * Publish, correct or withdraw an uploaded document of the repository (decision 056): the secretariat
 * of the plan's member (and the administrator), in every phase. A document without a plan belongs to
 * no member: only the administrator.
 */
export function canManageDocuments(user: SessionUser | null, s: Pick<CommitmentScope, 'memberId'>): boolean {
  return hasRole(user, 'secretariat', s.memberId);
}

/** Add a member (a country or a local government): the administrator. */
export function canCreateMember(user: SessionUser | null): boolean {
  return isAdmin(user);
}

/** The answer for one action, for the permission table and the "what can I do here" page. */
export function can(user: SessionUser | null, action: WriteAction, s: CommitmentScope, update?: { authorId: number; state: string }): boolean {
  switch (action) {
    case 'period.open':
    case 'period.close':
      return canManagePeriods(user, s);
    case 'update.write':
      return update ? canEditUpdate(user, s, update) : canReport(user, s);
    case 'update.verify':
    case 'update.return':
      return canVerify(user, s, update);
    case 'milestone.contest':
      return canContest(user, s);
    case 'commitment.follow':
      return canFollow(user);
    case 'irm.record':
      return canRecordIrm(user, s);
    case 'member.create':
      return canCreateMember(user);
    case 'member.edit':
    case 'plan.create':
    case 'plan.edit':
    case 'commitment.edit':
    case 'milestone.edit':
    case 'institution.edit':
      return canAuthor(user, s);
    case 'document.publish':
    case 'document.correct':
    case 'document.withdraw':
      return canManageDocuments(user, s);
  }
}

/** Sees the verification queue / periods: secretariat of some member (or administrator). */
export function isSecretariatSomewhere(user: SessionUser | null): boolean {
  return isAdmin(user) || (!!user && user.grants.some((g) => g.role === 'secretariat'));
}

/**
 * Answer a contestation in public (decision 042): the member's secretariat, the contacts of the
 * commitment's lead institution, and the person who contested — while it is open and the plan is not closed.
 */
export function canAnswerContestation(user: SessionUser | null, s: CommitmentScope, contestation: { authorId: number }): 'secretariat' | 'institution' | 'author' | null {
  if (!user || !open(s)) return null;
  if (hasRole(user, 'secretariat', s.memberId)) return 'secretariat';
  if (reportsFor(user, s.memberId, s.leadInstitutionId)) return 'institution';
  if (contestation.authorId === user.id && hasRole(user, 'forum_member', s.memberId)) return 'author';
  return null;
}

/** Resolve a contestation (upheld or dismissed, with a reason): the member's secretariat, while the plan is not closed. */
export function canResolveContestation(user: SessionUser | null, s: CommitmentScope): boolean {
  return !!user && open(s) && hasRole(user, 'secretariat', s.memberId);
}
