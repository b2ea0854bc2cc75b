/**
 * Uncached requests at OGP's scale, in CPU time (issue 13, measured on a busy machine): the app's own
 * CPU per request (`process.cpuUsage`) and the database's execution time of each statement
 * (PostgreSQL's `pg_stat_statements`-free way: `EXPLAIN ANALYZE` of the statements is in
 * bench/portal.ts). The data is bench/ogp-scale.ts's 20,000 commitments.
 *
 *   npx tsx bench/scale-cpu.ts [runs]                     # starts PostgreSQL, generates, measures
 *   SCALE_URL=postgres://…/scale npx tsx bench/scale-cpu.ts  # an already generated database
 *   SCALE_KEEP=1 npx tsx bench/scale-cpu.ts               # prints the URL and keeps the server
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createApp } from '../src/app.js';
import { openPostgres, type OpenDatabase } from '../src/db/client.js';
import { startPostgres } from '../tests/support/postgres-server.js';
import { generateOgpScale } from './ogp-scale.js';

const NOW = new Date('2026-11-23T12:00:00Z');
export const GOAL_CPU_MS = 20;

export async function scalePaths(db: OpenDatabase['db']): Promise<[string, string][]> {
  const plan = (await db.execute(sql`select id from action_plans order by id offset 700 limit 1`)) as unknown as { rows: { id: number }[] };
  const planId = plan.rows[0]!.id;
  return [
    ['home', '/'],
    ['member page', '/members/M042'],
    ['plan page', `/plans/${planId}`],
    ['API commitments (page 1)', '/api/v1/commitments?limit=50'],
    ['API commitments (filtered, deep page)', '/api/v1/commitments?status=complete&limit=50&offset=2000'],
    ['API institutions', '/api/v1/institutions?limit=50&offset=1000'],
    ['API members', '/api/v1/members?limit=50'],
    ['API plans', '/api/v1/plans?limit=50&offset=500'],
    ['search "transparencia"', '/search?q=transparencia'],
    ['API search', '/api/v1/search?q=open%20data'],
  ];
}

/**
 * CPU time used so far by a local PostgreSQL server's processes (its postmaster's children, from
 * /proc), in ms; null when it cannot be read (another machine, no /proc).
 */
export async function postgresCpu(db: OpenDatabase['db']): Promise<(() => number) | null> {
  try {
    const r = (await db.execute(sql`select setting from pg_settings where name = 'data_directory'`)) as unknown as { rows: { setting: string }[] };
    const postmaster = Number(fs.readFileSync(path.join(r.rows[0]!.setting, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const ticks = 100; // USER_HZ on Linux
    return () => {
      let total = 0;
      for (const entry of fs.readdirSync('/proc')) {
        if (!/^\d+$/.test(entry)) continue;
        try {
          const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
          const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          const ppid = Number(fields[1]);
          if (Number(entry) !== postmaster && ppid !== postmaster) continue;
          total += Number(fields[11]) + Number(fields[12]); // utime, stime
        } catch {
          // a process that ended meanwhile
        }
      }
      return (total * 1000) / ticks;
    };
  } catch {
    return null;
  }
}

/** Per path: the app's CPU per request (mean), PostgreSQL's (mean), the wall time (median), over `runs` requests one at a time. */
export async function measureScaleCpu(db: OpenDatabase['db'], runs: number, only?: RegExp, list?: [string, string][]): Promise<{ label: string; path: string; cpuMs: number; dbCpuMs: number | null; wallMs: number; bytes: number }[]> {
  const app = createApp({ db, now: () => NOW, pageCacheTtlMs: 0 });
  const dbCpu = await postgresCpu(db);
  const out = [];
  for (const [label, path] of list ?? (await scalePaths(db))) {
    if (only && !only.test(label)) continue;
    let bytes = 0;
    for (let i = 0; i < 3; i += 1) {
      const res = await app.request(path);
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
      bytes = (await res.arrayBuffer()).byteLength;
    }
    const walls: number[] = [];
    const dbBefore = dbCpu?.() ?? 0;
    const cpu = process.cpuUsage();
    for (let i = 0; i < runs; i += 1) {
      const t = performance.now();
      await (await app.request(path)).arrayBuffer();
      walls.push(performance.now() - t);
    }
    const used = process.cpuUsage(cpu);
    const dbCpuMs = dbCpu ? (dbCpu() - dbBefore) / runs : null;
    walls.sort((a, b) => a - b);
    out.push({ label, path, cpuMs: (used.user + used.system) / 1000 / runs, dbCpuMs, wallMs: walls[Math.floor(runs / 2)]!, bytes });
  }
  return out;
}

const isMain = process.argv[1]?.endsWith('scale-cpu.ts');
if (isMain) {
  const runs = Number(process.argv[2] ?? 20);
  let url = process.env.SCALE_URL;
  let server: Awaited<ReturnType<typeof startPostgres>> | undefined;
  if (!url) {
    server = await startPostgres();
    const admin = await openPostgres(server.url('postgres'), { max: 1 });
    await admin.db.execute(sql`create database scale`);
    await admin.close();
    url = server.url('scale');
    const database = await openPostgres(url, { max: 4 });
    await database.migrate();
    const t0 = performance.now();
    await generateOgpScale(database.db, (l) => console.error(`  generate ${l}`));
    await database.db.execute(sql`analyze`);
    console.error(`generated in ${Math.round(performance.now() - t0)} ms`);
    await database.close();
  }
  if (process.env.SCALE_KEEP === '1') {
    console.log(`SCALE_URL=${url}`);
    await new Promise<void>((resolve) => process.on('SIGTERM', () => resolve()));
  } else {
    const database = await openPostgres(url, { max: 4 });
    await database.migrate();
    const only = process.env.SCALE_ONLY ? new RegExp(process.env.SCALE_ONLY, 'i') : undefined;
    console.log(`| request (PostgreSQL, 20,000 commitments, uncached, ${runs} one at a time) | app CPU ms | PostgreSQL CPU ms | wall ms (median) | body KB | goal app ≤ ${GOAL_CPU_MS} ms CPU |`);
    console.log('|---|---|---|---|---|---|');
    for (const r of await measureScaleCpu(database.db, runs, only)) {
      console.log(`| ${r.label} \`${r.path}\` | ${r.cpuMs.toFixed(1)} | ${r.dbCpuMs === null ? '–' : r.dbCpuMs.toFixed(1)} | ${r.wallMs.toFixed(1)} | ${Math.round(r.bytes / 1024)} | ${r.cpuMs <= GOAL_CPU_MS ? 'met' : 'missed'} |`);
    }
    await database.close();
  }
  server?.stop();
}
