import { Worker } from 'node:worker_threads';
import type { PGlite, PGliteOptions, QueryOptions, Results, Transaction } from '@electric-sql/pglite';
import { projectPath } from '../lib/paths.js';

/**
 * The embedded database in a worker thread (decision 065), seen from the server's thread: the part of
 * PGlite's interface that drizzle's PGlite driver, the migrator and the start-up use — `query`,
 * `exec`, `transaction`, `dumpDataDir`, `close` — each call a message to src/db/pglite-thread.mjs.
 *
 * - SQL runs on the worker's thread; the server's thread only sends the statement and receives the
 *   rows (copied by structured clone, native code), so rendering a page overlaps another page's query.
 * - A transaction's statements go to the worker's Transaction object in order; every other statement
 *   waits on PGlite's lock in the worker until it ends, as when PGlite runs in the same thread.
 * - Parsers cannot cross threads: the worker returns the parsed types as text and they are applied
 *   here (drizzle's are the identity: dates and intervals stay text).
 * - If the worker dies (out of memory, a crash in the engine), every pending and later call fails with
 *   `PgliteThreadError` saying so; the server keeps running and answers its error page.
 */
export class PgliteThreadError extends Error {
  override name = 'PgliteThreadError';
}

type Parser = (text: string, typeId: number) => unknown;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface PlainError {
  name: string;
  message: string;
  stack?: string;
  [key: string]: unknown;
}

const WORKER_FILE = projectPath('src', 'db', 'pglite-thread.mjs');

/** The worker's error as an Error here, with PGlite's fields (code, detail, constraint, …). */
function revive(plain: PlainError): Error {
  const error = new Error(plain.message);
  Object.assign(error, plain, { stack: `${plain.name}: ${plain.message}\n    (in the database thread)${plain.stack ? `\n${plain.stack.split('\n').slice(1).join('\n')}` : ''}` });
  return error;
}

/** Applies the caller's parsers to the fields the worker returned as text. */
function applyParsers<T>(result: Results<T>, parsers: Record<number, Parser> | undefined): Results<T> {
  if (!parsers || !result.fields || result.rows.length === 0) return result;
  const columns = result.fields.map((f, i) => ({ i, name: f.name, typeId: f.dataTypeID, parse: parsers[f.dataTypeID] })).filter((c) => c.parse);
  if (columns.length === 0) return result;
  for (const row of result.rows as unknown as (Record<string, unknown> | unknown[])[]) {
    for (const c of columns) {
      if (Array.isArray(row)) {
        const v = row[c.i];
        if (typeof v === 'string') row[c.i] = c.parse!(v, c.typeId);
      } else {
        const v = row[c.name];
        if (typeof v === 'string') row[c.name] = c.parse!(v, c.typeId);
      }
    }
  }
  return result;
}

function rawTypes(options: QueryOptions | undefined): number[] | undefined {
  if (!options?.parsers) return undefined;
  return Object.keys(options.parsers).map(Number);
}

export interface PgliteThread {
  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  exec(sql: string, options?: QueryOptions): Promise<Results[]>;
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  dumpDataDir(compression?: 'auto' | 'gzip' | 'none'): Promise<File | Blob>;
  close(): Promise<void>;
  /** The worker thread (tests end it to check what a crash does). */
  readonly worker: Worker;
}

/**
 * Starts PGlite in a worker thread on `dataDir` (memory when undefined) and resolves once it is open.
 * `options` must be plain data (start parameters, a `loadDataDir` Blob): it is copied to the worker.
 */
export async function startPgliteThread(dataDir: string | undefined, options: Pick<PGliteOptions, 'startParams' | 'loadDataDir'> = {}): Promise<PgliteThread & PGlite> {
  const worker = new Worker(WORKER_FILE, { workerData: { dataDir, options } });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let dead: PgliteThreadError | null = null;
  let ready!: Pending;
  const opened = new Promise<unknown>((resolve, reject) => (ready = { resolve, reject }));
  pending.set(0, ready);

  const die = (why: string) => {
    if (dead) return;
    dead = new PgliteThreadError(`the embedded database stopped (${why}); restart the server`);
    for (const p of pending.values()) p.reject(dead);
    pending.clear();
  };
  worker.on('message', (message: { id: number; result?: unknown; error?: PlainError }) => {
    const p = pending.get(message.id);
    if (!p) return;
    pending.delete(message.id);
    // Kept referenced only while a call waits for it: an idle database does not hold the process open.
    if (pending.size === 0) worker.unref();
    if (message.error) p.reject(revive(message.error));
    else p.resolve(message.result);
  });
  worker.on('error', (error) => die(error.message));
  worker.on('exit', (code) => die(`its thread exited with code ${code}`));

  const call = <R>(message: Record<string, unknown>): Promise<R> => {
    if (dead) return Promise.reject(dead);
    const id = nextId++;
    return new Promise<R>((resolve, reject) => {
      if (pending.size === 0) worker.ref();
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ ...message, id });
    });
  };
  const query = async <T>(tx: number | undefined, sql: string, params: unknown[] | undefined, options: QueryOptions | undefined): Promise<Results<T>> => {
    const result = await call<Results<T>>({ op: 'query', tx, sql, params, rowMode: options?.rowMode, rawTypes: rawTypes(options) });
    return applyParsers(result, options?.parsers as Record<number, Parser> | undefined);
  };
  const exec = async (tx: number | undefined, sql: string, options: QueryOptions | undefined): Promise<Results[]> => {
    const results = await call<Results[]>({ op: 'exec', tx, sql, rowMode: options?.rowMode, rawTypes: rawTypes(options) });
    return results.map((r) => applyParsers(r, options?.parsers as Record<number, Parser> | undefined));
  };

  try {
    await opened;
  } catch (error) {
    await worker.terminate();
    throw error;
  }

  const client: PgliteThread = {
    worker,
    query: (sql, params, options) => query(undefined, sql, params, options),
    exec: (sql, options) => exec(undefined, sql, options),
    async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
      const id = nextId;
      await call({ op: 'begin' });
      let closed = false;
      const tx = {
        query: <R>(sql: string, params?: unknown[], options?: QueryOptions) => query<R>(id, sql, params, options),
        exec: (sql: string, options?: QueryOptions) => exec(id, sql, options),
        sql: () => Promise.reject(new Error('tx.sql is not available across the database thread; use tx.query')),
        rollback: async () => {
          await call({ op: 'rollback', tx: id });
          closed = true;
        },
        listen: () => Promise.reject(new Error('LISTEN is not available across the database thread')),
        get closed() {
          return closed;
        },
      } as unknown as Transaction;
      let value: T;
      try {
        value = await fn(tx);
      } catch (error) {
        await call({ op: 'end', tx: id, commit: false }).catch(() => {});
        throw error;
      }
      await call({ op: 'end', tx: id, commit: !closed });
      return value;
    },
    dumpDataDir: (compression) => call<Blob>({ op: 'dump', compression }),
    async close() {
      if (dead) return;
      await call({ op: 'close' }).catch(() => {});
      dead = new PgliteThreadError('the embedded database is closed');
      await worker.terminate();
    },
  };
  return client as PgliteThread & PGlite;
}
