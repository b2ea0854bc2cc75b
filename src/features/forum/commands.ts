import { and, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { forumMemberships, forums, forumSeats, forumSectors, organisations, type ORGANISATION_KINDS } from '../../db/schema/index.js';
import { recordAudit } from '../../lib/audit.js';
import type { LocalizedText } from '../../lib/localized.js';

export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export class ForumError extends Error {
  constructor(readonly code: 'not_found' | 'wrong_state' | 'duplicate' | 'invalid') {
    super(`forum error: ${code}`);
    this.name = 'ForumError';
  }
}

export interface SectorInput {
  code: string;
  name: LocalizedText;
  /** Seats of the sector (posts), created empty. */
  seats: number;
  electedBy: OrganisationKind | null;
}

/** Creates a forum with its sectors and their (empty) seats, in one transaction. */
export async function createForum(
  db: Executor,
  actor: string,
  input: { memberId: number; name: LocalizedText; functions: LocalizedText; quorumPercent?: number; rulesDocumentId?: number | null; sectors: SectorInput[] },
): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const [forum] = await tx
      .insert(forums)
      .values({ memberId: input.memberId, name: input.name, functions: input.functions, quorumPercent: input.quorumPercent ?? 50, rulesDocumentId: input.rulesDocumentId ?? null })
      .returning({ id: forums.id });
    let position = 0;
    for (const s of input.sectors) {
      position += 1;
      const [sector] = await tx.insert(forumSectors).values({ forumId: forum!.id, code: s.code, name: s.name, position, electedBy: s.electedBy }).returning({ id: forumSectors.id });
      for (let i = 1; i <= s.seats; i += 1) {
        await tx.insert(forumSeats).values({ sectorId: sector!.id, position: i, label: { es: `${s.name.es ?? s.code} ${i}`, en: `${s.name.en ?? s.code} ${i}` } });
      }
    }
    await recordAudit(tx, { actor, action: 'forum.create', entityType: 'forum', entityId: forum!.id, details: { sectors: input.sectors.map((s) => s.code) } });
    return forum!;
  });
}

/** Registers an organisation; `joinNetwork` puts it in the network at once (else it joins through an accepted application). */
export async function registerOrganisation(
  db: Executor,
  actor: string,
  input: { memberId: number; name: string; kind: OrganisationKind; region?: string; mission?: string; focusAreas?: string[]; website?: string | null; representativeUserId?: number | null; joinNetwork: boolean; now: Date },
): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .insert(organisations)
      .values({
        memberId: input.memberId,
        name: input.name.trim(),
        kind: input.kind,
        region: input.region ?? '',
        mission: input.mission ?? '',
        focusAreas: input.focusAreas ?? [],
        website: input.website ?? null,
        representativeUserId: input.representativeUserId ?? null,
        joinedNetworkAt: input.joinNetwork ? input.now : null,
        createdAt: input.now,
        updatedAt: input.now,
      })
      .onConflictDoNothing()
      .returning({ id: organisations.id });
    if (!rows[0]) throw new ForumError('duplicate');
    await recordAudit(tx, { actor, action: 'organisation.register', entityType: 'organisation', entityId: rows[0].id, details: { name: input.name, joinNetwork: input.joinNetwork } });
    return rows[0];
  });
}

/** Seats a person (a membership from `startDate`), on behalf of an organisation or an institution. */
export async function addMembership(
  db: Executor,
  actor: string,
  input: { seatId: number; personName: string; userId?: number | null; organisationId?: number | null; institutionId?: number | null; role: 'titular' | 'alternate'; startDate: string; endDate?: string | null; electionId?: number | null },
): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const [seat] = await tx.select({ id: forumSeats.id }).from(forumSeats).where(eq(forumSeats.id, input.seatId)).for('update');
    if (!seat) throw new ForumError('not_found');
    const [m] = await tx
      .insert(forumMemberships)
      .values({
        seatId: input.seatId,
        personName: input.personName,
        userId: input.userId ?? null,
        organisationId: input.organisationId ?? null,
        institutionId: input.institutionId ?? null,
        role: input.role,
        startDate: input.startDate,
        endDate: input.endDate ?? null,
        electionId: input.electionId ?? null,
      })
      .returning({ id: forumMemberships.id });
    await recordAudit(tx, { actor, action: 'membership.add', entityType: 'forum_membership', entityId: m!.id, details: { seatId: input.seatId, personName: input.personName, role: input.role, startDate: input.startDate } });
    return m!;
  });
}

/** Ends an open membership on `endDate` (a conditional update: ending twice is refused). */
export async function endMembership(db: Executor, actor: string, input: { membershipId: number; endDate: string }): Promise<void> {
  await db.transaction(async (tx) => {
    const rows = await tx
      .update(forumMemberships)
      .set({ endDate: input.endDate })
      .where(and(eq(forumMemberships.id, input.membershipId), isNull(forumMemberships.endDate)))
      .returning({ id: forumMemberships.id });
    if (!rows[0]) throw new ForumError('wrong_state');
    await recordAudit(tx, { actor, action: 'membership.end', entityType: 'forum_membership', entityId: input.membershipId, details: { endDate: input.endDate } });
  });
}
