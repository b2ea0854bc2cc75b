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

/** A parameter written as an SQL literal, for PGlite's `EXECUTE` (which takes no bind parameters). */
export function literal(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError(`not an integer parameter: ${value}`);
    return String(value);
  }
  if (typeof value === 'string') return `'${value.replace(/'/g, "''")}'`;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `array[${value.map(literal).join(', ')}]`;
  throw new TypeError(`unsupported parameter type: ${typeof value}`);
}

/**
 * PGlite databases (not transactions) on which each statement is prepared, or being prepared: the
 * promise is shared, so two requests at once on a new database run one PREPARE (a second would fail
 * with "prepared statement already exists"); a PREPARE that fails is forgotten and tried again.
 */
const prepared = new WeakMap<object, Map<string, Promise<void>>>();

/** The parameter types PGlite's PREPARE needs, from the `$n::type` casts the text carries (text otherwise). */
function parameterTypes(text: string): string {
  const types: string[] = [];
  for (const m of text.matchAll(/\$(\d+)(?:::([a-z0-9_]+(?:\[\])?))?/g)) {
    const i = Number(m[1]) - 1;
    if (m[2] || !types[i]) types[i] = m[2] ?? types[i] ?? 'unknown';
  }
  return Array.from(types, (t) => t ?? 'unknown').join(', ');
}

export async function runStatement<T>(db: Executor, st: Statement, params: unknown[]): Promise<T[]> {
  const client = (db as unknown as { session: { client: Queryable } }).session.client;
  // node-postgres' Pool, PoolClient and Client are event emitters: a named statement is prepared once per connection.
  if (client instanceof EventEmitter) return (await client.query({ name: st.name, text: st.text, values: params })).rows as T[];
  // A PGlite transaction: the statement as it is (planned each time).
  if (typeof (client as { rollback?: unknown }).rollback === 'function') return (await client.query(st.text, params)).rows as T[];
  // PGlite: planning a big statement costs as much as running it (wasm), so it is prepared once per
  // database with PREPARE and run with EXECUTE (the parameters as literals).
  let done = prepared.get(client);
  if (!done) prepared.set(client, (done = new Map()));
  const execute = `execute ${st.name}(${params.map(literal).join(', ')})`;
  let ready = done.get(st.name);
  if (!ready) {
    const statements = done;
    ready = client.query(`prepare ${st.name}(${parameterTypes(st.text)}) as ${st.text}`).then(
      () => undefined,
      (error: unknown) => {
        statements.delete(st.name);
        throw error;
      },
    );
    done.set(st.name, ready);
  }
  await ready;
  return (await client.query(execute)).rows as T[];
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
