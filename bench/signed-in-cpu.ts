/**
 * What one signed-in request costs, page by page (`npx tsx bench/signed-in-cpu.ts [runs] [pglite]`):
 * the bench plan and the signed-in people of bench/signed-in.ts on a throw-away PostgreSQL server
 * (or PGlite in memory with `pglite`), then every page they browse requested `runs` times one at a
 * time through `app.request`: the app's CPU per request (mean), PostgreSQL's CPU per request (its
 * processes, from /proc), statements per request (the driver counted), the body size.
 * `PROFILE=file.cpuprofile` profiles the measured loops only (node:inspector).
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createApp } from '../src/app.js';
import { openPglite, openPostgres, type OpenDatabase } from '../src/db/client.js';
import { startPostgres, type PostgresServer } from '../tests/support/postgres-server.js';
import { postgresCpu } from './scale-cpu.js';
import { seedBenchPlan } from './seed.js';
import { signedInWork } from './signed-in.js';
import { admissionLimits } from '../src/lib/admission.js';

const NOW = new Date('2026-11-23T12:00:00Z');
const runs = Number(process.argv[2] ?? 200);
const usePglite = process.argv[3] === 'pglite';

let server: PostgresServer | undefined;
let database: OpenDatabase;
if (usePglite) {
  database = await openPglite(null);
} else {
  server = await startPostgres();
  database = await openPostgres(server.url('postgres'));
}
try {
  await database.migrate();
  const seeded = await seedBenchPlan(database.db, NOW);
  const people = await signedInWork(database.db, seeded, NOW, 50);
  const app = createApp({ db: database.db, now: () => NOW, admission: admissionLimits(database.driver), log: () => {} });
  // Every statement the app sends, counted where the driver takes it.
  const client = (database.db as unknown as { $client: { query: (...a: unknown[]) => unknown } }).$client;
  const query = client.query.bind(client);
  let statements = 0;
  client.query = (...a: unknown[]) => {
    statements += 1;
    return query(...a);
  };
  const dbCpu = usePglite ? null : await postgresCpu(database.db);
  const session = process.env.PROFILE ? new Session() : null;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
  }
  const kinds = new Map<string, { label: string; paths: { path: string; cookie: string }[] }>();
  for (const p of people) {
    p.paths.forEach((path) => {
      const label = `${p.role === 'secretariat' ? 'secretariat' : 'contact'} ${path.replace(/\d+/g, ':n')}`;
      const kind = kinds.get(label) ?? { label, paths: [] };
      kind.paths.push({ path, cookie: p.headers.cookie! });
      kinds.set(label, kind);
    });
  }
  console.log(`${database.driver}, ${runs} requests per page, one at a time`);
  console.log('| page | status | KB | app CPU ms/request | PostgreSQL CPU ms/request | statements/request |');
  console.log('|---|---|---|---|---|---|');
  let allCpu = 0;
  let allDb = 0;
  let allN = 0;
  let allStatements = 0;
  for (const kind of kinds.values()) {
    if (process.env.ONLY && !kind.label.includes(process.env.ONLY)) continue;
    let status = 0;
    let bytes = 0;
    const get = async (i: number) => {
      const { path, cookie } = kind.paths[i % kind.paths.length]!;
      const res = await app.request(path, { headers: { cookie } });
      status = res.status;
      bytes = (await res.arrayBuffer()).byteLength;
    };
    for (let i = 0; i < 20; i += 1) await get(i);
    if (session) await session.post('Profiler.start');
    statements = 0;
    const db0 = dbCpu?.() ?? 0;
    const cpu = process.cpuUsage();
    for (let i = 0; i < runs; i += 1) await get(i);
    const used = process.cpuUsage(cpu);
    const dbMs = dbCpu ? (dbCpu() - db0) / runs : NaN;
    if (session) {
      const { profile } = await session.post('Profiler.stop');
      fs.writeFileSync(`${process.env.PROFILE}.${kind.label.replace(/[^a-z0-9]+/gi, '_')}.cpuprofile`, JSON.stringify(profile));
    }
    const cpuMs = (used.user + used.system) / 1000 / runs;
    allCpu += cpuMs;
    allDb += dbMs;
    allStatements += statements / runs;
    allN += 1;
    console.log(`| ${kind.label} | ${status} | ${(bytes / 1024).toFixed(1)} | ${cpuMs.toFixed(2)} | ${dbCpu ? dbMs.toFixed(2) : '—'} | ${(statements / runs).toFixed(1)} |`);
  }
  console.log(`| mean of the pages | | | ${(allCpu / allN).toFixed(2)} | ${dbCpu ? (allDb / allN).toFixed(2) : '—'} | ${(allStatements / allN).toFixed(1)} |`);
} finally {
  await database.close();
  server?.stop();
}
