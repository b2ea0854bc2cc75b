import { COMPLETION_LEVELS, type CompletionLevel } from '../../lib/levels.js';
import type { Month } from '../../lib/month.js';
import { isDelayed } from '../milestones/rules.js';

/**
 * The roll-up of a commitment's milestones (decision 004), public and reproducible:
 *
 * - Each **reported** milestone scores by its status: not started 0, limited ⅓, substantial ⅔, complete 1.
 * - **Progress** is the mean score of the reported milestones — not a sum, and a milestone that is
 *   **not reported is left out** (it is not "not started"). With nothing reported there is no progress figure.
 * - **Coverage** says how many milestones the figure rests on: reported of total.
 * - The counts per status (and "not reported") are always shown beside the figure.
 */
export const LEVEL_SCORE: Record<CompletionLevel, number> = {
  not_started: 0,
  limited: 1 / 3,
  substantial: 2 / 3,
  complete: 1,
};

export type RollupKey = CompletionLevel | 'not_reported';
export const ROLLUP_KEYS: readonly RollupKey[] = [...COMPLETION_LEVELS, 'not_reported'];

export interface Rollup {
  total: number;
  reported: number;
  counts: Record<RollupKey, number>;
  /** 0…1, or null when no milestone is reported. */
  progress: number | null;
  delayed: number;
}

export interface RollupMilestone {
  status: CompletionLevel | null;
  plannedEnd: Month | string | null;
}

export function emptyCounts(): Record<RollupKey, number> {
  return { not_started: 0, limited: 0, substantial: 0, complete: 0, not_reported: 0 };
}

/**
 * The roll-up from the counts per status (and the number delayed): what SQL computes for many
 * commitments at once. The score is summed in thirds (whole numbers), so the figure is the same
 * however the milestones are grouped or ordered.
 */
export function rollupFromCounts(counts: Record<RollupKey, number>, delayed: number): Rollup {
  const total = ROLLUP_KEYS.reduce((sum, key) => sum + counts[key], 0);
  const reported = total - counts.not_reported;
  const thirds = counts.limited + 2 * counts.substantial + 3 * counts.complete;
  return { total, reported, counts, progress: reported === 0 ? null : thirds / (3 * reported), delayed };
}

export function rollup(milestones: readonly RollupMilestone[], now: Date): Rollup {
  const counts = emptyCounts();
  let delayed = 0;
  for (const m of milestones) {
    if (m.status === null) counts.not_reported += 1;
    else counts[m.status] += 1;
    if (isDelayed(m, now)) delayed += 1;
  }
  return rollupFromCounts(counts, delayed);
}

/** Adds roll-ups (a plan's is the roll-up of all its milestones, each milestone weighing the same). */
export function combineRollups(parts: readonly Rollup[]): Rollup {
  const counts = emptyCounts();
  let delayed = 0;
  for (const p of parts) {
    delayed += p.delayed;
    for (const key of ROLLUP_KEYS) counts[key] += p.counts[key];
  }
  return rollupFromCounts(counts, delayed);
}

/** Progress as a whole percentage, rounded half up; null stays null. */
export function progressPercent(r: Rollup): number | null {
  return r.progress === null ? null : Math.round(r.progress * 100);
}
