import { and, count, eq, gt, gte, sql } from 'drizzle-orm';
import type { Database, Transaction } from '../../db/client.js';
import { callApplicationFiles, callApplicationNotes, callApplications, forums, openCalls, organisations, users } from '../../db/schema/index.js';
import { messages } from '../../i18n/index.js';
import { recordAudit } from '../../lib/audit.js';
import { storeFile, type AllowedMediaType } from '../../lib/files.js';
import type { Locale } from '../../lib/levels.js';
import { textIn, type LocalizedText } from '../../lib/localized.js';
import { queueMail } from '../../lib/mail.js';
import { newToken, tokenId } from '../accounts/tokens.js';
import type { ApplicationState, CallPhase } from './policy.js';
import { MAX_APPLICATION_FILE_BYTES, type ApplicationForm } from './schemas.js';

export type OpenCallErrorCode = 'not_found' | 'not_draft' | 'not_published' | 'not_open' | 'kind_not_allowed' | 'rate_limited' | 'already_decided' | 'wrong_state';

export class OpenCallError extends Error {
  constructor(
    readonly code: OpenCallErrorCode,
    readonly decided: { state: ApplicationState; by: string; at: Date | null } | null = null,
  ) {
    super(`open call error: ${code}`);
    this.name = 'OpenCallError';
  }
}

/** Applications one address (or one e-mail) may send per hour. */
export const APPLICATIONS_PER_HOUR = 5;
/** How long a confirmation link works. */
export const CONFIRM_HOURS = 48;
/** Supporting documents: what may be uploaded (checked from the content). */
export const APPLICATION_MEDIA_TYPES: readonly AllowedMediaType[] = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.oasis.opendocument.text',
];

const dayOf = (now: Date) => now.toISOString().slice(0, 10);

/** Where a call stands on a day: a published call opens and closes by its dates (no cron), or is closed by hand. */
export function callPhase(call: { state: 'draft' | 'open' | 'closed'; opensOn: string; closesOn: string }, now: Date): CallPhase {
  if (call.state === 'draft') return 'draft';
  if (call.state === 'closed') return 'closed';
  const today = dayOf(now);
  if (today < call.opensOn) return 'upcoming';
  if (today > call.closesOn) return 'closed';
  return 'open';
}

export interface Actor {
  userId: number;
}
const actorOf = (a: Actor) => `user:${a.userId}`;

export interface CallInput {
  title: LocalizedText;
  eligibility: LocalizedText;
  opensOn: string;
  closesOn: string;
  kinds: string[];
}

/** Creates a draft call for a forum's network. */
export async function createCall(db: Database, actor: Actor, input: CallInput & { forumId: number }, now: Date): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const [f] = await tx.select({ id: forums.id }).from(forums).where(eq(forums.id, input.forumId));
    if (!f) throw new OpenCallError('not_found');
    const [row] = await tx
      .insert(openCalls)
      .values({ forumId: input.forumId, title: input.title, eligibility: input.eligibility, opensOn: input.opensOn, closesOn: input.closesOn, kinds: input.kinds, state: 'draft', createdBy: actor.userId, createdAt: now, updatedAt: now })
      .returning({ id: openCalls.id });
    await recordAudit(tx, { actor: actorOf(actor), action: 'open_call.create', entityType: 'open_call', entityId: row!.id, details: { after: input } });
    return row!;
  });
}

/** Edits a call while it is a draft (a conditional update: a published call never changes). */
export async function updateCall(db: Database, actor: Actor, callId: number, input: CallInput, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(openCalls).where(eq(openCalls.id, callId));
    if (!before) throw new OpenCallError('not_found');
    const rows = await tx
      .update(openCalls)
      .set({ title: input.title, eligibility: input.eligibility, opensOn: input.opensOn, closesOn: input.closesOn, kinds: input.kinds, updatedAt: now })
      .where(and(eq(openCalls.id, callId), eq(openCalls.state, 'draft')))
      .returning({ id: openCalls.id });
    if (!rows[0]) throw new OpenCallError('not_draft');
    await recordAudit(tx, {
      actor: actorOf(actor),
      action: 'open_call.update',
      entityType: 'open_call',
      entityId: callId,
      details: { before: { title: before.title, eligibility: before.eligibility, opensOn: before.opensOn, closesOn: before.closesOn, kinds: before.kinds }, after: input },
    });
  });
}

export async function publishCall(db: Database, actor: Actor, callId: number, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const rows = await tx
      .update(openCalls)
      .set({ state: 'open', publishedAt: now, updatedAt: now })
      .where(and(eq(openCalls.id, callId), eq(openCalls.state, 'draft')))
      .returning({ id: openCalls.id });
    if (!rows[0]) throw new OpenCallError((await tx.select({ id: openCalls.id }).from(openCalls).where(eq(openCalls.id, callId)))[0] ? 'not_draft' : 'not_found');
    await recordAudit(tx, { actor: actorOf(actor), action: 'open_call.publish', entityType: 'open_call', entityId: callId });
  });
}

/** Closes a published call by hand before its closing date. */
export async function closeCall(db: Database, actor: Actor, callId: number, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const rows = await tx
      .update(openCalls)
      .set({ state: 'closed', closedAt: now, updatedAt: now })
      .where(and(eq(openCalls.id, callId), eq(openCalls.state, 'open')))
      .returning({ id: openCalls.id });
    if (!rows[0]) throw new OpenCallError((await tx.select({ id: openCalls.id }).from(openCalls).where(eq(openCalls.id, callId)))[0] ? 'not_published' : 'not_found');
    await recordAudit(tx, { actor: actorOf(actor), action: 'open_call.close', entityType: 'open_call', entityId: callId });
  });
}

export type Applicant = { kind: 'account'; userId: number } | { kind: 'email'; email: string };

export interface ApplicationInput {
  callId: number;
  form: ApplicationForm;
  files: { name: string; bytes: Uint8Array }[];
  applicant: Applicant;
  locale: Locale;
  /** A keyed hash of the sender's address (rate limit), never the address. */
  sourceKey: string;
}

/** Links in e-mails, built from the configured public address. */
export interface Links {
  confirm: (token: string) => string;
  /** The private page of an e-mail applicant. */
  access: (token: string) => string;
  /** The page of an account's application. */
  application: (id: number) => string;
}

async function storeDocuments(tx: Transaction, applicationId: number, files: ApplicationInput['files'], now: Date) {
  for (const f of files) {
    const stored = await storeFile(tx, f.bytes, f.name, { maxBytes: MAX_APPLICATION_FILE_BYTES, allowed: APPLICATION_MEDIA_TYPES });
    await tx.insert(callApplicationFiles).values({ applicationId, fileSha256: stored.sha256, fileName: f.name, mediaType: stored.mediaType, size: stored.size, createdAt: now });
  }
}

/**
 * Files an application while the call is open. With an account it is received at once; with an
 * e-mail address it stays `unconfirmed` until the single-use, expiring link mailed to it is followed.
 * The call's row is share-locked, so a call closed at the same moment takes no application after.
 */
export async function submitApplication(db: Database, input: ApplicationInput, now: Date, links: Links): Promise<{ id: number; needsConfirmation: boolean }> {
  return db.transaction(async (tx) => {
    const [call] = await tx.select().from(openCalls).where(eq(openCalls.id, input.callId)).for('share');
    if (!call) throw new OpenCallError('not_found');
    if (callPhase(call, now) !== 'open') throw new OpenCallError('not_open');
    if (!call.kinds.includes(input.form.kind)) throw new OpenCallError('kind_not_allowed');
    const since = new Date(now.getTime() - 3600_000);
    const [bySource] = await tx.select({ n: count() }).from(callApplications).where(and(eq(callApplications.sourceKey, input.sourceKey), gte(callApplications.createdAt, since)));
    if ((bySource?.n ?? 0) >= APPLICATIONS_PER_HOUR) throw new OpenCallError('rate_limited');
    const email = input.applicant.kind === 'email' ? input.applicant.email.toLowerCase() : null;
    if (email) {
      const [byEmail] = await tx.select({ n: count() }).from(callApplications).where(and(eq(callApplications.applicantEmail, email), gte(callApplications.createdAt, since)));
      if ((byEmail?.n ?? 0) >= APPLICATIONS_PER_HOUR) throw new OpenCallError('rate_limited');
    }
    const token = email ? newToken() : null;
    const f = input.form;
    const [row] = await tx
      .insert(callApplications)
      .values({
        callId: call.id,
        applicantUserId: input.applicant.kind === 'account' ? input.applicant.userId : null,
        applicantEmail: email,
        confirmTokenHash: token?.id ?? null,
        confirmExpiresAt: token ? new Date(now.getTime() + CONFIRM_HOURS * 3600_000) : null,
        locale: input.locale,
        sourceKey: input.sourceKey,
        organisationName: f.organisationName,
        kind: f.kind,
        region: f.region,
        website: f.organisationWebsite,
        mission: f.mission,
        focusAreas: f.focusAreas,
        legalRepresentative: f.legalRepresentative,
        representativeName: f.representativeName,
        representativeEmail: f.representativeEmail,
        experience: f.experience,
        motivation: f.motivation,
        contribution: f.contribution,
        regionalPresence: f.regionalPresence,
        state: token ? 'unconfirmed' : 'submitted',
        submittedAt: token ? null : now,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: callApplications.id });
    await storeDocuments(tx, row!.id, input.files, now);
    const m = messages(input.locale).openCalls.mail;
    const title = textIn(call.title, input.locale);
    if (token && email) {
      await queueMail(tx, { to: email, subject: m.confirmSubject, text: m.confirmText(title, f.organisationName, links.confirm(token.token)), meta: { kind: 'application_confirm', applicationId: row!.id } }, now);
    } else if (input.applicant.kind === 'account') {
      const [u] = await tx.select({ email: users.email }).from(users).where(eq(users.id, input.applicant.userId));
      if (u) await queueMail(tx, { to: u.email, userId: input.applicant.userId, subject: m.receivedSubject, text: m.receivedText(title, f.organisationName, links.application(row!.id)), meta: { kind: 'application_received', applicationId: row!.id } }, now);
    }
    await recordAudit(tx, {
      actor: input.applicant.kind === 'account' ? `user:${input.applicant.userId}` : 'public',
      action: 'application.submit',
      entityType: 'call_application',
      entityId: row!.id,
      details: { callId: call.id, organisation: f.organisationName, kind: f.kind, byEmail: !!email, files: input.files.length },
    });
    return { id: row!.id, needsConfirmation: !!token };
  });
}

/** Follows a confirmation link (once, before it expires): the application is received, and its private link is mailed. */
export async function confirmApplication(db: Database, token: string, now: Date, links: Links): Promise<{ id: number; accessToken: string }> {
  return db.transaction(async (tx) => {
    const access = newToken();
    const [row] = await tx
      .update(callApplications)
      .set({ state: 'submitted', submittedAt: now, confirmTokenHash: null, confirmExpiresAt: null, accessTokenHash: access.id, updatedAt: now })
      .where(and(eq(callApplications.confirmTokenHash, tokenId(token)), eq(callApplications.state, 'unconfirmed'), gt(callApplications.confirmExpiresAt, now)))
      .returning();
    if (!row) throw new OpenCallError('not_found');
    const locale: Locale = row.locale === 'en' ? 'en' : 'es';
    const [call] = await tx.select({ title: openCalls.title }).from(openCalls).where(eq(openCalls.id, row.callId));
    const m = messages(locale).openCalls.mail;
    await queueMail(tx, { to: row.applicantEmail!, subject: m.receivedSubject, text: m.receivedText(textIn(call!.title, locale), row.organisationName, links.access(access.token)), meta: { kind: 'application_received', applicationId: row.id } }, now);
    await recordAudit(tx, { actor: 'public', action: 'application.confirm', entityType: 'call_application', entityId: row.id });
    return { id: row.id, accessToken: access.token };
  });
}

async function decidedBy(tx: Transaction, applicationId: number): Promise<OpenCallError> {
  const [r] = await tx
    .select({ state: callApplications.state, at: callApplications.decidedAt, by: users.name })
    .from(callApplications)
    .leftJoin(users, eq(users.id, callApplications.decidedBy))
    .where(eq(callApplications.id, applicationId));
  if (!r || r.state === 'unconfirmed') return new OpenCallError('not_found');
  return new OpenCallError('already_decided', { state: r.state, by: r.by ?? '—', at: r.at });
}

/** Tells the applicant about a new state, with the reason and a link to their application (for an e-mail applicant, a fresh private link). */
async function mailApplicant(tx: Transaction, app: typeof callApplications.$inferSelect, reason: string, now: Date, links: Links) {
  const locale: Locale = app.locale === 'en' ? 'en' : 'es';
  const t = messages(locale).openCalls;
  const state = t.application.states[app.state];
  if (app.applicantUserId) {
    const [u] = await tx.select({ email: users.email }).from(users).where(eq(users.id, app.applicantUserId));
    if (u) await queueMail(tx, { to: u.email, userId: app.applicantUserId, subject: t.mail.stateSubject(state), text: t.mail.stateText(app.organisationName, state, reason, links.application(app.id)), meta: { kind: 'application_state', applicationId: app.id, state: app.state } }, now);
    return;
  }
  if (!app.applicantEmail) return;
  const access = newToken();
  await tx.update(callApplications).set({ accessTokenHash: access.id }).where(eq(callApplications.id, app.id));
  await queueMail(
    tx,
    { to: app.applicantEmail, subject: t.mail.stateSubject(state), text: `${t.mail.stateText(app.organisationName, state, reason, links.access(access.token))}${t.mail.linkReplaces}\n`, meta: { kind: 'application_state', applicationId: app.id, state: app.state } },
    now,
  );
}

export type Decision = 'accept' | 'reject' | 'more_info';

/**
 * The secretariat decides an application under review: accept (it joins the network), reject, or
 * ask for more information. A conditional update on `state = 'submitted'`: of two secretaries
 * deciding at once exactly one wins; the other is told who decided and when.
 */
export async function decideApplication(db: Database, actor: Actor & { name: string }, input: { applicationId: number; decision: Decision; reason: string }, now: Date, links: Links): Promise<{ organisationId: number | null }> {
  return db.transaction(async (tx) => {
    const target = input.decision === 'accept' ? 'accepted' : input.decision === 'reject' ? 'rejected' : 'more_info_requested';
    const [app] = await tx
      .update(callApplications)
      .set({ state: target, reason: input.reason, decidedBy: actor.userId, decidedAt: now, updatedAt: now })
      .where(and(eq(callApplications.id, input.applicationId), eq(callApplications.state, 'submitted')))
      .returning();
    if (!app) throw await decidedBy(tx, input.applicationId);
    let organisationId: number | null = null;
    if (target === 'accepted') organisationId = await joinNetwork(tx, actorOf(actor), app, now);
    await tx.insert(callApplicationNotes).values({ applicationId: app.id, kind: target === 'more_info_requested' ? 'request' : 'decision', body: input.reason, authorName: actor.name, createdAt: now });
    await mailApplicant(tx, app, input.reason, now, links);
    await recordAudit(tx, { actor: actorOf(actor), action: `application.${input.decision}`, entityType: 'call_application', entityId: app.id, details: { callId: app.callId, reason: input.reason, organisationId } });
    return { organisationId };
  });
}

/** The accepted organisation joins the network: the registry's organisation of the same name (any case), or a new one. */
async function joinNetwork(tx: Transaction, actor: string, app: typeof callApplications.$inferSelect, now: Date): Promise<number> {
  const [f] = await tx.select({ memberId: forums.memberId }).from(openCalls).innerJoin(forums, eq(forums.id, openCalls.forumId)).where(eq(openCalls.id, app.callId));
  const memberId = f!.memberId;
  const [rep] = app.representativeEmail ? await tx.select({ id: users.id }).from(users).where(eq(users.email, app.representativeEmail.toLowerCase())) : [];
  const created = await tx
    .insert(organisations)
    .values({
      memberId,
      name: app.organisationName,
      kind: app.kind,
      region: app.region,
      mission: app.mission,
      focusAreas: app.focusAreas,
      website: app.website,
      representativeUserId: rep?.id ?? null,
      joinedNetworkAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: organisations.id });
  const [org] = await tx
    .select()
    .from(organisations)
    .where(and(eq(organisations.memberId, memberId), sql`lower(${organisations.name}) = lower(${app.organisationName})`))
    .for('update');
  // An organisation already registered (not yet in the network, or without a representative) is completed, never overwritten.
  await tx
    .update(organisations)
    .set({ joinedNetworkAt: org!.joinedNetworkAt ?? now, representativeUserId: org!.representativeUserId ?? rep?.id ?? null, updatedAt: now })
    .where(eq(organisations.id, org!.id));
  await tx.update(callApplications).set({ organisationId: org!.id }).where(eq(callApplications.id, app.id));
  await recordAudit(tx, { actor, action: 'organisation.join_network', entityType: 'organisation', entityId: org!.id, details: { applicationId: app.id, registered: created.length === 0 } });
  return org!.id;
}

/** The applicant answers a request for more information: the application is under review again. */
export async function answerRequest(db: Database, input: { applicationId: number; answer: string; files: ApplicationInput['files']; actor: string; authorName: string }, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const rows = await tx
      .update(callApplications)
      .set({ state: 'submitted', updatedAt: now })
      .where(and(eq(callApplications.id, input.applicationId), eq(callApplications.state, 'more_info_requested')))
      .returning({ id: callApplications.id });
    if (!rows[0]) throw new OpenCallError('wrong_state');
    await tx.insert(callApplicationNotes).values({ applicationId: input.applicationId, kind: 'answer', body: input.answer, authorName: input.authorName, createdAt: now });
    await storeDocuments(tx, input.applicationId, input.files, now);
    await recordAudit(tx, { actor: input.actor, action: 'application.answer', entityType: 'call_application', entityId: input.applicationId, details: { files: input.files.length } });
  });
}
