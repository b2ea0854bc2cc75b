import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openPglite, openPostgres } from '../../src/db/client.js';
import { startPostgres } from '../support/postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshot: string;
    postgresTemplateUrl: string;
    postgresAdminUrl: string;
  }
}

/** One snapshot per run (several runs may share the working tree). */
export const SNAPSHOT = path.resolve(`.tmp/pglite-migrated-${process.pid}.tar.gz`);

/**
 * Once per run: a migrated PGlite snapshot (each test file restores it in ~0.6 s instead of
 * creating a database in ~3.5 s) and, for the postgres project, a real PostgreSQL server with a
 * migrated template database that each test file clones.
 */
export default async function setup(project: TestProject) {
  // The compiled app the CLI and server tests start (built once here, not by the first test).
  // @ts-expect-error plain ES module without types
  await (await import('../../scripts/build.mjs')).ensureBuilt();
  const mode = project.config.env?.TEST_DB ?? 'pglite';
  if (mode === 'postgres') {
    const server = await startPostgres();
    const admin = new pg.Client({ connectionString: server.url('postgres') });
    await admin.connect();
    await admin.query('CREATE DATABASE abierto_template');
    await admin.end();
    const template = await openPostgres(server.url('abierto_template'), { max: 2 });
    await template.migrate();
    await template.close();
    project.provide('postgresTemplateUrl', server.url('abierto_template'));
    project.provide('postgresAdminUrl', server.url('postgres'));
    return () => server.stop();
  }
  fs.mkdirSync(path.dirname(SNAPSHOT), { recursive: true });
  const database = await openPglite(null);
  await database.migrate();
  const dump = await database.pglite!.dumpDataDir('gzip');
  fs.writeFileSync(SNAPSHOT, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  project.provide('pgliteSnapshot', SNAPSHOT);
  return () => fs.rmSync(SNAPSHOT, { force: true });
}
