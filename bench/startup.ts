/**
 * Start-up (bench/run.ts part "startup"; alone: `npx tsx bench/startup.ts [runs]`): the time the
 * command line needs to print its help, the time the server needs from its start to its first answer
 * — on a new database (migrations and the demo plan) and again on the same, existing database — each
 * against `node -e ''` measured in the same run. The first answer is the home page (`GET /`, read
 * from the database and rendered), not a health check. With each time, the CPU time the start used
 * (npm and the server process, all threads, up to that answer): on a busy machine the wall time is
 * mostly waiting for a core, the CPU time is what to compare.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

export interface StartupRow {
  what: string;
  /** Median wall time of the runs. */
  ms: number;
  /** Fastest run: what the machine gives when nothing else is running in it. */
  minMs: number;
  /** Median CPU time (user + system, every process and thread of the start), when measured. */
  cpuMs?: number;
  goalMs: number;
  baselineMs: number;
}

/** CPU time (ms) used so far by a process and every process below it (npm → sh → node). */
function treeCpuMs(root: number): number {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const fields = fs.readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1]!.split(' ');
      stats.set(Number(name), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // the process ended meanwhile
    }
  }
  let ticks = 0;
  const visit = (pid: number) => {
    ticks += stats.get(pid)?.ticks ?? 0;
    for (const [child, s] of stats) if (s.ppid === pid) visit(child);
  };
  visit(root);
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function timed(cmd: string, args: string[]): number {
  const t = performance.now();
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'ignore', env: { ...process.env, DATABASE_URL: '' } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}`);
  return performance.now() - t;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** `npm start` until its first answer to GET / (the home page, from the database); then stopped. */
async function serverToFirstAnswer(dataDir: string): Promise<{ ms: number; cpuMs: number }> {
  const port = await freePort();
  const t = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', SMTP_URL: '', REMINDERS: '0' },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  const exited = new Promise<never>((_, reject) => child.on('exit', (code) => reject(new Error(`server exited (${code}): ${stderr.trim()}`))));
  try {
    for (;;) {
      const answered = await Promise.race([
        fetch(`http://127.0.0.1:${port}/`).then(
          (r) => r.ok && r.text().then((html) => html.includes('<main')),
          () => false,
        ),
        exited,
      ]);
      if (answered) return { ms: performance.now() - t, cpuMs: treeCpuMs(child.pid as number) };
      if (performance.now() - t > 120_000) throw new Error('the server did not answer within 120 s');
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    child.removeAllListeners('exit');
    try {
      process.kill(-(child.pid as number), 'SIGTERM');
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
}

export async function benchStartup(runs = 3): Promise<StartupRow[]> {
  // Compile first (as the first `npm start` after a change would), so no row pays for it.
  spawnSync(process.execPath, ['scripts/start.mjs', 'cli', '--help'], { cwd: ROOT, stdio: 'ignore' });
  const baseline = median(Array.from({ length: 5 }, () => timed(process.execPath, ['-e', ''])));
  const helps = Array.from({ length: runs }, () => timed('npm', ['run', '--silent', 'abierto', '--', '--help']));
  const firsts: { ms: number; cpuMs: number }[] = [];
  const restarts: { ms: number; cpuMs: number }[] = [];
  for (let i = 0; i < runs; i += 1) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'abierto-start-'));
    try {
      firsts.push(await serverToFirstAnswer(dir));
      restarts.push(await serverToFirstAnswer(dir));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const row = (what: string, runsOf: { ms: number; cpuMs: number }[], goalMs: number): StartupRow => ({
    what,
    ms: median(runsOf.map((r) => r.ms)),
    minMs: Math.min(...runsOf.map((r) => r.ms)),
    cpuMs: median(runsOf.map((r) => r.cpuMs)),
    goalMs,
    baselineMs: baseline,
  });
  return [
    { what: '`npm run abierto -- --help`', ms: median(helps), minMs: Math.min(...helps), goalMs: 500, baselineMs: baseline },
    row('server restart on an existing database, to the first response (the home page)', restarts, 1500),
    row('first start on a new database, demo included', firsts, 5000),
  ];
}

export function describeStartup(r: StartupRow): string {
  return `${r.ms.toFixed(0)} ms median, ${r.minMs.toFixed(0)} ms fastest${r.cpuMs === undefined ? '' : `, ${r.cpuMs.toFixed(0)} ms CPU`} (node -e '' ${r.baselineMs.toFixed(0)} ms)`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await benchStartup(Number(process.argv[2] ?? 3))) console.log(`${r.what}: ${describeStartup(r)}; goal ${r.goalMs} ms`);
}
