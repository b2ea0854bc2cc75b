import { z } from 'zod';
import { COCREATION_PHASES, OGP_VALUES, RESPONSE_STATES, VOTE_MODES, type DraftFields } from '../../db/schema/index.js';
import { MONTH_PATTERN } from '../../lib/month.js';
import type { LocalizedText } from '../../lib/localized.js';
import { dateTime, httpUrl } from '../meetings/schemas.js';
import { COMMENTABLE_FIELDS } from './commands.js';

/** Text fields: trimmed, control characters (except newlines and tabs) refused, a length limit. */
const clean = (max: number) =>
  z
    .string()
    .transform((s) => s.replace(/\r\n?/g, '\n').trim())
    .pipe(
      z
        .string()
        .max(max, { message: 'tooLong' })
        // eslint-disable-next-line no-control-regex
        .refine((s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(s), { message: 'invalid' }),
    );
const required = (max: number) => clean(max).pipe(z.string().min(1, { message: 'required' }));
const optional = (max: number) => clean(max).optional().transform((s) => s ?? '');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'date' }).refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), { message: 'date' });
const month = z.string().trim().regex(MONTH_PATTERN, { message: 'month' });
const id = z.string().trim().regex(/^[1-9]\d{0,9}$/, { message: 'invalid' }).transform(Number).refine((n) => n <= 2_147_483_647, { message: 'invalid' });
const optionalId = z.union([z.literal('').transform(() => undefined), id]).optional().transform((v) => v ?? null);

export const loc = (es: string, en: string): LocalizedText => ({ ...(es ? { es } : {}), ...(en ? { en } : {}) });

export const proposalForm = z.object({
  title: required(200),
  problem: required(5000),
  idea: required(5000),
  theme: required(200),
  ogpValue: z.enum(OGP_VALUES, { message: 'invalid' }),
  organisation: optional(200),
});

export const emailAuthorForm = z.object({
  name: required(200),
  email: z.string().trim().max(254, { message: 'tooLong' }).pipe(z.email({ message: 'email' })),
});

export const commentForm = z.object({ field: z.enum(COMMENTABLE_FIELDS, { message: 'invalid' }), body: required(5000) });

export const responseForm = z
  .object({
    templateId: optionalId,
    state: z.union([z.literal(''), z.enum(RESPONSE_STATES, { message: 'invalid' })]).optional(),
    reasonEs: optional(5000),
    reasonEn: optional(5000),
    draftId: optionalId,
    mergedWithId: optionalId,
  })
  .superRefine((v, ctx) => {
    if (v.state === 'incorporated' && v.draftId === null) ctx.addIssue({ code: 'custom', path: ['draftId'], message: 'required' });
    if (v.state === 'merged' && v.mergedWithId === null) ctx.addIssue({ code: 'custom', path: ['mergedWithId'], message: 'required' });
  });

export const idList = z
  .string()
  .max(20_000, { message: 'tooLong' })
  .transform((s) => s.split(/[\s,;]+/).filter(Boolean))
  .pipe(z.array(id, { message: 'ids' }).max(5000, { message: 'tooLong' }));

export const hideForm = z.object({ reasonEs: required(1000), reasonEn: optional(1000) });
export const templateForm = z.object({ name: required(200), state: z.enum(RESPONSE_STATES, { message: 'invalid' }), reasonEs: required(5000), reasonEn: optional(5000) });
export const tableForm = z.object({ nameEs: required(300), nameEn: optional(300), themeEs: optional(300), themeEn: optional(300), proposalIds: idList.optional().transform((v) => v ?? []) });
export const approveForm = z.object({ planTitleEs: required(300), planTitleEn: optional(300), startMonth: month, endMonth: month });

export const processForm = z
  .object({
    memberId: id,
    planNumber: z.string().trim().regex(/^[1-9]\d{0,2}$/, { message: 'invalid' }).transform(Number),
    titleEs: required(300),
    titleEn: optional(300),
    descriptionEs: optional(5000),
    descriptionEn: optional(5000),
    voteMode: z.enum(VOTE_MODES, { message: 'invalid' }),
    ...Object.fromEntries(COCREATION_PHASES.flatMap((k) => [[`${k}.startsOn`, date], [`${k}.endsOn`, date], [`${k}.openEs`, optional(500)], [`${k}.openEn`, optional(500)]])),
  })
  .superRefine((v, ctx) => {
    const r = v as Record<string, unknown>;
    for (const k of COCREATION_PHASES) if ((r[`${k}.endsOn`] as string) < (r[`${k}.startsOn`] as string)) ctx.addIssue({ code: 'custom', path: [`${k}.endsOn`], message: 'dates' });
  });

const textFields = ['title', 'problem', 'objective', 'description', 'howItSolves', 'relevance', 'ambition'] as const;

export const draftForm = z
  .object({
    ...Object.fromEntries(textFields.flatMap((f) => [[`${f}Es`, f === 'title' ? required(500) : optional(10000)], [`${f}En`, optional(f === 'title' ? 500 : 10000)]])),
    leadInstitution: optional(300),
    startMonth: month,
    endMonth: month,
    values: z.union([z.string(), z.array(z.string())]).optional().transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])).pipe(z.array(z.enum(OGP_VALUES, { message: 'invalid' }))),
    milestones: optional(20000),
    changeNoteEs: required(5000),
    changeNoteEn: optional(5000),
    workingTableId: optionalId,
    expectedVersion: optionalId,
    commentIds: z.union([z.string(), z.array(z.string())]).optional().transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])).pipe(z.array(id).max(1000)),
  })
  .superRefine((v, ctx) => {
    if (v.endMonth < v.startMonth) ctx.addIssue({ code: 'custom', path: ['endMonth'], message: 'dates' });
    const lines = (v.milestones as string).split('\n').map((l) => l.trim()).filter(Boolean);
    for (const l of lines) {
      const parts = l.split('|').map((x) => x.trim());
      if (parts.length !== 3 || !parts[0] || !MONTH_PATTERN.test(parts[1]!) || !MONTH_PATTERN.test(parts[2]!) || parts[2]! < parts[1]!) {
        ctx.addIssue({ code: 'custom', path: ['milestones'], message: 'milestones' });
        return;
      }
    }
    if (lines.length > 50) ctx.addIssue({ code: 'custom', path: ['milestones'], message: 'tooLong' });
  });

export type DraftFormData = z.infer<typeof draftForm>;

/** The draft's fields from the parsed form. */
export function draftFieldsOf(v: DraftFormData): DraftFields {
  const r = v as unknown as Record<string, string>;
  const lt = (f: string) => loc(r[`${f}Es`] ?? '', r[`${f}En`] ?? '');
  return {
    title: lt('title'),
    problem: lt('problem'),
    objective: lt('objective'),
    description: lt('description'),
    howItSolves: lt('howItSolves'),
    relevance: lt('relevance'),
    ambition: lt('ambition'),
    leadInstitution: v.leadInstitution,
    startMonth: v.startMonth,
    endMonth: v.endMonth,
    values: v.values,
    milestones: v.milestones
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => {
        const [title, start, end] = l.split('|').map((x) => x.trim());
        return { title: { es: title! }, start: start!, end: end! };
      }),
  };
}

export const phaseForm = z
  .object({ kind: z.enum(COCREATION_PHASES, { message: 'invalid' }), startsOn: date, endsOn: date })
  .refine((v) => v.endsOn >= v.startsOn, { path: ['endsOn'], message: 'dates' });

export const sessionForm = z.object({ heldOn: date, summaryEs: required(5000), summaryEn: optional(5000) });
/** Convene a working-table session as a meeting (decision 084). Times are UTC, as in the meetings feature. */
export const conveneForm = z
  .object({ startsAt: dateTime, endsAt: dateTime, place: optional(500), link: httpUrl })
  .refine((v) => v.endsAt > v.startsAt, { path: ['endsAt'], message: 'invalid' });
export const linkMeetingForm = z.object({ sessionId: id, meetingId: id });
