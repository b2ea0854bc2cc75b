import { asc, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/client.js';
import { actionPlans, commitments, contestations, documents, institutions, milestones, progressUpdates, reportingPeriods } from '../../src/db/schema/index.js';
import type { Role } from '../../src/features/accounts/policy.js';
import { ensureDemo } from '../../src/features/demo/demo.js';
import { signedInUser, type SignedIn } from './auth.js';
import { NOW } from './factories.js';

/**
 * A whole site to walk: the demo plan (put back in implementation), one signed-in person per role,
 * an open reporting period, submitted updates waiting in the verification queue, a draft, a
 * contestation — and the ids that fill every route's parameters.
 */
export interface Site {
  ids: { plan: number; commitment: number; institution: number; member: number; period: number; update: number; draft: number; document: number | null; milestoneNumber: number };
  people: Record<Role, SignedIn & { name: string }>;
}

export async function buildSite(db: Database): Promise<Site> {
  await ensureDemo(db, NOW);
  await db.update(actionPlans).set({ phase: 'implementation' });
  const [plan] = await db.select().from(actionPlans).orderBy(asc(actionPlans.id)).limit(1);
  const [commitment] = await db.select().from(commitments).orderBy(asc(commitments.id)).limit(1);
  const ms = await db.select().from(milestones).where(eq(milestones.commitmentId, commitment!.id)).orderBy(asc(milestones.number));
  const [institution] = await db.select().from(institutions).where(eq(institutions.id, commitment!.leadInstitutionId!));
  const member = plan!.memberId;
  const grant = (role: Role) => ({ role, memberId: role === 'admin' ? null : member, institutionId: role === 'institution_contact' ? institution!.id : null, seat: role === 'forum_member' ? ('civil_society' as const) : null });
  const people = {} as Site['people'];
  for (const role of ['admin', 'secretariat', 'institution_contact', 'forum_member', 'irm_reviewer'] as const) {
    people[role] = await signedInUser(db, [grant(role)], NOW, { name: `Persona ${role}` });
  }
  const [period] = await db.insert(reportingPeriods).values({ planId: plan!.id, name: { es: 'Primer año', en: 'First year' }, deadline: '2026-12-31' }).returning();
  const contact = people.institution_contact.userId;
  const submitted = [];
  for (const m of ms.slice(0, 3)) {
    const [u] = await db
      .insert(progressUpdates)
      .values({ milestoneId: m.id, periodId: period!.id, authorId: contact, status: 'substantial', narrative: { es: `Avance de la meta ${m.number}.` }, asOf: '2026-11-01', state: 'submitted', submittedAt: NOW })
      .returning();
    submitted.push(u!);
  }
  const [draft] = await db
    .insert(progressUpdates)
    .values({ milestoneId: ms[3]!.id, periodId: period!.id, authorId: contact, status: 'limited', narrative: { es: 'Borrador.' }, asOf: '2026-11-01', state: 'draft' })
    .returning();
  await db.insert(contestations).values({ milestoneId: ms[0]!.id, contestedStatus: ms[0]!.status, authorId: people.forum_member.userId, comment: 'No está completa.' });
  const [doc] = await db.select().from(documents).orderBy(asc(documents.id)).limit(1);
  return {
    ids: { plan: plan!.id, commitment: commitment!.id, institution: institution!.id, member, period: period!.id, update: submitted[0]!.id, draft: draft!.id, document: doc?.id ?? null, milestoneNumber: ms[0]!.number },
    people,
  };
}

/** A route's path with its parameters filled from the site (unknown ones get `1`). */
export function fillPath(path: string, site: Site): string {
  const { ids } = site;
  return path.replace(/:(\w+)/g, (_, name: string, offset: number) => {
    const before = path.slice(0, offset);
    switch (name) {
      case 'planId':
        return String(ids.plan);
      case 'kind':
        return 'end_of_term';
      case 'format':
        return 'html';
      case 'n':
        return String(ids.milestoneNumber);
      case 'uid':
        return String(before.startsWith('/updates/') && path.endsWith('/edit') ? ids.draft : ids.update);
      case 'pid':
        return String(ids.period);
      case 'did':
        return String(ids.document ?? 1);
      case 'locale':
        return 'en';
      case 'token':
        return 'no-such-token';
      case 'file':
        return before.includes('/plans/') ? `${ids.plan}.atom` : `${ids.commitment}.atom`;
      case 'id':
        if (before.includes('/plans')) return String(ids.plan);
        if (before.includes('/commitments')) return String(ids.commitment);
        if (before.includes('/institutions')) return String(ids.institution);
        if (before.includes('/repository')) return String(ids.document ?? 1);
        return '1';
      default:
        return '1';
    }
  });
}
