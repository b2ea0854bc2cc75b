import { z } from 'zod';
import { ID_PATTERN } from '../../lib/fields.js';
import { dateField } from '../monitoring/schemas.js';

/** Form schemas; messages are keys of `t.elections.formErrors`. */
const id = z.string({ message: 'required' }).trim().regex(ID_PATTERN, 'invalid').transform(Number);

export const newElectionForm = z
  .object({
    title: z.string({ message: 'required' }).trim().min(1, 'required').max(300, 'tooLong'),
    sectorId: id,
    seats: z.string({ message: 'required' }).trim().regex(/^\d{1,2}$/, 'invalid').transform(Number).pipe(z.number().int().min(1, 'invalid').max(50, 'invalid')),
    tieRule: z.enum(['draw', 'runoff'], { message: 'invalid' }),
    termStart: dateField,
    termEnd: dateField,
  })
  .refine((v) => v.termEnd > v.termStart, { path: ['termEnd'], message: 'invalid' });

export const nominateForm = z.object({
  organisationId: id,
  candidateEmail: z.string({ message: 'required' }).trim().toLowerCase().max(254, 'tooLong').email('email'),
});

/** The ballot: candidate ids (repeated `choice` fields), an optional organisation, and "spoil". */
export const voteForm = z.object({
  choice: z.array(z.string().regex(ID_PATTERN, 'invalid').transform(Number)).max(50, 'invalid').default([]),
  organisationId: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return null;
      if (!ID_PATTERN.test(v)) {
        ctx.addIssue({ code: 'custom', message: 'invalid' });
        return z.NEVER;
      }
      return Number(v);
    }),
  spoil: z.literal('1').optional(),
});
