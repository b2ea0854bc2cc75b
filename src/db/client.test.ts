import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, openPglite } from './client.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'abierto-client-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };

async function applied(database: Awaited<ReturnType<typeof openPglite>>): Promise<number> {
  const r = (await database.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`)) as unknown as { rows: { n: number }[] };
  return r.rows[0]!.n;
}

describe('the embedded database on disk', () => {
  it('is created migrated (from the template when there is one), and reopened without migrating again', async () => {
    const first = await openPglite(tempDir());
    await first.migrate();
    expect(await applied(first)).toBe(journal.entries.length);
    await first.close();

    // A second new database: from the template the first left (or created anew): migrated all the same.
    const dir = tempDir();
    const second = await openPglite(dir);
    await second.migrate();
    expect(await applied(second)).toBe(journal.entries.length);
    await second.db.execute(sql`insert into members (code, name) values ('TST', '{"es":"Prueba"}')`);
    await second.close();

    // Reopened: the check finds nothing to do and the data is there.
    const again = await openPglite(dir);
    await again.migrate();
    expect(await applied(again)).toBe(journal.entries.length);
    const r = (await again.db.execute(sql`select code from members order by code`)) as unknown as { rows: { code: string }[] };
    expect(r.rows.map((x) => x.code)).toContain('TST');
    await again.close();
  });
});
