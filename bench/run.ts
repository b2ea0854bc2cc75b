/**
 * `npm run bench`: how fast the public pages are under load, against the ceiling of serving the same
 * bytes from memory. Goal (per page, at 50 connections): app req/s ÷ static req/s ≥ 0.5 and p99 ≤ 50 ms.
 *
 * Options (environment): BENCH_DURATION seconds per load (default 10), BENCH_CONNECTIONS (default 50),
 * BENCH_POSTGRES=1 to require the PostgreSQL run, =0 to skip it (default: run it when the server
 * binaries are installed). A goal not met is reported, not an error: the exit code is 0 unless the
 * benchmark itself could not run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { createApp } from '../src/app.js';
import { openPglite, openPostgres, type OpenDatabase } from '../src/db/client.js';
import { getCommitmentDetail } from '../src/features/commitments/queries.js';
import { getPlanDetail } from '../src/features/plans/queries.js';
import { findPostgresBin, startPostgres, type PostgresServer } from '../tests/support/postgres-server.js';
import { listenApp, listenStatic, load, type Listening, type LoadResult, type StaticPage } from './load.js';
import { benchReports } from './reports.js';
import { BENCH_COMMITMENTS, BENCH_MILESTONES, seedBenchPlan } from './seed.js';
import { runIngestBench } from './ingest.js';
import { admissionLimits } from '../src/lib/admission.js';
import { benchStartup, describeStartup, type StartupRow } from './startup.js';
import { benchSignedIn, type SignedInResult } from './signed-in.js';
import { benchSoak, type SoakResult } from './soak.js';
import { benchPortalPostgres, type PortalRow } from './portal.js';

const GOAL_RATIO = 0.5;
const GOAL_P99_MS = 50;
const COLD_RUNS = 20;
/** The app's clock: fixed, so "delayed" milestones (and so the pages) are the same on every run. */
const NOW = new Date('2026-11-23T12:00:00Z');

function envInt(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  return n;
}

const DURATION_S = envInt('BENCH_DURATION', 10, 1, 300);
const SOAK_S = envInt('BENCH_SOAK_S', 60, 5, 3600);
const SIGNED_IN_USERS = 50;
/** Which parts run (BENCH_PARTS, comma-separated): each is bounded in time and can run alone. */
const ALL_PARTS = ['startup', 'pages', 'signedin', 'soak', 'portal', 'reports', 'ingest'] as const;
const PARTS = new Set(
  (process.env.BENCH_PARTS ?? ALL_PARTS.join(',')).split(',').map((p) => p.trim()).filter((p) => {
    if (!(ALL_PARTS as readonly string[]).includes(p)) throw new Error(`BENCH_PARTS: unknown part "${p}" (parts: ${ALL_PARTS.join(', ')})`);
    return true;
  }),
);
const CONNECTIONS = envInt('BENCH_CONNECTIONS', 50, 1, 1000);
/** Issue 13's scale benchmark runs at 20 connections (its goal's figure). */
const PORTAL_CONNECTIONS = envInt('BENCH_PORTAL_CONNECTIONS', 20, 1, 1000);
/** A short load before each measured one, so the JIT and the page cache are warm. */
const WARMUP_S = Math.min(2, DURATION_S);

let lastSeeded: { planId: number; commitmentIds: number[] } = { planId: 0, commitmentIds: [] };

interface Page {
  name: 'plan' | 'commitment';
  path: string;
}

interface Row {
  page: Page['name'];
  mode: string;
  isStatic: boolean;
  result: LoadResult;
}

interface Cold {
  driver: string;
  page: Page['name'];
  firstMs: number;
  medianMs: number;
  queryMedianMs: number;
}

const median = (values: number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** Opens, migrates and fills a database with the benchmark plan; returns the pages to load. */
async function prepare(database: OpenDatabase): Promise<Page[]> {
  await database.migrate();
  const seeded = await seedBenchPlan(database.db, NOW);
  lastSeeded = seeded;
  if (seeded.commitmentIds.length !== BENCH_COMMITMENTS) throw new Error(`expected ${BENCH_COMMITMENTS} commitments, imported ${seeded.commitmentIds.length}`);
  console.log(`  ${database.driver}: imported ${BENCH_COMMITMENTS} × ${BENCH_MILESTONES} in ${fmt(seeded.importMs)} ms`);
  // A commitment from the middle of the plan: all have the same shape, any is representative.
  const commitmentId = seeded.commitmentIds[Math.floor(seeded.commitmentIds.length / 2)] as number;
  return [
    { name: 'plan', path: `/plans/${seeded.planId}` },
    { name: 'commitment', path: `/commitments/${commitmentId}` },
  ];
}

/** Render cost of each page with the cache off: the first request, then the median of COLD_RUNS, and the query alone. */
async function coldRenders(database: OpenDatabase, pages: Page[]): Promise<Cold[]> {
  const app = createApp({ db: database.db, now: () => NOW, pageCacheTtlMs: 0, log: (line) => console.error(line) });
  const out: Cold[] = [];
  for (const page of pages) {
    const id = Number(page.path.split('/').pop());
    const request = async () => {
      const res = await app.request(page.path);
      if (res.status !== 200) throw new Error(`${page.path} answered ${res.status}`);
      await res.text();
    };
    const query = () => (page.name === 'plan' ? getPlanDetail(database.db, id, NOW) : getCommitmentDetail(database.db, id, NOW));
    const firstMs = await time(request);
    const runs: number[] = [];
    for (let i = 0; i < COLD_RUNS; i += 1) runs.push(await time(request));
    const queries: number[] = [];
    for (let i = 0; i < COLD_RUNS; i += 1) queries.push(await time(query));
    out.push({ driver: database.driver, page: page.name, firstMs, medianMs: median(runs), queryMedianMs: median(queries) });
  }
  return out;
}

async function measure(server: Listening, page: Page): Promise<LoadResult> {
  await load(server.url + page.path, { connections: CONNECTIONS, durationS: WARMUP_S });
  await server.idle();
  const result = await load(server.url + page.path, { connections: CONNECTIONS, durationS: DURATION_S });
  await server.idle();
  console.log(
    `    ${page.name.padEnd(10)} ${fmt(result.requestsPerSecond).padStart(7)} req/s  p99 ${fmt(result.p99Ms).padStart(4)} ms` +
      (result.errors + result.timeouts + result.non2xx > 0 ? `  (errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx})` : ''),
  );
  return result;
}

async function loadApp(database: OpenDatabase, pages: Page[], mode: string, pageCacheTtlMs: number, rows: Row[]): Promise<void> {
  console.log(`  load: ${mode}`);
  const app = createApp({ db: database.db, now: () => NOW, pageCacheTtlMs, log: (line) => console.error(line), admission: admissionLimits(database.driver) });
  const server = await listenApp(app.fetch);
  try {
    for (const page of pages) rows.push({ page: page.name, mode, isStatic: false, result: await measure(server, page) });
  } finally {
    await server.close();
  }
}

function wantPostgres(): { run: boolean; why: string } {
  const flag = process.env.BENCH_POSTGRES;
  if (flag === '0') return { run: false, why: 'BENCH_POSTGRES=0' };
  if (flag === '1') return { run: true, why: 'BENCH_POSTGRES=1' };
  try {
    return { run: true, why: `server binaries found in ${findPostgresBin()}` };
  } catch {
    return { run: false, why: 'no PostgreSQL server binaries (set BENCH_POSTGRES=1 and PG_BIN, or install postgresql-15)' };
  }
}

function printTable(rows: Row[], bodies: Map<Page['name'], Buffer>): void {
  const header = ['page', 'mode', 'req/s', 'p50 ms', 'p99 ms', 'body B', 'gzip B', 'ratio', 'goal'];
  const lines: string[][] = [];
  for (const row of rows) {
    const reference = rows.find((r) => r.isStatic && r.page === row.page);
    const body = bodies.get(row.page) ?? Buffer.alloc(0);
    const r = row.result;
    const ratio = reference ? r.requestsPerSecond / reference.result.requestsPerSecond : Number.NaN;
    const failures = r.errors + r.timeouts + r.non2xx;
    let goal: string;
    if (row.isStatic) goal = 'reference';
    else {
      const missed: string[] = [];
      if (!(ratio >= GOAL_RATIO)) missed.push(`ratio < ${GOAL_RATIO}`);
      if (!(r.p99Ms <= GOAL_P99_MS)) missed.push(`p99 > ${GOAL_P99_MS} ms`);
      if (failures > 0) missed.push(`${failures} failed requests`);
      goal = missed.length ? `FAIL (${missed.join(', ')})` : 'PASS';
    }
    lines.push([
      row.page,
      row.mode,
      fmt(r.requestsPerSecond),
      fmt(r.p50Ms),
      fmt(r.p99Ms),
      fmt(body.length),
      fmt(gzipSync(body).length),
      Number.isNaN(ratio) ? '—' : ratio.toFixed(2),
      goal,
    ]);
  }
  const numeric = new Set([2, 3, 4, 5, 6, 7]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] as string).length)));
  const render = (cells: string[]) => `| ${cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number))).join(' | ')} |`;
  console.log(render(header));
  console.log(`|${widths.map((w, i) => (numeric.has(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`);
  for (const l of lines) console.log(render(l));
}

function printCold(cold: Cold[]): void {
  console.log('| driver   | page       | first request ms | median of 20 ms | of which query ms |');
  console.log('|----------|------------|-----------------:|----------------:|------------------:|');
  for (const c of cold) {
    console.log(
      `| ${c.driver.padEnd(8)} | ${c.page.padEnd(10)} | ${c.firstMs.toFixed(1).padStart(16)} | ${c.medianMs.toFixed(1).padStart(15)} | ${c.queryMedianMs.toFixed(1).padStart(17)} |`,
    );
  }
}

interface IssueRow {
  what: string;
  now: string;
  goal: string;
  ratio: string;
  met: boolean | null;
}

function printIssueTable(rows: IssueRow[]): void {
  console.log('| what | now | goal | ratio to the same-run baseline | |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.what} | ${r.now} | ${r.goal} | ${r.ratio} | ${r.met === null ? 'not measured here' : r.met ? 'met' : 'MISSED'} |`);
}

async function main(): Promise<void> {
  const postgres = PARTS.has('pages') || PARTS.has('signedin') ? wantPostgres() : { run: false, why: 'not needed by BENCH_PARTS' };
  const loads = 2 * (2 + 1 + (postgres.run ? 1 : 0));
  // Everything is bounded: the loads, plus generous time for setup; past that, stop with an error.
  const budgetS = loads * (DURATION_S + WARMUP_S + 40) + 300 + (PARTS.has('soak') ? SOAK_S + 120 : 0) + (PARTS.has('startup') ? 300 : 0) + (PARTS.has('portal') ? 900 + 12 * (DURATION_S + 15) : 0);
  setTimeout(() => {
    console.error(`bench: still running after ${budgetS} s, giving up`);
    process.exit(2);
  }, budgetS * 1000).unref();

  const cpus = os.cpus();
  const command = `npm run bench (BENCH_PARTS=${[...PARTS].join(',')} BENCH_DURATION=${DURATION_S} BENCH_CONNECTIONS=${CONNECTIONS} BENCH_SOAK_S=${SOAK_S}${process.env.BENCH_POSTGRES ? ` BENCH_POSTGRES=${process.env.BENCH_POSTGRES}` : ''})`;
  console.log('Abierto benchmark');
  console.log(`  date:     ${new Date().toISOString()}`);
  console.log(`  machine:  ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.platform()} ${os.release()}`);
  console.log(`  node:     ${process.version}`);
  const loadavg = () => {
    const [l1, l5] = os.loadavg() as [number, number, number];
    return `${l1.toFixed(2)} (1 min), ${l5.toFixed(2)} (5 min)${l1 > cpus.length * 0.25 ? '  — the machine is busy: numbers will be low and noisy' : ''}`;
  };
  // The load shares the cores with the server: anything else running skews the numbers.
  console.log(`  loadavg:  ${loadavg()}`);
  console.log(`  command:  ${command}`);
  console.log(`  load:     autocannon, ${CONNECTIONS} connections, ${DURATION_S} s per run after ${WARMUP_S} s warm-up, loopback, load generator in a worker thread`);
  console.log(`  plan:     ${BENCH_COMMITMENTS} commitments × ${BENCH_MILESTONES} milestones, Spanish texts, clock fixed at ${NOW.toISOString()}`);
  console.log(`  postgres: ${postgres.run ? 'yes' : 'no'} (${postgres.why})`);
  console.log('');

  const rows: Row[] = [];
  const cold: Cold[] = [];
  const bodies = new Map<Page['name'], Buffer>();
  const issue: IssueRow[] = [];
  let startup: StartupRow[] = [];
  let soak: SoakResult | undefined;
  let signedIn: SignedInResult | undefined;

  if (PARTS.has('startup')) {
    console.log('Start-up (npm start / npm run abierto, compiled; 5 runs)');
    startup = await benchStartup(5);
    for (const r of startup) console.log(`  ${r.what}: ${describeStartup(r)}`);
    console.log(`  loadavg after: ${loadavg()}`);
  }

  if (PARTS.has('pages')) {
    console.log('PGlite (in memory, in a worker thread as `npm start` runs it: decision 065)');
    const pglite = await openPglite(null, { thread: true });
    try {
      const pages = await prepare(pglite);
      if (PARTS.has('pages')) {
        cold.push(...(await coldRenders(pglite, pages)));
        // The bytes the static server answers: each page rendered once by the app.
        const renderer = createApp({ db: pglite.db, now: () => NOW, pageCacheTtlMs: 0 });
        const staticPages = new Map<string, StaticPage>();
        for (const page of pages) {
          const res = await renderer.request(page.path);
          if (res.status !== 200) throw new Error(`${page.path} answered ${res.status}`);
          const body = Buffer.from(await res.arrayBuffer());
          staticPages.set(page.path, { body, contentType: res.headers.get('content-type') ?? 'text/html; charset=UTF-8' });
          bodies.set(page.name, body);
        }
        const reference: Row[] = [];
        console.log('  load: static (pre-rendered bytes from memory, node:http)');
        const server = await listenStatic(staticPages);
        try {
          for (const page of pages) reference.push({ page: page.name, mode: 'static bytes', isStatic: true, result: await measure(server, page) });
        } finally {
          await server.close();
        }
        rows.push(...reference);
        await loadApp(pglite, pages, 'app, cache on, PGlite', 10_000, rows);
        await loadApp(pglite, pages, 'app, cache off, PGlite', 0, rows);
      }
    } finally {
      await pglite.close();
    }
  }

    if (PARTS.has('soak')) {
      console.log(`  soak: ${SOAK_S} s of mixed reads, cache-busting and writes (BENCH_SOAK_S); the server in its own process, PGlite on disk`);
      soak = await benchSoak(NOW, SOAK_S);
      console.log(`    RSS ${fmt(soak.rssStartMb)} MB at start, peak ${fmt(soak.rssPeakMb)} MB, end ${fmt(soak.rssEndMb)} MB; growth second half vs first ${fmt(soak.rssGrowthMb)} MB; ${fmt(soak.requests)} requests, ${soak.writes} writes, p99 ${fmt(soak.p99Ms)} ms, server CPU ${fmt(soak.cpuPerRequestMs, 2)} ms/request, ${soak.failures} failures, ${soak.rejected} answered 503 by the admission queue`);
      if (soak.memory) console.log(`    server memory (MB), first → last sample (peak): ${Object.keys(soak.memory.first).map((k) => `${k} ${soak!.memory!.first[k]} → ${soak!.memory!.last[k]} (${soak!.memory!.peak[k]})`).join(', ')}`);
    }


  if (postgres.run && (PARTS.has('pages') || PARTS.has('signedin'))) {
    console.log('');
    console.log('PostgreSQL (throw-away server on loopback, pool of 10)');
    let server: PostgresServer | undefined;
    let database: OpenDatabase | undefined;
    try {
      server = await startPostgres();
      database = await openPostgres(server.url('postgres'));
      const pages = await prepare(database);
      if (PARTS.has('pages')) {
        cold.push(...(await coldRenders(database, pages)));
        // The same texts are generated from the same seed, so the pages are the same size as on PGlite.
        await loadApp(database, pages, 'app, cache off, PostgreSQL', 0, rows);
      }
      if (PARTS.has('signedin')) {
        console.log(`  load: ${SIGNED_IN_USERS} signed-in people (contacts: /work, report form, draft, /, plan; secretariat: /verification, /work, commitment, /periods), ${DURATION_S} s`);
        signedIn = await benchSignedIn(database, lastSeeded, NOW, { users: SIGNED_IN_USERS, durationS: DURATION_S });
        console.log(`    ${fmt(signedIn.requestsPerSecond)} req/s  p50 ${fmt(signedIn.p50Ms)} ms  p99 ${fmt(signedIn.p99Ms)} ms  (non-2xx ${signedIn.non2xx}, errors ${signedIn.errors}, timeouts ${signedIn.timeouts})`);
        const ms = (v: number | null) => (v === null ? '—' : v.toFixed(2));
        console.log(`    CPU per request: app ${ms(signedIn.appCpuMsPerRequest)} ms, PostgreSQL ${ms(signedIn.dbCpuMsPerRequest)} ms, load generator ${ms(signedIn.clientCpuMsPerRequest)} ms`);
      }
    } catch (error) {
      console.error(`  PostgreSQL run failed: ${error instanceof Error ? error.message : String(error)}`);
      if (process.env.BENCH_POSTGRES === '1') process.exitCode = 1;
    } finally {
      await database?.close().catch(() => {});
      server?.stop();
    }
  }

  let portal: PortalRow[] = [];
  if (PARTS.has('portal')) {
    console.log('');
    if (wantPostgres().run) {
      console.log(`Issue 13's scale (bench/ogp-scale.ts: 300 members, 1,500 plans, 20,000 commitments, 120,000 milestones) on PostgreSQL, uncached, ${PORTAL_CONNECTIONS} connections, ${DURATION_S} s per request`);
      const r = await benchPortalPostgres(DURATION_S, PORTAL_CONNECTIONS, (l) => console.log(`  ${l}`));
      portal = r.rows;
      console.log(`  generated in ${fmt(r.generatedMs)} ms; loadavg after: ${loadavg()}`);
    } else console.log('Issue 13\'s scale benchmark: skipped (no PostgreSQL server binaries)');
  }

  if (rows.length > 0) {
    rows.sort((a, b) => (a.page === b.page ? 0 : a.page === 'plan' ? -1 : 1));
    console.log('');
    console.log(`Results (${CONNECTIONS} connections, ${DURATION_S} s; ratio = app req/s ÷ static req/s for the same page)`);
    printTable(rows, bodies);
    console.log('');
    console.log(`Cold render with the cache off (app.request, whole response; query = getPlanDetail/getCommitmentDetail alone)`);
    printCold(cold);
  }

  // The issue's table (issue 10), each row next to its goal.
  for (const r of startup) issue.push({ what: r.what, now: `${fmt(r.ms)} ms (fastest ${fmt(r.minMs)}${r.cpuMs === undefined ? '' : `; CPU ${fmt(r.cpuMs)}`})`, goal: `≤ ${fmt(r.goalMs)} ms`, ratio: `${(r.ms / r.baselineMs).toFixed(1)} × node -e ''`, met: r.ms <= r.goalMs });
  for (const c of cold) {
    const goal = c.page === 'commitment' ? 3 : c.driver === 'pglite' ? 4 : 3;
    issue.push({ what: `uncached ${c.page} page, median, ${c.driver}`, now: `${c.medianMs.toFixed(1)} ms (query ${c.queryMedianMs.toFixed(1)} ms)`, goal: `≤ ${goal} ms`, ratio: '—', met: c.medianMs <= goal });
  }
  for (const row of rows.filter((r) => r.mode === 'app, cache off, PGlite')) {
    const reference = rows.find((r) => r.isStatic && r.page === row.page);
    const failed = row.result.errors + row.result.timeouts + row.result.non2xx;
    issue.push({
      what: `uncached ${row.page} page at ${CONNECTIONS} connections, PGlite`,
      now: `${fmt(row.result.requestsPerSecond)} req/s, p99 ${fmt(row.result.p99Ms)} ms, ${row.result.timeouts} time-outs, ${failed} failed`,
      goal: 'no time-outs; p99 ≤ 250 ms',
      ratio: reference ? `${(row.result.requestsPerSecond / reference.result.requestsPerSecond).toFixed(3)} × static bytes` : '—',
      met: failed === 0 && row.result.p99Ms <= 250,
    });
  }
  if (signedIn) {
    const failed = signedIn.errors + signedIn.timeouts + signedIn.non2xx;
    issue.push({ what: `${SIGNED_IN_USERS} signed-in people, PostgreSQL`, now: `${fmt(signedIn.requestsPerSecond)} req/s, p99 ${fmt(signedIn.p99Ms)} ms, ${failed} failed`, goal: 'p99 ≤ 100 ms', ratio: '—', met: failed === 0 && signedIn.p99Ms <= 100 });
  }
  if (soak) {
    issue.push({
      what: `memory under mixed traffic with cache-busting, ${SOAK_S} s`,
      now: `RSS ${fmt(soak.rssStartMb)} → peak ${fmt(soak.rssPeakMb)} → end ${fmt(soak.rssEndMb)} MB (second half vs first: ${soak.rssGrowthMb >= 0 ? "+" : ""}${fmt(soak.rssGrowthMb)} MB); ${soak.failures} failures, ${soak.rejected} × 503 (admission)`,
      goal: '≤ 300 MB RSS, flat',
      ratio: '—',
      met: soak.rssPeakMb <= 300 && soak.rssGrowthMb <= 20 && soak.failures === 0,
    });
  }
  if (portal.length > 0) {
    console.log('');
    console.log(`Issue 13: 20,000 commitments on PostgreSQL, uncached, ${PORTAL_CONNECTIONS} connections (goal p99 ≤ 100 ms; CPU per request one at a time, goal app ≤ 20 ms)`);
    console.log('| request | body KB | req/s | p50 ms | p99 ms | failed | app CPU ms | PostgreSQL CPU ms | goal p99 ≤ 100 ms |');
    console.log('|---|---|---|---|---|---|---|---|---|');
    for (const r of portal) {
      console.log(`| ${r.label} \`${r.path}\` | ${Math.round(r.bytes / 1024)} | ${fmt(r.requestsPerSecond)} | ${fmt(r.p50Ms)} | ${fmt(r.p99Ms)} | ${r.failed} | ${Number.isNaN(r.cpuMs) ? '–' : r.cpuMs.toFixed(1)} | ${r.dbCpuMs === null ? '–' : r.dbCpuMs.toFixed(1)} | ${r.failed === 0 && r.p99Ms <= 100 ? 'met' : 'MISSED'} |`);
    }
  }
  issue.push({ what: '`npm test`', now: 'run `time npm test`', goal: '≤ 5 min, no failure when busy', ratio: '—', met: null });
  console.log('');
  console.log(`Issue 10's table (loadavg now ${loadavg()})`);
  printIssueTable(issue);

  // Ingest: parsing documents and importing OGP's data (bench/ingest.ts).
  if (PARTS.has('ingest')) await runIngestBench();
  // Reports and open data (bench/reports.ts): the section docs/benchmarks.md keeps as "## Reports".
  if (PARTS.has('reports')) {
    console.log('');
    await benchReports();
  }
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
