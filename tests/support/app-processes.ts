import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './postgres-server.js';

/** Something a request can be sent to: an in-process app or a remote app server. */
export type Requester = { request: (path: string, init?: RequestInit) => Response | Promise<Response> };

export interface AppProcesses {
  apps: Requester[];
  stop: () => Promise<void>;
}

/**
 * Starts `n` real app servers (`src/server.ts`, each its own Node process) on one PostgreSQL database,
 * the way the issue-8 verification race does, and waits until each says it is listening.
 */
export async function startAppProcesses(databaseUrl: string, n = 2): Promise<AppProcesses> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'abierto-procs-'));
  const children: ChildProcess[] = [];
  const stop = async () => {
    for (const child of children) child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const bases = await Promise.all(
      Array.from({ length: n }, async () => {
        const port = await freePort();
        const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
          env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO: '0', REMINDERS: '0', SMTP_URL: '' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        children.push(child);
        let output = '';
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`the app did not start:\n${output}`)), 90_000);
          const onData = (d: Buffer) => {
            output += d.toString();
            if (output.includes('listening on')) {
              clearTimeout(timer);
              resolve();
            }
          };
          child.stdout!.on('data', onData);
          child.stderr!.on('data', onData);
          child.on('exit', (code) => reject(new Error(`the app exited with ${code}:\n${output}`)));
        });
        return `http://127.0.0.1:${port}`;
      }),
    );
    const apps = bases.map((base): Requester => ({ request: (p, init) => fetch(base + p, { ...init, redirect: 'manual' }) }));
    return { apps, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
