import type { SQL } from 'drizzle-orm';
import type { Executor } from '../db/client.js';

/**
 * Runs one hand-written query and answers its rows, on either driver (PGlite answers `{ rows }`,
 * node-postgres a `QueryResult`). For the hot read paths (issue 10): one statement that aggregates
 * in SQL and returns few rows, without the query builder's cost per call.
 */
export async function sqlRows<T>(db: Executor, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] } | T[];
  return Array.isArray(result) ? result : result.rows;
}
