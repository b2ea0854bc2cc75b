/**
 * Start-up (bench/run.ts part "startup"; alone: `npx tsx bench/startup.ts`): the time the command
 * line needs to print its help, the time the server needs from its start to its first answer — on
 * a new database (migrations and the demo plan) and again on the same, existing database — each
 * against `node -e ''` measured in the same run.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

export interface StartupRow {
  what: string;
  ms: number;
  goalMs: number;
  baselineMs: number;
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

/** `npm start` until its first answer to GET /healthz; then stopped. */
async function serverToFirstAnswer(dataDir: string): Promise<number> {
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
        fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false),
        exited,
      ]);
      if (answered) return performance.now() - t;
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
  const help = median(Array.from({ length: runs }, () => timed('npm', ['run', '--silent', 'abierto', '--', '--help'])));
  const firsts: number[] = [];
  const restarts: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'abierto-start-'));
    try {
      firsts.push(await serverToFirstAnswer(dir));
      restarts.push(await serverToFirstAnswer(dir));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return [
    { what: '`npm run abierto -- --help`', ms: help, goalMs: 500, baselineMs: baseline },
    { what: 'server restart on an existing database, to the first response', ms: median(restarts), goalMs: 1500, baselineMs: baseline },
    { what: 'first start on a new database, demo included', ms: median(firsts), goalMs: 5000, baselineMs: baseline },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await benchStartup()) console.log(`${r.what}: ${r.ms.toFixed(0)} ms (goal ${r.goalMs}; node -e '' ${r.baselineMs.toFixed(0)} ms)`);
}
