import { z } from 'zod';
import { ORGANISATION_KINDS } from '../../db/schema/index.js';

/** Form schemas; messages are keys of `t.elections.formErrors` (shared form texts). */
export const registerOrganisationForm = z.object({
  name: z.string({ message: 'required' }).trim().min(1, 'required').max(300, 'tooLong'),
  kind: z.enum(ORGANISATION_KINDS, { message: 'invalid' }),
  region: z.string().trim().max(200, 'tooLong').default(''),
  mission: z.string().trim().max(5000, 'tooLong').default(''),
  website: z
    .string()
    .trim()
    .max(2000, 'tooLong')
    .optional()
    .transform((v, ctx) => {
      if (!v) return null;
      try {
        if (['http:', 'https:'].includes(new URL(v).protocol) && /^https?:\/\//i.test(v)) return v;
      } catch {
        // falls through
      }
      ctx.addIssue({ code: 'custom', message: 'invalid' });
      return z.NEVER;
    }),
  representativeEmail: z.string({ message: 'required' }).trim().toLowerCase().max(254, 'tooLong').email('email'),
});
