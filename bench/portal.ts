/**
 * The portal at OGP's scale (issue 13): 300 members, 1,500 plans, 20,000 commitments, 120,000
 * milestones (`bench/ogp-scale.ts`), the page cache off (every request rendered from the database).
 * Goal on PostgreSQL: p99 ≤ 100 ms at 20 connections for search, home, a member page, a plan page
 * and the API lists. On PGlite: the same requests one at a time, to record how far it goes.
 *
 *   npx tsx bench/portal.ts            # PostgreSQL (started here) then PGlite
 *   BENCH_DURATION=10 BENCH_CONNECTIONS=20 BENCH_PGLITE=0 npx tsx bench/portal.ts
 */
import { sql } from 'drizzle-orm';
import { createApp } from '../src/app.js';
import { openPglite, openPostgres, type OpenDatabase } from '../src/db/client.js';
import { startPostgres } from '../tests/support/postgres-server.js';
import { listenApp, load } from './load.js';
import { generateOgpScale } from './ogp-scale.js';
import { measureScaleCpu } from './scale-cpu.js';

const NOW = new Date('2026-11-23T12:00:00Z');
const DURATION_S = Number(process.env.BENCH_DURATION ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const GOAL_P99 = 100;

async function paths(db: OpenDatabase['db']): Promise<[string, string][]> {
  const plan = (await db.execute(sql`select id from action_plans order by id offset 700 limit 1`)) as unknown as { rows: { id: number }[] };
  const planId = plan.rows[0]!.id;
  return [
    ['search "transparencia"', '/search?q=transparencia'],
    ['search "institucionalizacion" + member', '/search?q=institucionalizacion&member=M042'],
    ['search filters only (delayed, value)', '/search?delayed=1&value=civic_participation&member=M007'],
    ['home', '/'],
    ['member page', '/members/M042'],
    ['plan page', `/plans/${planId}`],
    ['API search', '/api/v1/search?q=open%20data'],
    ['API commitments (page 1)', '/api/v1/commitments?limit=50'],
    ['API commitments (filtered, deep page)', '/api/v1/commitments?status=complete&limit=50&offset=2000'],
    ['API institutions', '/api/v1/institutions?limit=50&offset=1000'],
    ['API members', '/api/v1/members?limit=50'],
    ['API plans', '/api/v1/plans?limit=50&offset=500'],
  ];
}

async function explain(db: OpenDatabase['db'], label: string, query: ReturnType<typeof sql>): Promise<string> {
  const r = (await db.execute(sql`explain (analyze, costs off, timing off, summary on) ${query}`)) as unknown as { rows: Record<string, string>[] };
  return `-- ${label}\n${r.rows.map((row) => Object.values(row)[0]).join('\n')}`;
}

export interface PortalRow {
  label: string;
  path: string;
  bytes: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  failed: number;
  /** The app's CPU per request, one at a time (bench/scale-cpu.ts); PostgreSQL's when readable. */
  cpuMs: number;
  dbCpuMs: number | null;
}

/**
 * Issue 13's scale benchmark on PostgreSQL (`npm run bench`, part "portal"): a throw-away server,
 * the generated data, then each request at `connections` connections, uncached, and its CPU per
 * request one at a time.
 */
export async function benchPortalPostgres(durationS: number, connections: number, log: (line: string) => void = () => {}): Promise<{ generatedMs: number; rows: PortalRow[] }> {
  const server = await startPostgres();
  try {
    const admin = await openPostgres(server.url('postgres'), { max: 1 });
    await admin.db.execute(sql`create database scale`);
    await admin.close();
    const database = await openPostgres(server.url('scale'), { max: connections });
    try {
      await database.migrate();
      const t0 = performance.now();
      await generateOgpScale(database.db, (l) => log(`generate ${l}`));
      const generatedMs = performance.now() - t0;
      const cpu = new Map((await measureScaleCpu(database.db, 10, undefined, await paths(database.db))).map((r) => [r.path, r]));
      const app = createApp({ db: database.db, now: () => NOW, pageCacheTtlMs: 0 });
      const listening = await listenApp((r) => app.fetch(r));
      const rows: PortalRow[] = [];
      try {
        for (const [label, path] of await paths(database.db)) {
          const first = await fetch(`${listening.url}${path}`);
          if (first.status !== 200) throw new Error(`${path}: ${first.status}`);
          const bytes = (await first.arrayBuffer()).byteLength;
          await load(`${listening.url}${path}`, { connections, durationS: 1 });
          await listening.idle();
          const r = await load(`${listening.url}${path}`, { connections, durationS });
          await listening.idle();
          const c = cpu.get(path);
          rows.push({ label, path, bytes, requestsPerSecond: r.requestsPerSecond, p50Ms: r.p50Ms, p99Ms: r.p99Ms, failed: r.errors + r.non2xx + r.timeouts, cpuMs: c?.cpuMs ?? Number.NaN, dbCpuMs: c?.dbCpuMs ?? null });
          log(`${label}: p99 ${r.p99Ms} ms`);
        }
      } finally {
        await listening.close();
      }
      return { generatedMs, rows };
    } finally {
      await database.close();
    }
  } finally {
    server.stop();
  }
}

async function main() {
  const lines: string[] = [];
  const out = (l: string) => {
    lines.push(l);
    console.log(l);
  };
  // ---- PostgreSQL
  if (process.env.BENCH_POSTGRES !== '0') {
    const server = await startPostgres();
    const admin = await openPostgres(server.url('postgres'), { max: 1 });
    await admin.db.execute(sql`create database scale`);
    await admin.close();
    const database = await openPostgres(server.url('scale'), { max: CONNECTIONS });
    try {
      await database.migrate();
      const t0 = performance.now();
      const counts = await generateOgpScale(database.db, (l) => console.error(`  generate ${l}`));
      out(`PostgreSQL: generated ${JSON.stringify(counts)} in ${Math.round(performance.now() - t0)} ms`);
      const app = createApp({ db: database.db, now: () => NOW, pageCacheTtlMs: 0 });
      const listening = await listenApp((r) => app.fetch(r));
      out(`\n| request (PostgreSQL, ${CONNECTIONS} connections, ${DURATION_S} s, uncached) | req/s | p50 ms | p99 ms | errors | goal p99 ≤ ${GOAL_P99} ms |`);
      out('|---|---|---|---|---|---|');
      for (const [label, path] of await paths(database.db)) {
        const first = await fetch(`${listening.url}${path}`);
        if (first.status !== 200) throw new Error(`${path}: ${first.status}`);
        const bytes = (await first.arrayBuffer()).byteLength;
        await load(`${listening.url}${path}`, { connections: CONNECTIONS, durationS: 1 });
        await listening.idle();
        const r = await load(`${listening.url}${path}`, { connections: CONNECTIONS, durationS: DURATION_S });
        await listening.idle();
        out(`| ${label} \`${path}\` (${Math.round(bytes / 1024)} KB) | ${Math.round(r.requestsPerSecond)} | ${r.p50Ms} | ${r.p99Ms} | ${r.errors + r.non2xx + r.timeouts} | ${r.p99Ms <= GOAL_P99 ? 'met' : 'missed'} |`);
      }
      await listening.close();
      out('\nQuery plans (PostgreSQL):\n```');
      out(
        await explain(
          database.db,
          'search: commitments matching "transparencia"',
          sql`select c.id, ts_rank(c.search, q.q) from commitments c, (select websearch_to_tsquery('spanish', abierto_fold('transparencia')) || websearch_to_tsquery('english', abierto_fold('transparencia')) as q) q where c.search @@ q.q order by 2 desc limit 20`,
        ),
      );
      out(
        await explain(
          database.db,
          'search: milestones matching "monitoreos" of one member',
          sql`select m.id from milestones m join commitments c on c.id = m.commitment_id join action_plans p on p.id = c.plan_id join members mb on mb.id = p.member_id, (select websearch_to_tsquery('spanish', abierto_fold('monitoreos')) || websearch_to_tsquery('english', abierto_fold('monitoreos')) as q) q where m.search @@ q.q and lower(mb.code) = lower('M042')`,
        ),
      );
      out(await explain(database.db, 'API commitments by plan', sql`select c.id from commitments c where c.plan_id = 700 order by c.position`));
      out('```');
    } finally {
      await database.close();
      server.stop();
    }
  }
  // ---- PGlite
  if (process.env.BENCH_PGLITE !== '0') {
    const database = await openPglite(null);
    try {
      await database.migrate();
      const t0 = performance.now();
      const counts = await generateOgpScale(database.db, (l) => console.error(`  generate ${l}`));
      out(`\nPGlite (memory): generated ${JSON.stringify(counts)} in ${Math.round(performance.now() - t0)} ms`);
      const app = createApp({ db: database.db, now: () => NOW, pageCacheTtlMs: 0 });
      out('\n| request (PGlite, one at a time, 10 requests, uncached) | median ms | max ms |');
      out('|---|---|---|');
      for (const [label, path] of await paths(database.db)) {
        const times: number[] = [];
        for (let i = 0; i < 10; i += 1) {
          const s = performance.now();
          const res = await app.request(path);
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
          times.push(performance.now() - s);
        }
        times.sort((a, b) => a - b);
        out(`| ${label} | ${Math.round(times[5]!)} | ${Math.round(times[9]!)} |`);
      }
    } finally {
      await database.close();
    }
  }
}

if (process.argv[1]?.endsWith('portal.ts')) await main();
