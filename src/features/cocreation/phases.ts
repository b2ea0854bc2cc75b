import { COCREATION_PHASES } from '../../db/schema/cocreation.js';

export type PhaseKind = (typeof COCREATION_PHASES)[number];

export interface PhaseDates {
  kind: PhaseKind;
  startsOn: string;
  endsOn: string;
}

/** Is the phase of that kind running on `day` (YYYY-MM-DD, both ends included)? */
export function phaseOpen(phases: readonly PhaseDates[], kind: PhaseKind, day: string): boolean {
  return phases.some((p) => p.kind === kind && p.startsOn <= day && day <= p.endsOn);
}

/** The phases running on `day`, in calendar order. */
export function currentPhases<T extends PhaseDates>(phases: readonly T[], day: string): T[] {
  return phases.filter((p) => p.startsOn <= day && day <= p.endsOn);
}

/** Whole days from `a` to `b` (dates YYYY-MM-DD), `b` included: 2026-01-01..2026-01-01 is 1 day. */
export function daysInclusive(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000) + 1;
}
