import type { FieldSource, ParseWarning, ParsedCommitment } from './parsed.js';

/**
 * The dry run's account of one commitment (decision 103): which fields were found (and where:
 * page and label), which are missing, and which were read but are uncertain (a warning names
 * them). Nothing here guesses: a field is "found" only when the parser read a value for it.
 */

/** The fields of the template in the model's names, in the template's order. */
export const REPORT_FIELDS = [
  'title', 'theme', 'dateText', 'leadInstitution', 'contact.name', 'contact.title', 'contact.email', 'contact.phone',
  'otherActors', 'problem', 'objective', 'briefDescription', 'description', 'howItSolves', 'relevance', 'ambition',
  'completion', 'resultsDescription', 'milestones', 'endDateText', 'nextSteps', 'additionalInformation', 'remainingChallenges',
] as const;
export type ReportField = (typeof REPORT_FIELDS)[number];

export interface FieldReport {
  found: { field: ReportField; source: FieldSource | null }[];
  missing: ReportField[];
  uncertain: { field: string; warning: ParseWarning }[];
}

function valueOf(c: ParsedCommitment, field: ReportField): unknown {
  switch (field) {
    case 'contact.name':
      return c.contact.name;
    case 'contact.title':
      return c.contact.title;
    case 'contact.email':
      return c.contact.email;
    case 'contact.phone':
      return c.contact.phone;
    case 'otherActors':
      return [...c.otherActors.government, ...c.otherActors.civilSociety];
    default:
      return c[field];
  }
}

const filled = (v: unknown) => !(v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0));

/** Fields of the other template generation are not expected: they are neither found nor missing. */
const NOT_IN: Record<ParsedCommitment['generation'], ReadonlySet<ReportField>> = {
  '2014': new Set(['description', 'howItSolves']),
  '2019': new Set(['objective', 'briefDescription', 'ambition', 'completion', 'resultsDescription', 'endDateText', 'nextSteps', 'remainingChallenges', 'theme']),
};

/** Codes that say a value was read but may be wrong (missing fields have their own list). */
const UNCERTAIN_CODES: ReadonlySet<ParseWarning['code']> = new Set([
  'brief_description_too_long', 'completion_mark_ambiguous', 'completion_sub_items_differ', 'date_unreadable',
  'milestone_status_unreadable', 'numbering_restarts', 'status_kept_verified',
]);

export function fieldReport(c: ParsedCommitment, warnings: readonly ParseWarning[]): FieldReport {
  const report: FieldReport = { found: [], missing: [], uncertain: [] };
  for (const field of REPORT_FIELDS) {
    const v = valueOf(c, field);
    if (filled(v)) report.found.push({ field, source: c.sources?.[field] ?? null });
    else if (!NOT_IN[c.generation].has(field) || c.sources?.[field]) report.missing.push(field);
  }
  for (const w of warnings) if (UNCERTAIN_CODES.has(w.code)) report.uncertain.push({ field: w.field ?? '', warning: w });
  return report;
}
