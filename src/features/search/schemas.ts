import { z } from 'zod';
import { COMPLETION_LEVELS } from '../../lib/levels.js';

/** What the search covers. Proposals and meeting minutes join as new kinds (see `queries.ts`, decision 090). */
export const SEARCH_KINDS = ['commitment', 'milestone', 'institution', 'plan'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export const OGP_VALUES = ['access_to_information', 'civic_participation', 'public_accountability', 'technology_innovation'] as const;
export type OgpValue = (typeof OGP_VALUES)[number];

export const SEARCH_STATUSES = [...COMPLETION_LEVELS, 'not_reported'] as const;

export const MAX_QUERY_LENGTH = 200;
export const SEARCH_PAGE = 20;
export const MAX_SEARCH_PAGE = 100;

const positiveId = (name: string) =>
  z
    .string()
    .regex(/^[1-9]\d{0,9}$/, { message: `${name} must be a positive whole number` })
    .transform(Number)
    .refine((n) => n <= 2_147_483_647, { message: `${name} is too large` });

const flag = z.enum(['1', 'true']).transform(() => true as const);

/** The search's parameters, as the page's form and the API take them (every one optional, all strings). */
export const searchParamsSchema = z.object({
  q: z
    .string()
    .max(MAX_QUERY_LENGTH, { message: `q must be at most ${MAX_QUERY_LENGTH} characters` })
    .transform((v) => v.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim())
    .optional(),
  kind: z.enum(SEARCH_KINDS).optional(),
  member: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, { message: 'member must be a member code' })
    .optional(),
  plan: positiveId('plan').optional(),
  institution: positiveId('institution').optional(),
  theme: z
    .string()
    .max(100, { message: 'theme must be at most 100 characters' })
    .transform((v) => v.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim())
    .refine((v) => v !== '', { message: 'theme is empty' })
    .optional(),
  value: z.enum(OGP_VALUES).optional(),
  area: z
    .string()
    .regex(/^[a-z0-9-]{1,80}$/, { message: 'area must be a policy-area slug' })
    .optional(),
  status: z.enum(SEARCH_STATUSES).optional(),
  delayed: flag.optional(),
  contested: flag.optional(),
  page: positiveId('page')
    .refine((n) => n <= 500, { message: 'page must be at most 500' })
    .optional(),
  offset: z
    .string()
    .regex(/^\d{1,6}$/, { message: 'offset must be a whole number' })
    .transform(Number)
    .refine((n) => n <= 10_000, { message: 'offset must be at most 10000' })
    .optional(),
  limit: positiveId('limit')
    .refine((n) => n <= MAX_SEARCH_PAGE, { message: `limit must be at most ${MAX_SEARCH_PAGE}` })
    .optional(),
});
export type SearchParams = z.infer<typeof searchParamsSchema>;

/** The filters of a search, parsed. */
export type SearchFilter = Omit<SearchParams, 'page' | 'limit' | 'offset'>;

/** True when nothing would narrow the search: then there is nothing to show but the form. */
export function isEmptySearch(f: SearchFilter): boolean {
  return (
    !(f.q && f.q.trim() !== '') &&
    f.member === undefined &&
    f.plan === undefined &&
    f.institution === undefined &&
    f.theme === undefined &&
    f.value === undefined &&
    f.area === undefined &&
    f.status === undefined &&
    f.delayed === undefined &&
    f.contested === undefined
  );
}
