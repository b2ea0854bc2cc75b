import { IRM_MARKERS, IRM_SCALES, type IrmScale, type IrmVariable } from '../irm/variables.js';
import type { OgpColumn } from './columns.js';

/**
 * How OGP's data writes each IRM scale (label → our code). Reading is lenient (case, `1`/`0` for
 * yes/no, "Worsens" or "Worsened"); writing uses the first label listed for a code.
 */
const LABELS: Record<IrmScale, Record<string, readonly string[]>> = {
  specificity: { none: ['None'], low: ['Low'], medium: ['Medium'], high: ['High'] },
  yesNo: { yes: ['Yes', '1'], no: ['No', '0'] },
  potentialImpact: { none: ['None'], minor: ['Minor'], moderate: ['Moderate'], transformative: ['Transformative'] },
  completion: {
    not_started: ['Not Started'],
    limited: ['Limited'],
    substantial: ['Substantial'],
    complete: ['Complete', 'Completed'],
    no_evidence: ['No Evidence Available', 'No evidence'],
    withdrawn: ['Withdrawn'],
    unclear: ['Unclear'],
  },
  didItOpenGovernment: {
    worsened: ['Worsens', 'Worsened'],
    did_not_change: ['Did Not Change'],
    marginal: ['Marginal'],
    major: ['Major'],
    outstanding: ['Outstanding'],
    no_early_results: ['No early results to report yet'],
    not_applicable: ['Not Applicable'],
  },
  potentialForResults: { unclear: ['Unclear'], modest: ['Modest'], substantial: ['Substantial'] },
  earlyResults: { no_notable_results: ['No notable results'], moderate: ['Moderate'], significant: ['Significant'] },
};

/** Yes/no columns of OGP's data written as 0/1 (the four values, starred). */
const BINARY_LABELS = { yes: '1', no: '0' } as const;

export type ReadCode = { ok: true; code: string | null } | { ok: false };

/** OGP's text to our code: markers kept, empty = null; `ok: false` when the label is unknown. */
export function readIrmCode(scale: IrmScale, raw: string | undefined): ReadCode {
  const v = (raw ?? '').trim();
  if (v === '') return { ok: true, code: null };
  if ((IRM_MARKERS as readonly string[]).includes(v)) return { ok: true, code: v };
  const lower = v.toLowerCase();
  for (const [code, labels] of Object.entries(LABELS[scale])) {
    if (labels.some((l) => l.toLowerCase() === lower)) return { ok: true, code };
  }
  return { ok: false };
}

/** Our code to OGP's text. */
export function writeIrmCode(scale: IrmScale, code: string | null, binary: boolean): string {
  if (code === null) return 'ND';
  if ((IRM_MARKERS as readonly string[]).includes(code)) return code;
  if (binary && (code === 'yes' || code === 'no')) return BINARY_LABELS[code];
  return LABELS[scale][code]?.[0] ?? code;
}

/** Which IRM report a column belongs to: the first report (progress / action plan review) or the last (end of term / results). */
export type IrmReportSlot = 'first' | 'last';

export interface IrmColumn {
  column: OgpColumn;
  slot: IrmReportSlot;
  /** `publicationYear` or a variable. */
  field: IrmVariable | 'publicationYear';
  scale: IrmScale | null;
  binary: boolean;
}

const c = (column: OgpColumn, slot: IrmReportSlot, field: IrmVariable | 'publicationYear', scale: IrmScale | null, binary = false): IrmColumn => ({
  column,
  slot,
  field,
  scale,
  binary,
});

/** The columns of OGP's data that are IRM variables of the model; the others (derived scores, flags) are kept as written. */
export const IRM_COLUMNS: readonly IrmColumn[] = [
  c('Report Publication Year (Progress Report)', 'first', 'publicationYear', null),
  c('Specificity', 'first', 'specificity', 'specificity'),
  c('Verifiable', 'first', 'verifiable', 'yesNo'),
  c('OGP Value Access To Information', 'first', 'relevanceAccessToInformation', 'yesNo', true),
  c('OGP Value Civic Participation', 'first', 'relevanceCivicParticipation', 'yesNo', true),
  c('OGP Value Public Accountability', 'first', 'relevancePublicAccountability', 'yesNo', true),
  c('OGP Value Technology', 'first', 'relevanceTechnologyInnovation', 'yesNo', true),
  c('Potential Impact', 'first', 'potentialImpact', 'potentialImpact'),
  c('Completion (Progress Report)', 'first', 'completion', 'completion'),
  c('Starred (Current Formula) Progress Report', 'first', 'starred', 'yesNo', true),
  c('Potential for Results', 'first', 'potentialForResults', 'potentialForResults'),
  c('Report Publication Year (End Of Term)', 'last', 'publicationYear', null),
  c('Completion (End Of Term)', 'last', 'completion', 'completion'),
  c('Early Results', 'last', 'earlyResults', 'earlyResults'),
  c('Did It Open Government (Overall)', 'last', 'didItOpenGovernment', 'didItOpenGovernment'),
  c('Did It Open Government (Access To Information)', 'last', 'didItOpenGovernmentAccessToInformation', 'didItOpenGovernment'),
  c('Did It Open Government (Civic Participation)', 'last', 'didItOpenGovernmentCivicParticipation', 'didItOpenGovernment'),
  c('Did It Open Government: Public Accountability', 'last', 'didItOpenGovernmentPublicAccountability', 'didItOpenGovernment'),
  c('Starred (Current Formula) End of Term', 'last', 'starred', 'yesNo', true),
];

/** A publication year as OGP writes it: four digits or a marker; anything else is not a year. */
export function readPublicationYear(raw: string | undefined): ReadCode {
  const v = (raw ?? '').trim();
  if (v === '') return { ok: true, code: null };
  if (/^(19|20)\d{2}$/.test(v) || (IRM_MARKERS as readonly string[]).includes(v)) return { ok: true, code: v };
  return { ok: false };
}

export const IRM_SCALE_CODES = IRM_SCALES;
