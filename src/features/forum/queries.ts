import { and, asc, count, desc, eq, isNotNull } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { documents, forumMemberships, forums, forumSeats, forumSectors, institutions, members, organisations } from '../../db/schema/index.js';
import type { LocalizedText } from '../../lib/localized.js';

export interface MembershipRow {
  id: number;
  seatId: number;
  personName: string;
  userId: number | null;
  onBehalfOf: string | null;
  role: 'titular' | 'alternate';
  startDate: string;
  endDate: string | null;
  /** Why it ended before its term (decision 079), public. */
  endReason?: string | null;
  electionId: number | null;
}

export interface ForumDetail {
  id: number;
  memberId: number;
  memberName: LocalizedText;
  name: LocalizedText;
  functions: LocalizedText;
  quorumPercent: number;
  rules: { id: number; title: LocalizedText } | null;
  sectors: {
    id: number;
    code: string;
    name: LocalizedText;
    electedBy: string | null;
    seats: { id: number; label: LocalizedText; current: MembershipRow[] }[];
  }[];
  /** Memberships that ended before `today`, newest first. */
  past: (MembershipRow & { sectorName: LocalizedText; seatLabel: LocalizedText })[];
  networkCount: number;
}

export async function forumList(db: Executor) {
  return db.select({ id: forums.id, name: forums.name, memberId: forums.memberId }).from(forums).orderBy(asc(forums.id));
}

/** A forum with its sectors and seats, who holds each seat on `today`, and its past memberships. */
export async function forumDetail(db: Executor, id: number, today: string): Promise<ForumDetail | null> {
  const [f] = await db
    .select({ forum: forums, memberName: members.name, rulesTitle: documents.title, rulesPublished: documents.publishedAt })
    .from(forums)
    .innerJoin(members, eq(members.id, forums.memberId))
    .leftJoin(documents, eq(documents.id, forums.rulesDocumentId))
    .where(eq(forums.id, id));
  if (!f) return null;
  const sectors = await db.select().from(forumSectors).where(eq(forumSectors.forumId, id)).orderBy(asc(forumSectors.position), asc(forumSectors.id));
  const seats = await db
    .select({ id: forumSeats.id, sectorId: forumSeats.sectorId, label: forumSeats.label })
    .from(forumSeats)
    .innerJoin(forumSectors, eq(forumSectors.id, forumSeats.sectorId))
    .where(eq(forumSectors.forumId, id))
    .orderBy(asc(forumSeats.position), asc(forumSeats.id));
  const memberships = await db
    .select({
      id: forumMemberships.id,
      seatId: forumMemberships.seatId,
      personName: forumMemberships.personName,
      userId: forumMemberships.userId,
      organisationName: organisations.name,
      institutionName: institutions.name,
      role: forumMemberships.role,
      startDate: forumMemberships.startDate,
      endDate: forumMemberships.endDate,
      endReason: forumMemberships.endReason,
      electionId: forumMemberships.electionId,
      sectorName: forumSectors.name,
      seatLabel: forumSeats.label,
    })
    .from(forumMemberships)
    .innerJoin(forumSeats, eq(forumSeats.id, forumMemberships.seatId))
    .innerJoin(forumSectors, eq(forumSectors.id, forumSeats.sectorId))
    .leftJoin(organisations, eq(organisations.id, forumMemberships.organisationId))
    .leftJoin(institutions, eq(institutions.id, forumMemberships.institutionId))
    .where(eq(forumSectors.forumId, id))
    .orderBy(desc(forumMemberships.startDate), asc(forumMemberships.id));
  const rows = memberships.map((m) => ({
    id: m.id,
    seatId: m.seatId,
    personName: m.personName,
    userId: m.userId,
    onBehalfOf: m.organisationName ?? (m.institutionName ? (m.institutionName.es ?? m.institutionName.en ?? null) : null),
    role: m.role,
    startDate: m.startDate,
    endDate: m.endDate,
    endReason: m.endReason,
    electionId: m.electionId,
    sectorName: m.sectorName,
    seatLabel: m.seatLabel,
  }));
  // Current and upcoming (an elected term that has not started yet shows with its start date).
  const isCurrent = (m: MembershipRow) => m.endDate === null || m.endDate >= today;
  const [network] = await db
    .select({ n: count() })
    .from(organisations)
    .where(and(eq(organisations.memberId, f.forum.memberId), isNotNull(organisations.joinedNetworkAt)));
  return {
    id: f.forum.id,
    memberId: f.forum.memberId,
    memberName: f.memberName,
    name: f.forum.name,
    functions: f.forum.functions,
    quorumPercent: f.forum.quorumPercent,
    rules: f.forum.rulesDocumentId && f.rulesTitle && f.rulesPublished ? { id: f.forum.rulesDocumentId, title: f.rulesTitle } : null,
    sectors: sectors.map((s) => ({
      id: s.id,
      code: s.code,
      name: s.name,
      electedBy: s.electedBy,
      seats: seats.filter((x) => x.sectorId === s.id).map((x) => ({ id: x.id, label: x.label, current: rows.filter((m) => m.seatId === x.id && isCurrent(m)) })),
    })),
    past: rows.filter((m) => m.endDate !== null && m.endDate < today),
    networkCount: network?.n ?? 0,
  };
}

/** The forum's scope for the permission checks: its member. */
export async function forumScope(db: Executor, forumId: number): Promise<{ memberId: number } | null> {
  const [f] = await db.select({ memberId: forums.memberId }).from(forums).where(eq(forums.id, forumId));
  return f ?? null;
}

/** The network: accepted organisations of a member, by name. */
export async function networkOf(db: Executor, memberId: number) {
  return db
    .select({ id: organisations.id, name: organisations.name, kind: organisations.kind, region: organisations.region, mission: organisations.mission, website: organisations.website, joinedNetworkAt: organisations.joinedNetworkAt })
    .from(organisations)
    .where(and(eq(organisations.memberId, memberId), isNotNull(organisations.joinedNetworkAt)))
    .orderBy(asc(organisations.name), asc(organisations.id));
}

