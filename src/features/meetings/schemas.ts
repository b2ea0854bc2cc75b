import { z } from 'zod';
import { dateField } from '../monitoring/schemas.js';

/** Form schemas; messages are keys of `t.elections.formErrors` (the shared form texts) or of `t.meetings.form.errors`. */
export const dateTime = z
  .string({ message: 'required' })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'invalid')
  .transform((v, ctx) => {
    const d = new Date(`${v}:00Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 16) !== v || d.getUTCFullYear() < 2000 || d.getUTCFullYear() > 2100) {
      ctx.addIssue({ code: 'custom', message: 'invalid' });
      return z.NEVER;
    }
    return d;
  });

export const httpUrl = z
  .string()
  .trim()
  .max(2000, 'tooLong')
  .optional()
  .transform((v, ctx) => {
    if (!v) return null;
    try {
      if (/^https?:\/\//i.test(v) && ['http:', 'https:'].includes(new URL(v).protocol)) return v;
    } catch {
      // falls through
    }
    ctx.addIssue({ code: 'custom', message: 'invalid' });
    return z.NEVER;
  });

/** Agenda: one item per line, `minutes | title | presenter`. */
const agendaField = z
  .string()
  .max(20_000, 'tooLong')
  .default('')
  .transform((v, ctx) => {
    const items = [];
    for (const line of v.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)) {
      const [mins, title, presenter] = line.split('|').map((p) => p.trim());
      const n = Number(mins);
      if (!/^\d{1,3}$/.test(mins ?? '') || n < 1 || n > 600 || !title || title.length > 500 || (presenter ?? '').length > 200) {
        ctx.addIssue({ code: 'custom', message: 'agenda' });
        return z.NEVER;
      }
      items.push({ minutes: n, title, presenter: presenter ?? '' });
    }
    if (items.length > 50) {
      ctx.addIssue({ code: 'custom', message: 'agenda' });
      return z.NEVER;
    }
    return items;
  });

/** Invitees: one per line, `Name <e-mail>` or just the e-mail. */
const inviteesField = z
  .string()
  .max(50_000, 'tooLong')
  .default('')
  .transform((v, ctx) => {
    const out = [];
    for (const line of v.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)) {
      const m = line.match(/^(.*?)\s*<([^<>\s]+)>$/) ?? [line, line, line];
      const email = (m[2] ?? '').toLowerCase();
      if (!z.email().safeParse(email).success || email.length > 254 || (m[1] ?? '').length > 200) {
        ctx.addIssue({ code: 'custom', message: 'invitees' });
        return z.NEVER;
      }
      out.push({ name: (m[1] || email).trim(), email });
    }
    if (out.length > 500) {
      ctx.addIssue({ code: 'custom', message: 'invitees' });
      return z.NEVER;
    }
    return out;
  });

export const meetingForm = z
  .object({
    title: z.string({ message: 'required' }).trim().min(1, 'required').max(300, 'tooLong'),
    startsAt: dateTime,
    endsAt: dateTime,
    place: z.string().trim().max(500, 'tooLong').default(''),
    link: httpUrl,
    agenda: agendaField,
    invitees: inviteesField,
  })
  .refine((v) => v.endsAt > v.startsAt, { path: ['endsAt'], message: 'invalid' });

export const agreementForm = z.object({
  text: z.string({ message: 'required' }).trim().min(1, 'required').max(2000, 'tooLong'),
  owner: z.string({ message: 'required' }).trim().min(1, 'required').max(200, 'tooLong'),
  dueOn: z.union([z.literal('').transform(() => null), dateField]).default(''),
});

export const agreementStateForm = z.object({
  from: z.enum(['open', 'in_progress', 'done', 'dropped'], { message: 'invalid' }),
  to: z.enum(['open', 'in_progress', 'done', 'dropped'], { message: 'invalid' }),
});

export const minutesForm = z.object({
  body: z.string({ message: 'required' }).trim().min(1, 'required').max(100_000, 'tooLong'),
  correctionReason: z.string().trim().max(1000, 'tooLong').optional(),
});

export const commentForm = z.object({ body: z.string({ message: 'required' }).trim().min(1, 'required').max(5000, 'tooLong') });

/** Attendance: the forum members ticked (`member` = membership ids, voting) and other attendees, one per line `name | on behalf of`. */
export const attendanceForm = z.object({
  member: z.array(z.string().regex(/^[1-9]\d{0,9}$/, 'invalid').transform(Number)).max(500, 'invalid').default([]),
  others: z
    .string()
    .max(20_000, 'tooLong')
    .default('')
    .transform((v, ctx) => {
      const out = [];
      for (const line of v.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)) {
        const [name, behalf] = line.split('|').map((p) => p.trim());
        if (!name || name.length > 200 || (behalf ?? '').length > 300) {
          ctx.addIssue({ code: 'custom', message: 'invalid' });
          return z.NEVER;
        }
        out.push({ personName: name, onBehalfOf: behalf ?? '' });
      }
      return out;
    }),
});

/** What an institution presented on a commitment reviewed at the meeting. */
export const commitmentReviewForm = z.object({
  commitmentId: z.string({ message: 'required' }).regex(/^[1-9]\d{0,9}$/, 'invalid').transform(Number).refine((n) => n <= 2_147_483_647, 'invalid'),
  presented: z.string().max(5000, 'tooLong').default('').transform((v) => v.replace(/\r\n?/g, '\n').trim()),
});
