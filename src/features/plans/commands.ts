import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { actionPlans, members } from '../../db/schema/index.js';
import type { PlanPhase } from '../../lib/levels.js';
import type { LocalizedText } from '../../lib/localized.js';
import type { Month } from '../../lib/month.js';
import { recordAudit } from '../../lib/audit.js';

export interface MemberInput {
  code: string;
  name: LocalizedText;
  kind?: 'national' | 'local';
  countryCode?: string | null;
}

/** Finds a member by code, or creates it (audited). Call inside a transaction. */
export async function ensureMember(tx: Executor, input: MemberInput, actor: string) {
  const found = await tx.select().from(members).where(eq(members.code, input.code)).limit(1);
  if (found[0]) return found[0];
  const [created] = await tx
    .insert(members)
    .values({ code: input.code, name: input.name, kind: input.kind ?? 'national', countryCode: input.countryCode ?? null })
    .returning();
  if (!created) throw new Error('member insert returned nothing');
  await recordAudit(tx, { actor, action: 'member.create', entityType: 'member', entityId: created.id, details: { after: created } });
  return created;
}

export interface PlanInput {
  number: number;
  title: LocalizedText;
  startMonth: Month;
  endMonth: Month;
  phase?: PlanPhase;
  ogpId?: string | null;
  description?: LocalizedText;
}

/** Finds a member's plan by number, or creates it (audited). Call inside a transaction. */
export async function ensurePlan(tx: Executor, memberId: number, input: PlanInput, actor: string) {
  const found = await tx
    .select()
    .from(actionPlans)
    .where(and(eq(actionPlans.memberId, memberId), eq(actionPlans.number, input.number)))
    .limit(1);
  if (found[0]) return found[0];
  const [created] = await tx
    .insert(actionPlans)
    .values({
      memberId,
      number: input.number,
      title: input.title,
      startMonth: input.startMonth,
      endMonth: input.endMonth,
      phase: input.phase ?? 'implementation',
      ogpId: input.ogpId ?? null,
      description: input.description ?? {},
    })
    .returning();
  if (!created) throw new Error('plan insert returned nothing');
  await recordAudit(tx, { actor, action: 'plan.create', entityType: 'action_plan', entityId: created.id, details: { after: created } });
  return created;
}
