import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, integer, jsonb, pgEnum, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { institutions } from './institutions.js';
import { members } from './members.js';

/**
 * Accounts (decision 007). Roles are granted per member (a country or locality); an institution
 * contact's grant names the institution it reports for.
 */
export const ROLES = ['admin', 'secretariat', 'institution_contact', 'forum_member', 'irm_reviewer'] as const;
export const role = pgEnum('role', ROLES);

/** A forum member's seat: whom they represent (Chile's Mesa: government, civil society, academia, observer). */
export const SEAT_SECTORS = ['government', 'civil_society', 'academia', 'observer'] as const;
export const seatSector = pgEnum('seat_sector', SEAT_SECTORS);

export const users = pgTable(
  'users',
  {
    id: serial().primaryKey(),
    /** Lower-cased. */
    email: text().notNull(),
    name: text().notNull(),
    /** scrypt, `scrypt$N$r$p$salt$hash` (base64url); null until the invitation is accepted. */
    passwordHash: text(),
    /** Interface language for e-mails. */
    locale: text().notNull().default('es'),
    disabledAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_email_unique').on(t.email)],
);

export const roleGrants = pgTable(
  'role_grants',
  {
    id: serial().primaryKey(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: role().notNull(),
    /** The member the role applies to; null for an instance administrator. */
    memberId: integer().references(() => members.id, { onDelete: 'cascade' }),
    /** For institution contacts: the institution they report for. */
    institutionId: integer().references(() => institutions.id, { onDelete: 'cascade' }),
    /** For forum members: the seat's sector. */
    seat: seatSector(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('role_grants_user_idx').on(t.userId),
    uniqueIndex('role_grants_unique').on(t.userId, t.role, sql`coalesce(${t.memberId}, 0)`, sql`coalesce(${t.institutionId}, 0)`),
  ],
);

/** A signed-in browser. The cookie holds a random token; only its SHA-256 is stored. */
export const sessions = pgTable(
  'sessions',
  {
    id: text().primaryKey(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** One-time links: invitations (set a password, receive roles) and password resets. Token stored hashed. */
export const TOKEN_PURPOSES = ['invitation', 'password_reset'] as const;
export const tokenPurpose = pgEnum('token_purpose', TOKEN_PURPOSES);

export const accountTokens = pgTable('account_tokens', {
  id: text().primaryKey(),
  purpose: tokenPurpose().notNull(),
  userId: integer()
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
  usedAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** Sign-in attempts, for rate limiting shared by every app server. */
export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    email: text().notNull(),
    ip: text().notNull(),
    succeeded: boolean().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('login_attempts_email_at_idx').on(t.email, t.at),
    index('login_attempts_ip_at_idx').on(t.ip, t.at),
    /** For pruning rows older than a day (decision 035). */
    index('login_attempts_at_idx').on(t.at),
  ],
);

/**
 * Every e-mail the platform sends. Sent through SMTP when `SMTP_URL` is set; otherwise it stays
 * here and an administrator reads it in the app, so a fresh install works with no mail server.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: serial().primaryKey(),
    to: text().notNull(),
    subject: text().notNull(),
    text: text().notNull(),
    /** What it is about, for the in-app notifications of the recipient: `{ kind, commitmentId … }`. */
    meta: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    userId: integer().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true }),
    error: text(),
    /** When its recipient marked the in-app notice read (issue 8, item 11); null while unread. */
    readAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('outbox_user_idx').on(t.userId),
    /** A person's notices newest first (My work), and their unread count on every signed-in request (issue 10). */
    index('outbox_user_id_idx').on(t.userId, t.id),
    index('outbox_user_unread_idx').on(t.userId).where(sql`${t.readAt} is null`),
  ],
);
