import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, pgEnum, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { localized } from './columns.js';
import { commitments, milestones } from './commitments.js';
import { members } from './members.js';
import { actionPlans } from './plans.js';

/**
 * E-mail subscriptions of the public, without an account (issue 13, item 7; decision 046): a
 * commitment, a plan or a member, followed at once or in a daily or weekly digest. Inactive until the
 * link sent by e-mail is followed (double opt-in); the confirmation token is stored hashed, used once
 * and expires. Unconfirmed rows are deleted when they expire; unsubscribing deletes the row.
 */
export const SUBSCRIPTION_TARGETS = ['commitment', 'plan', 'member'] as const;
export const subscriptionTarget = pgEnum('subscription_target', SUBSCRIPTION_TARGETS);
export const SUBSCRIPTION_FREQUENCIES = ['immediate', 'daily', 'weekly'] as const;
export const subscriptionFrequency = pgEnum('subscription_frequency', SUBSCRIPTION_FREQUENCIES);

export const publicSubscriptions = pgTable(
  'public_subscriptions',
  {
    id: serial().primaryKey(),
    /** Lower-cased; never shown on any page, never in an API answer. */
    email: text().notNull(),
    targetType: subscriptionTarget().notNull(),
    targetId: integer().notNull(),
    frequency: subscriptionFrequency().notNull(),
    locale: text().notNull().default('es'),
    /** sha256 of the confirmation token (the token itself only travels in the e-mail); null once used. */
    confirmTokenHash: text(),
    confirmExpiresAt: timestamp({ withTimezone: true }),
    confirmedAt: timestamp({ withTimezone: true }),
    /** The capability in every e-mail's unsubscribe link (it can only end this subscription). */
    unsubscribeToken: text().notNull(),
    /** The newest event this subscription was told about (immediately or in a digest). */
    lastEventId: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('public_subscriptions_email_target_unique').on(t.email, t.targetType, t.targetId),
    uniqueIndex('public_subscriptions_confirm_unique').on(t.confirmTokenHash),
    uniqueIndex('public_subscriptions_unsubscribe_unique').on(t.unsubscribeToken),
    index('public_subscriptions_target_idx').on(t.targetType, t.targetId),
    check('public_subscriptions_email_length', sql`length(${t.email}) <= 254`),
  ],
);

/**
 * What subscribers are told about: the same events followers are e-mailed (a verified status change,
 * a contestation, its resolution), with the commitment, plan and member they belong to, and the
 * sentence in both languages.
 */
export const subscriptionEvents = pgTable(
  'subscription_events',
  {
    id: serial().primaryKey(),
    kind: text().notNull(),
    commitmentId: integer().references(() => commitments.id, { onDelete: 'cascade' }),
    milestoneId: integer().references(() => milestones.id, { onDelete: 'set null' }),
    planId: integer()
      .notNull()
      .references(() => actionPlans.id, { onDelete: 'cascade' }),
    memberId: integer()
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    text: localized(),
    /** The page it is about, relative (`/commitments/12#milestone-3`). */
    path: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('subscription_events_commitment_idx').on(t.commitmentId, t.id),
    index('subscription_events_plan_idx').on(t.planId, t.id),
    index('subscription_events_member_idx').on(t.memberId, t.id),
  ],
);

/** One digest sent: at most one per subscription and period (`daily:2026-11-27`, `weekly:2026-11-23`), so a second run sends nothing. */
export const subscriptionDigests = pgTable(
  'subscription_digests',
  {
    id: serial().primaryKey(),
    subscriptionId: integer()
      .notNull()
      .references(() => publicSubscriptions.id, { onDelete: 'cascade' }),
    period: text().notNull(),
    events: integer().notNull(),
    lastEventId: integer().notNull(),
    sentAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('subscription_digests_once').on(t.subscriptionId, t.period)],
);

/** Subscribe attempts, for the rate limits per address and per e-mail (hashed both; pruned after a day). */
export const subscriptionAttempts = pgTable(
  'subscription_attempts',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    sourceHash: text().notNull(),
    emailHash: text().notNull(),
    at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('subscription_attempts_source_idx').on(t.sourceHash, t.at), index('subscription_attempts_email_idx').on(t.emailHash, t.at)],
);
