import { EventEmitter } from 'node:events';
import type { Executor } from '../db/client.js';

/**
 * A hot read statement written once as text with `$1…` parameters and run on the driver's own client
 * (issue 10, decision 062): no query builder per call (drizzle's costs ~250 µs a statement), and on
 * PostgreSQL a named prepared statement, planned once per connection. It runs on the executor's
 * client, so inside a transaction it is part of the transaction. Results are decoded by the driver:
 * return few columns, JSON for anything nested (one native `JSON.parse`).
 */
export interface Statement {
  readonly name: string;
  readonly text: string;
}

const names = new Set<string>();

/** Declares a statement; `name` must be unique in the process (it names the prepared statement). */
export function statement(name: string, text: string): Statement {
  if (names.has(name)) throw new Error(`statement ${name} is declared twice`);
  names.add(name);
  return { name, text };
}

interface Queryable {
  query(query: unknown, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

export async function runStatement<T>(db: Executor, st: Statement, params: unknown[]): Promise<T[]> {
  const client = (db as unknown as { session: { client: Queryable } }).session.client;
  // node-postgres' Pool, PoolClient and Client are event emitters; PGlite and its transactions are not.
  const result = client instanceof EventEmitter ? await client.query({ name: st.name, text: st.text, values: params }) : await client.query(st.text, params);
  return result.rows as T[];
}

/**
 * SQL text: the name of the person an audit actor names (`user:42`, and `api:user:42` when `api`),
 * null for any other actor or an unknown person (callers then show the actor as it is).
 */
export function personNameSql(actor: string, api: boolean): string {
  const re = api ? '^(api:)?user:[0-9]{1,18}$' : '^user:[0-9]{1,18}$';
  return `(select u.name from users u where u.id = case when ${actor} ~ '${re}' then substring(${actor} from '([0-9]+)$')::bigint end)`;
}

/** SQL text: a timestamp as whole milliseconds since 1970, as JavaScript's `Date` keeps it (truncated). */
export const millisSql = (column: string) => `floor(extract(epoch from ${column}) * 1000)::bigint`;
