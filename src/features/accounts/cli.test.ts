import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, runUntilExit } from '../../../tests/support/run.js';

const BASE = { HOST: '127.0.0.1', DEMO: '0', LANG: 'es_CL.UTF-8', ABIERTO_LANG: '' };

/** The server itself (what it prints at start is what is tested): its own process, `npm start`'s launcher. */
function server(env: Record<string, string>) {
  return runUntilExit('src/server.ts', [], { ...BASE, ...env });
}

/** A command line, run in this process (`runCli`); `output` is what it printed, stdout then stderr. */
async function run(args: string[], env: Record<string, string>) {
  const r = await cli(args, { ...BASE, ...env });
  return { code: r.status, output: r.stdout + r.stderr };
}

let dir: string;
let busy: net.Server;
let busyPort: number;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'abierto-users-'));
  busy = net.createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
  busyPort = (busy.address() as net.AddressInfo).port;
});
afterAll(() => {
  busy.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the first administrator', () => {
  it('the server says how to create one while there is no account', async () => {
    const { output } = await server({ DATA_DIR: path.join(dir, 'a'), PORT: String(busyPort) });
    expect(output).toContain('npm run abierto -- user add --email');
    expect(output).toContain('--role admin');
  });

  it('`abierto user add` creates it and prints its invitation link; bad input is refused with one line', async () => {
    const env = { DATA_DIR: path.join(dir, 'b'), PUBLIC_URL: 'https://abierto.example' };
    const ok = await run(['user', 'add', '--email', 'Ada@Example.org', '--name', 'Ada', '--role', 'admin'], env);
    expect(ok.code).toBe(0);
    expect(ok.output).toMatch(/Cuenta ada@example\.org creada\. Para elegir su contraseña, abra:\nhttps:\/\/abierto\.example\/invitations\/[A-Za-z0-9_-]{43}/);
    const bad = await run(['user', 'add', '--email', "x' OR 1=1", '--name', 'X'], env);
    expect(bad.code).toBe(1);
    expect(bad.output.trim()).toBe('abierto: Datos no válidos: --email');
    const noMember = await run(['user', 'add', '--email', 'c@example.org', '--name', 'C', '--role', 'forum_member', '--member', 'ZZ'], env);
    expect(noMember.code).toBe(1);
    expect(noMember.output).toContain('No existe el miembro ZZ.');
    const hint = await server({ ...env, PORT: String(busyPort) });
    expect(hint.output).not.toContain('user add');
  });

  it('`abierto user disable` / `user enable` by e-mail; an unknown or malformed e-mail is refused with one line', async () => {
    const env = { DATA_DIR: path.join(dir, 'c'), PUBLIC_URL: 'https://abierto.example' };
    expect((await run(['user', 'add', '--email', 'eva@example.org', '--name', 'Eva', '--role', 'admin'], env)).code).toBe(0);
    const off = await run(['user', 'disable', '--email', 'EVA@example.org'], env);
    expect(off.code).toBe(0);
    expect(off.output.trim()).toBe('Cuenta eva@example.org desactivada (0 sesiones terminadas).');
    const on = await run(['user', 'enable', '--email', 'eva@example.org'], { ...env, ABIERTO_LANG: 'en' });
    expect(on.code).toBe(0);
    expect(on.output.trim()).toBe('Account eva@example.org enabled.');
    const unknown = await run(['user', 'disable', '--email', 'nadie@example.org'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.output.trim()).toBe('abierto: No existe la cuenta nadie@example.org. No se cambió nada.');
    const bad = await run(['user', 'enable', '--email', "x' OR 1=1"], env);
    expect(bad.code).toBe(1);
    expect(bad.output.trim()).toBe('abierto: Datos no válidos: --email');
  });
});
