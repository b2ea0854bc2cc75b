import { z } from 'zod';

/**
 * The IRM's variables, as text codes. OGP's markers are kept as written: `ND` (no data), `NR`
 * (not reviewed), `NA` (not applicable). Every variable also accepts null (not recorded).
 * Reviewer forms and importers validate with `irmAssessmentSchema`.
 */
export const IRM_METHODOLOGIES = ['first_generation', 'refresh'] as const;
export type IrmMethodology = (typeof IRM_METHODOLOGIES)[number];

export const IRM_REPORT_KINDS = ['progress', 'end_of_term', 'action_plan_review', 'results_report'] as const;
export type IrmReportKind = (typeof IRM_REPORT_KINDS)[number];

/** Which report kinds each methodology has. */
export const REPORT_KINDS_BY_METHODOLOGY: Record<IrmMethodology, readonly IrmReportKind[]> = {
  first_generation: ['progress', 'end_of_term'],
  refresh: ['action_plan_review', 'results_report'],
};

export const IRM_MARKERS = ['ND', 'NR', 'NA'] as const;
export type IrmMarker = (typeof IRM_MARKERS)[number];

export const IRM_SCALES = {
  specificity: ['none', 'low', 'medium', 'high'],
  yesNo: ['yes', 'no'],
  potentialImpact: ['none', 'minor', 'moderate', 'transformative'],
  completion: ['not_started', 'limited', 'substantial', 'complete', 'no_evidence', 'withdrawn', 'unclear'],
  didItOpenGovernment: ['worsened', 'did_not_change', 'marginal', 'major', 'outstanding', 'no_early_results', 'not_applicable'],
  potentialForResults: ['unclear', 'modest', 'substantial'],
  earlyResults: ['no_notable_results', 'moderate', 'significant'],
} as const;
export type IrmScale = keyof typeof IRM_SCALES;

/** Every variable of both generations, with its scale and the methodology it belongs to. */
export const IRM_VARIABLES = {
  specificity: { scale: 'specificity', methodology: 'first_generation' },
  relevanceAccessToInformation: { scale: 'yesNo', methodology: 'first_generation' },
  relevanceCivicParticipation: { scale: 'yesNo', methodology: 'first_generation' },
  relevancePublicAccountability: { scale: 'yesNo', methodology: 'first_generation' },
  relevanceTechnologyInnovation: { scale: 'yesNo', methodology: 'first_generation' },
  potentialImpact: { scale: 'potentialImpact', methodology: 'first_generation' },
  starred: { scale: 'yesNo', methodology: 'first_generation' },
  didItOpenGovernment: { scale: 'didItOpenGovernment', methodology: 'first_generation' },
  didItOpenGovernmentAccessToInformation: { scale: 'didItOpenGovernment', methodology: 'first_generation' },
  didItOpenGovernmentCivicParticipation: { scale: 'didItOpenGovernment', methodology: 'first_generation' },
  didItOpenGovernmentPublicAccountability: { scale: 'didItOpenGovernment', methodology: 'first_generation' },
  verifiable: { scale: 'yesNo', methodology: 'refresh' },
  openGovernmentLens: { scale: 'yesNo', methodology: 'refresh' },
  potentialForResults: { scale: 'potentialForResults', methodology: 'refresh' },
  promising: { scale: 'yesNo', methodology: 'refresh' },
  earlyResults: { scale: 'earlyResults', methodology: 'refresh' },
  completion: { scale: 'completion', methodology: 'both' },
} as const satisfies Record<string, { scale: IrmScale; methodology: IrmMethodology | 'both' }>;
export type IrmVariable = keyof typeof IRM_VARIABLES;
export const IRM_VARIABLE_NAMES = Object.keys(IRM_VARIABLES) as IrmVariable[];

/** A code of one scale, or one of OGP's markers. */
export function irmCodeSchema<S extends IrmScale>(scale: S) {
  return z.enum([...IRM_SCALES[scale], ...IRM_MARKERS] as unknown as [string, ...string[]]);
}

export const publicationYearSchema = z.union([z.string().regex(/^(19|20)\d{2}$/), z.enum(IRM_MARKERS)]);

const variableShape = Object.fromEntries(
  IRM_VARIABLE_NAMES.map((name) => [name, irmCodeSchema(IRM_VARIABLES[name].scale).nullable().default(null)]),
) as { [K in IrmVariable]: z.ZodDefault<z.ZodNullable<z.ZodEnum<Record<string, string>>>> };

/** One IRM assessment as entered or imported (the `irm_assessments` row without ids and timestamps). */
export const irmAssessmentSchema = z
  .object({
    methodology: z.enum(IRM_METHODOLOGIES),
    reportKind: z.enum(IRM_REPORT_KINDS),
    publicationYear: publicationYearSchema.nullable().default(null),
    ...variableShape,
  })
  .superRefine((value, ctx) => {
    if (!REPORT_KINDS_BY_METHODOLOGY[value.methodology].includes(value.reportKind)) {
      ctx.addIssue({ code: 'custom', path: ['reportKind'], message: 'report_kind_not_in_methodology' });
    }
  });
export type IrmAssessmentInput = z.infer<typeof irmAssessmentSchema>;
