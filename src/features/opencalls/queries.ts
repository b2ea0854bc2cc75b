import { and, asc, count, desc, eq, ne, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { callApplicationFiles, callApplicationNotes, callApplications, forums, openCalls, organisations, users } from '../../db/schema/index.js';
import { tokenId } from '../accounts/tokens.js';
import { callPhase } from './commands.js';
import type { CallPhase } from './policy.js';

export type CallRow = typeof openCalls.$inferSelect & { memberId: number; forumName: Record<string, string | undefined>; phase: CallPhase };

export interface CallCounts {
  received: number;
  accepted: number;
  rejected: number;
  pending: number;
}

/** A call with its forum's member and its phase today; null when it does not exist. */
export async function getCall(db: Executor, id: number, now: Date): Promise<CallRow | null> {
  const [r] = await db.select({ call: openCalls, memberId: forums.memberId, forumName: forums.name }).from(openCalls).innerJoin(forums, eq(forums.id, openCalls.forumId)).where(eq(openCalls.id, id));
  return r ? { ...r.call, memberId: r.memberId, forumName: r.forumName, phase: callPhase(r.call, now) } : null;
}

/** A forum's calls, newest first; drafts only when asked (the secretariat). */
export async function callsOfForum(db: Executor, forumId: number, now: Date, withDrafts: boolean): Promise<CallRow[]> {
  const rows = await db
    .select({ call: openCalls, memberId: forums.memberId, forumName: forums.name })
    .from(openCalls)
    .innerJoin(forums, eq(forums.id, openCalls.forumId))
    .where(withDrafts ? eq(openCalls.forumId, forumId) : and(eq(openCalls.forumId, forumId), ne(openCalls.state, 'draft')))
    .orderBy(desc(openCalls.opensOn), desc(openCalls.id));
  return rows.map((r) => ({ ...r.call, memberId: r.memberId, forumName: r.forumName, phase: callPhase(r.call, now) }));
}

/** Every published call, newest first (the API). */
export async function publishedCalls(db: Executor, now: Date): Promise<CallRow[]> {
  const rows = await db
    .select({ call: openCalls, memberId: forums.memberId, forumName: forums.name })
    .from(openCalls)
    .innerJoin(forums, eq(forums.id, openCalls.forumId))
    .where(ne(openCalls.state, 'draft'))
    .orderBy(desc(openCalls.opensOn), desc(openCalls.id));
  return rows.map((r) => ({ ...r.call, memberId: r.memberId, forumName: r.forumName, phase: callPhase(r.call, now) }));
}

/** The public counts: received (confirmed), accepted, rejected, pending (under review or awaiting information). */
export async function callCounts(db: Executor, callId: number): Promise<CallCounts> {
  const rows = await db
    .select({ state: callApplications.state, n: count() })
    .from(callApplications)
    .where(and(eq(callApplications.callId, callId), ne(callApplications.state, 'unconfirmed')))
    .groupBy(callApplications.state)
    .orderBy(asc(callApplications.state));
  const by = (s: string) => rows.find((r) => r.state === s)?.n ?? 0;
  const accepted = by('accepted');
  const rejected = by('rejected');
  const pending = by('submitted') + by('more_info_requested');
  return { received: accepted + rejected + pending, accepted, rejected, pending };
}

/** The review queue: confirmed applications of a call, oldest first. */
export async function applicationsOfCall(db: Executor, callId: number) {
  return db
    .select({ id: callApplications.id, organisationName: callApplications.organisationName, kind: callApplications.kind, region: callApplications.region, state: callApplications.state, submittedAt: callApplications.submittedAt })
    .from(callApplications)
    .where(and(eq(callApplications.callId, callId), ne(callApplications.state, 'unconfirmed')))
    .orderBy(asc(callApplications.submittedAt), asc(callApplications.id));
}

/** A person's applications to a call. */
export async function applicationsOfUser(db: Executor, userId: number, callId: number) {
  return db
    .select({ id: callApplications.id, organisationName: callApplications.organisationName, state: callApplications.state })
    .from(callApplications)
    .where(and(eq(callApplications.applicantUserId, userId), eq(callApplications.callId, callId)))
    .orderBy(asc(callApplications.id));
}

export type ApplicationDetail = NonNullable<Awaited<ReturnType<typeof applicationDetail>>>;

/** One application with its call, exchange, documents, who decided and the organisation it joined as. */
export async function applicationDetail(db: Executor, id: number, now: Date) {
  const [app] = await db.select().from(callApplications).where(eq(callApplications.id, id));
  if (!app) return null;
  const call = (await getCall(db, app.callId, now))!;
  const notes = await db.select().from(callApplicationNotes).where(eq(callApplicationNotes.applicationId, id)).orderBy(asc(callApplicationNotes.createdAt), asc(callApplicationNotes.id));
  const files = await db
    .select({ id: callApplicationFiles.id, fileName: callApplicationFiles.fileName, size: callApplicationFiles.size, mediaType: callApplicationFiles.mediaType, fileSha256: callApplicationFiles.fileSha256 })
    .from(callApplicationFiles)
    .where(eq(callApplicationFiles.applicationId, id))
    .orderBy(asc(callApplicationFiles.id));
  const [decider] = app.decidedBy ? await db.select({ name: users.name }).from(users).where(eq(users.id, app.decidedBy)) : [];
  const [org] = app.organisationId ? await db.select({ id: organisations.id, joinedNetworkAt: organisations.joinedNetworkAt }).from(organisations).where(eq(organisations.id, app.organisationId)) : [];
  const [account] = app.applicantUserId ? await db.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, app.applicantUserId)) : [];
  return { app, call, notes, files, decidedByName: decider?.name ?? null, organisation: org ?? null, account: account ?? null };
}

/** The application a private link opens (a confirmed one), or null. */
export async function applicationIdByAccessToken(db: Executor, token: string): Promise<number | null> {
  const [r] = await db
    .select({ id: callApplications.id })
    .from(callApplications)
    .where(and(eq(callApplications.accessTokenHash, tokenId(token)), ne(callApplications.state, 'unconfirmed')));
  return r?.id ?? null;
}

/** The application a confirmation link is for, while it still works (to show the confirm page), or null. */
export async function pendingConfirmation(db: Executor, token: string, now: Date) {
  const [r] = await db
    .select({ id: callApplications.id, organisationName: callApplications.organisationName, callId: callApplications.callId })
    .from(callApplications)
    .where(and(eq(callApplications.confirmTokenHash, tokenId(token)), eq(callApplications.state, 'unconfirmed'), sql`${callApplications.confirmExpiresAt} > ${now.toISOString()}`));
  return r ?? null;
}
