import { z } from '@hono/zod-openapi';
import { PLAN_PHASES } from '../../lib/levels.js';
import { completionLevelSchema } from '../../lib/levels.js';
import { commitmentNumber, institutionRefOut, localizedTextOut, rollupOut } from '../commitments/schemas.js';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).openapi({ example: '2016-09' });

export const memberOut = z
  .object({ id: z.number().int(), code: z.string(), name: localizedTextOut, kind: z.enum(['national', 'local']) })
  .openapi('Member');

export const planSummaryOut = z
  .object({
    id: z.number().int(),
    number: z.number().int(),
    ogpId: z.string().nullable(),
    title: localizedTextOut,
    member: memberOut,
    startMonth: month,
    endMonth: month,
    phase: z.enum(PLAN_PHASES),
    commitmentCount: z.number().int(),
    rollup: rollupOut,
    contestedMilestones: z.number().int().openapi({ description: 'Milestones with an open contestation against their status (decision 042).' }),
    practice: z.boolean().openapi({ description: 'A practice plan for trying Abierto (`demo practice`, decision 055), not a real action plan.' }),
  })
  .openapi('PlanSummary');

export const planCommitmentOut = z
  .object({
    id: z.number().int(),
    number: commitmentNumber,
    ogpId: z.string().nullable(),
    title: localizedTextOut,
    leadInstitution: institutionRefOut.nullable(),
    startMonth: month.nullable(),
    endMonth: month.nullable(),
    completion: completionLevelSchema.nullable(),
    rollup: rollupOut,
    contestedMilestones: z.array(z.number().int()).openapi({ description: 'Numbers of its milestones with an open contestation (decision 042).' }),
  })
  .openapi('PlanCommitment');

export const planDetailOut = planSummaryOut
  .extend({ description: localizedTextOut, commitments: z.array(planCommitmentOut) })
  .openapi('Plan');

export type PlanSummary = z.infer<typeof planSummaryOut>;
export type PlanDetail = z.infer<typeof planDetailOut>;
export type PlanCommitment = z.infer<typeof planCommitmentOut>;
