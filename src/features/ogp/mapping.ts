import type { Locale } from '../../lib/levels.js';
import type { Month } from '../../lib/month.js';
import { COMMITMENT_NUMBER_PATTERN, nameKey } from '../../lib/text.js';
import { IRM_VARIABLE_NAMES, type IrmAssessmentInput, type IrmMethodology, type IrmReportKind } from '../irm/variables.js';
import { isBlank, MARKERS, readOgpDate } from './dates.js';
import { IRM_COLUMNS, readIrmCode, readPublicationYear, type IrmReportSlot } from './irm-columns.js';
import { POLICY_AREA_BY_COLUMN } from './policy-areas.js';

/** Columns a row must have to be imported at all. */
export const REQUIRED_COLUMNS = ['Commitment Unique Identifier', 'Country/Locality', 'Code', 'Action Plan Number', 'Commitment Number', 'Commitment Title'] as const;

export const OGP_ID_PATTERN = /^[A-Z]{2,5}[0-9]{2,5}$/;
export const PLAN_ID_PATTERN = /^AP_[A-Z0-9]{2,8}$/;
export const MEMBER_CODE_PATTERN = /^[A-Z]{2,5}$/;

export const OGP_WARNING_CODES = ['date_unreadable', 'irm_value_unreadable', 'number_adjusted', 'plan_id_missing', 'column_unknown'] as const;
export type OgpWarningCode = (typeof OGP_WARNING_CODES)[number];
export interface OgpWarning {
  code: OgpWarningCode;
  /** 2 = the first row under the header, as a spreadsheet numbers it. */
  row?: number;
  column?: string;
  params: Record<string, string | number>;
}

export const OGP_ROW_ERROR_CODES = ['ogp_id_invalid', 'ogp_id_duplicate', 'member_code_invalid', 'plan_number_invalid', 'title_missing', 'plan_member_mismatch'] as const;
export type OgpRowErrorCode = (typeof OGP_ROW_ERROR_CODES)[number];
export interface OgpRowError {
  code: OgpRowErrorCode;
  row: number;
  column: string;
  params: Record<string, string | number>;
}

export interface OgpAssessment extends IrmAssessmentInput {
  slot: IrmReportSlot;
}

/** One row of OGP's data read into the model's terms (before anything is matched or stored). */
export interface OgpRow {
  row: number;
  raw: Record<string, string>;
  ogpId: string;
  language: Locale;
  member: { code: string; name: string; kind: 'national' | 'local' };
  plan: { ogpId: string | null; number: number; submissionYear: number | null; endYear: number | null };
  /** The commitment number as written and the one the model can hold (decision 005). */
  numberAsWritten: string;
  numberBase: string;
  title: string;
  theme: string | null;
  description: string | null;
  startMonth: Month | null;
  endMonth: Month | null;
  leadInstitution: string | null;
  supportingInstitutions: string[];
  policyAreas: string[];
  assessments: OgpAssessment[];
}

const ES_WORDS = /\b(de|la|el|los|las|y|que|en|para|del|por|con|una|se|al)\b/gi;
const EN_WORDS = /\b(the|of|and|to|in|for|with|on|by|is|are|will|be|this)\b/gi;

/** The language of a row's texts: Spanish when Spanish function words outnumber English ones, else English. */
export function detectLanguage(text: string): Locale {
  const sample = text.slice(0, 4000);
  const es = sample.match(ES_WORDS)?.length ?? 0;
  const en = sample.match(EN_WORDS)?.length ?? 0;
  return es > en ? 'es' : 'en';
}

/** The commitment number the model can hold (digits, dot-separated, an optional letter): `1.1.` → `1.1`, `SC17` → `17`, `B.1.A` → `1`. */
export function numberBase(written: string): string {
  const w = written.trim().replace(/\.+$/, '');
  if (COMMITMENT_NUMBER_PATTERN.test(w)) return w;
  const digits = w
    .replace(/[^0-9.]+/g, '.')
    .replace(/\.{2,}/g, '.')
    .replace(/^\.|\.$/g, '');
  return COMMITMENT_NUMBER_PATTERN.test(digits) ? digits : '0';
}

/** Whether a stored number is the one a written number became (possibly with a letter added to keep it unique). */
export function numberAgrees(stored: string, written: string): boolean {
  const base = numberBase(written);
  return stored === base || (stored.length === base.length + 1 && stored.startsWith(base) && /[a-z]$/.test(stored) && !/[A-Za-z]$/.test(base));
}

/** "1. Ministry A 2. Ministry B", "A; B", one per line, bullets: the institutions named, as written. */
export function splitInstitutions(text: string): string[] {
  if (isBlank(text)) return [];
  return text
    .split(/\s*(?:;|\n|•|\u2022)\s*/)
    .map((s) => s.trim())
    .filter((s) => s !== '' && !MARKERS.has(s));
}

export function institutionName(text: string | undefined): string | null {
  const v = (text ?? '').trim();
  return isBlank(v) || nameKey(v) === '' ? null : v;
}

function kindOf(raw: string | undefined): 'national' | 'local' {
  return /local/i.test(raw ?? '') ? 'local' : 'national';
}

function intOrNull(raw: string | undefined): number | null {
  const v = (raw ?? '').trim();
  return /^\d{1,4}$/.test(v) ? Number(v) : null;
}

function methodologyOf(raw: Record<string, string>): IrmMethodology {
  // The refresh's variables appear only in assessments made with it.
  return isBlank(raw['Potential for Results']) && isBlank(raw['Early Results']) ? 'first_generation' : 'refresh';
}

const KIND: Record<IrmMethodology, Record<IrmReportSlot, IrmReportKind>> = {
  first_generation: { first: 'progress', last: 'end_of_term' },
  refresh: { first: 'action_plan_review', last: 'results_report' },
};

/**
 * Reads one row. Returns the row in the model's terms, or the errors that keep it from being
 * imported; warnings for what is kept as written only.
 */
export function readOgpRow(
  raw: Record<string, string>,
  row: number,
): { ok: true; value: OgpRow; warnings: OgpWarning[] } | { ok: false; errors: OgpRowError[] } {
  const errors: OgpRowError[] = [];
  const warnings: OgpWarning[] = [];
  const get = (c: string) => (raw[c] ?? '').trim();
  const ogpId = get('Commitment Unique Identifier');
  if (!OGP_ID_PATTERN.test(ogpId)) errors.push({ code: 'ogp_id_invalid', row, column: 'Commitment Unique Identifier', params: { value: ogpId.slice(0, 40) } });
  const code = get('Code');
  if (!MEMBER_CODE_PATTERN.test(code)) errors.push({ code: 'member_code_invalid', row, column: 'Code', params: { value: code.slice(0, 40) } });
  const planNumber = intOrNull(raw['Action Plan Number']);
  if (planNumber === null || planNumber < 1) errors.push({ code: 'plan_number_invalid', row, column: 'Action Plan Number', params: { value: get('Action Plan Number').slice(0, 40) } });
  const title = get('Commitment Title');
  if (title === '') errors.push({ code: 'title_missing', row, column: 'Commitment Title', params: {} });
  if (errors.length > 0) return { ok: false, errors };

  const planOgpId = get('Action Plan ID');
  if (!PLAN_ID_PATTERN.test(planOgpId)) warnings.push({ code: 'plan_id_missing', row, column: 'Action Plan ID', params: { value: planOgpId.slice(0, 40) } });

  const numberAsWritten = get('Commitment Number');
  const base = numberBase(numberAsWritten);
  if (base !== numberAsWritten) warnings.push({ code: 'number_adjusted', row, column: 'Commitment Number', params: { value: numberAsWritten.slice(0, 40), number: base } });

  const dates = { start: readOgpDate(raw['Start Date'], 'start'), end: readOgpDate(raw['End Date'], 'end') };
  for (const [column, value] of [['Start Date', dates.start], ['End Date', dates.end]] as const) {
    if (value === null && !isBlank(raw[column])) warnings.push({ code: 'date_unreadable', row, column, params: { text: get(column).slice(0, 80) } });
  }
  let { start, end } = dates;
  if (start && end && end < start) end = null;

  const policyAreas: string[] = [];
  for (const [column, area] of POLICY_AREA_BY_COLUMN) if (get(column) === '1') policyAreas.push(area.slug);

  const methodology = methodologyOf(raw);
  const bySlot: Record<IrmReportSlot, Record<string, string | null>> = { first: {}, last: {} };
  for (const col of IRM_COLUMNS) {
    const read = col.scale === null ? readPublicationYear(raw[col.column]) : readIrmCode(col.scale, raw[col.column]);
    if (!read.ok) {
      warnings.push({ code: 'irm_value_unreadable', row, column: col.column, params: { text: get(col.column).slice(0, 80) } });
      continue;
    }
    bySlot[col.slot][col.field] = read.code;
  }
  const assessments: OgpAssessment[] = [];
  for (const slot of ['first', 'last'] as const) {
    const values = bySlot[slot];
    // A report with nothing but markers is not a report the IRM made.
    if (!Object.values(values).some((v) => v !== null && !MARKERS.has(v))) continue;
    const assessment: OgpAssessment = {
      slot,
      methodology,
      reportKind: KIND[methodology][slot],
      publicationYear: (values.publicationYear ?? null) as OgpAssessment['publicationYear'],
      ...(Object.fromEntries(IRM_VARIABLE_NAMES.map((v) => [v, values[v] ?? null])) as Omit<IrmAssessmentInput, 'methodology' | 'reportKind' | 'publicationYear'>),
    };
    assessments.push(assessment);
  }

  const fullText = raw['Full Text'] ?? '';
  return {
    ok: true,
    warnings,
    value: {
      row,
      raw,
      ogpId,
      language: detectLanguage(`${title}\n${fullText}`),
      member: { code, name: get('Country/Locality') || code, kind: kindOf(raw['National Or Local']) },
      plan: { ogpId: PLAN_ID_PATTERN.test(planOgpId) ? planOgpId : null, number: planNumber as number, submissionYear: intOrNull(raw['Year Of Submission']), endYear: intOrNull(raw['Action Plan End Year']) },
      numberAsWritten,
      numberBase: base,
      title,
      theme: isBlank(raw.Theme) ? null : get('Theme'),
      description: fullText.trim() === '' ? null : fullText,
      startMonth: start,
      endMonth: end,
      leadInstitution: institutionName(raw['Lead Institution']),
      supportingInstitutions: splitInstitutions(raw['Supporting Institution(s)'] ?? ''),
      policyAreas,
      assessments,
    },
  };
}
