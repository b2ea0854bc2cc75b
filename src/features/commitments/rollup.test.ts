import { describe, expect, it } from 'vitest';
import { isDelayed } from '../milestones/rules.js';
import { combineRollups, progressPercent, rollup } from './rollup.js';

const NOW = new Date('2018-07-01T00:00:00Z');

describe('isDelayed: the planned end month is over and the milestone is not complete', () => {
  it.each([
    ['2018-06', 'limited', true],
    ['2018-06', 'not_started', true],
    ['2018-06', null, true], // not reported: nobody said it is done
    ['2018-06', 'complete', false],
    ['2018-07', 'limited', false], // the current month is not over
    ['2018-08', 'not_started', false],
    [null, 'not_started', false], // no planned end: cannot be computed
  ] as const)('end %s, status %s → %s', (plannedEnd, status, expected) => {
    expect(isDelayed({ plannedEnd, status }, NOW)).toBe(expected);
  });

  it('turns delayed on the first day after the month ends, in UTC', () => {
    expect(isDelayed({ plannedEnd: '2018-06', status: 'limited' }, new Date('2018-06-30T23:59:59Z'))).toBe(false);
    expect(isDelayed({ plannedEnd: '2018-06', status: 'limited' }, new Date('2018-07-01T00:00:00Z'))).toBe(true);
  });
});

describe('rollup', () => {
  it('is the mean over reported milestones, leaving the unreported out', () => {
    const r = rollup(
      [
        { status: 'complete', plannedEnd: '2016-10' },
        { status: 'complete', plannedEnd: '2017-01' },
        { status: 'substantial', plannedEnd: '2018-05' },
        { status: 'not_started', plannedEnd: '2017-11' },
        { status: null, plannedEnd: '2030-01' },
      ],
      NOW,
    );
    expect(r.total).toBe(5);
    expect(r.reported).toBe(4);
    expect(r.counts).toEqual({ complete: 2, substantial: 1, limited: 0, not_started: 1, not_reported: 1 });
    expect(r.progress).toBeCloseTo((1 + 1 + 2 / 3 + 0) / 4, 10);
    expect(progressPercent(r)).toBe(67);
    expect(r.delayed).toBe(2);
  });

  it('does not count "not reported" as "not started"', () => {
    const a = rollup([{ status: 'complete', plannedEnd: null }, { status: null, plannedEnd: null }], NOW);
    const b = rollup([{ status: 'complete', plannedEnd: null }, { status: 'not_started', plannedEnd: null }], NOW);
    expect(a.progress).toBe(1);
    expect(b.progress).toBe(0.5);
  });

  it('has no figure when nothing is reported, and none for no milestones', () => {
    expect(rollup([{ status: null, plannedEnd: null }], NOW).progress).toBeNull();
    expect(rollup([], NOW)).toMatchObject({ total: 0, reported: 0, progress: null, delayed: 0 });
    expect(progressPercent(rollup([], NOW))).toBeNull();
  });

  it('combines commitments so that each milestone weighs the same (a mean, never a sum)', () => {
    const a = rollup([{ status: 'complete', plannedEnd: null }], NOW);
    const b = rollup(
      [
        { status: 'not_started', plannedEnd: null },
        { status: 'not_started', plannedEnd: null },
        { status: null, plannedEnd: null },
      ],
      NOW,
    );
    const c = combineRollups([a, b]);
    expect(c.total).toBe(4);
    expect(c.reported).toBe(3);
    expect(c.progress).toBeCloseTo(1 / 3, 10);
    expect(c.counts.not_reported).toBe(1);
    expect(combineRollups([]).progress).toBeNull();
  });
});
