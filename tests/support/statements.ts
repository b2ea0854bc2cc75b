import type { Database } from '../../src/db/client.js';

/**
 * Counts the statements the app sends to the database, where the driver takes them (PGlite's
 * `query`, node-postgres' pool `query`: every statement outside a transaction goes through it).
 * `count(fn)` answers how many statements `fn` sent.
 */
export function statementCounter(db: Database) {
  const client = (db as unknown as { $client: { query: (...args: unknown[]) => unknown } }).$client;
  const original = client.query;
  let n = 0;
  client.query = function (this: unknown, ...args: unknown[]) {
    n += 1;
    return original.apply(this, args);
  };
  return {
    async count(fn: () => Promise<unknown>): Promise<number> {
      const before = n;
      await fn();
      return n - before;
    },
    restore() {
      client.query = original;
    },
  };
}
