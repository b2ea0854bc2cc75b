import type { ROLES, SEAT_SECTORS } from '../../db/schema/accounts.js';

export type Role = (typeof ROLES)[number];
export type SeatSector = (typeof SEAT_SECTORS)[number];

export interface Grant {
  role: Role;
  /** The member (country or locality) the role applies to; null for the instance administrator. */
  memberId: number | null;
  /** Institution contacts: the institution they report for. */
  institutionId: number | null;
  seat: SeatSector | null;
}

/** Who is signed in, with every role they hold. Permissions are pure functions of this and the resource. */
export interface SessionUser {
  id: number;
  email: string;
  name: string;
  locale: 'es' | 'en';
  grants: Grant[];
  /** Unread in-app notices (set by the session middleware, for the navigation). */
  unreadNotices?: number;
}

export function isAdmin(user: SessionUser | null): boolean {
  return !!user && user.grants.some((g) => g.role === 'admin');
}

/** Holds `role` for `memberId` (an administrator holds every role everywhere). */
export function hasRole(user: SessionUser | null, role: Role, memberId: number): boolean {
  if (!user) return false;
  if (isAdmin(user)) return true;
  return user.grants.some((g) => g.role === role && g.memberId === memberId);
}

/** Is an institution contact for `institutionId` (within `memberId`). */
export function reportsFor(user: SessionUser | null, memberId: number, institutionId: number | null): boolean {
  if (!user || institutionId === null) return false;
  return user.grants.some((g) => g.role === 'institution_contact' && g.memberId === memberId && g.institutionId === institutionId);
}

/** Roles a secretariat may give within its member; the administrator gives any role. */
export const SECRETARIAT_INVITES: readonly Role[] = ['institution_contact', 'forum_member', 'irm_reviewer'];

/** May invite someone with `role` for `memberId` (null = instance-wide, only for admin). */
export function canInvite(user: SessionUser | null, role: Role, memberId: number | null): boolean {
  if (isAdmin(user)) return true;
  if (!user || memberId === null || !SECRETARIAT_INVITES.includes(role)) return false;
  return hasRole(user, 'secretariat', memberId);
}

/** May see the people page (administrator, or secretariat of some member). */
export function canManagePeople(user: SessionUser | null): boolean {
  return isAdmin(user) || (!!user && user.grants.some((g) => g.role === 'secretariat'));
}

/** The members a user is secretariat of ('all' for the administrator). */
export function secretariatMembers(user: SessionUser | null): number[] | 'all' {
  if (isAdmin(user)) return 'all';
  if (!user) return [];
  return user.grants.filter((g) => g.role === 'secretariat' && g.memberId !== null).map((g) => g.memberId as number);
}

/** The audit log and the outbox: administrators only. */
export function canReadAudit(user: SessionUser | null): boolean {
  return isAdmin(user);
}

/** Disable and enable accounts, revoke role grants: administrators only. */
export function canManageAccounts(user: SessionUser | null): boolean {
  return isAdmin(user);
}
