import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql, type ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import * as schema from './schema/index.js';
import { projectPath } from '../lib/paths.js';

export type Schema = typeof schema;
/** The database, on either driver: queries and commands take this and know nothing else. */
export type Database = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either the database or a transaction on it. */
export type Executor = Database | Transaction;

export const MIGRATIONS_FOLDER = projectPath('src/db/migrations');

/** The `when` of the newest migration in the folder's journal (drizzle-kit writes it). */
function newestMigrationMillis(): number {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: { when: number }[] };
  return Math.max(0, ...journal.entries.map((e) => e.when));
}

/**
 * Runs the migrator only when the database is behind: one query compares the newest migration the
 * database has applied with the newest in the journal (the migrator itself reads and hashes every
 * SQL file and opens a transaction, which is most of a restart on an up-to-date database).
 */
async function migrateWhenBehind(db: Database, run: () => Promise<void>): Promise<void> {
  try {
    const rows = await db.execute<{ created_at: string | number }>(
      sql`select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`,
    );
    const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as { created_at: string | number }[];
    const applied = Number(list[0]?.created_at ?? 0);
    if (applied >= newestMigrationMillis()) return;
  } catch {
    // No migrations table yet: a new database.
  }
  await run();
}

export interface OpenDatabase {
  db: Database;
  driver: 'pglite' | 'postgres';
  /** Where it is, for messages: a folder or a host without the password. */
  location: string;
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** The embedded client, when the driver is PGlite (tests snapshot it). */
  pglite?: PGlite;
}

/** A setting or the environment is wrong: the message is one line for the person running the app. */
export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unreadable URL)';
  }
}

/**
 * Where the template of a new embedded database is kept: a dump of a database just created and
 * migrated, named after the PGlite version and a hash of the migrations, so a stale one is never used.
 */
function templatePath(): string | null {
  try {
    const hash = createHash('sha256');
    hash.update(readFileSync(projectPath('node_modules/@electric-sql/pglite/package.json')));
    for (const name of readdirSync(MIGRATIONS_FOLDER).sort()) if (name.endsWith('.sql')) hash.update(name).update(readFileSync(path.join(MIGRATIONS_FOLDER, name)));
    hash.update(readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json')));
    return projectPath('node_modules', '.cache', 'abierto', `pglite-template-${hash.digest('hex').slice(0, 16)}.tar.gz`);
  } catch {
    return null;
  }
}

/** Keeps a dump of the new, migrated database as the template for the next new one; never fails the start. */
async function saveTemplate(client: PGlite, file: string): Promise<void> {
  try {
    const dump = await client.dumpDataDir('gzip');
    await fs.mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await fs.writeFile(tmp, new Uint8Array(await dump.arrayBuffer()));
    await fs.rename(tmp, file);
  } catch {
    // No template: the next new database is created the long way.
  }
}

/**
 * PGlite's start parameters with a smaller buffer cache: 16 MB instead of PostgreSQL's 128 MB, which
 * PGlite would otherwise keep resident (about 120 MB of the server's memory; issue 10's ≤ 300 MB). The
 * files are read through the operating system's cache anyway, as on a regular server.
 */
function pgliteStartParams(): string[] | undefined {
  const defaults = (PGlite as unknown as { defaultStartParams?: string[] }).defaultStartParams;
  return Array.isArray(defaults) ? [...defaults, '-c', 'shared_buffers=16MB'] : undefined;
}

/** The embedded database in `<dataDir>/pglite` (PGlite creates only the last folder of its path). */
export async function openPglite(dataDir: string | null, options: { loadDataDir?: Blob; thread?: boolean } = {}): Promise<OpenDatabase> {
  // In a worker thread (decision 065: what the server uses) or in this thread (the CLI, tests).
  const create = async (where: string | undefined, opts: { loadDataDir?: Blob; startParams?: string[] }): Promise<PGlite> => {
    if (!options.thread) return PGlite.create(where, opts);
    const { startPgliteThread } = await import('./pglite-thread.js');
    return startPgliteThread(where, opts);
  };
  let location = 'memory';
  if (dataDir !== null) {
    location = path.join(dataDir, 'pglite');
    try {
      await fs.mkdir(dataDir, { recursive: true });
      await fs.access(dataDir, fs.constants.W_OK);
    } catch (error) {
      throw new DatabaseUnavailableError(
        `the data folder ${dataDir} cannot be written (${(error as NodeJS.ErrnoException).code ?? 'error'}); set DATA_DIR to a writable folder`,
      );
    }
  }
  // A new database on disk starts from the template of this machine (initdb and the migrations
  // already done: seconds saved) when there is one for this PGlite and these migrations.
  const isNew = dataDir !== null && !options.loadDataDir && !existsSync(path.join(location, 'PG_VERSION'));
  const template = isNew ? templatePath() : null;
  let fromTemplate = false;
  let client: PGlite;
  try {
    let loadDataDir = options.loadDataDir;
    if (template && existsSync(template)) {
      try {
        loadDataDir = new Blob([await fs.readFile(template)]);
        fromTemplate = true;
      } catch {
        loadDataDir = undefined;
      }
    }
    try {
      const startParams = pgliteStartParams();
      client = await create(dataDir === null ? undefined : location, { ...(loadDataDir ? { loadDataDir } : {}), ...(startParams ? { startParams } : {}) });
    } catch (error) {
      if (!fromTemplate) throw error;
      // A broken template: forget it, and create the database the long way.
      fromTemplate = false;
      await fs.rm(template as string, { force: true });
      await fs.rm(location, { recursive: true, force: true });
      const startParams = pgliteStartParams();
      client = await create(location, startParams ? { startParams } : {});
    }
  } catch (error) {
    throw new DatabaseUnavailableError(`the embedded database at ${location} cannot be opened: ${(error as Error).message}`);
  }
  const db = drizzlePglite(client, { schema, casing: 'snake_case' }) as unknown as Database;
  return {
    db,
    driver: 'pglite',
    location,
    migrate: async () => {
      await migrateWhenBehind(db, async () => {
        const { migrate } = await import('drizzle-orm/pglite/migrator');
        await migrate(drizzlePglite(client, { schema, casing: 'snake_case' }), { migrationsFolder: MIGRATIONS_FOLDER });
      });
      if (template && !fromTemplate) await saveTemplate(client, template);
    },
    close: () => client.close(),
    pglite: client,
  };
}

export async function openPostgres(url: string, options: { max?: number } = {}): Promise<OpenDatabase> {
  const location = redactUrl(url);
  // The PostgreSQL driver loads only when it is used (it is not, on the embedded database).
  const [{ default: pg }, { drizzle: drizzlePg }] = await Promise.all([import('pg'), import('drizzle-orm/node-postgres')]);
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, connectionTimeoutMillis: 5000 });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => {});
  try {
    const c = await pool.connect();
    c.release();
  } catch (error) {
    await pool.end().catch(() => {});
    const e = error as NodeJS.ErrnoException;
    throw new DatabaseUnavailableError(`cannot connect to PostgreSQL at ${location}: ${e.code ? `${e.code} ` : ''}${e.message}`.trim());
  }
  const db = drizzlePg(pool, { schema, casing: 'snake_case' }) as unknown as Database;
  return {
    db,
    driver: 'postgres',
    location,
    migrate: () =>
      migrateWhenBehind(db, async () => {
        const { migrate } = await import('drizzle-orm/node-postgres/migrator');
        await migrate(drizzlePg(pool, { schema, casing: 'snake_case' }), { migrationsFolder: MIGRATIONS_FOLDER });
      }),
    close: () => pool.end(),
  };
}

export async function openDatabase(config: { databaseUrl: string | undefined; dataDir: string }, options: { thread?: boolean } = {}): Promise<OpenDatabase> {
  return config.databaseUrl ? openPostgres(config.databaseUrl) : openPglite(config.dataDir, options);
}
