import { z } from 'zod';
import { optionalIdField, parseIdText } from '../../lib/fields.js';
import { PLAN_PHASES, TEMPLATE_GENERATIONS } from '../../lib/levels.js';
import type { LocalizedText } from '../../lib/localized.js';
import { MONTH_PATTERN, type Month } from '../../lib/month.js';
import type { CommitmentFields, ContactFields, InstitutionFields, MemberFields, MilestoneFields, PlanFields } from './commands.js';

/**
 * Form schemas of the authoring pages (and, through `*Json`, of the write API). Messages are keys of
 * `t.authoring.errors`. Localized fields come as two inputs, `<name>Es` and `<name>En`, side by side.
 */
export const SHORT = 500;
export const LONG = 20_000;
/** Items of a list (other actors, next steps) — one per line. */
export const MAX_ITEMS = 50;

/** Control characters other than tab, line feed and carriage return are refused (hostile input). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const text = (max: number) =>
  z
    .string({ message: 'invalid' })
    .max(max, 'tooLong')
    .refine((v) => !CONTROL.test(v), 'invalid')
    .transform((v) => v.trim());

const optText = (max: number) => text(max).optional().transform((v) => v ?? '');

/** The version the person saw (hidden field / `version` in JSON). */
export const versionField = z
  .string({ message: 'version' })
  .regex(/^[1-9]\d{0,9}$/, 'version')
  .transform(Number)
  .refine((n) => n <= 2_147_483_647, 'version');

const monthField = z
  .string()
  .trim()
  .regex(MONTH_PATTERN, 'month')
  .refine((v) => Number(v.slice(0, 4)) >= 2000 && Number(v.slice(0, 4)) <= 2100, 'month')
  .transform((v) => v as Month);

const optionalMonth = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const s = (v ?? '').trim();
    if (s === '') return null;
    const r = monthField.safeParse(s);
    if (!r.success) {
      ctx.addIssue({ code: 'custom', message: 'month' });
      return z.NEVER;
    }
    return r.data;
  });

function pair(es: string, en: string): LocalizedText {
  const out: LocalizedText = {};
  if (es) out.es = es;
  if (en) out.en = en;
  return out;
}

function lines(v: string): string[] {
  return v
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

/** Two textareas, one item per line, paired by position: line 2 in Spanish goes with line 2 in English. */
function pairedList(es: string, en: string): LocalizedText[] | null {
  const a = lines(es);
  const b = lines(en);
  if (a.length > MAX_ITEMS || b.length > MAX_ITEMS) return null;
  return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => pair(a[i] ?? '', b[i] ?? ''));
}

type TextSchema = ReturnType<typeof optText>;
const localized = <N extends string>(name: N, max: number) =>
  ({
    [`${name}Es`]: optText(max),
    [`${name}En`]: optText(max),
  }) as Record<`${N}Es` | `${N}En`, TextSchema>;

function needsOne(ctx: z.RefinementCtx, es: string, en: string, field: string) {
  if (!es && !en) ctx.addIssue({ code: 'custom', message: 'required', path: [field] });
}

// ——— members ———

export const memberForm = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^[A-Za-z][A-Za-z0-9-]{1,39}$/, 'code'),
    ...localized('name', SHORT),
    ...localized('secretariat', SHORT),
    kind: z.enum(['national', 'local'], { message: 'invalid' }),
    countryCode: z
      .string()
      .trim()
      .regex(/^([A-Za-z]{2})?$/, 'country')
      .optional(),
  })
  .superRefine((v, ctx) => needsOne(ctx, String(v.nameEs), String(v.nameEn), 'nameEs'))
  .transform(
    (v): MemberFields => ({
      code: v.code,
      name: pair(String(v.nameEs), String(v.nameEn)),
      secretariatInstitution: pair(String(v.secretariatEs), String(v.secretariatEn)),
      kind: v.kind,
      countryCode: v.countryCode ? v.countryCode.toUpperCase() : null,
    }),
  );


// ——— plans ———

export const planForm = z
  .object({
    number: z
      .string()
      .trim()
      .regex(/^[1-9]\d{0,2}$/, 'planNumber')
      .transform(Number),
    ...localized('title', SHORT),
    ...localized('description', LONG),
    startMonth: monthField,
    endMonth: monthField,
    phase: z.enum(PLAN_PHASES, { message: 'invalid' }),
    ogpId: z
      .string()
      .trim()
      .regex(/^([A-Za-z0-9_-]{1,40})?$/, 'ogpId')
      .optional(),
  })
  .superRefine((v, ctx) => {
    needsOne(ctx, String(v.titleEs), String(v.titleEn), 'titleEs');
    if (v.startMonth > v.endMonth) ctx.addIssue({ code: 'custom', message: 'monthOrder', path: ['endMonth'] });
  })
  .transform(
    (v): PlanFields => ({
      number: v.number,
      title: pair(String(v.titleEs), String(v.titleEn)),
      description: pair(String(v.descriptionEs), String(v.descriptionEn)),
      startMonth: v.startMonth,
      endMonth: v.endMonth,
      phase: v.phase,
      ogpId: v.ogpId ? v.ogpId : null,
    }),
  );

// ——— institutions and contacts ———

const urlField = z
  .string()
  .trim()
  .max(2000, 'tooLong')
  .optional()
  .transform((v, ctx) => {
    if (!v) return null;
    let ok = /^https?:\/\/[^\s<>"]+$/i.test(v);
    if (ok) {
      try {
        ok = ['http:', 'https:'].includes(new URL(v).protocol);
      } catch {
        ok = false;
      }
    }
    if (!ok) {
      ctx.addIssue({ code: 'custom', message: 'url' });
      return z.NEVER;
    }
    return v;
  });

export const institutionForm = z
  .object({
    ...localized('name', SHORT),
    abbreviation: optText(40),
    website: urlField,
  })
  .superRefine((v, ctx) => needsOne(ctx, String(v.nameEs), String(v.nameEn), 'nameEs'))
  .transform(
    (v): InstitutionFields => ({
      name: pair(String(v.nameEs), String(v.nameEn)),
      abbreviation: v.abbreviation || null,
      website: v.website,
    }),
  );

export const contactForm = z
  .object({
    name: text(200).refine((v) => v.length > 0, 'required'),
    ...localized('title', SHORT),
    email: z
      .string()
      .trim()
      .max(320, 'tooLong')
      .optional()
      .transform((v, ctx) => {
        if (!v) return null;
        if (!z.email().safeParse(v).success) {
          ctx.addIssue({ code: 'custom', message: 'email' });
          return z.NEVER;
        }
        return v;
      }),
    phone: z
      .string()
      .trim()
      .regex(/^[+0-9 ().-]{0,40}$/, 'phone')
      .optional(),
    isPublic: z.string().optional(),
  })
  .transform(
    (v): ContactFields => ({
      name: v.name,
      title: pair(String(v.titleEs), String(v.titleEn)),
      email: v.email,
      phone: v.phone ? v.phone : null,
      isPublic: v.isPublic === 'yes',
    }),
  );

// ——— commitments ———

export const COMMITMENT_TEXTS = ['title', 'theme', 'problem', 'objective', 'briefDescription', 'description', 'howItSolves', 'relevance', 'ambition', 'resultsDescription', 'additionalInformation', 'remainingChallenges'] as const;
export const COMMITMENT_LISTS = ['otherActorsGovernment', 'otherActorsCivilSociety', 'nextSteps'] as const;
export const COMMITMENT_VALUES = ['valueAccessToInformation', 'valueCivicParticipation', 'valuePublicAccountability', 'valueTechnologyInnovation'] as const;

const tri = z
  .enum(['', 'yes', 'no'], { message: 'invalid' })
  .optional()
  .transform((v) => (v === 'yes' ? true : v === 'no' ? false : null));

const policyAreaList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v, ctx) => {
    const list = v === undefined ? [] : Array.isArray(v) ? v : [v];
    if (list.length > 100 || list.some((s) => !/^[a-z0-9_-]{1,80}$/.test(s))) {
      ctx.addIssue({ code: 'custom', message: 'invalid' });
      return z.NEVER;
    }
    return list;
  });

const commitmentShape = {
  number: z
    .string()
    .trim()
    .regex(/^[0-9]{1,4}([.][0-9]{1,4}){0,3}[A-Za-z]?$/, 'commitmentNumber'),
  ogpId: z
    .string()
    .trim()
    .regex(/^([A-Za-z0-9_-]{1,40})?$/, 'ogpId')
    .optional(),
  generation: z.enum(TEMPLATE_GENERATIONS, { message: 'invalid' }),
  startMonth: optionalMonth,
  endMonth: optionalMonth,
  leadInstitutionId: optionalIdField,
  ...localized('newLeadInstitution', SHORT),
  contactId: optionalIdField,
  policyAreas: policyAreaList,
  ...Object.fromEntries(COMMITMENT_TEXTS.flatMap((n) => Object.entries(localized(n, n === 'title' || n === 'theme' ? SHORT : LONG)))),
  ...Object.fromEntries(COMMITMENT_LISTS.flatMap((n) => Object.entries(localized(n, LONG)))),
  ...Object.fromEntries(COMMITMENT_VALUES.map((n) => [n, tri])),
};

export const commitmentForm = z
  .object(commitmentShape)
  .superRefine((v, ctx) => {
    const r = v as Record<string, unknown>;
    needsOne(ctx, String(r.titleEs), String(r.titleEn), 'titleEs');
    if (v.startMonth && v.endMonth && v.startMonth > v.endMonth) ctx.addIssue({ code: 'custom', message: 'monthOrder', path: ['endMonth'] });
    for (const n of COMMITMENT_LISTS) {
      if (pairedList(String(r[`${n}Es`]), String(r[`${n}En`])) === null) ctx.addIssue({ code: 'custom', message: 'tooManyItems', path: [`${n}Es`] });
    }
  })
  .transform((v): CommitmentFields => {
    const r = v as Record<string, unknown>;
    const texts = Object.fromEntries(COMMITMENT_TEXTS.map((n) => [n, pair(String(r[`${n}Es`]), String(r[`${n}En`]))]));
    const lists = Object.fromEntries(COMMITMENT_LISTS.map((n) => [n, pairedList(String(r[`${n}Es`]), String(r[`${n}En`])) ?? []]));
    const values = Object.fromEntries(COMMITMENT_VALUES.map((n) => [n, r[n] as boolean | null]));
    const newLead = pair(String(r.newLeadInstitutionEs), String(r.newLeadInstitutionEn));
    return {
      number: v.number,
      ogpId: v.ogpId ? v.ogpId : null,
      generation: v.generation,
      startMonth: v.startMonth,
      endMonth: v.endMonth,
      leadInstitutionId: v.leadInstitutionId,
      newLeadInstitution: newLead.es || newLead.en ? newLead : null,
      contactId: v.contactId,
      policyAreas: v.policyAreas,
      ...(texts as Pick<CommitmentFields, (typeof COMMITMENT_TEXTS)[number]>),
      ...(lists as Pick<CommitmentFields, (typeof COMMITMENT_LISTS)[number]>),
      ...(values as Pick<CommitmentFields, (typeof COMMITMENT_VALUES)[number]>),
    };
  });

// ——— milestones ———

export const milestoneForm = z
  .object({
    ...localized('title', LONG),
    plannedStart: optionalMonth,
    plannedEnd: optionalMonth,
  })
  .superRefine((v, ctx) => {
    needsOne(ctx, String(v.titleEs), String(v.titleEn), 'titleEs');
    if (v.plannedStart && v.plannedEnd && v.plannedStart > v.plannedEnd) ctx.addIssue({ code: 'custom', message: 'monthOrder', path: ['plannedEnd'] });
  })
  .transform((v): MilestoneFields => ({ title: pair(String(v.titleEs), String(v.titleEn)), plannedStart: v.plannedStart, plannedEnd: v.plannedEnd }));

export const moveForm = z.object({ direction: z.enum(['up', 'down'], { message: 'invalid' }), version: versionField });
export const removeForm = z.object({ version: versionField });

/** A form's id field that must be present. */
export const idOf = (v: string | undefined) => parseIdText(v);

// ——— values back into form fields (to show a stored row in a form) ———

export function localizedFields(name: string, value: LocalizedText | null | undefined): Record<string, string> {
  return { [`${name}Es`]: value?.es ?? '', [`${name}En`]: value?.en ?? '' };
}

export function listFields(name: string, value: LocalizedText[] | null | undefined): Record<string, string> {
  return { [`${name}Es`]: (value ?? []).map((v) => v.es ?? '').join('\n'), [`${name}En`]: (value ?? []).map((v) => v.en ?? '').join('\n') };
}

const triText = (v: boolean | null) => (v === true ? 'yes' : v === false ? 'no' : '');

export function commitmentValuesOf(c: Omit<CommitmentFields, 'newLeadInstitution'> & { version?: number }): Record<string, string | string[]> {
  return {
    number: c.number,
    ogpId: c.ogpId ?? '',
    generation: c.generation,
    startMonth: c.startMonth ?? '',
    endMonth: c.endMonth ?? '',
    leadInstitutionId: c.leadInstitutionId ? String(c.leadInstitutionId) : '',
    contactId: c.contactId ? String(c.contactId) : '',
    policyAreas: c.policyAreas,
    ...Object.assign({}, ...COMMITMENT_TEXTS.map((n) => localizedFields(n, c[n]))),
    ...Object.assign({}, ...COMMITMENT_LISTS.map((n) => listFields(n, c[n]))),
    ...Object.fromEntries(COMMITMENT_VALUES.map((n) => [n, triText(c[n])])),
    ...(c.version ? { version: String(c.version) } : {}),
  };
}
