import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { outbox, publicSubscriptions, subscriptionEvents } from '../../db/schema/index.js';
import { createPlan, NOW } from '../../../tests/support/factories.js';
import { cli } from '../../../tests/support/run.js';

/** `npm run abierto -- subscriptions digest` on its own data folder: one digest, then nothing twice. */
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'abierto-subscriptions-cli-'));
  const opened = await openDatabase({ databaseUrl: undefined, dataDir });
  await opened.migrate();
  const plan = await createPlan(opened.db);
  await opened.db.insert(publicSubscriptions).values({
    email: 'lectora@example.org',
    targetType: 'plan',
    targetId: plan.id,
    frequency: 'daily',
    locale: 'en',
    confirmedAt: NOW,
    unsubscribeToken: 'u'.repeat(43),
    createdAt: NOW,
  });
  await opened.db.insert(subscriptionEvents).values({ kind: 'status_changed', planId: plan.id, memberId: plan.memberId, text: { es: 'Cambió.', en: 'It changed.' }, path: `/plans/${plan.id}`, createdAt: NOW });
  await opened.close();
});
afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('abierto subscriptions digest', () => {
  it('sends the digest due, and nothing the second time', async () => {
    const env = { DATA_DIR: dataDir, LANG: 'C', DEMO: '0', PUBLIC_URL: 'https://abierto.example' };
    const first = await cli(['subscriptions', 'digest', '--lang', 'en'], env);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('Digests sent: 1.');
    const second = await cli(['subscriptions', 'digest', '--lang', 'en'], env);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('Digests sent: 0.');
    const opened = await openDatabase({ databaseUrl: undefined, dataDir });
    const mails = await opened.db.select().from(outbox).orderBy(asc(outbox.id));
    await opened.close();
    expect(mails.map((m) => [m.to, m.subject])).toEqual([['lectora@example.org', 'Daily digest: news of the action plan “Third Plan”']]);
    expect(mails[0]!.text).toContain('It changed.');
  });
});
