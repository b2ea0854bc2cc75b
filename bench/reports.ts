/**
 * `npx tsx bench/reports.ts` (also run at the end of `npm run bench`, bench/run.ts): the
 * self-assessment of a 60-commitment plan (bench/seed.ts) as DOCX and PDF, and the full open-data
 * export (every table as CSV, JSON, and the all-tables XLSX). Goals: DOCX ≤ 1 s, PDF ≤ 3 s, open
 * data ≤ 1 s. Times include reading the data from the database (embedded PGlite). Median of 5 runs.
 */
import { openPglite } from '../src/db/client.js';
import { messages } from '../src/i18n/index.js';
import { DATASETS, datasetTable } from '../src/features/opendata/datasets.js';
import { toCsv, toJson, toXlsx } from '../src/features/opendata/export.js';
import { dataLicense } from '../src/features/opendata/license.js';
import { getSelfAssessmentData } from '../src/features/reports/queries.js';
import { renderDocx } from '../src/features/reports/render-docx.js';
import { renderPdf } from '../src/features/reports/render-pdf.js';
import { buildSelfAssessment } from '../src/features/reports/self-assessment.js';
import { BENCH_COMMITMENTS, BENCH_MILESTONES, seedBenchPlan } from './seed.js';

const NOW = new Date('2026-11-23T12:00:00Z');
const RUNS = 5;

async function median(run: () => Promise<number>): Promise<{ ms: number; size: number }> {
  const times: number[] = [];
  let size = 0;
  for (let i = 0; i < RUNS; i += 1) {
    const t = performance.now();
    size = await run();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(RUNS / 2)] ?? 0, size };
}

export async function benchReports(log: (line: string) => void = console.log) {
  const database = await openPglite(null);
  await database.migrate();
  const { planId } = await seedBenchPlan(database.db, NOW);
  const t = messages('es');
  const doc = async () => buildSelfAssessment((await getSelfAssessmentData(database.db, planId, 'mid_term', NOW))!, t, 'es');
  await renderPdf(await doc()); // warm-up (fonts, JIT)
  const docx = await median(async () => (await renderDocx(await doc())).length);
  const pdf = await median(async () => (await renderPdf(await doc())).length);
  const meta = { license: dataLicense(), generatedAt: NOW, source: 'bench' };
  const data = await median(async () => {
    let bytes = 0;
    for (const d of DATASETS) {
      const table = await datasetTable(database.db, d, NOW);
      bytes += toCsv(table.header, table.rows).length;
      bytes += JSON.stringify(await toJson(database.db, d, meta, NOW)).length;
    }
    bytes += (await toXlsx(database.db, DATASETS, meta, NOW)).length;
    return bytes;
  });
  await database.close();
  const row = (name: string, r: { ms: number; size: number }, goal: number) =>
    `| ${name} | ${r.ms.toFixed(0)} ms | ${(r.size / 1024).toFixed(0)} KB | ≤ ${goal} ms | ${r.ms <= goal ? 'met' : 'NOT met'} |`;
  log(`## Reports\n\nSelf-assessment of ${BENCH_COMMITMENTS} commitments × ${BENCH_MILESTONES} milestones; median of ${RUNS}; PGlite in memory; data read included.\n`);
  log('| what | time | size | goal | |');
  log('|---|---|---|---|---|');
  log(row('self-assessment DOCX (es)', docx, 1000));
  log(row('self-assessment PDF (es)', pdf, 3000));
  log(row('open data: every table CSV + JSON, all-tables XLSX', data, 1000));
  return { docx, pdf, data };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchReports();
}
