import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, asc, eq, gte, isNotNull, lte } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../db/client.js';
import { documents } from '../../db/schema/index.js';
import type { LocalizedText } from '../../lib/localized.js';
import { forumMeetingsInterval, forumRulesPublic, implementationMeetings } from '../meetings/checklist.js';
import { daysInclusive } from './phases.js';
import { phasesOfProcess, proposalsOf, waitsForResponse, type PhaseRow, type ProcessRow } from './queries.js';

/**
 * The OGP standards checklist (decision 083). Requirements and thresholds are data
 * (`requirements.json`, versioned, each with its source and quote); each names an evaluator, a
 * function registered here. A requirement whose evaluator has no data source answers "not
 * applicable" and says so — never "met".
 */
const requirementSchema = z.object({
  id: z.string().regex(/^[a-z_]+$/),
  title: z.object({ es: z.string(), en: z.string() }),
  evaluator: z.string(),
  thresholds: z.record(z.string(), z.union([z.number(), z.string()])),
  source: z.object({ name: z.string(), url: z.string().url(), quote: z.string(), verified: z.boolean() }),
});
export const requirementsFileSchema = z.object({ version: z.number().int(), note: z.string(), requirements: z.array(requirementSchema).min(1) });
export type Requirement = z.infer<typeof requirementSchema>;

export function loadRequirements(file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'requirements.json')) {
  return requirementsFileSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
}

export type Outcome = 'met' | 'not_met' | 'not_applicable';
export interface CheckResult {
  requirement: Requirement;
  outcome: Outcome;
  explanation: LocalizedText;
  evidence: { label: string; href?: string }[];
}

export interface CheckContext {
  db: Executor;
  process: ProcessRow;
  phases: PhaseRow[];
  now: Date;
}

export type Evaluator = (ctx: CheckContext, thresholds: Requirement['thresholds']) => Promise<Omit<CheckResult, 'requirement'>>;

const num = (t: Requirement['thresholds'], key: string, fallback: number) => (typeof t[key] === 'number' ? (t[key] as number) : fallback);
const day = (d: Date) => d.toISOString().slice(0, 10);

const evaluators = new Map<string, Evaluator>([
  // Meetings and the forum's rules: answered from the forum's records (decision 084).
  ['forum_meetings_interval', forumMeetingsInterval],
  ['implementation_meetings', implementationMeetings],
  ['forum_rules_public', forumRulesPublic],
  [
    'published_document_of_subject',
    async (ctx, t) => {
      const subject = String(t.subjectType ?? '');
      const rows = await ctx.db
        .select({ id: documents.id, publishedAt: documents.publishedAt })
        .from(documents)
        .where(and(eq(documents.subjectType, subject), isNotNull(documents.publishedAt)))
        .orderBy(asc(documents.id));
      return rows.length
        ? { outcome: 'met', explanation: { es: 'Publicadas en el repositorio.', en: 'Published in the repository.' }, evidence: rows.map((r) => ({ label: `#${r.id}`, href: `/repository/${r.id}` })) }
        : { outcome: 'not_met', explanation: { es: `Ningún documento publicado de tipo «${subject}» en el repositorio.`, en: `No published document with subject “${subject}” in the repository.` }, evidence: [] };
    },
  ],
  [
    'repository_updates',
    async (ctx, t) => {
      const min = num(t, 'minUpdatesPerYear', 2);
      const from = new Date(ctx.now.getTime() - 365 * 86_400_000);
      const rows = await ctx.db
        .select({ id: documents.id, publishedAt: documents.publishedAt })
        .from(documents)
        .where(and(isNotNull(documents.publishedAt), gte(documents.publishedAt, from), lte(documents.publishedAt, ctx.now)))
        .orderBy(asc(documents.publishedAt), asc(documents.id));
      const days = [...new Set(rows.map((r) => day(r.publishedAt!)))];
      const met = days.length >= min;
      return {
        outcome: met ? 'met' : 'not_met',
        explanation: {
          es: `${days.length} día(s) con publicaciones en los 12 meses hasta ${day(ctx.now)}; se requieren ${min}.`,
          en: `${days.length} day(s) with publications in the 12 months to ${day(ctx.now)}; ${min} required.`,
        },
        evidence: days.map((d) => ({ label: d, href: '/repository' })),
      };
    },
  ],
  [
    'calendar_notice',
    async (ctx, t) => {
      const min = num(t, 'minDaysInAdvance', 14);
      const first = ctx.phases[0];
      if (!ctx.process.calendarPublishedAt || !first) return { outcome: 'not_met', explanation: { es: 'El calendario no está publicado.', en: 'The calendar is not published.' }, evidence: [] };
      const start = first.announcedStartsOn ?? first.startsOn;
      const published = day(ctx.process.calendarPublishedAt);
      const notice = daysInclusive(published, start) - 1;
      return {
        outcome: notice >= min ? 'met' : 'not_met',
        explanation: { es: `Publicado el ${published}, ${notice} día(s) antes del inicio (${start}); se requieren ${min}.`, en: `Published on ${published}, ${notice} day(s) before the start (${start}); ${min} required.` },
        evidence: [{ label: published, href: `/co-creation/${ctx.process.id}` }],
      };
    },
  ],
  [
    'input_period',
    async (ctx, t) => {
      const min = num(t, 'minDays', 14);
      const call = ctx.phases.find((p) => p.kind === 'call_for_proposals');
      if (!call || !call.announcedStartsOn || !call.announcedEndsOn) return { outcome: 'not_met', explanation: { es: 'No hay convocatoria de propuestas anunciada.', en: 'No call for proposals was announced.' }, evidence: [] };
      const announced = daysInclusive(call.announcedStartsOn, call.announcedEndsOn);
      const shortened = call.startsOn > call.announcedStartsOn || call.endsOn < call.announcedEndsOn;
      const actual = daysInclusive(call.startsOn, call.endsOn);
      const met = !shortened && actual >= min;
      return {
        outcome: met ? 'met' : 'not_met',
        explanation: {
          es: `Anunciada ${call.announcedStartsOn} – ${call.announcedEndsOn} (${announced} días); abierta ${call.startsOn} – ${call.endsOn} (${actual} días)${shortened ? ', acortada' : ''}; se requieren ${min} días.`,
          en: `Announced ${call.announcedStartsOn} – ${call.announcedEndsOn} (${announced} days); open ${call.startsOn} – ${call.endsOn} (${actual} days)${shortened ? ', shortened' : ''}; ${min} days required.`,
        },
        evidence: [{ label: `${call.startsOn} – ${call.endsOn}`, href: `/co-creation/${ctx.process.id}` }],
      };
    },
  ],
  [
    'every_proposal_answered',
    async (ctx) => {
      const props = await proposalsOf(ctx.db, ctx.process.id);
      if (props.length === 0) return { outcome: 'not_applicable', explanation: { es: 'No se recibieron propuestas.', en: 'No proposals were received.' }, evidence: [] };
      const waiting = props.filter(waitsForResponse);
      return {
        outcome: waiting.length === 0 ? 'met' : 'not_met',
        explanation: { es: `${props.length - waiting.length} de ${props.length} propuestas con respuesta publicada (las ocultadas muestran su motivo público).`, en: `${props.length - waiting.length} of ${props.length} proposals with a published response (hidden ones show their public reason).` },
        evidence: waiting.map((p) => ({ label: `n° ${p.id}`, href: `/proposals/${p.id}` })),
      };
    },
  ],
]);

/** Plugs in (or replaces) the evaluator for a name used in the requirements file. */
export function registerEvaluator(name: string, evaluator: Evaluator): void {
  evaluators.set(name, evaluator);
}

export async function runChecklist(db: Executor, process: ProcessRow, now: Date, requirements: Requirement[] = loadRequirements().requirements): Promise<CheckResult[]> {
  const phases = await phasesOfProcess(db, process.id);
  const out: CheckResult[] = [];
  for (const r of requirements) {
    const ev = evaluators.get(r.evaluator);
    if (!ev) {
      out.push({ requirement: r, outcome: 'not_applicable', explanation: { es: `Sin evaluador «${r.evaluator}».`, en: `No evaluator “${r.evaluator}”.` }, evidence: [] });
      continue;
    }
    out.push({ requirement: r, ...(await ev({ db, process, phases, now }, r.thresholds)) });
  }
  return out;
}
