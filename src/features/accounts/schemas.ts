import { z } from 'zod';
import { optionalIdField as optionalId } from '../../lib/fields.js';
import { safePath } from '../../lib/next.js';
import { ROLES, SEAT_SECTORS } from '../../db/schema/accounts.js';

/** Form schemas; messages are keys of `t.accounts.formErrors`. */
export const emailField = z
  .string({ message: 'required' })
  .trim()
  .min(1, 'required')
  .max(320, 'tooLong')
  .regex(/^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/, 'email');

export const passwordField = z.string({ message: 'required' }).min(1, 'required').min(10, 'passwordShort').max(200, 'tooLong');

export const nameField = z
  .string({ message: 'required' })
  .trim()
  .min(1, 'required')
  .max(200, 'tooLong')
  .regex(/^[^\u0000-\u001f\u007f]*$/, 'invalid');

/** Where to go after signing in: only a path on this site. */
export const nextField = z
  .unknown()
  .optional()
  .transform((v) => safePath(v) ?? '/work');

export const loginForm = z.object({
  email: z.string({ message: 'required' }).trim().min(1, 'required').max(320, 'tooLong'),
  password: z.string({ message: 'required' }).min(1, 'required').max(200, 'tooLong'),
  next: nextField,
});

export const newPasswordForm = z
  .object({ password: passwordField, passwordRepeat: z.string({ message: 'required' }).max(200, 'tooLong') })
  .refine((v) => v.password === v.passwordRepeat, { message: 'passwordMismatch', path: ['passwordRepeat'] });

export const invitationForm = z
  .object({ name: nameField, password: passwordField, passwordRepeat: z.string({ message: 'required' }).max(200, 'tooLong') })
  .refine((v) => v.password === v.passwordRepeat, { message: 'passwordMismatch', path: ['passwordRepeat'] });

export const forgotForm = z.object({ email: emailField });


export const inviteForm = z.object({
  email: emailField,
  name: nameField,
  role: z.enum(ROLES, { message: 'required' }),
  memberId: optionalId,
  institutionId: optionalId,
  seat: z
    .union([z.enum(SEAT_SECTORS), z.literal('')], { message: 'invalid' })
    .optional()
    .transform((v) => (v ? v : null)),
  locale: z.enum(['es', 'en'], { message: 'invalid' }).default('es'),
});
export type InviteInput = z.infer<typeof inviteForm>;
