import path from 'node:path';
import { z } from 'zod';

/** Settings come from the environment, parsed once at boot; the app refuses to start on bad config. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** Where the embedded database (PGlite) and uploaded files live. */
  DATA_DIR: z.string().min(1).default('./data'),
  /** `postgres://user:pass@host:5432/db` moves the app to PostgreSQL. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must start with postgres:// or postgresql://' })
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** Fill an empty database with the demo plan (Chile's 3rd action plan, commitment 19). */
  DEMO: z
    .enum(['0', '1', 'true', 'false'])
    .default('1')
    .transform((v) => v === '1' || v === 'true'),
  /** The public address, used in feeds and e-mails. */
  PUBLIC_URL: z.string().url().optional(),
  /** The licence of the open data (an SPDX id such as CC-BY-4.0, CC0-1.0, ODbL-1.0), shown on the data pages and in the exports. */
  DATA_LICENSE: z
    .string()
    .regex(/^[A-Za-z0-9.+-]{2,40}$/, { message: 'DATA_LICENSE must be an SPDX licence id, e.g. CC-BY-4.0' })
    .default('CC-BY-4.0'),
  /** `smtp://user:pass@host:587` or `smtps://…`: e-mail goes out through it; without it, e-mail stays in the in-app outbox. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, { message: 'SMTP_URL must start with smtp:// or smtps://' })
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** The sender of e-mails. */
  MAIL_FROM: z.string().min(3).default('Abierto <no-reply@localhost>'),
  /** `1` runs the reminders once a day inside the app (otherwise schedule `npm run abierto -- reminders` with cron). */
  REMINDERS: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  /** `1` behind a reverse proxy that sets `X-Forwarded-For`: the sign-in rate limit counts its first address. */
  TRUST_PROXY: z
    .enum(['0', '1', 'true', 'false', ''])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  demo: boolean;
  publicUrl: string | undefined;
  /** Where links in e-mails start: `PUBLIC_URL`, else `http://<HOST>:<PORT>` (localhost for a wildcard host). */
  linkUrl: string;
  dataLicense: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  reminders: boolean;
  trustProxy: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`invalid setting ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  const e = parsed.data;
  if (e.SMTP_URL && !e.PUBLIC_URL) {
    throw new ConfigError('PUBLIC_URL is required when SMTP_URL is set: links in e-mails start with it (e.g. PUBLIC_URL=https://abierto.example.org)');
  }
  const host = e.HOST === '0.0.0.0' || e.HOST === '::' ? 'localhost' : e.HOST.includes(':') ? `[${e.HOST}]` : e.HOST;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    demo: e.DEMO,
    publicUrl: e.PUBLIC_URL,
    linkUrl: (e.PUBLIC_URL ?? `http://${host}:${e.PORT}`).replace(/\/+$/, ''),
    dataLicense: e.DATA_LICENSE,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    reminders: e.REMINDERS,
    trustProxy: e.TRUST_PROXY,
  };
}
