import type { CompletionLevel } from '../../lib/levels.js';
import { monthHasEnded, type Month } from '../../lib/month.js';

/**
 * A milestone is **delayed** when its planned end month has passed and it is not complete.
 * "Passed" means the whole month is over (a milestone due "June 2018" is delayed from 1 July 2018).
 * A milestone with no planned end is never computed as delayed; one that is not reported counts as
 * not complete (nobody has said it is done).
 */
export function isDelayed(milestone: { plannedEnd: Month | string | null; status: CompletionLevel | null }, now: Date): boolean {
  if (!milestone.plannedEnd) return false;
  if (milestone.status === 'complete') return false;
  return monthHasEnded(milestone.plannedEnd as Month, now);
}
