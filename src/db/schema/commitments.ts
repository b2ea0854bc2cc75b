import { sql } from 'drizzle-orm';
import { boolean, check, timestamp, integer, jsonb, pgEnum, pgTable, primaryKey, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { COMPLETION_LEVELS, TEMPLATE_GENERATIONS } from '../../lib/levels.js';
import { localized, localizedList, versionColumn, monthCheck, monthColumn, timestamps } from './columns.js';
import { imports } from './imports.js';
import { contacts, institutions } from './institutions.js';
import { actionPlans } from './plans.js';

export const completionLevel = pgEnum('completion_level', COMPLETION_LEVELS);
export const templateGeneration = pgEnum('template_generation', TEMPLATE_GENERATIONS);

/**
 * A commitment of an action plan, with every field of the OGP template of both generations
 * (2014–2018: status quo, objective, brief description, relevance, ambition …; 2019+: the public
 * problem, what the commitment is, how it solves the problem, why it is relevant …).
 */
export const commitments = pgTable(
  'commitments',
  {
    id: serial().primaryKey(),
    planId: integer()
      .notNull()
      .references(() => actionPlans.id, { onDelete: 'restrict' }),
    /** The commitment's number in its plan as written: `19`, or `2.1` in plans numbered by theme. */
    number: text().notNull(),
    /** Sort key derived from the number (decision 005): `19` → 19000, `2.1` → 2001. */
    position: integer().notNull(),
    /** OGP's id when known: `CL0050`. */
    ogpId: text(),
    generation: templateGeneration().notNull().default('2014'),
    title: localized(),
    theme: localized(),
    startMonth: monthColumn(),
    endMonth: monthColumn(),
    leadInstitutionId: integer().references(() => institutions.id, { onDelete: 'set null' }),
    /** The responsible person. */
    contactId: integer().references(() => contacts.id, { onDelete: 'set null' }),
    otherActorsGovernment: localizedList(),
    otherActorsCivilSociety: localizedList(),
    /** 2014: "Status quo o problema/desafío que será atendido"; 2019: "the public problem". */
    problem: localized(),
    objective: localized(),
    /** OGP asks for 140 characters; longer texts are kept and flagged, never cut. */
    briefDescription: localized(),
    /** 2019: "What is the commitment?" */
    description: localized(),
    /** 2019: "How will the commitment contribute to solve the public problem?" */
    howItSolves: localized(),
    relevance: localized(),
    ambition: localized(),
    valueAccessToInformation: boolean(),
    valueCivicParticipation: boolean(),
    valuePublicAccountability: boolean(),
    valueTechnologyInnovation: boolean(),
    /** The government's self-reported completion; null while not reported. */
    completion: completionLevel(),
    resultsDescription: localized(),
    nextSteps: localizedList(),
    additionalInformation: localized(),
    remainingChallenges: localized(),
    /** The import the current values came from, if any. */
    sourceImportId: integer().references(() => imports.id, { onDelete: 'set null' }),
    version: versionColumn(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('commitments_plan_number_unique').on(t.planId, t.number),
    uniqueIndex('commitments_ogp_id_unique').on(t.ogpId),
    check('commitments_number_format', sql`${t.number} ~ '^[0-9]+([.][0-9]+)*[A-Za-z]?$'`),
    monthCheck('commitments_start_month_check', t.startMonth),
    monthCheck('commitments_end_month_check', t.endMonth),
  ],
);

/** OGP's policy-area tags (the column headers of OGP's commitment data), in groups. */
export const policyAreas = pgTable('policy_areas', {
  slug: text().primaryKey(),
  /** The slug of the group it belongs to; null for a group itself. */
  groupSlug: text(),
  name: localized(),
  position: integer().notNull().default(0),
});

export const commitmentPolicyAreas = pgTable(
  'commitment_policy_areas',
  {
    commitmentId: integer()
      .notNull()
      .references(() => commitments.id, { onDelete: 'cascade' }),
    policyAreaSlug: text()
      .notNull()
      .references(() => policyAreas.slug, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.commitmentId, t.policyAreaSlug] })],
);

/** A dated step of a commitment ("meta", "hito"). */
export const milestones = pgTable(
  'milestones',
  {
    id: serial().primaryKey(),
    commitmentId: integer()
      .notNull()
      .references(() => commitments.id, { onDelete: 'cascade' }),
    number: integer().notNull(),
    title: localized(),
    /** Sub-items ("- Funciones", "- Reporte n° 1 (Junio 2017)"), each with its own months when given. */
    subItems: jsonb()
      .$type<{ title: { es?: string; en?: string }; start: string | null; end: string | null }[]>()
      .notNull()
      .default([]),
    plannedStart: monthColumn(),
    plannedEnd: monthColumn(),
    /** The reported status; null = not reported (which is not "not started"). */
    status: completionLevel(),
    narrative: localized(),
    /** What the report says about delay ("con retraso" / "sin retraso"): true, false, or null when silent. */
    reportedDelayed: boolean(),
    delayNote: localized(),
    /** Removed by the secretariat (decision 050): kept with its reports and shown in the history, never deleted. */
    removedAt: timestamp({ withTimezone: true }),
    version: versionColumn(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('milestones_commitment_number_unique').on(t.commitmentId, t.number),
    check('milestones_number_positive', sql`${t.number} > 0`),
    monthCheck('milestones_planned_start_check', t.plannedStart),
    monthCheck('milestones_planned_end_check', t.plannedEnd),
  ],
);
