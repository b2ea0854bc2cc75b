import fs from 'node:fs';
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { openPglite, type OpenDatabase } from './client.js';
import { PgliteThreadError, type PgliteThread } from './pglite-thread.js';
import { members } from './schema/index.js';

// The embedded database in a worker thread (decision 065) must answer exactly as PGlite in the same
// thread: the same rows and types, transactions that nothing interleaves with, PGlite's error codes.
const snapshot = () => new Blob([fs.readFileSync(inject('pgliteSnapshot'))]);

let threaded: OpenDatabase;
let inline: OpenDatabase;
beforeAll(async () => {
  [threaded, inline] = await Promise.all([openPglite(null, { thread: true, loadDataDir: snapshot() }), openPglite(null, { loadDataDir: snapshot() })]);
});
afterAll(async () => {
  await Promise.all([threaded?.close(), inline?.close()]);
});

const rowsOf = (r: unknown) => (r as { rows: Record<string, unknown>[] }).rows;

describe('PGlite in a worker thread', () => {
  it('returns the same rows, with the same types, as PGlite in this thread', async () => {
    for (const database of [threaded, inline]) {
      await database.db.insert(members).values([
        { code: 'TH1', name: { es: 'Uno', en: 'One' }, createdAt: new Date('2026-01-02T03:04:05.678Z'), updatedAt: new Date('2026-01-02T03:04:05.678Z') },
        { code: 'TH2', name: { es: 'Dos' }, countryCode: 'CL', createdAt: new Date('2026-02-03T04:05:06Z'), updatedAt: new Date('2026-02-03T04:05:06Z') },
      ]);
    }
    const read = async (database: OpenDatabase) => ({
      typed: await database.db.select().from(members).where(sql`${members.code} like 'TH%'`).orderBy(asc(members.code)),
      raw: rowsOf(
        await database.db.execute(
          sql`select code, name, created_at, created_at::date as day, interval '2 days' as span, array[1.5, 2]::numeric[] as nums, 42::bigint as big, '\\x0102'::bytea as bytes from members where code like 'TH%' order by code`,
        ),
      ),
    });
    const [a, b] = [await read(threaded), await read(inline)];
    expect(a.typed).toHaveLength(2);
    expect(a.typed[0]!.createdAt).toBeInstanceOf(Date);
    expect(a.typed[0]!.createdAt.toISOString()).toBe('2026-01-02T03:04:05.678Z');
    expect(a.typed[0]!.name).toEqual({ es: 'Uno', en: 'One' });
    expect(a.typed.map(({ id: _a, ...rest }) => rest)).toEqual(b.typed.map(({ id: _b, ...rest }) => rest));
    expect(a.raw).toEqual(b.raw);
    expect(typeof a.raw[0]!.created_at).toBe('string');
    expect(a.raw[0]!.bytes).toBeInstanceOf(Uint8Array);
  });

  it('commits a transaction, and rolls back one that throws', async () => {
    await threaded.db.transaction(async (tx) => {
      await tx.insert(members).values({ code: 'TX-OK', name: { es: 'Sí' } });
      await tx.update(members).set({ countryCode: 'UY' }).where(eq(members.code, 'TX-OK'));
    });
    await expect(
      threaded.db.transaction(async (tx) => {
        await tx.insert(members).values({ code: 'TX-NO', name: { es: 'No' } });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await expect(
      threaded.db.transaction(async (tx) => {
        await tx.insert(members).values({ code: 'TX-RB', name: { es: 'No' } });
        tx.rollback();
      }),
    ).rejects.toThrow();
    const codes = (await threaded.db.select({ code: members.code, country: members.countryCode }).from(members).where(sql`${members.code} like 'TX-%'`).orderBy(asc(members.code))).map((r) => `${r.code}:${r.country}`);
    expect(codes).toEqual(['TX-OK:UY']);
  });

  it('lets no other statement in while a transaction is open (one connection, as in PGlite)', async () => {
    const events: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inside!: () => void;
    const entered = new Promise<void>((resolve) => (inside = resolve));
    const transaction = threaded.db.transaction(async (tx) => {
      await tx.insert(members).values({ code: 'TX-ISO', name: { es: 'Aislado' } });
      inside();
      await held;
      await tx.update(members).set({ countryCode: 'PE' }).where(eq(members.code, 'TX-ISO'));
      events.push('transaction: last statement');
    });
    await entered;
    const outside = threaded.db
      .select({ country: members.countryCode })
      .from(members)
      .where(eq(members.code, 'TX-ISO'))
      .then((rows) => {
        events.push('outside read');
        return rows;
      });
    // The outside read is sent while the transaction is open; it must not run inside it.
    await new Promise((resolve) => setImmediate(resolve));
    events.push('transaction released');
    release();
    await transaction;
    expect(await outside).toEqual([{ country: 'PE' }]);
    expect(events).toEqual(['transaction released', 'transaction: last statement', 'outside read']);
  });

  it("keeps PostgreSQL's error code, so a unique violation is recognised", async () => {
    const error = await threaded.db
      .insert(members)
      .values({ code: 'TH1', name: { es: 'Repetido' } })
      .then(
        () => null,
        (e: unknown) => e,
      );
    const codes: unknown[] = [];
    for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) codes.push(e.code);
    expect(codes).toContain('23505');
  });

  it('dumps its data folder, which PGlite loads again', async () => {
    const dump = await threaded.pglite!.dumpDataDir('gzip');
    const copy = await openPglite(null, { loadDataDir: new Blob([await dump.arrayBuffer()]) });
    try {
      expect((await copy.db.select({ code: members.code }).from(members).where(eq(members.code, 'TX-OK'))).length).toBe(1);
    } finally {
      await copy.close();
    }
  });

  it('answers a clear error, and does not take the process down, when its thread dies', async () => {
    const doomed = await openPglite(null, { thread: true, loadDataDir: snapshot() });
    const client = doomed.pglite as unknown as PgliteThread;
    const running = doomed.db.execute(sql`select pg_sleep(0.2)`).then(
      () => null,
      (e: unknown) => e,
    );
    await client.worker.terminate();
    const during = await running;
    const after = await doomed.db.execute(sql`select 1`).then(
      () => null,
      (e: unknown) => e,
    );
    for (const e of [during, after]) {
      const chain: unknown[] = [];
      for (let x = e as { cause?: unknown } | undefined, depth = 0; x && depth < 4; x = x.cause as typeof x, depth++) chain.push(x);
      const stopped = chain.find((x) => x instanceof PgliteThreadError) as Error | undefined;
      expect(stopped?.message).toMatch(/embedded database stopped.*restart the server/);
    }
    await doomed.close();
  });
});
