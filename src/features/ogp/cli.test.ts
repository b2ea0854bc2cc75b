import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli as runCli } from '../../../tests/support/run.js';
import { readCsv, readXlsx } from './read.js';
import { toCsv } from './export.js';

/** `npm run abierto -- import data.csv` and `export ogp-csv|ogp-xlsx`, on a data folder of their own. */
let dataDir: string;
let work: string;
let small: string;

function cli(args: string[]) {
  return runCli(args, { DATA_DIR: dataDir, LANG: 'C', DEMO: '0' });
}

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'abierto-ogp-cli-'));
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'abierto-ogp-files-'));
  const sample = readCsv(new Uint8Array(fs.readFileSync('fixtures/ogp-commitments-sample.csv')));
  const rows = sample.rows.slice(0, 25);
  small = path.join(work, 'small.csv');
  fs.writeFileSync(small, toCsv([sample.header, ...rows.map((r) => sample.header.map((h) => r[h] ?? ''))]));
});
afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
});

describe('abierto import (OGP data) and export', () => {
  it('--dry-run --json shows every row and warning and stores nothing; no progress bar when stderr is not a terminal', async () => {
    const r = await cli(['--lang', 'en', 'import', small, '--dry-run', '--json']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.dryRun).toBe(true);
    expect(out.commitments).toHaveLength(25);
    expect(out.counts.commitmentsCreated).toBe(25);
    const e = await cli(['export', 'ogp-csv', '--out', path.join(work, 'empty.csv')]);
    expect(e.status).toBe(0);
    expect(readCsv(new Uint8Array(fs.readFileSync(path.join(work, 'empty.csv')))).rows).toHaveLength(0);
  });

  it('imports, then exports the same rows as CSV and XLSX', async () => {
    const r = await cli(['--lang', 'en', 'import', small]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('25 rows: 25 new commitments');
    const csv = path.join(work, 'out.csv');
    const xlsx = path.join(work, 'out.xlsx');
    expect((await cli(['--lang', 'en', 'export', 'ogp-csv', '--out', csv])).stdout).toContain('Exported 25 commitments');
    expect((await cli(['export', 'ogp-xlsx', '--out', xlsx])).status).toBe(0);
    const a = readCsv(new Uint8Array(fs.readFileSync(csv)));
    const b = await readXlsx(new Uint8Array(fs.readFileSync(xlsx)));
    expect(a.rows).toHaveLength(25);
    expect(b.rows.map((x) => x['Commitment Unique Identifier'])).toEqual(a.rows.map((x) => x['Commitment Unique Identifier']));
  });

  it('fails with a clear message, in the user language, and a non-zero exit', async () => {
    const bad = path.join(work, 'bad.csv');
    fs.writeFileSync(bad, 'Commitment Unique Identifier,Country/Locality,Code,Action Plan Number,Commitment Number,Commitment Title\nnot an id,Chile,CHL,x,1,\n');
    const r = await cli(['import', bad]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('no se guardó nada');
    expect(r.stderr).toContain('Fila 2, columna «Commitment Unique Identifier»');
    const en = await cli(['--lang', 'en', 'import', bad]);
    expect(en.stderr).toContain('Row 2, column "Action Plan Number"');
    const truncated = path.join(work, 'broken.xlsx');
    fs.writeFileSync(truncated, Buffer.from('PK\u0003\u0004garbage'));
    const x = await cli(['--lang', 'en', 'import', truncated]);
    expect(x.status).toBe(1);
    expect(x.stderr).toContain('damaged or incomplete');
    const huge = path.join(work, 'huge.csv');
    const fd = fs.openSync(huge, 'w');
    fs.ftruncateSync(fd, 100 * 1024 * 1024);
    fs.closeSync(fd);
    const big = await cli(['--lang', 'en', 'import', huge]);
    expect(big.status).toBe(1);
    expect(big.stderr).toContain('The file is too large (the maximum is 64 MB)');
    const unknown = await cli(['--lang', 'en', 'export', 'ogp-json', '--out', path.join(work, 'x')]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('use ogp-csv or ogp-xlsx');
    const noOut = await cli(['--lang', 'en', 'export', 'ogp-csv']);
    expect(noOut.status).toBe(1);
    expect(noOut.stderr).toContain('--out FILE');
  });
});
