#!/usr/bin/env node
// CI step: `npm install --omit=dev && npm start` works. Copies what a deployment ships (package files,
// src/, fixtures/) into a temporary folder, installs only the runtime dependencies there, starts the
// server as `npm start` does and waits for its first HTTP response. Prints one line and exits 0 on success.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'abierto-prod-'));
const fail = (message) => {
  console.error(`production install: ${message}`);
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(1);
};

for (const entry of ['package.json', 'package-lock.json', 'tsconfig.json', 'src', 'scripts', 'fixtures']) {
  if (fs.existsSync(path.join(root, entry))) fs.cpSync(path.join(root, entry), path.join(dir, entry), { recursive: true });
}
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const install = spawnSync(npm, ['install', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir, encoding: 'utf8' });
if (install.status !== 0) fail(`npm install --omit=dev failed:\n${install.stderr}`);
if (fs.existsSync(path.join(dir, 'node_modules', 'vitest'))) fail('a devDependency (vitest) was installed');

const child = spawn(npm, ['start'], {
  cwd: dir,
  env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: path.join(dir, 'data'), DEMO: '0', DATABASE_URL: '', SMTP_URL: '' },
  stdio: ['ignore', 'pipe', 'pipe'],
  detached: true,
});
let output = '';
const stop = () => {
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {}
};
const timer = setTimeout(() => {
  stop();
  fail(`the server did not answer within 90 s:\n${output}`);
}, 90_000);
child.on('exit', (code) => {
  if (!output.includes('first response')) {
    clearTimeout(timer);
    fail(`npm start exited (${code}) before answering:\n${output}`);
  }
});
const onData = async (d) => {
  output += d;
  const m = /listening on http:\/\/localhost:(\d+)/.exec(output);
  if (!m || output.includes('probing')) return;
  output += '\nprobing\n';
  try {
    const res = await fetch(`http://127.0.0.1:${m[1]}/`);
    if (res.status !== 200) throw new Error(`GET / answered ${res.status}`);
    output += 'first response\n';
    clearTimeout(timer);
    stop();
    console.log(`production install: npm install --omit=dev && npm start answered GET / with 200 (${dir})`);
    setTimeout(() => {
      fs.rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    }, 500);
  } catch (error) {
    clearTimeout(timer);
    stop();
    fail(`${error instanceof Error ? error.message : error}\n${output}`);
  }
};
child.stdout.on('data', onData);
child.stderr.on('data', onData);
