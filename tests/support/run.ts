import os from 'node:os';
import { spawn, type ChildProcess } from 'node:child_process';

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

/**
 * A command line run in this process (`runCli` of src/cli.ts, what `npm run abierto -- …` runs), with
 * the test's settings in the environment for the duration of the command: `{ status, stdout, stderr }`.
 * No process is started, so a busy machine cannot make it pass a time limit (issue 10). Calls must not
 * overlap (the environment is the process's): the tests await each one.
 */
export async function cli(args: string[], env: Record<string, string | undefined>): Promise<{ status: number; stdout: string; stderr: string }> {
  const { runCli } = await import('../../src/cli.js');
  const wanted = { DATABASE_URL: '', SMTP_URL: '', ABIERTO_LANG: undefined, LC_ALL: undefined, ...env };
  const saved = new Map(Object.keys(wanted).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(wanted)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  let stdout = '';
  let stderr = '';
  try {
    const status = await runCli(args, { out: (text) => (stdout += `${text}\n`), err: (text) => (stderr += `${text}\n`) });
    return { status, stdout, stderr };
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** How long a test may wait for a process it starts: generous, and longer when the machine is busy. */
export function processTimeoutMs(base = 60_000): number {
  return Math.round(base * Math.min(10, Math.max(1, (os.loadavg()[0] ?? 0) / Math.max(1, os.cpus().length))));
}

/** Any entry point until it exits (killed after `timeoutMs`): its exit code and everything it printed. */
export function runUntilExit(
  file: string,
  args: string[],
  env: Record<string, string | undefined>,
  timeoutMs = processTimeoutMs(),
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

/**
 * The server started as `npm start` does, on a free port, waited for until it listens. Another test
 * run on this machine may take the port between choosing and listening: then another port is tried.
 */
export async function startServer(env: Record<string, string | undefined>, timeoutMs = processTimeoutMs(90_000)): Promise<{ baseUrl: string; child: ChildProcess; stop: () => Promise<void> }> {
  const { freePort } = await import('./postgres-server.js');
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    const child = spawn(process.execPath, command('src/server.ts'), { env: environment({ HOST: '127.0.0.1', ...env, PORT: String(port) }), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const started = await new Promise<boolean>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the app did not start in ${Math.round(timeoutMs / 1000)} s:\n${output}`));
      }, timeoutMs);
      const onData = (d: Buffer) => {
        output += d.toString();
        if (output.includes('listening on')) {
          clearTimeout(timer);
          resolve(true);
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.on('exit', (code) => {
        clearTimeout(timer);
        if (/already in use/.test(output) && attempt < 5) resolve(false);
        else reject(new Error(`the app exited with ${code}:\n${output}`));
      });
    });
    if (!started) continue;
    const stop = async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, processTimeoutMs(10_000)).unref())]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    return { baseUrl: `http://127.0.0.1:${port}`, child, stop };
  }
}
