/**
 * Memory under mixed traffic (bench/run.ts part "soak"; the length is BENCH_SOAK_S, default 60 s;
 * the issue asks for 600): the app with its page cache on, in this process, the load from another
 * process (bench/http-client.mjs) so that the resident memory measured is the server's. 30 virtual
 * visitors: half read the public pages, half bust the cache with random query strings and random
 * commitment ids; a write (a milestone's narrative changed, the cache invalidated as a command
 * does) every 200 ms. RSS is sampled every second.
 */
import { eq, sql } from 'drizzle-orm';
import { createApp } from '../src/app.js';
import type { OpenDatabase } from '../src/db/client.js';
import { milestones } from '../src/db/schema/index.js';
import { admissionLimits } from '../src/lib/admission.js';
import { runClient } from './client.js';
import { listenApp } from './load.js';

export interface SoakResult {
  durationS: number;
  rssStartMb: number;
  rssPeakMb: number;
  rssEndMb: number;
  /** Peak RSS in the second half of the run minus in the first half: flat is about zero. */
  rssGrowthMb: number;
  requests: number;
  writes: number;
  p99Ms: number;
  failures: number;
}

const mb = (n: number) => n / 2 ** 20;

export async function benchSoak(database: OpenDatabase, seeded: { planId: number; commitmentIds: number[] }, now: Date, durationS: number): Promise<SoakResult> {
  const app = createApp({ db: database.db, now: () => now, admission: admissionLimits(database.driver), log: () => {} });
  const server = await listenApp(app.fetch);
  const ids = seeded.commitmentIds;
  const readers = Array.from({ length: 15 }, (_, i) => ({
    headers: {},
    paths: ['/', `/plans/${seeded.planId}`, `/commitments/${ids[i % ids.length]}`, `/commitments/${ids[(i * 7) % ids.length]}?lang=en`],
  }));
  const busters = Array.from({ length: 15 }, (_, i) => ({
    headers: {},
    paths: [`/plans/${seeded.planId}?utm={rand}`, `/?q={rand}`, `/commitments/${ids[(i * 3) % ids.length]}?x={rand}&y={rand}`, `/commitments/{rand}`, `/repository?plan={rand}`],
  }));
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
  const samples: number[] = [];
  const sampler = setInterval(() => samples.push(process.memoryUsage().rss), 1000);
  const rssStart = process.memoryUsage().rss;
  try {
    const r = await runClient(server.url, [...readers, ...busters], durationS);
    const half = Math.floor(samples.length / 2);
    const firstHalf = Math.max(...samples.slice(0, Math.max(1, half)));
    const secondHalf = Math.max(...samples.slice(half));
    return {
      durationS,
      rssStartMb: mb(rssStart),
      rssPeakMb: mb(Math.max(...samples)),
      rssEndMb: mb(samples.at(-1) ?? rssStart),
      rssGrowthMb: mb(secondHalf - firstHalf),
      requests: r.total,
      writes,
      p99Ms: r.p99Ms,
      failures: r.errors + r.timeouts + Object.entries(r.statuses).filter(([s]) => Number(s) >= 500).reduce((n, [, v]) => n + v, 0),
    };
  } finally {
    clearInterval(writer);
    clearInterval(sampler);
    await server.close();
  }
}
