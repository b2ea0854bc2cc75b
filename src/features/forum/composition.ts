import { and, eq, gte, isNull, lte, max, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { forumMemberships, forumSeats, forumSectors, forums, institutions, organisations } from '../../db/schema/index.js';
import { recordAudit } from '../../lib/audit.js';
import type { LocalizedText } from '../../lib/localized.js';
import type { OrganisationKind } from './commands.js';

/**
 * The secretariat's composition of a forum (decision 079): sectors and seats added and renamed,
 * and people appointed to the seats of appointed sectors (government, observers) by hand. A seat
 * has at most one titular and one alternate at any date: checked under the seat's row lock, so two
 * appointments at once cannot both pass (READ COMMITTED). Every change writes an audit record.
 */
export type CompositionErrorCode = 'not_found' | 'duplicate' | 'overlap' | 'elected' | 'wrong_state' | 'endBeforeStart';

export class CompositionError extends Error {
  constructor(readonly code: CompositionErrorCode) {
    super(`composition error: ${code}`);
    this.name = 'CompositionError';
  }
}

export async function addSector(db: Database, actor: string, input: { forumId: number; code: string; name: LocalizedText; electedBy: OrganisationKind | null }): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const [f] = await tx.select({ id: forums.id }).from(forums).where(eq(forums.id, input.forumId)).for('update');
    if (!f) throw new CompositionError('not_found');
    const [last] = await tx.select({ p: max(forumSectors.position) }).from(forumSectors).where(eq(forumSectors.forumId, f.id));
    const rows = await tx
      .insert(forumSectors)
      .values({ forumId: f.id, code: input.code, name: input.name, electedBy: input.electedBy, position: (last?.p ?? 0) + 1 })
      .onConflictDoNothing()
      .returning({ id: forumSectors.id });
    if (!rows[0]) throw new CompositionError('duplicate');
    await recordAudit(tx, { actor, action: 'forum.sector_add', entityType: 'forum_sector', entityId: rows[0].id, details: { forumId: f.id, code: input.code, electedBy: input.electedBy } });
    return rows[0];
  });
}

export async function renameSector(db: Database, actor: string, input: { sectorId: number; name: LocalizedText }): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(forumSectors).where(eq(forumSectors.id, input.sectorId)).for('update');
    if (!before) throw new CompositionError('not_found');
    await tx.update(forumSectors).set({ name: input.name }).where(eq(forumSectors.id, before.id));
    await recordAudit(tx, { actor, action: 'forum.sector_rename', entityType: 'forum_sector', entityId: before.id, details: { before: before.name, after: input.name } });
  });
}

export async function addSeat(db: Database, actor: string, input: { sectorId: number; label: LocalizedText }): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const [s] = await tx.select({ id: forumSectors.id }).from(forumSectors).where(eq(forumSectors.id, input.sectorId)).for('update');
    if (!s) throw new CompositionError('not_found');
    const [last] = await tx.select({ p: max(forumSeats.position) }).from(forumSeats).where(eq(forumSeats.sectorId, s.id));
    const [seat] = await tx.insert(forumSeats).values({ sectorId: s.id, label: input.label, position: (last?.p ?? 0) + 1 }).returning({ id: forumSeats.id });
    await recordAudit(tx, { actor, action: 'forum.seat_add', entityType: 'forum_seat', entityId: seat!.id, details: { sectorId: s.id, label: input.label } });
    return seat!;
  });
}

export async function renameSeat(db: Database, actor: string, input: { seatId: number; label: LocalizedText }): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(forumSeats).where(eq(forumSeats.id, input.seatId)).for('update');
    if (!before) throw new CompositionError('not_found');
    await tx.update(forumSeats).set({ label: input.label }).where(eq(forumSeats.id, before.id));
    await recordAudit(tx, { actor, action: 'forum.seat_rename', entityType: 'forum_seat', entityId: before.id, details: { before: before.label, after: input.label } });
  });
}

export interface AppointInput {
  seatId: number;
  personName: string;
  organisationId: number | null;
  institutionId: number | null;
  role: 'titular' | 'alternate';
  startDate: string;
  endDate: string | null;
}

/**
 * Appoints a person to a seat of an appointed sector. Under the seat's row lock: refused when
 * another membership of the same seat and role overlaps the dates (a seat has one titular and one
 * alternate at a time), and for a seat of an elected sector (its election fills it).
 */
export async function appointMember(db: Database, actor: string, input: AppointInput & { memberId: number }): Promise<{ id: number }> {
  if (input.endDate !== null && input.endDate < input.startDate) throw new CompositionError('endBeforeStart');
  return db.transaction(async (tx) => {
    const [seat] = await tx
      .select({ id: forumSeats.id, electedBy: forumSectors.electedBy, memberId: forums.memberId })
      .from(forumSeats)
      .innerJoin(forumSectors, eq(forumSectors.id, forumSeats.sectorId))
      .innerJoin(forums, eq(forums.id, forumSectors.forumId))
      .where(eq(forumSeats.id, input.seatId))
      .for('update', { of: forumSeats });
    if (!seat || seat.memberId !== input.memberId) throw new CompositionError('not_found');
    if (seat.electedBy !== null) throw new CompositionError('elected');
    if (input.organisationId !== null) {
      const [o] = await tx.select({ id: organisations.id }).from(organisations).where(and(eq(organisations.id, input.organisationId), eq(organisations.memberId, input.memberId)));
      if (!o) throw new CompositionError('not_found');
    }
    if (input.institutionId !== null) {
      const [i] = await tx.select({ id: institutions.id }).from(institutions).where(and(eq(institutions.id, input.institutionId), eq(institutions.memberId, input.memberId)));
      if (!i) throw new CompositionError('not_found');
    }
    // Overlap: [start, end] meets [other.start, other.end] (an open end runs for ever).
    const overlapping = await tx
      .select({ id: forumMemberships.id })
      .from(forumMemberships)
      .where(
        and(
          eq(forumMemberships.seatId, seat.id),
          eq(forumMemberships.role, input.role),
          or(isNull(forumMemberships.endDate), gte(forumMemberships.endDate, input.startDate)),
          input.endDate === null ? sql`true` : lte(forumMemberships.startDate, input.endDate),
        ),
      )
      .limit(1);
    if (overlapping.length > 0) throw new CompositionError('overlap');
    const [m] = await tx
      .insert(forumMemberships)
      .values({ seatId: seat.id, personName: input.personName, organisationId: input.organisationId, institutionId: input.institutionId, role: input.role, startDate: input.startDate, endDate: input.endDate })
      .returning({ id: forumMemberships.id });
    await recordAudit(tx, { actor, action: 'membership.appoint', entityType: 'forum_membership', entityId: m!.id, details: { seatId: seat.id, personName: input.personName, role: input.role, startDate: input.startDate, endDate: input.endDate } });
    return m!;
  });
}

/** Ends a membership before its term, with a public reason (under its row lock; an ended one is refused). */
export async function endMembershipEarly(db: Database, actor: string, input: { membershipId: number; memberId: number; endDate: string; reason: string }): Promise<void> {
  await db.transaction(async (tx) => {
    const [m] = await tx
      .select({ id: forumMemberships.id, startDate: forumMemberships.startDate, endDate: forumMemberships.endDate, memberId: forums.memberId })
      .from(forumMemberships)
      .innerJoin(forumSeats, eq(forumSeats.id, forumMemberships.seatId))
      .innerJoin(forumSectors, eq(forumSectors.id, forumSeats.sectorId))
      .innerJoin(forums, eq(forums.id, forumSectors.forumId))
      .where(eq(forumMemberships.id, input.membershipId))
      .for('update', { of: forumMemberships });
    if (!m || m.memberId !== input.memberId) throw new CompositionError('not_found');
    if (m.endDate !== null && m.endDate <= input.endDate) throw new CompositionError('wrong_state');
    if (input.endDate < m.startDate) throw new CompositionError('endBeforeStart');
    await tx.update(forumMemberships).set({ endDate: input.endDate, endReason: input.reason }).where(eq(forumMemberships.id, m.id));
    await recordAudit(tx, { actor, action: 'membership.end_early', entityType: 'forum_membership', entityId: m.id, details: { before: m.endDate, endDate: input.endDate, reason: input.reason } });
  });
}
