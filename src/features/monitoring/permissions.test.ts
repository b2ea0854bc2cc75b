import { describe, expect, it } from 'vitest';
import type { Grant, SessionUser } from '../accounts/policy.js';
import { can, WRITE_ACTIONS, type CommitmentScope, type WriteAction } from './policy.js';

const person = (id: number, ...grants: Partial<Grant>[]): SessionUser => ({
  id,
  email: `p${id}@example.org`,
  name: `P${id}`,
  locale: 'es',
  grants: grants.map((g) => ({ role: g.role ?? 'forum_member', memberId: g.memberId ?? null, institutionId: g.institutionId ?? null, seat: g.seat ?? null })),
});

const ROLES: Record<string, SessionUser | null> = {
  public: null,
  admin: person(1, { role: 'admin' }),
  secretariat: person(2, { role: 'secretariat', memberId: 1 }),
  'secretariat of another member': person(3, { role: 'secretariat', memberId: 2 }),
  'institution contact': person(4, { role: 'institution_contact', memberId: 1, institutionId: 10 }),
  'forum member': person(5, { role: 'forum_member', memberId: 1, seat: 'civil_society' }),
  'IRM reviewer': person(6, { role: 'irm_reviewer', memberId: 1 }),
};

const RESOURCES: Record<string, CommitmentScope> = {
  'own institution, open plan': { memberId: 1, planPhase: 'implementation', leadInstitutionId: 10 },
  "another institution's commitment": { memberId: 1, planPhase: 'implementation', leadInstitutionId: 11 },
  'a closed plan': { memberId: 1, planPhase: 'closed', leadInstitutionId: 10 },
};

/** Expected answers: for each action, role → [own, another institution's, closed]. */
const Y = true;
const N = false;
const TABLE: Record<WriteAction, Record<string, [boolean, boolean, boolean]>> = {
  'period.open': { public: [N, N, N], admin: [Y, Y, N], secretariat: [Y, Y, N], 'secretariat of another member': [N, N, N], 'institution contact': [N, N, N], 'forum member': [N, N, N], 'IRM reviewer': [N, N, N] },
  'period.close': { public: [N, N, N], admin: [Y, Y, N], secretariat: [Y, Y, N], 'secretariat of another member': [N, N, N], 'institution contact': [N, N, N], 'forum member': [N, N, N], 'IRM reviewer': [N, N, N] },
  'update.write': { public: [N, N, N], admin: [N, N, N], secretariat: [N, N, N], 'secretariat of another member': [N, N, N], 'institution contact': [Y, N, N], 'forum member': [N, N, N], 'IRM reviewer': [N, N, N] },
  'update.verify': { public: [N, N, N], admin: [Y, Y, N], secretariat: [Y, Y, N], 'secretariat of another member': [N, N, N], 'institution contact': [N, N, N], 'forum member': [N, N, N], 'IRM reviewer': [N, N, N] },
  'update.return': { public: [N, N, N], admin: [Y, Y, N], secretariat: [Y, Y, N], 'secretariat of another member': [N, N, N], 'institution contact': [N, N, N], 'forum member': [N, N, N], 'IRM reviewer': [N, N, N] },
  'milestone.contest': { public: [N, N, N], admin: [Y, Y, N], secretariat: [N, N, N], 'secretariat of another member': [N, N, N], 'institution contact': [N, N, N], 'forum member': [Y, Y, N], 'IRM reviewer': [N, N, N] },
  'commitment.follow': { public: [N, N, N], admin: [Y, Y, Y], secretariat: [Y, Y, Y], 'secretariat of another member': [Y, Y, Y], 'institution contact': [Y, Y, Y], 'forum member': [Y, Y, Y], 'IRM reviewer': [Y, Y, Y] },
  'irm.record': { public: [N, N, N], admin: [Y, Y, Y], secretariat: [N, N, N], 'secretariat of another member': [N, N, N], 'institution contact': [N, N, N], 'forum member': [N, N, N], 'IRM reviewer': [Y, Y, Y] },
  'member.create': { public: [N, N, N], admin: [Y, Y, Y], secretariat: [N, N, N], 'secretariat of another member': [N, N, N], 'institution contact': [N, N, N], 'forum member': [N, N, N], 'IRM reviewer': [N, N, N] },
  'member.edit': { public: [N, N, N], admin: [Y, Y, Y], secretariat: [Y, Y, Y], 'secretariat of another member': [N, N, N], 'institution contact': [N, N, N], 'forum member': [N, N, N], 'IRM reviewer': [N, N, N] },
  'plan.create': { public: [N, N, N], admin: [Y, Y, Y], secretariat: [Y, Y, Y], 'secretariat of another member': [N, N, N], 'institution contact': [N, N, N], 'forum member': [N, N, N], 'IRM reviewer': [N, N, N] },
  'plan.edit': { public: [N, N, N], admin: [Y, Y, Y], secretariat: [Y, Y, Y], 'secretariat of another member': [N, N, N], 'institution contact': [N, N, N], 'forum member': [N, N, N], 'IRM reviewer': [N, N, N] },
  'commitment.edit': { public: [N, N, N], admin: [Y, Y, Y], secretariat: [Y, Y, Y], 'secretariat of another member': [N, N, N], 'institution contact': [N, N, N], 'forum member': [N, N, N], 'IRM reviewer': [N, N, N] },
  'milestone.edit': { public: [N, N, N], admin: [Y, Y, Y], secretariat: [Y, Y, Y], 'secretariat of another member': [N, N, N], 'institution contact': [N, N, N], 'forum member': [N, N, N], 'IRM reviewer': [N, N, N] },
  'institution.edit': { public: [N, N, N], admin: [Y, Y, Y], secretariat: [Y, Y, Y], 'secretariat of another member': [N, N, N], 'institution contact': [N, N, N], 'forum member': [N, N, N], 'IRM reviewer': [N, N, N] },
  'document.publish': { public: [N, N, N], admin: [Y, Y, Y], secretariat: [Y, Y, Y], 'secretariat of another member': [N, N, N], 'institution contact': [N, N, N], 'forum member': [N, N, N], 'IRM reviewer': [N, N, N] },
  'document.correct': { public: [N, N, N], admin: [Y, Y, Y], secretariat: [Y, Y, Y], 'secretariat of another member': [N, N, N], 'institution contact': [N, N, N], 'forum member': [N, N, N], 'IRM reviewer': [N, N, N] },
  'document.withdraw': { public: [N, N, N], admin: [Y, Y, Y], secretariat: [Y, Y, Y], 'secretariat of another member': [N, N, N], 'institution contact': [N, N, N], 'forum member': [N, N, N], 'IRM reviewer': [N, N, N] },
};

describe('permissions: every write action × every role × resource', () => {
  const resourceNames = Object.keys(RESOURCES);
  for (const action of WRITE_ACTIONS) {
    for (const [roleName, user] of Object.entries(ROLES)) {
      resourceNames.forEach((resourceName, i) => {
        const expected = TABLE[action][roleName]![i]!;
        it(`${action} · ${roleName} · ${resourceName} → ${expected ? 'allowed' : 'denied'}`, () => {
          expect(can(user, action, RESOURCES[resourceName]!)).toBe(expected);
        });
      });
    }
  }

  it('the table covers every action and role', () => {
    expect(Object.keys(TABLE).sort()).toEqual([...WRITE_ACTIONS].sort());
    for (const row of Object.values(TABLE)) expect(Object.keys(row).sort()).toEqual(Object.keys(ROLES).sort());
  });

  it('nobody verifies their own update; a contact edits only their own draft or returned update', () => {
    const own = RESOURCES['own institution, open plan']!;
    const secretariatAndContact = person(7, { role: 'secretariat', memberId: 1 }, { role: 'institution_contact', memberId: 1, institutionId: 10 });
    expect(can(secretariatAndContact, 'update.verify', own, { authorId: 7, state: 'submitted' })).toBe(false);
    expect(can(secretariatAndContact, 'update.verify', own, { authorId: 4, state: 'submitted' })).toBe(true);
    const contact = ROLES['institution contact']!;
    expect(can(contact, 'update.write', own, { authorId: 4, state: 'draft' })).toBe(true);
    expect(can(contact, 'update.write', own, { authorId: 4, state: 'returned' })).toBe(true);
    expect(can(contact, 'update.write', own, { authorId: 4, state: 'submitted' })).toBe(false);
    expect(can(contact, 'update.write', own, { authorId: 4, state: 'verified' })).toBe(false);
    expect(can(contact, 'update.write', own, { authorId: 99, state: 'draft' })).toBe(false);
  });

  it('a contact of the same institution id in another member is not a contact here', () => {
    const elsewhere = person(8, { role: 'institution_contact', memberId: 2, institutionId: 10 });
    expect(can(elsewhere, 'update.write', RESOURCES['own institution, open plan']!)).toBe(false);
  });
});
