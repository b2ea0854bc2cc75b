import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { actionPlans, commitments, contacts, institutions, members } from '../../db/schema/index.js';
import type { LocalizedText } from '../../lib/localized.js';
import type { CompletionLevel } from '../../lib/levels.js';
import { milestoneStatusesByCommitment } from '../commitments/queries.js';
import { contestedMilestonesByCommitment } from '../monitoring/queries.js';
import { rollup, type Rollup } from '../commitments/rollup.js';

export interface InstitutionDetail {
  id: number;
  name: LocalizedText;
  abbreviation: string | null;
  website: string | null;
  member: { code: string; name: LocalizedText };
  contacts: { name: string; title: LocalizedText; email: string | null; phone: string | null }[];
  commitments: {
    id: number;
    number: string;
    title: LocalizedText;
    plan: { id: number; number: number; title: LocalizedText };
    completion: CompletionLevel | null;
    rollup: Rollup;
    /** Numbers of its milestones with an open contestation (decision 042). */
    contestedMilestones: number[];
  }[];
}

/** An institution with its public contacts and the commitments it leads, plan by plan. */
export async function getInstitutionDetail(db: Executor, id: number, now: Date): Promise<InstitutionDetail | null> {
  const rows = await db
    .select({ inst: institutions, member: members })
    .from(institutions)
    .innerJoin(members, eq(members.id, institutions.memberId))
    .where(eq(institutions.id, id))
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  const [people, led] = await Promise.all([
    db.select().from(contacts).where(eq(contacts.institutionId, id)).orderBy(asc(contacts.name), asc(contacts.id)),
    db
      .select({ c: commitments, plan: actionPlans })
      .from(commitments)
      .innerJoin(actionPlans, eq(actionPlans.id, commitments.planId))
      .where(eq(commitments.leadInstitutionId, id))
      .orderBy(asc(actionPlans.number), asc(commitments.position), asc(commitments.number), asc(commitments.id)),
  ]);
  const statuses = await milestoneStatusesByCommitment(
    db,
    led.map((l) => l.c.id),
  );
  const contested = await contestedMilestonesByCommitment(
    db,
    led.map((l) => l.c.id),
  );
  return {
    id: row.inst.id,
    name: row.inst.name,
    abbreviation: row.inst.abbreviation,
    website: row.inst.website,
    member: { code: row.member.code, name: row.member.name },
    contacts: people
      .filter((p) => p.isPublic)
      .map((p) => ({ name: p.name, title: p.title, email: p.email, phone: p.phone })),
    commitments: led.map(({ c, plan }) => ({
      id: c.id,
      number: c.number,
      title: c.title,
      plan: { id: plan.id, number: plan.number, title: plan.title },
      completion: c.completion,
      rollup: rollup(statuses.get(c.id) ?? [], now),
      contestedMilestones: contested.get(c.id) ?? [],
    })),
  };
}
