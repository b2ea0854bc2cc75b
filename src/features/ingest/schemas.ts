import { z } from 'zod';

/** The upload form's fields other than the file. */
export const uploadForm = z.object({
  language: z.union([z.literal(''), z.enum(['es', 'en'])]).default(''),
});

/** The confirm form: the stored upload (by SHA-256), its name and the language chosen. */
export const confirmForm = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  fileName: z.string().min(1).max(255),
  language: z.union([z.literal(''), z.enum(['es', 'en'])]).default(''),
  /** What the preview showed (decision 044): the import is refused if it would now do something else. */
  fingerprint: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});
