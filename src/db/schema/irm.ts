import { sql } from 'drizzle-orm';
import { check, index, integer, pgEnum, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { IRM_METHODOLOGIES, IRM_REPORT_KINDS } from '../../features/irm/variables.js';
import { users } from './accounts.js';
import { timestamps } from './columns.js';
import { commitments } from './commitments.js';

export const irmMethodology = pgEnum('irm_methodology', IRM_METHODOLOGIES);
export const irmReportKind = pgEnum('irm_report_kind', IRM_REPORT_KINDS);

/**
 * What OGP's Independent Reporting Mechanism said about a commitment in one report: one row per
 * commitment per report. Every variable is a nullable text code checked by zod
 * (`src/features/irm/variables.ts`); OGP's `ND` (no data), `NR` (not reviewed) and `NA` (not
 * applicable) are kept as such. Null = not recorded here.
 *
 * - first generation (plans to ~2020): progress report and end-of-term report;
 * - refresh (2020/21 on): action plan review and results report.
 */
export const irmAssessments = pgTable(
  'irm_assessments',
  {
    id: serial().primaryKey(),
    commitmentId: integer()
      .notNull()
      .references(() => commitments.id, { onDelete: 'cascade' }),
    methodology: irmMethodology().notNull(),
    reportKind: irmReportKind().notNull(),
    /** `2019`, or `ND`/`NR`/`NA` as in OGP's data. */
    publicationYear: text(),
    // First generation (progress report; end of term repeats completion and adds "did it open government").
    /** none | low | medium | high */
    specificity: text(),
    /** yes | no — relevance to each of the four OGP values. */
    relevanceAccessToInformation: text(),
    relevanceCivicParticipation: text(),
    relevancePublicAccountability: text(),
    relevanceTechnologyInnovation: text(),
    /** none | minor | moderate | transformative */
    potentialImpact: text(),
    /** yes | no */
    starred: text(),
    /** worsened | did_not_change | marginal | major | outstanding | no_early_results | not_applicable */
    didItOpenGovernment: text(),
    didItOpenGovernmentAccessToInformation: text(),
    didItOpenGovernmentCivicParticipation: text(),
    didItOpenGovernmentPublicAccountability: text(),
    // Refresh (action plan review; results report).
    /** yes | no */
    verifiable: text(),
    /** yes | no */
    openGovernmentLens: text(),
    /** unclear | modest | substantial */
    potentialForResults: text(),
    /** yes | no */
    promising: text(),
    /** no_notable_results | moderate | significant */
    earlyResults: text(),
    // Both.
    /** not_started | limited | substantial | complete | no_evidence | withdrawn | unclear */
    completion: text(),
    /** Who entered it (a reviewer); null when imported from OGP's data. */
    recordedBy: integer().references(() => users.id, { onDelete: 'set null' }),
    /** `ogp-data` for OGP's spreadsheet, `reviewer` for the form. */
    source: text().notNull().default('reviewer'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('irm_assessments_commitment_kind_unique').on(t.commitmentId, t.reportKind),
    index('irm_assessments_commitment_idx').on(t.commitmentId),
    check(
      'irm_assessments_kind_matches_methodology',
      sql`(${t.methodology} = 'first_generation' and ${t.reportKind} in ('progress', 'end_of_term')) or (${t.methodology} = 'refresh' and ${t.reportKind} in ('action_plan_review', 'results_report'))`,
    ),
  ],
);
