import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadResult } from './load.js';

const CLIENT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'http-client.mjs');

export interface VirtualUser {
  headers: Record<string, string>;
  paths: string[];
}

/** Runs bench/http-client.mjs in its own process against `url` and answers what it measured. */
export function runClient(url: string, users: VirtualUser[], durationS: number): Promise<LoadResult & { statuses: Record<string, number>; clientCpuMs?: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLIENT, JSON.stringify({ url, durationS, users })], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const guard = setTimeout(() => child.kill('SIGKILL'), (durationS + 60) * 1000);
    child.on('exit', (code) => {
      clearTimeout(guard);
      try {
        if (code !== 0) throw new Error(`the load client exited with ${code}`);
        resolve(JSON.parse(out.trim().split('\n').pop() as string));
      } catch (error) {
        reject(error);
      }
    });
  });
}
