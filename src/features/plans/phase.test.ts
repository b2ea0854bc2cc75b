import { describe, expect, it } from 'vitest';
import { phaseFromDates } from './phase.js';

describe('phaseFromDates', () => {
  const now = new Date('2026-11-27T12:00:00Z');
  it('a plan running today is in implementation (Chile 2023–2027)', () => {
    expect(phaseFromDates('2023-01', '2027-12', now)).toBe('implementation');
    expect(phaseFromDates('2026-11', '2026-11', now)).toBe('implementation');
  });
  it('a plan whose last month has ended is closed', () => {
    expect(phaseFromDates('2016-09', '2018-06', now)).toBe('closed');
    expect(phaseFromDates('2024-01', '2026-10', now)).toBe('closed');
  });
  it('a plan that starts later is in co-creation', () => {
    expect(phaseFromDates('2026-12', '2028-12', now)).toBe('co_creation');
  });
});
