import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runUntilExit } from '../tests/support/run.js';

/** Starting the app with a wrong setting stops it with one clear line and a non-zero exit — never a stack trace. */
function start(env: Record<string, string>) {
  return runUntilExit('src/server.ts', [], { HOST: '127.0.0.1', ...env });
}

let dir: string;
let busy: net.Server;
let busyPort: number;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'abierto-boot-'));
  busy = net.createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
  busyPort = (busy.address() as net.AddressInfo).port;
});
afterAll(() => {
  busy.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('boot failures', () => {
  it.each([
    ['an unreachable PostgreSQL', () => ({ DATABASE_URL: 'postgres://someone:secret@127.0.0.1:1/abierto' }), /^abierto: cannot connect to PostgreSQL at postgres:\/\/someone:\*\*\*@127\.0\.0\.1:1\/abierto: ECONNREFUSED/],
    ['a DATABASE_URL that is not PostgreSQL', () => ({ DATABASE_URL: 'mysql://localhost/db' }), /^abierto: invalid setting DATABASE_URL: DATABASE_URL must start with postgres:\/\//],
    ['a data folder that cannot be written', () => ({ DATA_DIR: fileAsDir() }), /^abierto: the data folder .* cannot be written \(E[A-Z]+\); set DATA_DIR to a writable folder/],
    ['SMTP_URL without PUBLIC_URL', () => ({ SMTP_URL: 'smtp://mail.example.org:587' }), /^abierto: PUBLIC_URL is required when SMTP_URL is set/],
    ['a port that is not a number', () => ({ PORT: 'eighty' }), /^abierto: invalid setting PORT: /],
    ['a busy port', () => ({ PORT: String(busyPort), DATA_DIR: path.join(dir, 'data-busy') }), /^abierto: port \d+ is already in use; set PORT to a free port/m],
  ])('%s', async (_name, env, message) => {
    const { code, output } = await start(env());
    expect(code).not.toBe(0);
    const lines = output.trim().split('\n');
    expect(lines.at(-1)).toMatch(message);
    expect(output).not.toMatch(/^\s+at /m);
    expect(output).not.toContain('secret');
  });
});

function fileAsDir(): string {
  const file = path.join(dir, 'a-file');
  fs.writeFileSync(file, 'not a folder');
  return path.join(file, 'data');
}
