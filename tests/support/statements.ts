import type { Database } from '../../src/db/client.js';

/**
 * Records every statement the database's driver runs (PGlite's `query`/`exec`, node-postgres'
 * pool `query`), for tests and benchmarks that count statements per page (issue 10: one or two).
 */
export interface StatementLog {
  /** The SQL texts run since the last `reset`, in order. */
  texts: string[];
  reset(): void;
  /** Puts the driver's methods back. */
  restore(): void;
}

type Method = (...args: unknown[]) => unknown;

export function logStatements(db: Database): StatementLog {
  const client = (db as unknown as { $client: Record<string, unknown> }).$client;
  const texts: string[] = [];
  const saved: [string, Method][] = [];
  for (const name of ['query', 'exec']) {
    const original = client[name];
    if (typeof original !== 'function') continue;
    saved.push([name, original as Method]);
    client[name] = function (this: unknown, ...args: unknown[]) {
      const q = args[0];
      texts.push(typeof q === 'string' ? q : String((q as { text?: unknown } | null)?.text ?? q));
      return (original as Method).apply(this, args);
    };
  }
  return {
    texts,
    reset: () => {
      texts.length = 0;
    },
    restore: () => {
      for (const [name, fn] of saved) client[name] = fn;
    },
  };
}

/**
 * Counts the statements the app sends to the database, where the driver takes them (the log above):
 * `count(fn)` answers how many statements `fn` sent.
 */
export function statementCounter(db: Database) {
  const log = logStatements(db);
  return {
    async count(fn: () => Promise<unknown>): Promise<number> {
      const before = log.texts.length;
      await fn();
      return log.texts.length - before;
    },
    restore: log.restore,
  };
}
