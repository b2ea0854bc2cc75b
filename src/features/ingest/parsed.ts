import { z } from 'zod';
import { completionLevelSchema, localeSchema } from '../../lib/levels.js';
import { monthSchema } from '../../lib/month.js';

/**
 * What the template parser reads out of a commitment document, before anything is stored.
 * Texts are plain strings in the document's language (`language`); the import command stores
 * them as that language's version of each field.
 */

export const WARNING_CODES = [
  'brief_description_too_long', // the brief description exceeds 140 characters (warn, never reject)
  'completion_mark_ambiguous', // a completion mark was found but its column could not be determined
  'completion_missing', // no completion level could be found
  'completion_sub_items_differ', // sub-items have different levels: the commitment's is derived (the lowest)
  'date_unreadable', // a date text could not be read as months
  'field_missing', // a field of the template is absent or empty
  'milestone_status_unreadable', // a milestone's "Estado:" could not be read as a level
  'number_missing', // the commitment number could not be found
  'numbering_restarts', // numbering restarts under theme headings: commitments are numbered by their position
  'status_kept_verified', // on import: a milestone's status verified on the platform is kept over the document's
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

export const parseWarningSchema = z.object({
  code: z.enum(WARNING_CODES),
  /** Which field it concerns, in the model's names: `briefDescription`, `milestones[3].status` … */
  field: z.string().optional(),
  /** 0-based index of the commitment within the document. */
  commitment: z.number().int().nonnegative().optional(),
  /** Values to put into the message (e.g. `{ length: 253 }` or `{ text: 'primavera 2017' }`). */
  params: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
});
export type ParseWarning = z.infer<typeof parseWarningSchema>;

export const parsedSubItemSchema = z.object({
  title: z.string(),
  start: monthSchema.nullable(),
  end: monthSchema.nullable(),
});

export const parsedMilestoneSchema = z.object({
  number: z.number().int().positive(),
  title: z.string(),
  subItems: z.array(parsedSubItemSchema),
  /** Planned months: from the title's "(Septiembre a Octubre 2016)", else spanning the sub-items' dates. */
  start: monthSchema.nullable(),
  end: monthSchema.nullable(),
  /** The text the dates were read from, as written. */
  dateText: z.string().nullable(),
  status: completionLevelSchema.nullable(),
  narrative: z.string(),
  /** true for "con retraso"/"su retraso se debe", false for "sin retraso"/"no se encuentra con retraso", null when not said. */
  reportedDelayed: z.boolean().nullable(),
  /** The sentence that says so. */
  delayNote: z.string().nullable(),
});
export type ParsedMilestone = z.infer<typeof parsedMilestoneSchema>;

export const fieldSourceSchema = z.object({ page: z.number().int().positive().nullable(), label: z.string() });
export type FieldSource = z.infer<typeof fieldSourceSchema>;

export const parsedCommitmentSchema = z.object({
  /** OGP's id of the commitment (`CL0050`) when the document or the user gives it: the import matches it first. */
  ogpId: z.string().regex(/^[A-Z]{2,5}[0-9]{2,5}$/).nullable().optional(),
  language: localeSchema,
  generation: z.enum(['2014', '2019']),
  number: z.number().int().positive().nullable(),
  title: z.string(),
  theme: z.string().nullable(),
  start: monthSchema.nullable(),
  end: monthSchema.nullable(),
  dateText: z.string().nullable(),
  leadInstitution: z.string().nullable(),
  contact: z.object({
    name: z.string().nullable(),
    title: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
  }),
  otherActors: z.object({
    government: z.array(z.string()),
    civilSociety: z.array(z.string()),
  }),
  /** 2014: "Status quo o problema/desafío"; 2019: "the public problem". */
  problem: z.string().nullable(),
  objective: z.string().nullable(),
  briefDescription: z.string().nullable(),
  /** 2019: "what is the commitment". */
  description: z.string().nullable(),
  /** 2019: "how will the commitment solve the problem". */
  howItSolves: z.string().nullable(),
  relevance: z.string().nullable(),
  ambition: z.string().nullable(),
  completion: completionLevelSchema.nullable(),
  resultsDescription: z.string().nullable(),
  milestones: z.array(parsedMilestoneSchema),
  endDateText: z.string().nullable(),
  nextSteps: z.array(z.string()),
  additionalInformation: z.string().nullable(),
  remainingChallenges: z.string().nullable(),
  /** Completion per sub-item, as the document gives it (letters under the columns): `{ a: 'substantial', b: 'complete' }`. */
  completionSubItems: z.record(z.string(), completionLevelSchema).optional(),
  /** The number printed in the document when numbering restarts under each theme (`number` is then the position). */
  numberInSection: z.number().int().positive().nullable().optional(),
  /** Where each field was read: the page (null when the format has none) and the label it was read under. */
  sources: z.record(z.string(), fieldSourceSchema).optional(),
});
export type ParsedCommitment = z.infer<typeof parsedCommitmentSchema>;

export const parseResultSchema = z.object({
  commitments: z.array(parsedCommitmentSchema),
  warnings: z.array(parseWarningSchema),
});
export type ParseResult = z.infer<typeof parseResultSchema>;

/** A document that cannot be read as the template at all: nothing is stored. */
export class TemplateParseError extends Error {
  constructor(
    readonly code: 'empty' | 'not_a_template' | 'too_large' | 'binary',
    readonly params: Record<string, string | number> = {},
  ) {
    super(`template parse error: ${code}`);
    this.name = 'TemplateParseError';
  }
}
