import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from '../support/postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** The path of the first administrator's invitation (`/invitations/…`), made with `abierto user add` before the app starts. */
    adminInvitation: string;
    /** A secretariat of CHL (`abierto user add --role secretariat`), for the authoring loop (issue 9). */
    secretariatInvitation: string;
  }
}

async function cli(env: NodeJS.ProcessEnv, args: string[]): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`abierto ${args.join(' ')} failed (${code}):\n${output}`);
  return output;
}

/**
 * Before the app starts (the embedded database is single-process), with the CLI as an operator
 * would: the first administrator (`abierto user add`, whose invitation path is returned) and a plan
 * in implementation (the demo plan is closed, and nobody reports on a closed plan) holding the same
 * commitment 19, for the monitoring loop.
 */
async function prepare(env: NodeJS.ProcessEnv): Promise<{ admin: string; secretariat: string }> {
  const output = await cli(env, ['user', 'add', '--email', 'admin@example.org', '--name', 'Ada Administradora', '--role', 'admin']);
  const link = /\/invitations\/[A-Za-z0-9_-]{43}/.exec(output);
  if (!link) throw new Error(`abierto user add printed no invitation:\n${output}`);
  await cli(env, ['import', 'fixtures/000_3f13f33dc8e8d7d3.txt', '--member', 'CHL', '--plan-number', '4', '--plan-title', 'Cuarto Plan de Acción 2024–2027', '--plan-start', '2024-01', '--plan-end', '2027-12']);
  const sec = /\/invitations\/[A-Za-z0-9_-]{43}/.exec(await cli(env, ['user', 'add', '--email', 'secretaria.autora@example.org', '--name', 'Sofía Autora', '--role', 'secretariat', '--member', 'CHL']));
  if (!sec) throw new Error('abierto user add printed no invitation for the secretariat');
  return { admin: link[0], secretariat: sec[0] };
}

/** Starts the app the way `npm start` does, on a fresh data folder and a free port, for the browser tests. */
export default async function setup(project: TestProject) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'abierto-e2e-'));
  const port = await freePort();
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: '', SMTP_URL: '' };
  const invitations = await prepare(env);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the app did not start in 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the app exited with ${code}:\n${output}`));
    });
  });
  project.provide('baseUrl', `http://127.0.0.1:${port}`);
  project.provide('adminInvitation', invitations.admin);
  project.provide('secretariatInvitation', invitations.secretariat);
  return async () => {
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
