import { z } from 'zod';

/** The government's self-reported completion scale of the OGP template (and the status of a milestone). */
export const COMPLETION_LEVELS = ['not_started', 'limited', 'substantial', 'complete'] as const;
export type CompletionLevel = (typeof COMPLETION_LEVELS)[number];
export const completionLevelSchema = z.enum(COMPLETION_LEVELS);

export const PLAN_PHASES = ['co_creation', 'implementation', 'closed'] as const;
export type PlanPhase = (typeof PLAN_PHASES)[number];

export const LOCALES = ['es', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const localeSchema = z.enum(LOCALES);

export const TEMPLATE_GENERATIONS = ['2014', '2019'] as const;
export type TemplateGeneration = (typeof TEMPLATE_GENERATIONS)[number];
