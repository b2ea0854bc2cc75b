import { hasRole, type SessionUser } from '../accounts/policy.js';

/**
 * Who may do what with open calls and their applications (decision 073). Pure functions of the
 * person and the resource; tested as a table of every action × actor × state (permissions.test.ts).
 */
export type CallPhase = 'draft' | 'upcoming' | 'open' | 'closed';
export type ApplicationState = 'unconfirmed' | 'submitted' | 'more_info_requested' | 'accepted' | 'rejected';

export interface CallScope {
  /** The member whose network the call fills. */
  memberId: number;
  callPhase?: CallPhase;
  applicationState?: ApplicationState;
  /** The person is the application's applicant: its account, or the holder of its private link. */
  isApplicant?: boolean;
}

export const OPEN_CALL_ACTIONS = [
  'call.create',
  'call.view_draft',
  'call.edit',
  'call.publish',
  'call.close',
  'call.apply',
  'application.view',
  'application.answer',
  'application.review',
  'application.decide',
] as const;
export type OpenCallAction = (typeof OPEN_CALL_ACTIONS)[number];

/** The member's secretariat (an administrator counts as every member's). */
export const canRunCalls = (user: SessionUser | null, s: { memberId: number }): boolean => hasRole(user, 'secretariat', s.memberId);

export function can(user: SessionUser | null, action: OpenCallAction, s: CallScope): boolean {
  switch (action) {
    case 'call.create':
    case 'call.view_draft':
    case 'application.review':
      return canRunCalls(user, s);
    case 'call.edit':
    case 'call.publish':
      return canRunCalls(user, s) && s.callPhase === 'draft';
    case 'call.close':
      return canRunCalls(user, s) && (s.callPhase === 'open' || s.callPhase === 'upcoming');
    case 'call.apply':
      // Anyone, with an account or an e-mail address confirmed by a link, while the call is open.
      return s.callPhase === 'open';
    case 'application.view':
      return s.applicationState !== undefined && s.applicationState !== 'unconfirmed' && (s.isApplicant === true || canRunCalls(user, s));
    case 'application.answer':
      return s.isApplicant === true && s.applicationState === 'more_info_requested';
    case 'application.decide':
      return canRunCalls(user, s) && s.applicationState === 'submitted';
  }
}
