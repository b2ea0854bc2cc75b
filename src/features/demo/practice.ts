import { readFile } from 'node:fs/promises';
import { and, asc, eq, inArray, isNotNull, ne, or, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client.js';
import {
  accountTokens,
  actionPlans,
  commitments,
  contacts,
  documents,
  files,
  followUpReports,
  imports,
  institutions,
  loginAttempts,
  members,
  milestones,
  outbox,
  reportingPeriods,
  roleGrants,
  selfAssessmentSections,
  users,
} from '../../db/schema/index.js';
import { recordAudit } from '../../lib/audit.js';
import type { Locale } from '../../lib/levels.js';
import { monthOf, type Month } from '../../lib/month.js';
import { inviteUser } from '../accounts/commands.js';
import { importParsedCommitments } from '../ingest/commands.js';
import { parseTemplate } from '../ingest/template-parser.js';
import { DEMO_DOCUMENT } from './demo.js';

/**
 * The practice plan (issue 9, scope 3; decision 055): a plan for trying every role of the monitoring
 * loop, under a member of its own so that its accounts can touch nothing real. It is the seed's
 * commitment 19 with its months moved so that the commitment started a year ago (some milestones are
 * overdue, one is due now, some are ahead), an open reporting period, and one account per role.
 */
export const PRACTICE_MEMBER_CODE = 'PRACTICA';
export const PRACTICE_ACTOR = 'system:demo-practice';
/** The seed commitment starts in 2016-09; the practice copy starts this many months before today. */
const STARTED_MONTHS_AGO = 12;
const PERIOD_DAYS = 30;

export const PRACTICE_ACCOUNTS = [
  { key: 'secretariat', email: 'practica-secretaria@example.org', name: { es: 'Secretaría (práctica)', en: 'Secretariat (practice)' } },
  { key: 'institution_contact', email: 'practica-institucion@example.org', name: { es: 'Contacto institucional (práctica)', en: 'Institution contact (practice)' } },
  { key: 'civil_society', email: 'practica-sociedad-civil@example.org', name: { es: 'Sociedad civil (práctica)', en: 'Civil society (practice)' } },
] as const;
export type PracticeRole = (typeof PRACTICE_ACCOUNTS)[number]['key'];

export type PracticeOutcome =
  | { created: false; planId: number }
  | { created: true; planId: number; deadline: string; accounts: { role: PracticeRole; email: string; link: string | null }[] };

function monthIndex(m: string): number {
  const [y, mo] = m.split('-').map(Number);
  return y! * 12 + (mo! - 1);
}
function shiftMonth(m: string | null, delta: number): Month | null {
  if (!m) return null;
  const i = monthIndex(m) + delta;
  return `${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}` as Month;
}

export async function findPracticePlan(db: Executor): Promise<{ memberId: number; planId: number | null } | null> {
  const rows = await db
    .select({ memberId: members.id, planId: actionPlans.id })
    .from(members)
    .leftJoin(actionPlans, and(eq(actionPlans.memberId, members.id), eq(actionPlans.practice, true)))
    .where(eq(members.code, PRACTICE_MEMBER_CODE))
    .orderBy(asc(actionPlans.id))
    .limit(1);
  return rows[0] ?? null;
}

/** Adds the practice plan; when it exists already, changes nothing and says which it is. */
export async function createPracticePlan(db: Database, input: { now: Date; baseUrl: string; locale: Locale }): Promise<PracticeOutcome> {
  const existing = await findPracticePlan(db);
  if (existing) return { created: false, planId: existing.planId ?? 0 };
  const text = await readFile(DEMO_DOCUMENT, 'utf8');
  const parsed = parseTemplate(text);
  const seedStart = parsed.commitments[0]?.start ?? '2016-09';
  const delta = monthIndex(monthOf(input.now)) - STARTED_MONTHS_AGO - monthIndex(seedStart);
  const seedEnd = parsed.commitments[0]?.end ?? '2018-06';

  const plan = await db.transaction(async (tx) => {
    // The member's unique code makes a second run at the same moment fail here instead of duplicating.
    const [member] = await tx
      .insert(members)
      .values({ code: PRACTICE_MEMBER_CODE, name: { es: 'País de práctica', en: 'Practice country' }, kind: 'national', createdAt: input.now, updatedAt: input.now })
      .returning();
    await recordAudit(tx, { actor: PRACTICE_ACTOR, action: 'member.create', entityType: 'member', entityId: member!.id, details: { after: member } });
    const [created] = await tx
      .insert(actionPlans)
      .values({
        memberId: member!.id,
        number: 1,
        title: { es: 'Plan de práctica (no es un plan real)', en: 'Practice plan (not a real plan)' },
        startMonth: shiftMonth(seedStart, delta)!,
        endMonth: shiftMonth(seedEnd, delta)!,
        phase: 'implementation',
        practice: true,
        description: {
          es: 'Plan para probar Abierto con todas sus funciones: copia el compromiso 19 del Tercer Plan de Acción de Chile, con sus fechas movidas al presente. Nada de lo que se haga aquí es real.',
          en: "A plan for trying Abierto in every role: it copies commitment 19 of Chile's Third Action Plan, with its dates moved to the present. Nothing done here is real.",
        },
        createdAt: input.now,
        updatedAt: input.now,
      })
      .returning();
    await recordAudit(tx, { actor: PRACTICE_ACTOR, action: 'plan.create', entityType: 'action_plan', entityId: created!.id, details: { after: created, practice: true } });
    return created!;
  });

  await importParsedCommitments(db, {
    planId: plan.id,
    parsed,
    source: { name: '000_3f13f33dc8e8d7d3.txt', format: 'text', content: text },
    actor: PRACTICE_ACTOR,
    dryRun: false,
    now: input.now,
  });

  // Months moved to the present; nothing reported yet (the statuses of the real report are not the practice's).
  const leadInstitutionId = await db.transaction(async (tx) => {
    const cs = await tx.select().from(commitments).where(eq(commitments.planId, plan.id)).orderBy(asc(commitments.id));
    for (const c of cs) {
      await tx
        .update(commitments)
        .set({ startMonth: shiftMonth(c.startMonth, delta), endMonth: shiftMonth(c.endMonth, delta), completion: null, resultsDescription: {}, updatedAt: input.now })
        .where(eq(commitments.id, c.id));
      const ms = await tx.select().from(milestones).where(eq(milestones.commitmentId, c.id)).orderBy(asc(milestones.number));
      for (const m of ms) {
        await tx
          .update(milestones)
          .set({
            plannedStart: shiftMonth(m.plannedStart, delta),
            plannedEnd: shiftMonth(m.plannedEnd, delta),
            subItems: m.subItems.map((s) => ({ ...s, start: shiftMonth(s.start, delta), end: shiftMonth(s.end, delta) })),
            status: null,
            narrative: {},
            reportedDelayed: null,
            delayNote: {},
            updatedAt: input.now,
          })
          .where(eq(milestones.id, m.id));
      }
    }
    await recordAudit(tx, { actor: PRACTICE_ACTOR, action: 'demo.practice.create', entityType: 'action_plan', entityId: plan.id, details: { monthsMoved: delta } });
    return cs[0]?.leadInstitutionId ?? null;
  });

  const accounts: { role: PracticeRole; email: string; link: string | null; userId: number }[] = [];
  for (const a of PRACTICE_ACCOUNTS) {
    if (a.key === 'institution_contact' && leadInstitutionId === null) continue;
    const grant =
      a.key === 'secretariat'
        ? { role: 'secretariat' as const, memberId: plan.memberId, institutionId: null, seat: null }
        : a.key === 'institution_contact'
          ? { role: 'institution_contact' as const, memberId: plan.memberId, institutionId: leadInstitutionId, seat: null }
          : { role: 'forum_member' as const, memberId: plan.memberId, institutionId: null, seat: 'civil_society' as const };
    const outcome = await inviteUser(db, { email: a.email, name: a.name[input.locale], locale: input.locale, grant, actor: PRACTICE_ACTOR, baseUrl: input.baseUrl, now: input.now });
    accounts.push({ role: a.key, email: a.email, link: outcome.link, userId: outcome.userId });
  }

  const deadline = new Date(input.now.getTime() + PERIOD_DAYS * 24 * 3600 * 1000).toISOString().slice(0, 10);
  const secretariatId = accounts.find((a) => a.role === 'secretariat')?.userId ?? null;
  await db.transaction(async (tx) => {
    const [period] = await tx
      .insert(reportingPeriods)
      .values({ planId: plan.id, name: { es: 'Periodo de práctica', en: 'Practice period' }, deadline, createdBy: secretariatId, createdAt: input.now, updatedAt: input.now })
      .returning();
    await recordAudit(tx, { actor: PRACTICE_ACTOR, action: 'reporting_period.open', entityType: 'reporting_period', entityId: period!.id, details: { after: period } });
  });
  return { created: true, planId: plan.id, deadline, accounts: accounts.map(({ role, email, link }) => ({ role, email, link })) };
}

export type RemoveOutcome =
  | { removed: false; reason: 'none' }
  | { removed: false; reason: 'not_practice' }
  | { removed: false; reason: 'published' }
  | { removed: false; reason: 'account_elsewhere'; email: string }
  | { removed: false; reason: 'in_use'; detail: string }
  | { removed: true; planIds: number[]; accounts: number };

class Refused extends Error {
  constructor(readonly outcome: RemoveOutcome) {
    super('refused');
  }
}

/** The database's error code (a foreign key in use is 23503), wherever the driver put it. */
function pgError(error: unknown): { code?: string; constraint?: string; detail?: string } {
  let e = error as { code?: string; cause?: unknown; constraint?: string; detail?: string } | undefined;
  for (let i = 0; i < 4 && e; i += 1) {
    if (typeof e.code === 'string' && /^\d{2}[0-9A-Z]{3}$/.test(e.code)) return e;
    e = e.cause as typeof e;
  }
  return {};
}

/**
 * Removes the practice plan and everything of it: commitments, milestones, reports and their evidence,
 * contestations, periods, documents, institutions, accounts (with their sessions, links and mail).
 * One transaction with the plan rows locked: it refuses, changing nothing, when the practice member
 * holds a plan that is not practice, a practice account has a role elsewhere, or anything real uses
 * the practice data. The audit log keeps its records (it is append-only) plus one of the removal.
 */
export async function removePracticePlan(db: Database, input: { now: Date }): Promise<RemoveOutcome> {
  try {
    return await db.transaction(async (tx) => {
      const [member] = await tx.select({ id: members.id }).from(members).where(eq(members.code, PRACTICE_MEMBER_CODE)).for('update');
      if (!member) return { removed: false, reason: 'none' } as const;
      const plans = await tx.select({ id: actionPlans.id, practice: actionPlans.practice }).from(actionPlans).where(eq(actionPlans.memberId, member.id)).orderBy(asc(actionPlans.id)).for('update');
      if (plans.some((p) => !p.practice)) throw new Refused({ removed: false, reason: 'not_practice' });
      const planIds = plans.map((p) => p.id);
      const grants = await tx.select({ userId: roleGrants.userId }).from(roleGrants).where(eq(roleGrants.memberId, member.id)).orderBy(asc(roleGrants.userId));
      const userIds = [...new Set(grants.map((g) => g.userId))];
      if (userIds.length > 0) {
        const elsewhere = await tx
          .select({ email: users.email })
          .from(roleGrants)
          .innerJoin(users, eq(users.id, roleGrants.userId))
          .where(and(inArray(roleGrants.userId, userIds), or(ne(roleGrants.memberId, member.id), sql`${roleGrants.memberId} is null`)))
          .orderBy(asc(users.email))
          .limit(1);
        if (elsewhere[0]) throw new Refused({ removed: false, reason: 'account_elsewhere', email: elsewhere[0].email });
      }
      if (planIds.length > 0) {
        const published = await tx.select({ id: followUpReports.id }).from(followUpReports).where(inArray(followUpReports.planId, planIds)).limit(1);
        if (published[0]) throw new Refused({ removed: false, reason: 'published' });
        const docs = await tx.select({ id: documents.id, sha: documents.fileSha256 }).from(documents).where(inArray(documents.planId, planIds)).orderBy(asc(documents.id));
        const importIds = (await tx.select({ id: commitments.sourceImportId }).from(commitments).where(and(inArray(commitments.planId, planIds), isNotNull(commitments.sourceImportId))).orderBy(asc(commitments.id)))
          .map((r) => r.id!)
          .filter((id, i, all) => all.indexOf(id) === i);
        await tx.delete(documents).where(inArray(documents.planId, planIds));
        await tx.delete(selfAssessmentSections).where(inArray(selfAssessmentSections.planId, planIds));
        // Milestones, their reports, contestations and replies, follows and policy areas go with their commitment (cascade).
        await tx.delete(commitments).where(inArray(commitments.planId, planIds));
        await tx.delete(reportingPeriods).where(inArray(reportingPeriods.planId, planIds));
        await tx.delete(actionPlans).where(inArray(actionPlans.id, planIds));
        if (importIds.length > 0) {
          const stillUsed = await tx.select({ id: commitments.sourceImportId }).from(commitments).where(inArray(commitments.sourceImportId, importIds));
          const free = importIds.filter((id) => !stillUsed.some((u) => u.id === id));
          if (free.length > 0) await tx.delete(imports).where(inArray(imports.id, free));
        }
        // Stored files only the practice documents used; a file anything else still refers to stays.
        const shas = [...new Set(docs.map((d) => d.sha).filter((s): s is string => s !== null))];
        for (const sha of shas) {
          const other = await tx.select({ id: documents.id }).from(documents).where(eq(documents.fileSha256, sha)).limit(1);
          if (other[0]) continue;
          await tx.transaction(async (sp) => {
            await sp.delete(files).where(eq(files.sha256, sha));
          }).catch(() => {});
        }
      }
      const insts = (await tx.select({ id: institutions.id }).from(institutions).where(eq(institutions.memberId, member.id))).map((i) => i.id);
      if (insts.length > 0) {
        await tx.delete(contacts).where(inArray(contacts.institutionId, insts));
        await tx.delete(institutions).where(inArray(institutions.id, insts));
      }
      if (userIds.length > 0) {
        const emails = (await tx.select({ email: users.email }).from(users).where(inArray(users.id, userIds))).map((u) => u.email);
        await tx.delete(outbox).where(or(inArray(outbox.userId, userIds), inArray(outbox.to, emails)));
        await tx.delete(loginAttempts).where(inArray(loginAttempts.email, emails));
        await tx.delete(accountTokens).where(inArray(accountTokens.userId, userIds));
        await tx.delete(users).where(inArray(users.id, userIds));
      }
      await tx.delete(members).where(eq(members.id, member.id));
      await recordAudit(tx, { actor: PRACTICE_ACTOR, action: 'demo.practice.remove', entityType: 'member', entityId: member.id, details: { planIds, accounts: userIds.length } });
      return { removed: true, planIds, accounts: userIds.length } as const;
    });
  } catch (error) {
    if (error instanceof Refused) return error.outcome;
    const pg = pgError(error);
    if (pg.code === '23503') return { removed: false, reason: 'in_use', detail: pg.constraint ?? pg.detail ?? 'foreign key' };
    throw error;
  }
}
