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
