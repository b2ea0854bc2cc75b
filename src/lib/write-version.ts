import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';

/**
 * The database's write version (decision 061): the `xmax` of a snapshot taken now — one past the
 * latest transaction that finished — when no transaction below it is still running; null otherwise
 * (then nothing may be kept).
 *
 * PostgreSQL (and PGlite) give a transaction an id only when it writes, and `xmax` moves whenever a
 * transaction with an id finishes (committed or rolled back). So with a version V: every write by a
 * transaction below V is visible to a read made after V was taken, and the completion of any other
 * write — in this process, the CLI, another server — makes the version move past V. A result read
 * after taking V is therefore exact for as long as the version is still V. One tiny statement; no
 * trigger, no table.
 */
export async function writeVersion(db: Executor): Promise<string | null> {
  const result = (await db.execute(
    sql`select pg_snapshot_xmax(s)::text as xmax, not exists (select 1 from pg_snapshot_xip(s)) as quiet from pg_current_snapshot() s`,
  )) as unknown as { rows: { xmax: string; quiet: boolean }[] };
  const row = result.rows[0];
  return row && row.quiet ? String(row.xmax) : null;
}

/**
 * Results of reads kept while the database's write version stays the same (a small, bounded map per
 * database): `read(db, key, compute)` answers the kept value when nothing was written since it was
 * computed, else computes (and keeps it unless a write was in progress).
 */
export class VersionedCache<T> {
  private readonly byDb = new WeakMap<object, { version: string; values: Map<string, T> }>();

  constructor(private readonly maxEntries = 5_000) {}

  /** The kept values for `keys` (those missing are computed together by `computeMissing`). */
  async readMany(db: Executor, keys: string[], computeMissing: (missing: string[]) => Promise<Map<string, T>>): Promise<Map<string, T>> {
    const version = await writeVersion(db);
    let state = this.byDb.get(db);
    if (!state || state.version !== version) {
      state = { version: version ?? '', values: new Map() };
      if (version !== null) this.byDb.set(db, state);
      else this.byDb.delete(db);
    }
    const out = new Map<string, T>();
    const missing: string[] = [];
    for (const key of keys) {
      const kept = version === null ? undefined : state.values.get(key);
      if (kept === undefined) missing.push(key);
      else out.set(key, kept);
    }
    if (missing.length === 0) return out;
    const computed = await computeMissing(missing);
    for (const [key, value] of computed) {
      out.set(key, value);
      if (version !== null) {
        if (state.values.size >= this.maxEntries) state.values.clear();
        state.values.set(key, value);
      }
    }
    return out;
  }
}
