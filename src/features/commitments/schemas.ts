import { z } from '@hono/zod-openapi';
import { completionLevelSchema } from '../../lib/levels.js';

/**
 * The public shape of a commitment: what the API returns, what the CLI's dry run prints, what the
 * page renders. Every field that leaves the server is listed here.
 */
export const localizedTextOut = z
  .object({ es: z.string().optional(), en: z.string().optional() })
  .openapi('LocalizedText', { description: 'A text in Spanish and/or English; a missing key means no version in that language.' });

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).openapi({ example: '2016-09', description: 'A month, YYYY-MM' });

export const rollupOut = z
  .object({
    total: z.number().int(),
    reported: z.number().int(),
    counts: z.object({
      not_started: z.number().int(),
      limited: z.number().int(),
      substantial: z.number().int(),
      complete: z.number().int(),
      not_reported: z.number().int(),
    }),
    progress: z.number().min(0).max(1).nullable().openapi({
      description:
        'Mean score of the reported milestones (not started 0, limited 1/3, substantial 2/3, complete 1); unreported milestones are left out; null when none is reported.',
    }),
    delayed: z.number().int(),
  })
  .openapi('Rollup');

export const evidenceOut = z
  .object({ title: localizedTextOut, href: z.string().openapi({ description: 'A stored file (`/evidence/{id}`) or a link elsewhere.' }) })
  .openapi('Evidence');

export const milestoneOut = z
  .object({
    id: z.number().int(),
    number: z.number().int(),
    title: localizedTextOut,
    subItems: z.array(z.object({ title: localizedTextOut, start: month.nullable(), end: month.nullable() })),
    plannedStart: month.nullable(),
    plannedEnd: month.nullable(),
    status: completionLevelSchema.nullable().openapi({ description: 'Reported status; null = not reported.' }),
    delayed: z.boolean().openapi({ description: 'Computed: the planned end month is over and the status is not complete.' }),
    reportedDelayed: z.boolean().nullable().openapi({ description: 'What the report itself says ("con retraso" / "sin retraso").' }),
    delayNote: localizedTextOut,
    narrative: localizedTextOut,
    statusSource: z.enum(['verified_update', 'self_assessment']).nullable().openapi({
      description:
        'Where `status` comes from (decision 031): the latest progress update verified by the secretariat, or the imported self-assessment document; null when not reported.',
    }),
    reportedBy: z.string().nullable().openapi({ description: 'Who reported the verified update (null for an imported status).' }),
    reportedAt: z.string().nullable(),
    verifiedBy: z.string().nullable().openapi({ description: 'Who in the secretariat verified it.' }),
    verifiedAt: z.string().nullable(),
    statusAsOf: z.string().nullable().openapi({ description: 'The date the verified report (whose status, narrative and evidence are public) refers to; null for an imported status (decision 041).' }),
    evidence: z.array(evidenceOut).openapi({ description: 'Evidence of the verified update: stored files and links.' }),
    pending: z
      .object({
        status: completionLevelSchema,
        reportedBy: z.string(),
        reportedAt: z.string(),
        asOf: z.string(),
        narrative: localizedTextOut,
        evidence: z.array(evidenceOut),
      })
      .nullable()
      .openapi({ description: 'A newer update reported and awaiting verification; never counted as verified.' }),
    contested: z.boolean().openapi({ description: 'An open contestation stands against the status (decision 042).' }),
    contestations: z.array(
      z.object({
        id: z.number().int().openapi({ description: 'Its public thread is /contestations/{id}.' }),
        state: z.enum(['open', 'upheld', 'dismissed']).openapi({ description: 'Open until the secretariat resolves it as upheld (the status goes to verification again) or dismissed (decision 042).' }),
        by: z.string(),
        seat: z.string().nullable(),
        at: z.string(),
        comment: z.string(),
        contestedStatus: completionLevelSchema.nullable(),
        evidence: z.array(evidenceOut),
        resolution: z.string().nullable().openapi({ description: 'The secretariat’s reason, once resolved.' }),
        resolvedAt: z.string().nullable(),
        replies: z.number().int().openapi({ description: 'Public replies by the secretariat, the lead institution or the person who contested.' }),
      }),
    ),
  })
  .openapi('Milestone');

export const institutionRefOut = z.object({ id: z.number().int(), name: localizedTextOut }).openapi('InstitutionRef');

export const commitmentNumber = z.string().openapi({ example: '19', description: 'The number in its plan as written: "19", or "2.1".' });

export const commitmentOut = z
  .object({
    id: z.number().int(),
    number: commitmentNumber,
    ogpId: z.string().nullable(),
    generation: z.enum(['2014', '2019']),
    plan: z.object({ id: z.number().int(), number: z.number().int(), title: localizedTextOut, memberCode: z.string(), practice: z.boolean().openapi({ description: 'A practice plan (decision 055).' }) }),
    title: localizedTextOut,
    theme: localizedTextOut,
    startMonth: month.nullable(),
    endMonth: month.nullable(),
    leadInstitution: institutionRefOut.nullable(),
    contact: z
      .object({ name: z.string(), title: localizedTextOut, email: z.string().nullable(), phone: z.string().nullable() })
      .nullable(),
    otherActors: z.object({ government: z.array(localizedTextOut), civilSociety: z.array(localizedTextOut) }),
    problem: localizedTextOut,
    objective: localizedTextOut,
    briefDescription: localizedTextOut,
    description: localizedTextOut,
    howItSolves: localizedTextOut,
    relevance: localizedTextOut,
    ambition: localizedTextOut,
    values: z.object({
      accessToInformation: z.boolean().nullable(),
      civicParticipation: z.boolean().nullable(),
      publicAccountability: z.boolean().nullable(),
      technologyInnovation: z.boolean().nullable(),
    }),
    policyAreas: z.array(z.object({ slug: z.string(), name: localizedTextOut })),
    completion: completionLevelSchema.nullable().openapi({ description: "The government's self-reported completion; null = not reported." }),
    resultsDescription: localizedTextOut,
    nextSteps: z.array(localizedTextOut),
    additionalInformation: localizedTextOut,
    remainingChallenges: localizedTextOut,
    rollup: rollupOut,
    milestones: z.array(milestoneOut),
    source: z
      .object({ importId: z.number().int(), name: z.string(), format: z.string(), importedAt: z.string() })
      .nullable()
      .openapi({ description: 'The document the current values were imported from.' }),
    updatedAt: z.string(),
  })
  .openapi('Commitment');

export type CommitmentDetail = z.infer<typeof commitmentOut>;
export type MilestoneDetail = z.infer<typeof milestoneOut>;
