import { hasRole, type SessionUser } from '../accounts/policy.js';

/**
 * Who may do what in co-creation. Pure functions; every answer is true or denied. The public
 * (signed in or not) proposes, comments and reads; votes need an account; the member's secretariat
 * runs the process (calendar, moderation, responses, working tables, drafts, approval).
 */
export const COCREATION_ACTIONS = ['process.manage', 'proposal.submit', 'proposal.vote', 'proposal.moderate', 'proposal.respond', 'draft.write', 'draft.comment', 'plan.approve'] as const;
export type CocreationAction = (typeof COCREATION_ACTIONS)[number];

export function canManageProcess(user: SessionUser | null, memberId: number): boolean {
  return hasRole(user, 'secretariat', memberId);
}

export function can(user: SessionUser | null, action: CocreationAction, memberId: number): boolean {
  switch (action) {
    case 'proposal.submit':
    case 'draft.comment':
      return true;
    case 'proposal.vote':
      return !!user;
    case 'process.manage':
    case 'proposal.moderate':
    case 'proposal.respond':
    case 'draft.write':
    case 'plan.approve':
      return canManageProcess(user, memberId);
  }
}
