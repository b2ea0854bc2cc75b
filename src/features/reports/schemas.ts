import { z } from 'zod';
import { SELF_ASSESSMENT_KINDS } from '../../db/schema/reports.js';

export { SELF_ASSESSMENT_KINDS };
export type SelfAssessmentKind = (typeof SELF_ASSESSMENT_KINDS)[number];

/** In URLs the kinds are written with dashes: `/plans/1/self-assessment/mid-term`. */
export const KIND_SLUGS: Record<SelfAssessmentKind, string> = { mid_term: 'mid-term', end_of_term: 'end-of-term' };
export function kindFromSlug(slug: string | undefined): SelfAssessmentKind | null {
  const found = SELF_ASSESSMENT_KINDS.find((k) => KIND_SLUGS[k] === slug);
  return found ?? null;
}

export const REPORT_FORMATS = ['html', 'docx', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const MEDIA_TYPES: Record<ReportFormat, string> = {
  html: 'text/html; charset=UTF-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
};

/** The longest text of one section in one language (a long chapter of a report, not a book). */
export const MAX_SECTION_CHARS = 50_000;
export const MAX_NOTE_CHARS = 5_000;

/** A date `YYYY-MM-DD` that exists. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  });
