import { hasRole, type SessionUser } from '../accounts/policy.js';

/** The secretariat of the plan's member writes the self-assessment's sections and publishes follow-up reports. */
export function canManageReports(user: SessionUser | null, memberId: number): boolean {
  return hasRole(user, 'secretariat', memberId);
}
