#!/usr/bin/env node
// Compiles the app (src/server.ts, src/cli.ts) into dist/ with esbuild: one ES module per entry point,
// with code shared between them and per-command code split into chunks that load on demand. npm
// packages stay outside the bundle (node_modules is read as usual). Files that are not code
// (migrations, stylesheet, fixtures) are read from the repository (src/lib/paths.ts).
//
// `node scripts/build.mjs` builds; `ensureBuilt()` builds only when a source file is newer than the
// last build (scripts/start.mjs calls it before every start, so no install script is needed).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const DIST = path.join(ROOT, 'dist');
const STAMP = path.join(DIST, '.built');
/**
 * What the build reads: a change to any of them makes dist/ stale. The lock files change when an
 * install changes a bundled package (npm rewrites node_modules/.package-lock.json on every install).
 */
const INPUTS = ['src', 'package.json', 'package-lock.json', 'node_modules/.package-lock.json', 'tsconfig.json', 'scripts/build.mjs'];

/**
 * Packages left outside the bundle and read from node_modules when used: those that find files of
 * their own beside their code (PGlite's WebAssembly, pdfkit's font metrics, pdf.js's worker), native
 * or optional parts (esbuild, pg), and the heavy ones loaded only on demand (documents, spreadsheets,
 * charts, mail). Every other package — drizzle-orm, zod, hono and what the server loads at start —
 * is bundled: one file to compile instead of ~1,000 to find, read and link (issue 10: start-up).
 */
const EXTERNAL = [
  '@electric-sql/pglite',
  'dejavu-fonts-ttf',
  'docx',
  'echarts',
  'esbuild',
  'exceljs',
  'mammoth',
  'nodemailer',
  'pdfjs-dist',
  'pdfkit',
  'pg',
  'tsx',
];

function newestMtime(p) {
  let st;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs; // a deleted or renamed file changes its folder's time
  for (const entry of fs.readdirSync(p, { withFileTypes: true })) {
    const child = path.join(p, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(child));
    else if (!entry.name.endsWith('.test.ts') && !entry.name.endsWith('.test.tsx')) newest = Math.max(newest, fs.statSync(child).mtimeMs);
  }
  return newest;
}

export function isStale() {
  let built;
  try {
    built = fs.statSync(STAMP).mtimeMs;
  } catch {
    return true;
  }
  return INPUTS.some((input) => newestMtime(path.join(ROOT, input)) > built);
}

export async function build({ quiet = false } = {}) {
  const started = performance.now();
  const esbuild = await import('esbuild');
  // Into a fresh folder, then swapped in: a process starting meanwhile never sees half a build.
  const tmp = `${DIST}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: { server: 'src/server.ts', cli: 'src/cli.ts' },
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL.flatMap((name) => [name, `${name}/*`]),
    // Bundled CommonJS packages call require() for Node's own modules: give the ES modules one.
    banner: { js: "import { createRequire as __abiertoRequire } from 'node:module'; const require = __abiertoRequire(import.meta.url);" },
    sourcemap: 'linked',
    chunkNames: 'chunks/[name]-[hash]',
    tsconfig: path.join(ROOT, 'tsconfig.json'),
    logLevel: 'warning',
  });
  fs.writeFileSync(path.join(tmp, '.built'), new Date().toISOString());
  const old = `${DIST}.old-${process.pid}`;
  try {
    fs.renameSync(DIST, old);
  } catch {
    // no earlier build
  }
  try {
    fs.renameSync(tmp, DIST);
  } catch (error) {
    // Another process (a test run, a second start) put its own build in place meanwhile: use that one.
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!fs.existsSync(STAMP)) throw error;
  }
  fs.rmSync(old, { recursive: true, force: true });
  if (!quiet) console.error(`abierto: compiled src/ into dist/ in ${Math.round(performance.now() - started)} ms`);
}

export async function ensureBuilt() {
  if (isStale()) await build();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  build().catch((error) => {
    console.error(`abierto: build failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
