import { and, eq, inArray, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app.js';
import { commitments, contestations, milestones } from '../../db/schema/index.js';
import { writeVersion } from '../../lib/write-version.js';
import { importParsedCommitments } from '../ingest/commands.js';
import { listPlans } from '../plans/queries.js';
import { rollup } from '../commitments/rollup.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { createUser } from '../../../tests/support/auth.js';
import { createPlan, NOW, parsedCommitment, parseResult } from '../../../tests/support/factories.js';

/**
 * Plans' roll-ups are kept between requests until the next write to the database (decision 061):
 * every change below is written straight to the database — not through the app, as the CLI or a
 * second server would — and the very next request must show it.
 */
let t: TestDatabase;
let app: App;
let planId: number;
let milestoneIds: number[];

beforeAll(async () => {
  t = await testDatabase();
  const plan = await createPlan(t.db, { code: 'CL', number: 5 });
  planId = plan.id;
  await importParsedCommitments(t.db, {
    planId,
    parsed: parseResult(parsedCommitment({ number: 1, title: 'Uno' }), parsedCommitment({ number: 2, title: 'Dos' })),
    source: { name: 'cl5.txt', format: 'text', content: 'cl5' },
    actor: 'test',
    dryRun: false,
    now: NOW,
  });
  const cs = await t.db.select({ id: commitments.id }).from(commitments).where(eq(commitments.planId, planId));
  // Those not complete first: the test completes them one by one.
  const ms = await t.db.select({ id: milestones.id, status: milestones.status }).from(milestones).where(inArray(milestones.commitmentId, cs.map((c) => c.id))).orderBy(milestones.id);
  milestoneIds = [...ms.filter((m) => m.status !== 'complete'), ...ms.filter((m) => m.status === 'complete')].map((m) => m.id);
  app = createApp({ db: t.db, now: () => NOW, pageCacheTtlMs: 0 });
});

afterAll(async () => {
  await t?.dispose();
});

type PlanItem = { id: number; rollup: { total: number; counts: Record<string, number>; progress: number | null; delayed: number }; contestedMilestones: number; commitmentCount: number };
const apiPlan = async () => ((await (await app.request('/api/v1/plans?member=CL')).json()) as PlanItem[]).find((p) => p.id === planId)!;
const oracle = async () => (await listPlans(t.db, NOW)).find((p) => p.id === planId)!;

describe('the roll-up of a plan after a write by someone else', () => {
  it('the write version stands still while only reads happen and moves on a write', async () => {
    const a = await writeVersion(t.db);
    expect(a).not.toBeNull();
    await t.db.select().from(milestones).limit(1);
    expect(await writeVersion(t.db)).toBe(a);
    await t.db.update(milestones).set({ narrative: { es: 'x' } }).where(eq(milestones.id, milestoneIds[0]!));
    expect(await writeVersion(t.db)).not.toBe(a);
  });

  it('a status, a removal and a contestation show at once, the same as the plan list computes them', async () => {
    const first = await apiPlan();
    expect(first).toMatchObject({ commitmentCount: 2, contestedMilestones: 0 });
    expect(first.rollup).toEqual((await oracle()).rollup);
    expect(await apiPlan()).toEqual(first); // kept: the same answer

    await t.db.update(milestones).set({ status: 'complete' }).where(eq(milestones.id, milestoneIds[0]!));
    const afterStatus = await apiPlan();
    expect(afterStatus.rollup.counts.complete).toBe(first.rollup.counts.complete! + 1);
    expect(afterStatus.rollup).toEqual((await oracle()).rollup);

    await t.db.update(milestones).set({ removedAt: NOW }).where(eq(milestones.id, milestoneIds[1]!));
    const afterRemoval = await apiPlan();
    expect(afterRemoval.rollup.total).toBe(first.rollup.total - 1);
    expect(afterRemoval.rollup).toEqual((await oracle()).rollup);

    const author = await createUser(t.db, { grants: [] });
    await t.db.insert(contestations).values({ milestoneId: milestoneIds[2]!, authorId: author.id, comment: 'No se publicó.' });
    expect((await apiPlan()).contestedMilestones).toBe(1);
    await t.db.update(contestations).set({ state: 'dismissed' }).where(and(eq(contestations.milestoneId, milestoneIds[2]!)));
    expect((await apiPlan()).contestedMilestones).toBe(0);
  });

  it('the home page and the member page show the new figure right after the write', async () => {
    const percent = async (path: string) => {
      const html = await (await app.request(path)).text();
      return html;
    };
    const beforeHome = await percent('/');
    const beforeMember = await percent('/members/CL');
    const rest = milestoneIds.slice(2);
    await t.db.update(milestones).set({ status: 'complete' }).where(inArray(milestones.id, rest));
    const afterHome = await percent('/');
    const afterMember = await percent('/members/CL');
    expect(afterHome).not.toBe(beforeHome);
    expect(afterMember).not.toBe(beforeMember);
    // Every milestone not removed is complete now: 100 %.
    expect(afterMember).toContain('100');
  });

  it('the commitments API counts each roll-up in SQL exactly as rollup() does from the rows', async () => {
    await t.db.update(milestones).set({ status: 'limited', plannedEnd: '2020-01' }).where(eq(milestones.id, milestoneIds[0]!));
    await t.db.update(milestones).set({ status: null }).where(eq(milestones.id, milestoneIds[3]!));
    const items = ((await (await app.request(`/api/v1/commitments?plan=${planId}&limit=50`)).json()) as { items: { id: number; rollup: unknown }[] }).items;
    expect(items).toHaveLength(2);
    for (const item of items) {
      const rows = await t.db.select().from(milestones).where(and(eq(milestones.commitmentId, item.id), isNull(milestones.removedAt))).orderBy(milestones.number);
      expect(item.rollup).toEqual(rollup(rows, NOW));
    }
  });

  it.runIf(process.env.TEST_DB === 'postgres')('a write committed while requests run shows at once; one rolled back never shows', async () => {
    const { openPostgres } = await import('../../db/client.js');
    const other = await openPostgres(t.url!, { max: 1 });
    const write = async (status: 'not_started' | 'limited', commit: boolean) => {
      let release!: () => void;
      const hold = new Promise<void>((r) => (release = r));
      let written!: () => void;
      const wrote = new Promise<void>((r) => (written = r));
      const tx = other.db
        .transaction(async (trx) => {
          await trx.update(milestones).set({ status }).where(inArray(milestones.id, milestoneIds));
          written();
          await hold;
          if (!commit) throw new Error('rolled back');
        })
        .catch(() => {});
      return { wrote, finish: async () => (release(), await tx) };
    };
    try {
      const before = await apiPlan();
      const rolledBack = await write('not_started', false);
      await rolledBack.wrote;
      try {
        expect(await apiPlan()).toEqual(before); // not visible while in progress (and may be kept)
      } finally {
        await rolledBack.finish();
      }
      expect(await apiPlan()).toEqual(before);
      const committed = await write('limited', true);
      await committed.wrote;
      try {
        expect(await apiPlan()).toEqual(before);
      } finally {
        await committed.finish();
      }
      const after = await apiPlan();
      expect(after.rollup.counts.limited).toBe(after.rollup.total);
      expect(after.rollup).toEqual((await oracle()).rollup);
    } finally {
      await other.close();
    }
  });
});
