import { describe, expect, it } from 'vitest';
import type { Grant, SessionUser } from '../accounts/policy.js';
import { can, FORUM_ACTIONS, type ForumAction, type ForumScope } from './policy.js';

const person = (id: number, ...grants: Partial<Grant>[]): SessionUser => ({
  id,
  email: `p${id}@example.org`,
  name: `P${id}`,
  locale: 'es',
  grants: grants.map((g) => ({ role: g.role ?? 'forum_member', memberId: g.memberId ?? null, institutionId: g.institutionId ?? null, seat: g.seat ?? null })),
});

/** Each actor, and what they are to the resource (representative, candidate, attendee). */
const ACTORS: Record<string, { user: SessionUser | null; relation: Partial<ForumScope> }> = {
  public: { user: null, relation: {} },
  admin: { user: person(1, { role: 'admin' }), relation: {} },
  secretariat: { user: person(2, { role: 'secretariat', memberId: 1 }), relation: {} },
  'secretariat of another member': { user: person(3, { role: 'secretariat', memberId: 2 }), relation: {} },
  'forum member (attendee)': { user: person(4, { role: 'forum_member', memberId: 1, seat: 'civil_society' }), relation: { attendedOrMember: true } },
  'organisation representative (on the roll)': { user: person(5), relation: { representsOrganisations: 1, onRoll: true } },
  'nominated candidate': { user: person(6), relation: { isPendingCandidate: true } },
  'signed-in stranger': { user: person(7), relation: {} },
};

const RESOURCES: Record<string, ForumScope> = {
  'nominations; minutes draft': { memberId: 1, electionPhase: 'nominations', minutesState: 'draft' },
  'voting; minutes in review': { memberId: 1, electionPhase: 'voting', minutesState: 'in_review' },
  'published; minutes approved': { memberId: 1, electionPhase: 'published', minutesState: 'approved' },
};

const Y = true;
const N = false;
type Row = [boolean, boolean, boolean];
const only = (who: Record<string, Row>): Record<string, Row> => Object.fromEntries(Object.keys(ACTORS).map((a) => [a, who[a] ?? [N, N, N]]));
const SECRETARIAT_ALL: Record<string, Row> = { admin: [Y, Y, Y], secretariat: [Y, Y, Y] };

const TABLE: Record<ForumAction, Record<string, Row>> = {
  'forum.manage': only(SECRETARIAT_ALL),
  'network.register': only(SECRETARIAT_ALL),
  'election.create': only(SECRETARIAT_ALL),
  'election.nominate': only({ 'organisation representative (on the roll)': [Y, N, N] }),
  'election.accept': only({ 'nominated candidate': [Y, N, N] }),
  'election.open_voting': only({ admin: [Y, N, N], secretariat: [Y, N, N] }),
  'election.vote': only({ 'organisation representative (on the roll)': [N, Y, N] }),
  'election.close': only({ admin: [N, Y, N], secretariat: [N, Y, N] }),
  'meeting.convene': only(SECRETARIAT_ALL),
  'meeting.record': only(SECRETARIAT_ALL),
  'minutes.draft': only({ admin: [Y, Y, N], secretariat: [Y, Y, N] }),
  'minutes.comment': only({ admin: [N, Y, N], secretariat: [N, Y, N], 'forum member (attendee)': [N, Y, N] }),
  'minutes.approve': only({ admin: [N, Y, N], secretariat: [N, Y, N] }),
};

describe('forum permissions: every action × every actor × resource', () => {
  const resourceNames = Object.keys(RESOURCES);
  for (const action of FORUM_ACTIONS) {
    for (const [actorName, actor] of Object.entries(ACTORS)) {
      resourceNames.forEach((resourceName, i) => {
        const expected = TABLE[action][actorName]![i]!;
        it(`${action} · ${actorName} · ${resourceName} → ${expected ? 'allowed' : 'denied'}`, () => {
          expect(can(actor.user, action, { ...RESOURCES[resourceName]!, ...actor.relation })).toBe(expected);
        });
      });
    }
  }
});
