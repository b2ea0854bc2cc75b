import { z } from 'zod';
import { NEWS_KINDS } from '../../db/schema/index.js';
import { dateTime, httpUrl } from '../meetings/schemas.js';
import { dateField } from '../monitoring/schemas.js';

/** Messages are keys of `t.elections.formErrors` (shared form texts) or of `t.news.manage.errors`. */
const text = (max: number) => z.string().max(max, 'tooLong').default('').transform((v) => v.replace(/\r\n?/g, '\n').trim());
const optionalDateTime = z.union([z.literal('').transform(() => null), dateTime]).default(null);

export const newsForm = z
  .object({
    kind: z.enum(NEWS_KINDS, { message: 'invalid' }),
    titleEs: text(300),
    titleEn: text(300),
    bodyEs: text(50_000),
    bodyEn: text(50_000),
    itemDate: dateField,
    startsAt: optionalDateTime,
    endsAt: optionalDateTime,
    place: text(500),
    link: httpUrl,
    reason: text(1000),
    version: z.string().regex(/^\d{1,9}$/, 'invalid').transform(Number).optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.titleEs && !v.titleEn) ctx.addIssue({ code: 'custom', path: ['titleEs'], message: 'titleNeeded' });
    if (!v.bodyEs && !v.bodyEn) ctx.addIssue({ code: 'custom', path: ['bodyEs'], message: 'bodyNeeded' });
    if (v.kind === 'event') {
      if (!v.startsAt || !v.endsAt || v.endsAt <= v.startsAt) ctx.addIssue({ code: 'custom', path: ['startsAt'], message: 'eventTimes' });
      if (!v.place && !v.link) ctx.addIssue({ code: 'custom', path: ['place'], message: 'eventPlace' });
    }
  });
export type NewsFormData = z.infer<typeof newsForm>;

export const unpublishForm = z.object({ reason: z.string({ message: 'required' }).trim().min(1, 'required').max(1000, 'tooLong') });
