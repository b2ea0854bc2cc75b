import { z } from 'zod';
import { ORGANISATION_KINDS } from '../../db/schema/index.js';

/**
 * Form schemas of open calls and applications. Messages are keys of `t.openCalls.errors`. Text is
 * trimmed, control characters (except newlines and tabs) are refused, every field has a limit.
 */
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
const required = (max: number) => z.string({ message: 'required' }).pipe(clean(max)).pipe(z.string().min(1, { message: 'required' }));
const optional = (max: number) => clean(max).optional().transform((s) => s ?? '');
const day = z
  .string({ message: 'date' })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'date' })
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), { message: 'date' });
const email = z.string({ message: 'required' }).trim().toLowerCase().max(254, { message: 'tooLong' }).pipe(z.email({ message: 'email' }));
const httpUrl = z
  .string()
  .trim()
  .max(2000, { message: 'tooLong' })
  .optional()
  .transform((v, ctx) => {
    if (!v) return null;
    try {
      if (/^https?:\/\//i.test(v) && ['http:', 'https:'].includes(new URL(v).protocol)) return v;
    } catch {
      // falls through
    }
    ctx.addIssue({ code: 'custom', message: 'url' });
    return z.NEVER;
  });

/** The kinds a call takes: the form sends them repeated, read as one comma-joined value. */
const kinds = z
  .string({ message: 'kinds' })
  .transform((s) => [...new Set(s.split(',').map((k) => k.trim()).filter(Boolean))])
  .pipe(z.array(z.enum(ORGANISATION_KINDS, { message: 'kinds' })).min(1, { message: 'kinds' }));

export const callForm = z
  .object({
    titleEs: optional(300),
    titleEn: optional(300),
    eligibilityEs: optional(10_000),
    eligibilityEn: optional(10_000),
    opensOn: day,
    closesOn: day,
    kinds,
  })
  .superRefine((v, ctx) => {
    if (!v.titleEs && !v.titleEn) ctx.addIssue({ code: 'custom', path: ['titleEs'], message: 'title' });
    if (v.closesOn < v.opensOn) ctx.addIssue({ code: 'custom', path: ['closesOn'], message: 'datesOrder' });
  });
export type CallForm = z.infer<typeof callForm>;

const focusAreas = optional(1_100).transform((s, ctx) => {
  const list = [...new Set(s.split(',').map((a) => a.trim()).filter(Boolean))];
  if (list.length > 10 || list.some((a) => a.length > 100)) {
    ctx.addIssue({ code: 'custom', message: 'tooManyAreas' });
    return z.NEVER;
  }
  return list;
});

/** The application (the organisation, its people, the application itself). */
export const applicationForm = z.object({
  organisationName: required(300),
  kind: z.enum(ORGANISATION_KINDS, { message: 'invalid' }),
  region: required(200),
  /** Not `website`: that name is the honeypot (src/features/cocreation/spam.ts). */
  organisationWebsite: httpUrl,
  mission: required(5_000),
  focusAreas,
  legalRepresentative: required(200),
  representativeName: required(200),
  representativeEmail: email,
  experience: required(5_000),
  motivation: required(5_000),
  contribution: required(5_000),
  regionalPresence: optional(2_000),
});
export type ApplicationForm = z.infer<typeof applicationForm>;

export const applicantEmailForm = z.object({ applicantEmail: email });

export const decisionForm = z.object({
  decision: z.enum(['accept', 'reject', 'more_info'], { message: 'invalid' }),
  reason: required(5_000),
});

export const answerForm = z.object({ answer: required(5_000) });

/** Supporting documents: at most 5, each at most 5 MB; their type is checked from their content when stored. */
export const MAX_APPLICATION_FILES = 5;
export const MAX_APPLICATION_FILE_BYTES = 5 * 1024 * 1024;

export async function applicationFiles(value: unknown): Promise<{ files: { name: string; bytes: Uint8Array }[] } | { error: 'tooManyFiles' | 'fileTooLarge' | 'fileEmpty' }> {
  const list = (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((f): f is File => f instanceof File && !(f.size === 0 && f.name === ''));
  if (list.length > MAX_APPLICATION_FILES) return { error: 'tooManyFiles' };
  const files: { name: string; bytes: Uint8Array }[] = [];
  for (const f of list) {
    if (f.size > MAX_APPLICATION_FILE_BYTES) return { error: 'fileTooLarge' };
    if (f.size === 0) return { error: 'fileEmpty' };
    files.push({ name: (f.name || 'documento').replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 200) || 'documento', bytes: new Uint8Array(await f.arrayBuffer()) });
  }
  return { files };
}
