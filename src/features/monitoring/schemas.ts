import { z } from 'zod';
import { optionalIdField as optionalId } from '../../lib/fields.js';
import { COMPLETION_LEVELS } from '../../lib/levels.js';
import { MAX_FILE_BYTES } from '../../lib/files.js';
import { MAX_EVIDENCE_FILES, MAX_EVIDENCE_LINKS, type EvidenceInput } from './commands.js';

/** Form schemas; messages are keys of `t.monitoring.formErrors`. */
export const dateField = z
  .string({ message: 'date' })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'date')
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    const y = Number(v.slice(0, 4));
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v && y >= 2000 && y <= 2100;
  }, 'date');


export const linksField = z
  .string()
  .max(25_000, 'tooLong')
  .optional()
  .transform((v, ctx) => {
    const links = (v ?? '')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
    if (links.length > MAX_EVIDENCE_LINKS) {
      ctx.addIssue({ code: 'custom', message: 'tooManyLinks' });
      return z.NEVER;
    }
    for (const l of links) {
      let ok = l.length <= 2000 && /^https?:\/\/[^\s<>"]+$/i.test(l);
      if (ok) {
        try {
          ok = ['http:', 'https:'].includes(new URL(l).protocol);
        } catch {
          ok = false;
        }
      }
      if (!ok) {
        ctx.addIssue({ code: 'custom', message: 'link' });
        return z.NEVER;
      }
    }
    return links;
  });

export const updateForm = z.object({
  status: z.enum(COMPLETION_LEVELS, { message: 'status' }),
  narrative: z.string().max(20_000, 'tooLong').optional().default(''),
  asOf: dateField,
  periodId: optionalId,
  links: linksField,
  action: z.enum(['draft', 'submit']).optional().default('draft'),
});

export const contestForm = z.object({
  comment: z.string({ message: 'required' }).trim().min(1, 'required').max(5_000, 'tooLong'),
  links: linksField,
});

export const replyForm = z.object({ body: z.string({ message: 'required' }).trim().min(1, 'required').max(5_000, 'tooLong') });

export const resolveForm = z.object({
  outcome: z.enum(['upheld', 'dismissed'], { message: 'required' }),
  reason: z.string({ message: 'required' }).trim().min(1, 'required').max(2_000, 'tooLong'),
});

export const returnForm = z.object({ reason: z.string({ message: 'required' }).trim().min(1, 'required').max(2_000, 'tooLong') });

export const periodForm = z.object({
  planId: z.string({ message: 'required' }).regex(/^[1-9]\d{0,9}$/, 'required').transform(Number),
  name: z.string({ message: 'required' }).trim().min(1, 'required').max(200, 'tooLong'),
  deadline: dateField,
});

/** The evidence files of a multipart form: at most 5, none empty or over 10 MB (types are checked on storing). */
export async function evidenceFiles(value: unknown): Promise<{ files: EvidenceInput['files'] } | { error: 'tooManyFiles' | 'fileTooLarge' | 'fileEmpty' }> {
  const list = (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((f): f is File => f instanceof File && !(f.size === 0 && f.name === ''));
  if (list.length > MAX_EVIDENCE_FILES) return { error: 'tooManyFiles' };
  const files: EvidenceInput['files'] = [];
  for (const f of list) {
    if (f.size > MAX_FILE_BYTES) return { error: 'fileTooLarge' };
    if (f.size === 0) return { error: 'fileEmpty' };
    files.push({ name: (f.name || 'evidence').slice(0, 200), bytes: new Uint8Array(await f.arrayBuffer()) });
  }
  return { files };
}
