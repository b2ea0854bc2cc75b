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
