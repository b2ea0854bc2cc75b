import { and, asc, eq, inArray, isNotNull, isNull, lte } from 'drizzle-orm';
import { actionPlans, documents, forums, forumSectors, meetingAttendance, meetings } from '../../db/schema/index.js';
import type { Evaluator } from '../cocreation/checklist.js';

/**
 * The co-creation checklist's meeting requirements (decision 084), answered from the forum's own
 * records: its held meetings (not cancelled, started by `now`), their attendance, its rules of
 * participation. Registered in `cocreation/checklist.ts` under the names requirements.json uses.
 */

const day = (d: Date) => d.toISOString().slice(0, 10);
const addMonths = (d: Date, n: number) => {
  const x = new Date(d);
  x.setUTCMonth(x.getUTCMonth() + n);
  return x;
};
const num = (t: Record<string, number | string>, key: string, fallback: number) => (typeof t[key] === 'number' ? (t[key] as number) : fallback);

async function forumIdsOfMember(db: Parameters<Evaluator>[0]['db'], memberId: number): Promise<number[]> {
  const rows = await db.select({ id: forums.id }).from(forums).where(eq(forums.memberId, memberId)).orderBy(asc(forums.id));
  return rows.map((r) => r.id);
}

/** The forum met at least every N months: gaps between consecutive held meetings, and from the last one to today. */
export const forumMeetingsInterval: Evaluator = async (ctx, t) => {
  const maxMonths = num(t, 'maxMonthsBetweenMeetings', 6);
  const windowMonths = num(t, 'windowMonths', 24);
  const forumIds = await forumIdsOfMember(ctx.db, ctx.process.memberId);
  if (forumIds.length === 0) return { outcome: 'not_met', explanation: { es: 'El miembro no tiene foro registrado en la plataforma.', en: 'The member has no forum recorded on the platform.' }, evidence: [] };
  const held = await ctx.db
    .select({ id: meetings.id, startsAt: meetings.startsAt })
    .from(meetings)
    .where(and(inArray(meetings.forumId, forumIds), eq(meetings.kind, 'forum'), isNull(meetings.cancelledAt), lte(meetings.startsAt, ctx.now)))
    .orderBy(asc(meetings.startsAt), asc(meetings.id));
  if (held.length === 0) return { outcome: 'not_met', explanation: { es: 'El foro no ha celebrado reuniones.', en: 'The forum has held no meetings.' }, evidence: [] };
  // The window: meetings of the last `windowMonths`, anchored on the last meeting before it (if any).
  const from = addMonths(ctx.now, -windowMonths);
  const firstIn = held.findIndex((m) => m.startsAt >= from);
  const considered = firstIn === -1 ? held.slice(-1) : held.slice(Math.max(0, firstIn - 1));
  const points = [...considered.map((m) => ({ at: m.startsAt, id: m.id as number | null })), { at: ctx.now, id: null }];
  const gaps: { from: Date; to: Date; ok: boolean }[] = [];
  for (let i = 1; i < points.length; i += 1) gaps.push({ from: points[i - 1]!.at, to: points[i]!.at, ok: points[i]!.at <= addMonths(points[i - 1]!.at, maxMonths) });
  const late = gaps.filter((g) => !g.ok);
  const lateEs = late.map((g) => `${day(g.from)} → ${day(g.to)}`).join(', ');
  return {
    outcome: late.length === 0 ? 'met' : 'not_met',
    explanation: late.length
      ? { es: `Más de ${maxMonths} meses sin reunión: ${lateEs} (hoy ${day(ctx.now)}).`, en: `More than ${maxMonths} months without a meeting: ${lateEs} (today ${day(ctx.now)}).` }
      : { es: `${considered.length} reunión(es) celebrada(s); ningún intervalo supera ${maxMonths} meses hasta ${day(ctx.now)}.`, en: `${considered.length} meeting(s) held; no interval exceeds ${maxMonths} months up to ${day(ctx.now)}.` },
    evidence: considered.map((m) => ({ label: day(m.startsAt), href: `/meetings/${m.id}` })),
  };
};

const CIVIL_KINDS = ['civil_society', 'academia'] as const;

/** Meetings held during the plan's implementation period with at least one civil-society or academia attendee. */
export const implementationMeetings: Evaluator = async (ctx, t) => {
  const min = num(t, 'minMeetings', 1);
  if (!ctx.process.planId) return { outcome: 'not_applicable', explanation: { es: 'El plan aún no está aprobado: no hay período de implementación.', en: 'The plan is not approved yet: there is no implementation period.' }, evidence: [] };
  const [plan] = await ctx.db.select({ startMonth: actionPlans.startMonth, endMonth: actionPlans.endMonth }).from(actionPlans).where(eq(actionPlans.id, ctx.process.planId));
  if (!plan) return { outcome: 'not_applicable', explanation: { es: 'Plan no encontrado.', en: 'Plan not found.' }, evidence: [] };
  const start = new Date(`${plan.startMonth}-01T00:00:00Z`);
  const end = addMonths(new Date(`${plan.endMonth}-01T00:00:00Z`), 1);
  const until = end < ctx.now ? end : ctx.now;
  const period = { es: `${plan.startMonth} – ${plan.endMonth}`, en: `${plan.startMonth} – ${plan.endMonth}` };
  if (ctx.now < start) return { outcome: 'not_applicable', explanation: { es: `La implementación (${period.es}) no ha comenzado.`, en: `Implementation (${period.en}) has not started.` }, evidence: [] };
  const forumIds = await forumIdsOfMember(ctx.db, ctx.process.memberId);
  if (forumIds.length === 0) return { outcome: 'not_met', explanation: { es: 'El miembro no tiene foro registrado en la plataforma.', en: 'The member has no forum recorded on the platform.' }, evidence: [] };
  // Civil-society sectors: those elected by civil society or academia, or coded so.
  const sectors = await ctx.db.select({ forumId: forumSectors.forumId, code: forumSectors.code, electedBy: forumSectors.electedBy }).from(forumSectors).where(inArray(forumSectors.forumId, forumIds)).orderBy(asc(forumSectors.id));
  const civil = new Set(sectors.filter((s) => (s.electedBy && (CIVIL_KINDS as readonly string[]).includes(s.electedBy)) || (CIVIL_KINDS as readonly string[]).includes(s.code)).map((s) => s.code));
  const held = await ctx.db
    .select({ id: meetings.id, startsAt: meetings.startsAt, sectorCode: meetingAttendance.sectorCode })
    .from(meetings)
    .innerJoin(meetingAttendance, eq(meetingAttendance.meetingId, meetings.id))
    .where(and(inArray(meetings.forumId, forumIds), isNull(meetings.cancelledAt), isNotNull(meetingAttendance.sectorCode)))
    .orderBy(asc(meetings.startsAt), asc(meetings.id), asc(meetingAttendance.id));
  const qualifying = new Map<number, Date>();
  for (const r of held) if (r.startsAt >= start && r.startsAt < until && civil.has(r.sectorCode!)) qualifying.set(r.id, r.startsAt);
  const list = [...qualifying.entries()];
  return {
    outcome: list.length >= min ? 'met' : 'not_met',
    explanation: {
      es: `${list.length} reunión(es) con asistentes de sociedad civil o academia durante la implementación (${period.es}) hasta ${day(until)}; se requiere(n) ${min}.`,
      en: `${list.length} meeting(s) with civil-society or academia attendees during implementation (${period.en}) up to ${day(until)}; ${min} required.`,
    },
    evidence: list.map(([id, at]) => ({ label: day(at), href: `/meetings/${id}` })),
  };
};

/** The forum's rules of participation (`forums.rules_document_id`) are a published document of the repository. */
export const forumRulesPublic: Evaluator = async (ctx) => {
  const rows = await ctx.db
    .select({ forumId: forums.id, documentId: documents.id })
    .from(forums)
    .innerJoin(documents, eq(documents.id, forums.rulesDocumentId))
    .where(and(eq(forums.memberId, ctx.process.memberId), isNotNull(documents.publishedAt), lte(documents.publishedAt, ctx.now)))
    .orderBy(asc(forums.id));
  return rows.length
    ? { outcome: 'met', explanation: { es: 'Las reglas de participación del foro están publicadas en el repositorio.', en: "The forum's rules of participation are published in the repository." }, evidence: rows.map((r) => ({ label: `#${r.documentId}`, href: `/repository/${r.documentId}` })) }
    : { outcome: 'not_met', explanation: { es: 'El foro no tiene reglas de participación publicadas en el repositorio.', en: 'The forum has no published rules of participation in the repository.' }, evidence: [] };
};
