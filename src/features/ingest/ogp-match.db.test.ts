import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { createPlan, NOW, parsedCommitment, parseResult } from '../../../tests/support/factories.js';
import { commitments } from '../../db/schema/index.js';
import { importParsedCommitments } from './commands.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await testDatabase();
});
afterAll(async () => {
  await t.dispose();
});

describe('importParsedCommitments: matching by OGP id first', () => {
  it('updates the commitment with the same OGP id even when the document numbers it differently', async () => {
    const plan = await createPlan(t.db, { code: 'OG', number: 2 });
    const source = { name: 'a.txt', format: 'text', content: 'a' };
    const first = await importParsedCommitments(t.db, { planId: plan.id, parsed: parseResult(parsedCommitment({ ogpId: 'CL0050', number: 19 })), source, actor: 'test', dryRun: false, now: NOW });
    expect(first.commitments[0]!.action).toBe('created');
    const again = await importParsedCommitments(t.db, {
      planId: plan.id,
      parsed: parseResult(parsedCommitment({ ogpId: 'CL0050', number: 20, title: 'Título nuevo' })),
      source,
      actor: 'test',
      dryRun: false,
      now: NOW,
    });
    expect(again.commitments[0]!.action).toBe('updated');
    const rows = await t.db.select().from(commitments).where(eq(commitments.planId, plan.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ number: '19', ogpId: 'CL0050' });
    expect(rows[0]!.title.es).toBe('Título nuevo');
  });
});
