import type { PlanPhase } from '../../lib/levels.js';
import { compareMonths, monthOf, type Month } from '../../lib/month.js';

/**
 * The phase a plan's dates imply on `now` (decision 051): it has not started yet → co-creation; today
 * is within its months → implementation; its last month has ended → closed. Used for plans imported
 * from OGP's data; the secretariat can change the phase afterwards.
 */
export function phaseFromDates(startMonth: Month, endMonth: Month, now: Date): PlanPhase {
  const today = monthOf(now);
  if (compareMonths(today, startMonth) < 0) return 'co_creation';
  if (compareMonths(today, endMonth) > 0) return 'closed';
  return 'implementation';
}
