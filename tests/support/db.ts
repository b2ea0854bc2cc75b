import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openPglite, openPostgres, type OpenDatabase } from '../../src/db/client.js';

export interface TestDatabase extends OpenDatabase {
  /** Closes and, on PostgreSQL, drops the database. */
  dispose: () => Promise<void>;
  /** On PostgreSQL: the connection URL, for tests that start other processes on the same database. */
  url?: string;
}

/**
 * A fresh, migrated database for one test file: PGlite restored from the run's snapshot, or
 * (TEST_DB=postgres) a new database cloned from the migrated template on the real server.
 */
export async function testDatabase(): Promise<TestDatabase> {
  if (process.env.TEST_DB === 'postgres') {
    const adminUrl = inject('postgresAdminUrl');
    const name = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE abierto_template`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const database = await openPostgres(url.toString(), { max: 4 });
    return {
      ...database,
      url: url.toString(),
      dispose: async () => {
        await database.close();
        const a = new pg.Client({ connectionString: adminUrl });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.end();
      },
    };
  }
  const snapshot = fs.readFileSync(inject('pgliteSnapshot'));
  const database = await openPglite(null, { loadDataDir: new Blob([snapshot]) });
  return { ...database, dispose: () => database.close() };
}
