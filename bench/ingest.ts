/**
 * Ingest benchmark (`npm run bench` runs it after the page loads; alone: `npx tsx bench/ingest.ts`).
 * - parse time of the seed (text) and of a 45-commitment self-assessment as PDF and as DOCX
 *   (generated like the tests do), reading included, median of several runs;
 * - OGP's 558-row commitment data (fixtures/ogp-commitments-sample.csv) imported end to end (read
 *   the CSV, match, store in one transaction) into an empty database, then again (every row an
 *   update), and exported back, on PGlite and on PostgreSQL. Goal: import ≤ 3 s on both.
 * BENCH_POSTGRES=0 skips PostgreSQL; =1 requires it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openPglite, openPostgres, type OpenDatabase } from '../src/db/client.js';
import { readTemplateDocument } from '../src/features/ingest/documents.js';
import { parseTemplate } from '../src/features/ingest/template-parser.js';
import { importOgpData } from '../src/features/ogp/commands.js';
import { exportOgpTable, toCsv } from '../src/features/ogp/export.js';
import { readCsv } from '../src/features/ogp/read.js';
import { findPostgresBin, startPostgres, type PostgresServer } from '../tests/support/postgres-server.js';
import { templateDocx, templatePdf, type DocCommitment } from '../tests/support/documents.js';

const NOW = new Date('2026-11-23T12:00:00Z');
const GOAL_IMPORT_MS = 3000;
const GOAL_REAL_PDF_MS = 2000;

/** The real report's pages, then its commitment pages (from the first theme heading, page 4) again. */
async function realReport(bytes: Uint8Array): Promise<Uint8Array> {
  const { PDFDocument } = await import('pdf-lib');
  const source = await PDFDocument.load(bytes);
  const out = await PDFDocument.create();
  const all = source.getPageIndices();
  for (const page of await out.copyPages(source, [...all, ...all.slice(3)])) out.addPage(page);
  return out.save();
}
const root = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));

async function median(runs: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)] ?? 0;
}

const fmt = (ms: number) => `${Math.round(ms).toLocaleString('en-US')} ms`;

/** 45 commitments with 4 milestones each and the completion marked, as a real report would have. */
function report(): DocCommitment[] {
  return Array.from({ length: 45 }, (_, k) => ({
    number: k + 1,
    title: `Compromiso de prueba ${k + 1}: datos abiertos y participación`,
    theme: 'Transparencia',
    completion: { column: (k % 4) as 0 | 1 | 2 | 3 },
    milestones: [1, 2, 3, 4].map((m) => `${m}. Meta ${m} del compromiso ${k + 1} (Enero a Marzo 2017)`),
  }));
}

async function ogpImport(database: OpenDatabase, bytes: Uint8Array) {
  const run = async () => {
    const t = performance.now();
    const table = readCsv(bytes);
    const outcome = await importOgpData(database.db, { table, source: { name: 'ogp.csv', format: 'csv', content: bytes }, actor: 'bench', dryRun: false, now: NOW });
    return { ms: performance.now() - t, outcome };
  };
  const first = await run();
  if (first.outcome.counts.commitmentsCreated !== 558) throw new Error(`expected 558 new commitments, got ${first.outcome.counts.commitmentsCreated}`);
  const again = await run();
  const exportMs = await median(3, async () => toCsv(await exportOgpTable(database.db)));
  return { first: first.ms, again: again.ms, exportMs };
}

export async function runIngestBench(): Promise<void> {
  console.log('');
  console.log('Ingest');
  const seed = readFileSync(root('fixtures/000_3f13f33dc8e8d7d3.txt'));
  const seedText = seed.toString('utf8');
  const seedMs = await median(50, () => parseTemplate(seedText));
  const pdf = await templatePdf(report(), { rowsPerCommitment: 6 });
  const docx = await templateDocx(report());
  const pdfParsed = await readTemplateDocument('report.pdf', pdf);
  if (pdfParsed.parsed.commitments.length !== 45) throw new Error(`the PDF gave ${pdfParsed.parsed.commitments.length} commitments, not 45`);
  const pdfMs = await median(5, () => readTemplateDocument('report.pdf', pdf));
  const docxMs = await median(5, () => readTemplateDocument('report.docx', docx));
  console.log(`  seed (text, 1 commitment):            ${fmt(seedMs)}  (parse only, median of 50)`);
  console.log(`  45-commitment PDF (${Math.round(pdf.length / 1024)} KB, ${pdfParsed.text.split('\n').length} lines): ${fmt(pdfMs)}  (read + parse, median of 5)`);
  console.log(`  45-commitment DOCX (${Math.round(docx.length / 1024)} KB):          ${fmt(docxMs)}  (read + parse, median of 5)`);

  // A real published report (fixtures/real-documents, 26 commitments, 31 pages): its pages twice
  // (copied as they are with pdf-lib, nothing redrawn) make a 52-commitment, 59-page real PDF.
  const real = readFileSync(root('fixtures/real-documents/us-nap2-end-of-term-self-assessment-2015.pdf'));
  const realPdf = await realReport(new Uint8Array(real));
  const realParsed = await readTemplateDocument('real.pdf', realPdf);
  const realCount = realParsed.parsed.commitments.length;
  if (realCount < 45) throw new Error(`the real PDF gave ${realCount} commitments, not 52`);
  const realMs = await median(5, () => readTemplateDocument('real.pdf', realPdf));
  console.log(`  real PDF, ${realCount} commitments (${Math.round(realPdf.length / 1024)} KB): ${fmt(realMs)}  (read + parse, median of 5; goal ≤ ${fmt(GOAL_REAL_PDF_MS)}: ${realMs <= GOAL_REAL_PDF_MS ? 'met' : 'NOT met'})`);

  const csv = new Uint8Array(readFileSync(root('fixtures/ogp-commitments-sample.csv')));
  const rows: [string, { first: number; again: number; exportMs: number }][] = [];
  const pglite = await openPglite(null);
  try {
    await pglite.migrate();
    rows.push(['PGlite (memory)', await ogpImport(pglite, csv)]);
  } finally {
    await pglite.close();
  }
  let runPostgres = process.env.BENCH_POSTGRES !== '0';
  if (runPostgres && process.env.BENCH_POSTGRES !== '1') {
    try {
      findPostgresBin();
    } catch {
      runPostgres = false;
    }
  }
  if (runPostgres) {
    let server: PostgresServer | undefined;
    let database: OpenDatabase | undefined;
    try {
      server = await startPostgres();
      database = await openPostgres(server.url('postgres'));
      await database.migrate();
      rows.push(['PostgreSQL (loopback)', await ogpImport(database, csv)]);
    } catch (error) {
      console.error(`  PostgreSQL run failed: ${error instanceof Error ? error.message : String(error)}`);
      if (process.env.BENCH_POSTGRES === '1') process.exitCode = 1;
    } finally {
      await database?.close().catch(() => {});
      server?.stop();
    }
  }
  console.log(`  OGP data, 558 rows × 171 columns (read CSV + import in one transaction; goal ≤ ${fmt(GOAL_IMPORT_MS)}):`);
  console.log('  | database | first import | re-import (558 updates) | export CSV | goal |');
  console.log('  |---|---|---|---|---|');
  for (const [name, r] of rows) {
    console.log(`  | ${name} | ${fmt(r.first)} | ${fmt(r.again)} | ${fmt(r.exportMs)} | ${r.first <= GOAL_IMPORT_MS && r.again <= GOAL_IMPORT_MS ? 'met' : 'NOT met'} |`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  runIngestBench().catch((error: unknown) => {
    console.error(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  });
}
