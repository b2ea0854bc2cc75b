/**
 * Uncached page cost (`npx tsx bench/cold.ts [runs]`; `node --cpu-prof --import tsx bench/cold.ts`
 * to profile it): the bench plan in PGlite in memory, then the plan page and one commitment page
 * requested `runs` times each with the page cache off; prints the medians, render and query apart.
 */
import { createApp } from '../src/app.js';
import { openPglite } from '../src/db/client.js';
import { getCommitmentDetail } from '../src/features/commitments/queries.js';
import { getPlanDetail } from '../src/features/plans/queries.js';
import { seedBenchPlan } from './seed.js';

const NOW = new Date('2026-11-23T12:00:00Z');
const runs = Number(process.argv[2] ?? 200);
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] as number;

const database = await openPglite(null);
await database.migrate();
const seeded = await seedBenchPlan(database.db, NOW);
const app = createApp({ db: database.db, now: () => NOW, pageCacheTtlMs: 0 });
const commitmentId = seeded.commitmentIds[Math.floor(seeded.commitmentIds.length / 2)] as number;
for (const [name, path, query] of [
  ['plan', `/plans/${seeded.planId}`, () => getPlanDetail(database.db, seeded.planId, NOW)],
  ['commitment', `/commitments/${commitmentId}`, () => getCommitmentDetail(database.db, commitmentId, NOW)],
] as const) {
  const page: number[] = [];
  const q: number[] = [];
  // CPU time as well as wall time: on a busy machine the wall time measures the other processes.
  let pageCpu = 0;
  let queryCpu = 0;
  for (let i = 0; i < runs; i += 1) {
    let cpu = process.cpuUsage();
    let t = performance.now();
    const res = await app.request(path);
    await res.text();
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
  console.log(
    `${name}: page ${median(page).toFixed(2)} ms wall (median), ${(pageCpu / runs).toFixed(2)} ms CPU (mean); query ${median(q).toFixed(2)} ms wall, ${(queryCpu / runs).toFixed(2)} ms CPU (${runs} runs)`,
  );
}
await database.close();
