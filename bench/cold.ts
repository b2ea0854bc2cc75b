/**
 * Uncached page cost (`npx tsx bench/cold.ts [runs]`): the bench plan, then the plan page and one
 * commitment page requested `runs` times each with the page cache off; prints the medians and the
 * CPU time per request, the page and its query apart, and how many statements each page runs.
 *
 * - PGlite in memory by default; `DATABASE_URL=postgres://…` uses that (empty) PostgreSQL database,
 *   and `--postgres` starts a throw-away PostgreSQL server (as `npm run bench` does).
 * - `--profile <prefix>` writes one CPU profile per page (`<prefix>-plan.cpuprofile`, …) of `runs`
 *   more requests of the page alone (`node bench/profile-summary.mjs <file> 40` summarises one).
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createApp } from '../src/app.js';
import { openPglite, openPostgres, type OpenDatabase } from '../src/db/client.js';
import { getCommitmentDetail } from '../src/features/commitments/queries.js';
import { getPlanDetail } from '../src/features/plans/queries.js';
import { startPostgres, type PostgresServer } from '../tests/support/postgres-server.js';
import { logStatements } from '../tests/support/statements.js';
import { seedBenchPlan } from './seed.js';

const NOW = new Date('2026-11-23T12:00:00Z');
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const profilePrefix = option('--profile');
const runs = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--profile') ?? 200);
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] as number;

let server: PostgresServer | undefined;
let database: OpenDatabase;
if (process.env.DATABASE_URL) database = await openPostgres(process.env.DATABASE_URL);
else if (flag('--postgres')) {
  server = await startPostgres();
  database = await openPostgres(server.url('postgres'));
} else database = await openPglite(null);
try {
  await database.migrate();
  const seeded = await seedBenchPlan(database.db, NOW);
  const app = createApp({ db: database.db, now: () => NOW, pageCacheTtlMs: 0 });
  const commitmentId = seeded.commitmentIds[Math.floor(seeded.commitmentIds.length / 2)] as number;
  console.log(`driver: ${database.driver}`);
  const log = logStatements(database.db);
  for (const [name, path, query] of [
    ['plan', `/plans/${seeded.planId}`, () => getPlanDetail(database.db, seeded.planId, NOW)],
    ['commitment', `/commitments/${commitmentId}`, () => getCommitmentDetail(database.db, commitmentId, NOW)],
  ] as const) {
    // Warm up (and count the statements of one request).
    for (let i = 0; i < 20; i += 1) await (await app.request(path)).text();
    log.reset();
    const res = await app.request(path);
    const bytes = (await res.arrayBuffer()).byteLength;
    const statements = log.texts.length;
    const page: number[] = [];
    const q: number[] = [];
    // CPU time as well as wall time: on a busy machine the wall time measures the other processes.
    let pageCpu = 0;
    let queryCpu = 0;
    for (let i = 0; i < runs; i += 1) {
      let cpu = process.cpuUsage();
      let t = performance.now();
      const res = await app.request(path);
      await res.arrayBuffer();
      page.push(performance.now() - t);
      let used = process.cpuUsage(cpu);
      pageCpu += (used.user + used.system) / 1000;
      cpu = process.cpuUsage();
      t = performance.now();
      await query();
      q.push(performance.now() - t);
      used = process.cpuUsage(cpu);
      queryCpu += (used.user + used.system) / 1000;
    }
    if (profilePrefix) {
      // The page alone, under the profiler.
      const session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
      for (let i = 0; i < runs; i += 1) await (await app.request(path)).arrayBuffer();
      const { profile } = await session.post('Profiler.stop');
      fs.writeFileSync(`${profilePrefix}-${name}.cpuprofile`, JSON.stringify(profile));
      session.disconnect();
    }
    console.log(
      `${name}: page ${median(page).toFixed(2)} ms wall (median), ${(pageCpu / runs).toFixed(2)} ms CPU (mean), ${statements} statements, ${bytes} bytes; query ${median(q).toFixed(2)} ms wall, ${(queryCpu / runs).toFixed(2)} ms CPU (${runs} runs)`,
    );
  }
  log.restore();
} finally {
  await database.close();
  server?.stop();
}
