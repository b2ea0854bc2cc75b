import { describe, expect, it } from 'vitest';
import type { Grant, SessionUser } from '../accounts/policy.js';
import { can, OPEN_CALL_ACTIONS, type CallScope, type OpenCallAction } from './policy.js';

const person = (id: number, ...grants: Partial<Grant>[]): SessionUser => ({
  id,
  email: `p${id}@example.org`,
  name: `P${id}`,
  locale: 'es',
  grants: grants.map((g) => ({ role: g.role ?? 'forum_member', memberId: g.memberId ?? null, institutionId: g.institutionId ?? null, seat: g.seat ?? null })),
});

/** Each actor, and what they are to the application (its applicant by account or by private link). */
const ACTORS: Record<string, { user: SessionUser | null; relation: Partial<CallScope> }> = {
  public: { user: null, relation: {} },
  'holder of the private link': { user: null, relation: { isApplicant: true } },
  admin: { user: person(1, { role: 'admin' }), relation: {} },
  secretariat: { user: person(2, { role: 'secretariat', memberId: 1 }), relation: {} },
  'secretariat of another member': { user: person(3, { role: 'secretariat', memberId: 2 }), relation: {} },
  'applicant (account)': { user: person(4), relation: { isApplicant: true } },
  'forum member': { user: person(5, { role: 'forum_member', memberId: 1, seat: 'civil_society' }), relation: {} },
  'signed-in stranger': { user: person(6), relation: {} },
};

/** Resource states: the call's phase and the application's state. */
const RESOURCES: Record<string, CallScope> = {
  'draft call': { memberId: 1, callPhase: 'draft' },
  'upcoming call': { memberId: 1, callPhase: 'upcoming' },
  'open call; unconfirmed': { memberId: 1, callPhase: 'open', applicationState: 'unconfirmed' },
  'open call; submitted': { memberId: 1, callPhase: 'open', applicationState: 'submitted' },
  'closed call; more info requested': { memberId: 1, callPhase: 'closed', applicationState: 'more_info_requested' },
  'closed call; accepted': { memberId: 1, callPhase: 'closed', applicationState: 'accepted' },
  'closed call; rejected': { memberId: 1, callPhase: 'closed', applicationState: 'rejected' },
};

const Y = true;
const N = false;
type Row = [boolean, boolean, boolean, boolean, boolean, boolean, boolean];
const ALL: Row = [Y, Y, Y, Y, Y, Y, Y];
const only = (who: Record<string, Row>): Record<string, Row> => Object.fromEntries(Object.keys(ACTORS).map((a) => [a, who[a] ?? [N, N, N, N, N, N, N]]));
const SECRETARIAT = (row: Row) => ({ admin: row, secretariat: row });
const EVERYONE = (row: Row) => Object.fromEntries(Object.keys(ACTORS).map((a) => [a, row]));
const VIEW: Row = [N, N, N, Y, Y, Y, Y];

const TABLE: Record<OpenCallAction, Record<string, Row>> = {
  'call.create': only(SECRETARIAT(ALL)),
  'call.view_draft': only(SECRETARIAT(ALL)),
  'call.edit': only(SECRETARIAT([Y, N, N, N, N, N, N])),
  'call.publish': only(SECRETARIAT([Y, N, N, N, N, N, N])),
  'call.close': only(SECRETARIAT([N, Y, Y, Y, N, N, N])),
  'call.apply': only(EVERYONE([N, N, Y, Y, N, N, N])),
  'application.view': only({ ...SECRETARIAT(VIEW), 'holder of the private link': VIEW, 'applicant (account)': VIEW }),
  'application.answer': only({ 'holder of the private link': [N, N, N, N, Y, N, N], 'applicant (account)': [N, N, N, N, Y, N, N] }),
  'application.review': only(SECRETARIAT(ALL)),
  'application.decide': only(SECRETARIAT([N, N, N, Y, N, N, N])),
};

describe('open call permissions: every action × every actor × state', () => {
  const names = Object.keys(RESOURCES);
  for (const action of OPEN_CALL_ACTIONS) {
    for (const [actorName, actor] of Object.entries(ACTORS)) {
      names.forEach((resourceName, i) => {
        const expected = TABLE[action][actorName]![i]!;
        it(`${action} · ${actorName} · ${resourceName} → ${expected ? 'allowed' : 'denied'}`, () => {
          expect(can(actor.user, action, { ...RESOURCES[resourceName]!, ...actor.relation })).toBe(expected);
        });
      });
    }
  }
});
