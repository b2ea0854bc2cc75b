/**
 * Issue 10, item 3 (decision 065): the app as `npm start` serves it (same middleware, same admission
 * queue), uncached pages at 50 connections, with the load generator in a process of its own so that
 * the CPU measured is the server's: per request, the whole process and its main thread (from /proc);
 * event-loop delay; GC; server-side time per request (HTTP `request` → `finish`); the gap between
 * answering a connection and reading its next request. Prints one JSON line per page.
 *
 *   THREAD=1|0 (PGlite in a worker thread or not), ADM='{"concurrent":2,"queue":500,"maxWaitMs":5000}',
 *   DUR=10 (s), CONNS=50, PAGES=commitment,plan, PROF=1 (CPU profile into /tmp), QTRACE=1 (statement counts)
 *   npx tsx bench/concurrency.ts
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import { createApp } from '../src/app.js';
import { openPglite } from '../src/db/client.js';
import { admissionLimits } from '../src/lib/admission.js';
import { listenApp } from './load.js';
import { seedBenchPlan } from './seed.js';

/** This process's main thread's CPU time in ms, from /proc (user + system, 10 ms ticks). */
const mainThreadCpuMs = (): number => { const f = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
const NOW = new Date('2026-11-23T12:00:00Z');
const DUR = Number(process.env.DUR ?? 10);
const CONNS = Number(process.env.CONNS ?? 50);
const PAGES = (process.env.PAGES ?? 'commitment,plan').split(',');

function ac(url: string, dur: number): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [new URL('./autocannon-child.mjs', import.meta.url).pathname, url, String(CONNS), String(dur)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`ac ${code}`))));
  });
}

const database = await openPglite(null, { thread: process.env.THREAD !== '0' });
await database.migrate();
const seeded = await seedBenchPlan(database.db, NOW);
const cid = seeded.commitmentIds[Math.floor(seeded.commitmentIds.length / 2)];
const paths: Record<string, string> = { plan: `/plans/${seeded.planId}`, commitment: `/commitments/${cid}` };
const qstats = { n: 0, ms: 0, slow: [] as string[] };
if (process.env.QTRACE) {
  const c = database.pglite as unknown as { query: (...a: unknown[]) => Promise<unknown> };
  const orig = c.query.bind(c);
  c.query = async (...a: unknown[]) => { const t = performance.now(); try { return await orig(...a); } finally { const d = performance.now() - t; qstats.n++; qstats.ms += d; if (d > 50 && qstats.slow.length < 8) qstats.slow.push(`${d.toFixed(0)}ms ${String(a[0]).slice(0, 80)}`); } };
}
const admission = process.env.ADM ? JSON.parse(process.env.ADM) : admissionLimits('pglite');
const app = createApp({ db: database.db, now: () => NOW, pageCacheTtlMs: 0, log: (l) => console.error(l), admission });
const lat: number[] = [];
const statuses: Record<string, number> = {};
const wire: number[] = [];
const gaps: number[] = [];
let aborted = 0;
const server = await listenApp(async (req) => { const t = performance.now(); const res = await app.fetch(req); statuses[res.status] = (statuses[res.status] ?? 0) + 1; lat.push(performance.now() - t); return res; }, (http) => http.prependListener('request', (req, res) => { const t = performance.now(); const sock = req.socket as unknown as { _last?: number }; if (sock._last !== undefined) gaps.push(t - sock._last); res.on('finish', () => { sock._last = performance.now(); }); res.on('finish', () => wire.push(performance.now() - t)); res.on('close', () => { if (!res.writableFinished) aborted++; }); }));
let gcMs = 0; let gcMax = 0; let gcN = 0;
new PerformanceObserver((list) => { for (const e of list.getEntries()) { gcMs += e.duration; gcN++; gcMax = Math.max(gcMax, e.duration); } }).observe({ entryTypes: ['gc'] });
for (const name of PAGES) {
  const url = server.url + paths[name];
  await ac(url, 2); await server.idle();
  const h = monitorEventLoopDelay({ resolution: 10 }); h.enable();
  gcMs = 0; gcMax = 0; gcN = 0; lat.length = 0; gaps.length = 0; qstats.n = 0; qstats.ms = 0; qstats.slow = []; wire.length = 0; aborted = 0; for (const k in statuses) delete statuses[k];
  const { Session } = await import('node:inspector/promises');
  const session = process.env.PROF ? new Session() : null;
  if (session) { session.connect(); await session.post('Profiler.enable'); await session.post('Profiler.start'); }
  const worker = (database.pglite as unknown as { worker?: { performance: { eventLoopUtilization: (a?: unknown) => { active: number } } } }).worker;
  const wElu0 = worker?.performance.eventLoopUtilization();
  const elu0 = performance.eventLoopUtilization();
  const main0 = mainThreadCpuMs();
  const cpu0 = process.cpuUsage(); const t0 = performance.now();
  const r = await ac(url, DUR);
  const cpu = process.cpuUsage(cpu0); const wall = performance.now() - t0;
  h.disable();
  if (session) { const { profile } = await session.post('Profiler.stop'); (await import('node:fs')).writeFileSync(`/tmp/concurrency-${process.env.VARIANT ?? 'base'}-${name}.cpuprofile`, JSON.stringify(profile)); session.disconnect(); }
  await server.idle();
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const mainCpu = mainThreadCpuMs() - main0;
  const mainMs = performance.eventLoopUtilization(elu0).active;
  const workerMs = worker ? worker.performance.eventLoopUtilization(wElu0).active : 0;
  console.log(JSON.stringify({ variant: process.env.VARIANT ?? `thread${process.env.THREAD ?? 1}`, page: name, ...r, cpuPerReqMs: +(cpuMs / (r.total as number)).toFixed(2), cpuShare: +(cpuMs / wall).toFixed(2), mainCpuPerReq: +(mainCpu / (r.total as number)).toFixed(2), mainPerReq: +(mainMs / (r.total as number)).toFixed(2), workerPerReq: +(workerMs / (r.total as number)).toFixed(2), gcMs: Math.round(gcMs), gcN, gcMax: +gcMax.toFixed(1), elP99: Math.round(h.percentile(99) / 1e6), elMax: Math.round(h.max / 1e6), srv: (() => { const s = [...lat].sort((a, b) => a - b); const q = (p: number) => Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0); return { n: s.length, p50: q(0.5), p99: q(0.99), max: Math.round(s.at(-1) ?? 0), statuses: { ...statuses } }; })(), wire: (() => { const s = [...wire].sort((a, b) => a - b); const q = (p: number) => Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0); return { n: s.length, p50: q(0.5), p99: q(0.99), max: Math.round(s.at(-1) ?? 0), aborted }; })(), gaps: (() => { const s = [...gaps].sort((a, b) => a - b); const q = (p: number) => Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0); return { n: s.length, p50: q(0.5), p99: q(0.99), max: Math.round(s.at(-1) ?? 0) }; })(), q: { ...qstats }, load1: (await import('node:os')).loadavg()[0]!.toFixed(1) }));
}
await server.close();
await database.close();
