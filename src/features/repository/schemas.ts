import { z } from 'zod';
import { DOCUMENT_TYPES } from '../../db/schema/documents.js';
import { isoDate } from '../reports/schemas.js';

/** The repository's filters, from the query string; an invalid one is reported and ignored. */
export const repositoryFilterSchema = z.object({
  plan: z
    .string()
    .regex(/^[1-9]\d{0,9}$/)
    .transform(Number)
    .refine((n) => n <= 2_147_483_647)
    .optional(),
  type: z.enum(DOCUMENT_TYPES).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});
export type RepositoryFilter = z.infer<typeof repositoryFilterSchema>;

// ——— uploads (decision 056) ———

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const TITLE_MAX = 300;
const DESCRIPTION_MAX = 5_000;
const REASON_MAX = 2_000;
export const URL_MAX = 2_000;

const line = (max: number) =>
  z
    .string({ message: 'invalid' })
    .optional()
    .transform((v) => (v ?? '').trim())
    .refine((v) => v.length <= max, 'tooLong')
    .refine((v) => !CONTROL.test(v) && !/[\r\n]/.test(v), 'invalid');
const para = (max: number) =>
  z
    .string({ message: 'invalid' })
    .optional()
    .transform((v) => (v ?? '').trim())
    .refine((v) => v.length <= max, 'tooLong')
    .refine((v) => !CONTROL.test(v), 'invalid');

/** An http(s) link with a host, nothing else (no javascript:, data:, file:, credentials). */
export const linkField = z
  .string({ message: 'url' })
  .optional()
  .transform((v) => (v ?? '').trim())
  .refine((v) => v.length <= URL_MAX, 'tooLong')
  .refine((v) => {
    if (v === '') return true;
    if (CONTROL.test(v) || /\s/.test(v)) return false;
    try {
      const u = new URL(v);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '' && u.username === '' && u.password === '';
    } catch {
      return false;
    }
  }, 'url');

const kindField = z.enum(['file', 'link'], { message: 'kind' });
const idText = z
  .string()
  .optional()
  .transform((v) => (v ?? '').trim())
  .refine((v) => v === '' || (/^[1-9]\d{0,9}$/.test(v) && Number(v) <= 2_147_483_647), 'invalid')
  .transform((v) => (v === '' ? null : Number(v)));

/** The text fields of the upload form (the file itself is read apart). */
export const uploadForm = z
  .object({
    titleEs: line(TITLE_MAX),
    titleEn: line(TITLE_MAX),
    descriptionEs: para(DESCRIPTION_MAX),
    descriptionEn: para(DESCRIPTION_MAX),
    type: z.enum(['minutes', 'plan_document', 'other'], { message: 'type' }),
    plan: idText,
    documentDate: z
      .string({ message: 'date' })
      .trim()
      .refine((v) => isoDate.safeParse(v).success && v >= '1990-01-01' && v <= '2100-12-31', 'date'),
    kind: kindField,
    url: linkField,
  })
  .superRefine((v, ctx) => {
    if (!v.titleEs && !v.titleEn) ctx.addIssue({ code: 'custom', message: 'title', path: ['titleEs'] });
    if (v.kind === 'link' && !v.url) ctx.addIssue({ code: 'custom', message: 'urlMissing', path: ['url'] });
  });
export type UploadFormData = z.infer<typeof uploadForm>;

export const correctionForm = z
  .object({
    kind: kindField,
    url: linkField,
    reason: para(REASON_MAX),
    version: z
      .string({ message: 'version' })
      .regex(/^[1-9]\d{0,9}$/, 'version')
      .transform(Number)
      .refine((n) => n <= 2_147_483_647, 'version'),
  })
  .superRefine((v, ctx) => {
    if (!v.reason) ctx.addIssue({ code: 'custom', message: 'reason', path: ['reason'] });
    if (v.kind === 'link' && !v.url) ctx.addIssue({ code: 'custom', message: 'urlMissing', path: ['url'] });
  });

export const withdrawalForm = z.object({ reason: para(REASON_MAX) }).superRefine((v, ctx) => {
  if (!v.reason) ctx.addIssue({ code: 'custom', message: 'reason', path: ['reason'] });
});
