/**
 * The server of the soak (bench/soak.ts), in a process of its own so that its resident memory is
 * measured alone: the app with its page cache on, on the PGlite database in DATA_DIR (already
 * seeded), and a write every 200 ms (a milestone touched, the cache invalidated as a command does).
 * Prints `port N` once listening, then `writes N` when it receives SIGTERM, and exits.
 */
import fs from 'node:fs';
import v8 from 'node:v8';
import { serve } from '@hono/node-server';
import { eq, sql } from 'drizzle-orm';
import { createApp } from '../src/app.js';
import { openPglite } from '../src/db/client.js';
import { milestones } from '../src/db/schema/index.js';
import { admissionLimits } from '../src/lib/admission.js';
import { boundHeapGrowth } from '../src/lib/heap.js';

// As src/server.ts does (BENCH_SOAK_HEAP_GROWING_PERCENT overrides it, for comparisons).
boundHeapGrowth(process.env.BENCH_SOAK_HEAP_GROWING_PERCENT ? Number(process.env.BENCH_SOAK_HEAP_GROWING_PERCENT) : undefined);
const now = new Date(process.env.BENCH_NOW ?? Date.now());
// PGlite in a worker thread, as `npm start` runs it (decision 065); PGLITE_THREAD=0 keeps it here.
const database = await openPglite(process.env.DATA_DIR as string, { thread: process.env.PGLITE_THREAD !== '0' });
await database.migrate();
const app = createApp({ db: database.db, now: () => now, admission: admissionLimits(database.driver), log: () => {} });
const [first] = await database.db.select({ id: milestones.id }).from(milestones).orderBy(milestones.id).limit(1);
let writes = 0;
const writer = setInterval(() => {
  void database.db
    .update(milestones)
    .set({ updatedAt: sql`now()` })
    .where(eq(milestones.id, first!.id))
    .then(() => {
      writes += 1;
      app.deps.cache.invalidate();
    });
}, 200);
// What the process holds, every 5 s (bench/soak.ts reports what grew): V8's heap (used, reserved, and
// its code), memory outside it (Buffers, ArrayBuffers, PGlite's WebAssembly memory) and the resident
// total with its anonymous part (the rest is the node binary and libraries mapped from files).
// BENCH_SOAK_GC=1 with --expose-gc collects garbage before each sample: what is live, not what waits.
/** Resident bytes of the memory mapping exactly `size` bytes long (PGlite's WebAssembly memory). */
function touchedMapping(size: number): number {
  const kb = size / 1024;
  const lines = fs.readFileSync('/proc/self/smaps', 'utf8').split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    if (!/^[0-9a-f]+-[0-9a-f]+ /.test(lines[i]!)) continue;
    const [from, to] = lines[i]!.split(' ')[0]!.split('-').map((h) => parseInt(h, 16)) as [number, number];
    if ((to - from) / 1024 !== kb) continue;
    for (let j = i + 1; j < lines.length && !/^[0-9a-f]+-[0-9a-f]+ /.test(lines[j]!); j += 1) {
      const m = /^Rss:\s+(\d+)/.exec(lines[j]!);
      if (m) return Number(m[1]) * 1024;
    }
  }
  return 0;
}
const forceGc = process.env.BENCH_SOAK_GC === '1' ? (globalThis as { gc?: () => void }).gc : undefined;
const sampler = setInterval(() => {
  forceGc?.();
  const m = process.memoryUsage();
  const heap = v8.getHeapStatistics();
  const code = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'code_space')?.space_used_size ?? 0;
  const wasm = (database.pglite as unknown as { mod?: { HEAPU8?: { byteLength: number } } } | undefined)?.mod?.HEAPU8?.byteLength ?? 0;
  const wasmTouched = wasm > 0 ? touchedMapping(wasm) : 0;
  const anon = Number(/RssAnon:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) * 1024;
  const mb = (n: number) => Math.round(n / 2 ** 20);
  console.log(
    `mem ${JSON.stringify({ rss: mb(m.rss), rssAnon: mb(anon), heapUsed: mb(m.heapUsed), heapTotal: mb(m.heapTotal), code: mb(code), malloced: mb(heap.malloced_memory), external: mb(m.external), arrayBuffers: mb(m.arrayBuffers), wasm: mb(wasm), wasmTouched: mb(wasmTouched), cache: mb(app.deps.cache.byteSize) })}`,
  );
}, 5000);
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log(`port ${info.port}`));
process.on('SIGTERM', () => {
  clearInterval(writer);
  clearInterval(sampler);
  console.log(`writes ${writes}`);
  server.close();
  void database.close().finally(() => process.exit(0));
});
