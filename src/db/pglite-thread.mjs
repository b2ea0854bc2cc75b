// The embedded database (PGlite) in a worker thread of its own (decision 065): the server's thread
// renders pages and answers HTTP while this thread executes SQL. Plain JavaScript, not compiled, so
// the same file runs under `npm start` (dist/), tsx and vitest. The other side is
// src/db/pglite-thread.ts, which speaks to this file with the messages below.
//
// in:  { id, op: 'query', tx, sql, params, rowMode, rawTypes }   → { id, result } | { id, error }
//      { id, op: 'exec', tx, sql, rowMode, rawTypes }             → { id, result: Results[] }
//      { id, op: 'begin' }                                        → { id, result: null } once inside
//      { id, op: 'end', tx, commit }                              → { id, result } when committed/rolled back
//      { id, op: 'rollback', tx }                                 → { id, result: null }
//      { id, op: 'dump', compression }                            → { id, result: Blob }
//      { id, op: 'close' }                                        → { id, result: null }
// A transaction's statements go to its own Transaction object, in the order they arrive; PGlite's
// own lock makes every other statement wait until the transaction ends, as in one process.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

const port = parentPort;
if (!port) throw new Error('pglite-thread.mjs runs as a worker thread');

/** Types the caller parses itself (drizzle keeps dates and intervals as text): returned as text. */
const asText = (value) => value;
function options(message) {
  const out = { rowMode: message.rowMode ?? 'object' };
  if (message.rawTypes && message.rawTypes.length > 0) out.parsers = Object.fromEntries(message.rawTypes.map((oid) => [oid, asText]));
  return out;
}

/** An error as plain data: PGlite's DatabaseError fields (code, detail, constraint, …) survive. */
function plainError(error) {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const out = { name: error.name, message: error.message, stack: error.stack };
  for (const [key, value] of Object.entries(error)) {
    if (value === undefined || typeof value === 'function') continue;
    if (key === 'cause' || typeof value === 'object') continue;
    out[key] = value;
  }
  return out;
}

let db;
try {
  db = await PGlite.create(workerData.dataDir ?? undefined, workerData.options ?? {});
} catch (error) {
  port.postMessage({ id: 0, error: plainError(error) });
  process.exit(1);
}

/** Open transactions: id → { tx, end(commit) }. */
const transactions = new Map();
const ROLLBACK = Symbol('rollback');

function begin(id) {
  let resolveInside;
  const inside = new Promise((resolve) => (resolveInside = resolve));
  const done = db
    .transaction(async (tx) => {
      const ended = new Promise((resolve) => transactions.set(id, { tx, end: resolve }));
      resolveInside();
      const commit = await ended;
      if (!commit) throw ROLLBACK;
    })
    .then(
      () => undefined,
      (error) => {
        if (error !== ROLLBACK) throw error;
      },
    )
    .finally(() => transactions.delete(id));
  // The begin answers once the transaction holds the database; a failure to begin answers with it.
  return { inside: Promise.race([inside, done]), done };
}

const ending = new Map();

async function handle(message) {
  switch (message.op) {
    case 'query': {
      const target = message.tx ? transactions.get(message.tx)?.tx : db;
      if (!target) throw new Error(`transaction ${message.tx} is not open`);
      return target.query(message.sql, message.params ?? [], options(message));
    }
    case 'exec': {
      const target = message.tx ? transactions.get(message.tx)?.tx : db;
      if (!target) throw new Error(`transaction ${message.tx} is not open`);
      return target.exec(message.sql, options(message));
    }
    case 'begin': {
      const { inside, done } = begin(message.id);
      ending.set(message.id, done);
      done.catch(() => {});
      await inside;
      return null;
    }
    case 'end': {
      const open = transactions.get(message.tx);
      const done = ending.get(message.tx);
      ending.delete(message.tx);
      if (open) open.end(message.commit === true);
      if (done) await done;
      return null;
    }
    case 'rollback': {
      const open = transactions.get(message.tx);
      if (!open) throw new Error(`transaction ${message.tx} is not open`);
      await open.tx.rollback();
      return null;
    }
    case 'dump':
      return db.dumpDataDir(message.compression ?? 'none');
    case 'close':
      await db.close();
      return null;
    default:
      throw new Error(`unknown operation ${message.op}`);
  }
}

port.on('message', (message) => {
  handle(message).then(
    (result) => {
      port.postMessage({ id: message.id, result });
      if (message.op === 'close') port.close();
    },
    (error) => port.postMessage({ id: message.id, error: plainError(error) }),
  );
});
port.postMessage({ id: 0, result: 'ready' });
