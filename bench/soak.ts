/**
 * Memory under mixed traffic (bench/run.ts part "soak"; the length is BENCH_SOAK_S, default 60 s;
 * the issue asks for 600): the app with its page cache on, in a process of its own
 * (bench/soak-server.ts, PGlite on disk with the bench plan), the load from another process
 * (bench/http-client.mjs), so the resident memory measured is the server's alone (read from
 * /proc/PID/status every second). 30 virtual visitors: half read the public pages, half bust the
 * cache with random query strings and random commitment ids; the server writes every 200 ms.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPglite } from '../src/db/client.js';
import { runClient } from './client.js';
import { seedBenchPlan } from './seed.js';

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
  /** The server's CPU time (user + system, all threads) per request during the soak, ms. */
  cpuPerRequestMs: number;
  /** Errors, time-outs and 5xx answers other than the admission queue's 503. */
  failures: number;
  /** 503 with Retry-After from the admission queue (decision 060): the server shedding load, counted apart. */
  rejected: number;
  /** The server's own figures (MB), first and last sample and peak: which part grew. */
  memory: { first: Record<string, number>; last: Record<string, number>; peak: Record<string, number> } | null;
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/** The `node` flags of package.json's start script (`node --flag … scripts/start.mjs server`). */
function startFlags(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'package.json'), 'utf8')) as { scripts: { start: string } };
  return pkg.scripts.start.split(/\s+/).filter((word) => word.startsWith('--'));
}

/** CPU time (ms) a process has used so far, every thread. */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ is 100 on Linux
}

function memoryOf(out: string): SoakResult['memory'] {
  const samples = [...out.matchAll(/^mem (\{.*\})$/gm)].map((m) => JSON.parse(m[1]!) as Record<string, number>);
  if (samples.length === 0) return null;
  const peak: Record<string, number> = {};
  for (const s of samples) for (const [k, v] of Object.entries(s)) peak[k] = Math.max(peak[k] ?? 0, v);
  return { first: samples[0]!, last: samples.at(-1)!, peak };
}

export async function benchSoak(now: Date, durationS: number): Promise<SoakResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'abierto-soak-'));
  try {
    const seedDb = await openPglite(dir);
    await seedDb.migrate();
    const seeded = await seedBenchPlan(seedDb.db, now);
    await seedDb.close();
    // Compiled like the app (scripts/build.mjs), so the memory is what `npm start` uses, not tsx's.
    const { build } = await import('esbuild');
    const compiled = path.resolve(`.tmp/soak-server-${process.pid}.mjs`);
    await build({ entryPoints: ['bench/soak-server.ts'], outfile: compiled, bundle: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', logLevel: 'warning' });
    // With the `node` flags `npm start` gives the server (package.json), and any of BENCH_SOAK_NODE_ARGS.
    const extra = [...startFlags(), ...(process.env.BENCH_SOAK_NODE_ARGS ?? '').split(' ').filter(Boolean)];
    const child = spawn(process.execPath, [...extra, compiled], {
      env: { ...process.env, DATA_DIR: dir, BENCH_NOW: now.toISOString() },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d;
        const m = /port (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.on('exit', (code) => reject(new Error(`the soak server exited with ${code}`)));
    });
    const pid = child.pid as number;
    const ids = seeded.commitmentIds;
    const readers = Array.from({ length: 15 }, (_, i) => ({
      headers: {},
      paths: ['/', `/plans/${seeded.planId}`, `/commitments/${ids[i % ids.length]}`, `/commitments/${ids[(i * 7) % ids.length]}?lang=en`],
    }));
    const busters = Array.from({ length: 15 }, (_, i) => ({
      headers: {},
      paths: [`/plans/${seeded.planId}?utm={rand}`, `/?q={rand}`, `/commitments/${ids[(i * 3) % ids.length]}?x={rand}&y={rand}`, `/commitments/{rand}`, `/repository?plan={rand}`],
    }));
    const rssStart = rssMb(pid);
    const cpuStart = cpuMs(pid);
    const samples: number[] = [];
    const sampler = setInterval(() => samples.push(rssMb(pid)), 1000);
    let r;
    try {
      r = await runClient(`http://127.0.0.1:${port}`, [...readers, ...busters], durationS);
    } finally {
      clearInterval(sampler);
    }
    const cpuUsed = cpuMs(pid) - cpuStart;
    const writes = await new Promise<number>((resolve) => {
      child.removeAllListeners('exit');
      child.on('exit', () => resolve(Number(/writes (\d+)/.exec(out)?.[1] ?? 0)));
      child.kill('SIGTERM');
    });
    const half = Math.floor(samples.length / 2);
    return {
      durationS,
      rssStartMb: rssStart,
      rssPeakMb: Math.max(...samples),
      rssEndMb: samples.at(-1) ?? rssStart,
      rssGrowthMb: Math.max(...samples.slice(half)) - Math.max(...samples.slice(0, Math.max(1, half))),
      requests: r.total,
      writes,
      p99Ms: r.p99Ms,
      cpuPerRequestMs: cpuUsed / Math.max(1, r.total),
      failures: r.errors + r.timeouts + Object.entries(r.statuses).filter(([s]) => Number(s) >= 500 && Number(s) !== 503).reduce((n, [, v]) => n + v, 0),
      rejected: r.statuses['503'] ?? 0,
      memory: memoryOf(out),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(path.resolve(`.tmp/soak-server-${process.pid}.mjs`), { force: true });
  }
}

// `npx tsx bench/soak.ts [seconds]`: the soak alone (default 180 s).
if (process.argv[1]?.endsWith('soak.ts')) {
  const seconds = Number(process.argv[2] ?? 180);
  const r = await benchSoak(new Date('2026-11-23T12:00:00Z'), seconds);
  console.log(JSON.stringify(r, null, 1));
}
