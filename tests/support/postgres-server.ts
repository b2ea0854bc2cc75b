import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * Starts a throw-away PostgreSQL server for the tests (initdb in a temporary folder, loopback only).
 * As root it runs the server as the `postgres` user, because PostgreSQL refuses to run as root.
 */
export interface PostgresServer {
  url: (database: string) => string;
  stop: () => void;
}

export function findPostgresBin(): string {
  const fromEnv = process.env.PG_BIN;
  const candidates = [fromEnv, ...['17', '16', '15', '14'].map((v) => `/usr/lib/postgresql/${v}/bin`)].filter(Boolean) as string[];
  for (const dir of candidates) if (fs.existsSync(path.join(dir, 'initdb'))) return dir;
  throw new Error(
    'PostgreSQL server binaries not found (looked in PG_BIN and /usr/lib/postgresql/*/bin): install them with `apt-get install -y postgresql-15`',
  );
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = findPostgresBin();
  const isRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'abierto-pg-'));
  const dataDir = path.join(dir, 'data');
  fs.mkdirSync(dataDir);
  if (isRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  const asPg = (cmd: string, args: string[]) =>
    isRoot ? spawnSync('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args], { encoding: 'utf8' }) : spawnSync(path.join(bin, cmd), args, { encoding: 'utf8' });
  const init = asPg('initdb', ['-D', dataDir, '--auth=trust', '-U', 'postgres', '--encoding=UTF8', '--locale=C.UTF-8']);
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  // Another run on this machine may take the chosen port before the server binds it: try another.
  let port = 0;
  for (let attempt = 1; ; attempt += 1) {
    port = await freePort();
    const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
    const start = asPg('pg_ctl', ['-D', dataDir, '-o', opts, '-l', path.join(dir, 'log'), '-w', '-t', '600', 'start']);
    if (start.status === 0) break;
    const log = fs.existsSync(path.join(dir, 'log')) ? fs.readFileSync(path.join(dir, 'log'), 'utf8') : '';
    if (attempt < 5 && /could not (bind|create listen)|already in use/i.test(log)) continue;
    throw new Error(`pg_ctl start failed: ${start.stderr || start.stdout}\n${log}`);
  }
  return {
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    stop: () => {
      asPg('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
