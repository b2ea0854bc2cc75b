import type { SessionUser } from '../accounts/policy.js';
import { canManageForum } from '../forum/policy.js';

/**
 * Who may do what with a forum's news and events (decision 077). Reading published items and
 * withdrawn items' notes needs nothing; drafts, writing, publishing and withdrawing are the
 * forum member's secretariat's (and the administrator's). Tested as a table (news.db.test.ts).
 */
export const NEWS_ACTIONS = ['news.read_draft', 'news.write', 'news.publish', 'news.unpublish'] as const;
export type NewsAction = (typeof NEWS_ACTIONS)[number];

export function canNews(user: SessionUser | null, action: NewsAction, scope: { memberId: number; state?: 'draft' | 'published' | 'unpublished' }): boolean {
  const secretariat = canManageForum(user, { memberId: scope.memberId });
  switch (action) {
    case 'news.read_draft':
      return secretariat;
    case 'news.write':
      return secretariat && scope.state !== 'unpublished';
    case 'news.publish':
      return secretariat && scope.state === 'draft';
    case 'news.unpublish':
      return secretariat && scope.state === 'published';
  }
}
