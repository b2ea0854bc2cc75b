import { describe, expect, it } from 'vitest';
import type { Grant, SessionUser } from '../accounts/policy.js';
import { can, COCREATION_ACTIONS, type CocreationAction } from './policy.js';

const MEMBER = 1;
const user = (grants: Partial<Grant>[]): SessionUser => ({
  id: 7,
  email: 'x@example.org',
  name: 'X',
  locale: 'es',
  grants: grants.map((g) => ({ role: g.role ?? 'forum_member', memberId: g.memberId ?? null, institutionId: g.institutionId ?? null, seat: g.seat ?? null })),
});

const ROLES: Record<string, SessionUser | null> = {
  public: null,
  account: user([]),
  forum_member: user([{ role: 'forum_member', memberId: MEMBER }]),
  institution_contact: user([{ role: 'institution_contact', memberId: MEMBER, institutionId: 3 }]),
  irm_reviewer: user([{ role: 'irm_reviewer', memberId: MEMBER }]),
  secretariat_other_member: user([{ role: 'secretariat', memberId: 2 }]),
  secretariat: user([{ role: 'secretariat', memberId: MEMBER }]),
  admin: user([{ role: 'admin' }]),
};

const Y = true;
const N = false;
/** Expected answer: role × action. */
const TABLE: Record<string, Record<CocreationAction, boolean>> = {
  public: { 'process.manage': N, 'proposal.submit': Y, 'proposal.vote': N, 'proposal.moderate': N, 'proposal.respond': N, 'draft.write': N, 'draft.comment': Y, 'plan.approve': N },
  account: { 'process.manage': N, 'proposal.submit': Y, 'proposal.vote': Y, 'proposal.moderate': N, 'proposal.respond': N, 'draft.write': N, 'draft.comment': Y, 'plan.approve': N },
  forum_member: { 'process.manage': N, 'proposal.submit': Y, 'proposal.vote': Y, 'proposal.moderate': N, 'proposal.respond': N, 'draft.write': N, 'draft.comment': Y, 'plan.approve': N },
  institution_contact: { 'process.manage': N, 'proposal.submit': Y, 'proposal.vote': Y, 'proposal.moderate': N, 'proposal.respond': N, 'draft.write': N, 'draft.comment': Y, 'plan.approve': N },
  irm_reviewer: { 'process.manage': N, 'proposal.submit': Y, 'proposal.vote': Y, 'proposal.moderate': N, 'proposal.respond': N, 'draft.write': N, 'draft.comment': Y, 'plan.approve': N },
  secretariat_other_member: { 'process.manage': N, 'proposal.submit': Y, 'proposal.vote': Y, 'proposal.moderate': N, 'proposal.respond': N, 'draft.write': N, 'draft.comment': Y, 'plan.approve': N },
  secretariat: { 'process.manage': Y, 'proposal.submit': Y, 'proposal.vote': Y, 'proposal.moderate': Y, 'proposal.respond': Y, 'draft.write': Y, 'draft.comment': Y, 'plan.approve': Y },
  admin: { 'process.manage': Y, 'proposal.submit': Y, 'proposal.vote': Y, 'proposal.moderate': Y, 'proposal.respond': Y, 'draft.write': Y, 'draft.comment': Y, 'plan.approve': Y },
};

describe('co-creation permissions: every role × every action', () => {
  for (const [role, who] of Object.entries(ROLES)) {
    for (const action of COCREATION_ACTIONS) {
      it(`${role} ${TABLE[role]![action] ? 'may' : 'may not'} ${action}`, () => {
        expect(can(who, action, MEMBER)).toBe(TABLE[role]![action]);
      });
    }
  }
});
