import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from '../../tests/support/db.js';
import { createPlan, NOW } from '../../tests/support/factories.js';
import { getPlanDetail } from '../features/plans/queries.js';
import { literal, runStatement, statement } from './raw-query.js';

/**
 * The hot statements of decision 062 on a database that has not prepared them yet: requests that
 * arrive together (the admission queue lets two run at once on PGlite) share one PREPARE, and a
 * statement that fails to prepare is tried again next time instead of being remembered as prepared.
 */
let t: TestDatabase;
let planId: number;

beforeAll(async () => {
  t = await testDatabase();
  planId = (await createPlan(t.db, { code: 'CL', number: 7 })).id;
});
afterAll(async () => {
  await t?.dispose();
});

describe('statements run on the driver', () => {
  it('the first requests at once on a new database all get their rows (one PREPARE between them)', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => getPlanDetail(t.db, planId, NOW)));
    for (const r of results) expect(r).not.toBeNull();
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
  });

  it('a statement that cannot be prepared fails each time it is run, and a good one still runs', async () => {
    const broken = statement('test_broken_statement', 'select no_such_column from action_plans where id = $1::int');
    await expect(runStatement(t.db, broken, [planId])).rejects.toThrow();
    await expect(runStatement(t.db, broken, [planId])).rejects.toThrow();
    const good = statement('test_good_statement', 'select id from action_plans where id = $1::int');
    expect(await runStatement<{ id: number }>(t.db, good, [planId])).toEqual([{ id: planId }]);
  });

  it('parameters written as literals cannot break out of their quotes', async () => {
    expect(literal("x'); drop table plans; --")).toBe("'x''); drop table plans; --'");
    const echo = statement('test_echo_statement', 'select $1::text as v');
    const hostile = "it's'); drop table plans; --\\";
    expect(await runStatement<{ v: string }>(t.db, echo, [hostile])).toEqual([{ v: hostile }]);
    expect(() => literal(1.5)).toThrow(TypeError);
    expect(() => literal({})).toThrow(TypeError);
  });
});
