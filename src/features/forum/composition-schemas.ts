import { z } from 'zod';
import { ORGANISATION_KINDS } from '../../db/schema/index.js';
import { dateField } from '../monitoring/schemas.js';

/** Messages are keys of `t.elections.formErrors` or of `t.composition.errors`. */
const text = (max: number) => z.string().max(max, 'tooLong').default('').transform((v) => v.replace(/\s+/g, ' ').trim());
const id = z.string({ message: 'required' }).regex(/^[1-9]\d{0,9}$/, 'invalid').transform(Number).refine((n) => n <= 2_147_483_647, 'invalid');

export const sectorForm = z
  .object({
    code: z.string({ message: 'required' }).trim().regex(/^[a-z][a-z_]{1,39}$/, 'code'),
    nameEs: text(200),
    nameEn: text(200),
    electedBy: z.union([z.literal('').transform(() => null), z.enum(ORGANISATION_KINDS, { message: 'invalid' })]).default(null),
  })
  .refine((v) => !!(v.nameEs || v.nameEn), { path: ['nameEs'], message: 'nameNeeded' });

export const renameSectorForm = z.object({ nameEs: text(200), nameEn: text(200) }).refine((v) => !!(v.nameEs || v.nameEn), { path: ['nameEs'], message: 'nameNeeded' });
export const seatForm = z.object({ labelEs: text(200), labelEn: text(200) }).refine((v) => !!(v.labelEs || v.labelEn), { path: ['labelEs'], message: 'nameNeeded' });

export const appointForm = z
  .object({
    seatId: id,
    personName: z.string({ message: 'required' }).trim().min(1, 'required').max(200, 'tooLong'),
    behalf: z
      .string()
      .default('')
      .transform((v, ctx) => {
        if (v === '') return { organisationId: null, institutionId: null };
        const m = /^([oi]):([1-9]\d{0,9})$/.exec(v);
        if (!m || Number(m[2]) > 2_147_483_647) {
          ctx.addIssue({ code: 'custom', message: 'invalid' });
          return z.NEVER;
        }
        return m[1] === 'o' ? { organisationId: Number(m[2]), institutionId: null } : { organisationId: null, institutionId: Number(m[2]) };
      }),
    role: z.enum(['titular', 'alternate'], { message: 'invalid' }),
    startDate: dateField,
    endDate: z.union([z.literal('').transform(() => null), dateField]).default(null),
  })
  .refine((v) => v.endDate === null || v.endDate >= v.startDate, { path: ['endDate'], message: 'endBeforeStart' });

export const endForm = z.object({
  endDate: dateField,
  reason: z.string({ message: 'required' }).trim().min(1, 'required').max(1000, 'tooLong'),
});
