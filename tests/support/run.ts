import os from 'node:os';
import { spawn, spawnSync } from 'node:child_process';

/**
 * Runs one of the app's entry points (`src/cli.ts`, `src/server.ts`) in its own process, as
 * `npm run abierto -- …` and `npm start` do, with the test's settings on top of the environment.
 * The database is the embedded one unless `DATABASE_URL` is given.
 */
function environment(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return { ...process.env, DATABASE_URL: '', SMTP_URL: '', ...env };
}

/**
 * How an entry point is started: the compiled one, through the launcher `npm start` and
 * `npm run abierto` use (it compiles src/ into dist/ first when a source changed), so the test runs
 * what users run and a process starts in a fraction of a second instead of compiling TypeScript.
 */
function command(file: string): string[] {
  if (file === 'src/cli.ts') return ['scripts/start.mjs', 'cli'];
  if (file === 'src/server.ts') return ['scripts/start.mjs', 'server'];
  return ['--import', 'tsx', file];
}

/** The CLI, waited for: `{ status, stdout, stderr }`. */
export function runCli(args: string[], env: Record<string, string | undefined>, timeoutMs = 0) {
  const r = spawnSync(process.execPath, [...command('src/cli.ts'), ...args], {
    encoding: 'utf8',
    env: environment(env),
    timeout: timeoutMs,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Any entry point until it exits (killed after `timeoutMs`): its exit code and everything it printed. */
export function runUntilExit(
  file: string,
  args: string[],
  env: Record<string, string | undefined>,
  timeoutMs = Math.round(50_000 * Math.max(1, (os.loadavg()[0] ?? 0) / Math.max(1, os.cpus().length))),
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...command(file), ...args], { env: environment(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
