import { describe, expect, it } from 'vitest';
import { irmAssessmentSchema, IRM_VARIABLE_NAMES } from './variables.js';

describe('irmAssessmentSchema', () => {
  it('accepts the codes of each scale and OGP’s markers ND, NR, NA as such', () => {
    const ok = irmAssessmentSchema.parse({ methodology: 'first_generation', reportKind: 'progress', publicationYear: '2016', specificity: 'high', potentialImpact: 'NR', completion: 'ND', starred: 'NA' });
    expect(ok).toMatchObject({ specificity: 'high', potentialImpact: 'NR', completion: 'ND', starred: 'NA', verifiable: null });
    expect(irmAssessmentSchema.parse({ methodology: 'refresh', reportKind: 'results_report', earlyResults: 'significant', publicationYear: 'NR' }).earlyResults).toBe('significant');
    expect(IRM_VARIABLE_NAMES).toHaveLength(17);
  });

  it('refuses codes of another scale, a report kind of the other methodology, and junk', () => {
    for (const bad of [
      { methodology: 'first_generation', reportKind: 'progress', specificity: 'transformative' },
      { methodology: 'first_generation', reportKind: 'results_report' },
      { methodology: 'refresh', reportKind: 'action_plan_review', publicationYear: '19999' },
      { methodology: 'refresh', reportKind: 'action_plan_review', completion: "'; DROP TABLE x;--" },
      { methodology: 'other', reportKind: 'progress' },
    ]) {
      expect(irmAssessmentSchema.safeParse(bad).success).toBe(false);
    }
  });
});
