#!/usr/bin/env node
// The one test command (README): typecheck, then every vitest project — unit and database tests on
// PGlite, the database tests again on a real PostgreSQL server, the browser tests in Chromium —
// and a closing line "tests: N passed, N failed".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const extra = process.argv.slice(2);
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', env: process.env });

// What the tests need from the system: Debian's Chromium (browser tests) and a PostgreSQL server
// (the postgres project). Installed here when missing and running as root; otherwise one line says how.
const hasChromium = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].some((p) => p && fs.existsSync(p));
const hasPostgres = [process.env.PG_BIN, ...['17', '16', '15', '14'].map((v) => `/usr/lib/postgresql/${v}/bin`)].some((d) => d && fs.existsSync(`${d}/initdb`));
const missing = [...(hasChromium ? [] : ['chromium']), ...(hasPostgres ? [] : ['postgresql-15'])];
if (missing.length > 0) {
  const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  if (process.getuid?.() !== 0 || !fs.existsSync('/usr/bin/apt-get')) {
    console.error(`tests: ${missing.join(' and ')} missing; install with: sudo sh -c '${command}'`);
    console.log('tests: 0 passed, 1 failed');
    process.exit(1);
  }
  console.error(`tests: installing ${missing.join(', ')} (apt-get)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args) => spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (apt(['update', '-qq']).status !== 0 || apt(['install', '-y', '-qq', ...missing]).status !== 0) {
    console.error(`tests: could not install ${missing.join(', ')}; run: ${command}`);
    console.log('tests: 0 passed, 1 failed');
    process.exit(1);
  }
  // The package starts a cluster of its own; the tests start their own server.
  spawnSync('sh', ['-c', "command -v pg_lsclusters >/dev/null && pg_lsclusters -h | while read v n rest; do pg_ctlcluster $v $n stop; done"], { stdio: 'ignore' });
}

const tsc = run(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.']);
if (tsc.status !== 0) {
  console.error('typecheck failed');
  console.log('tests: 0 passed, 1 failed');
  process.exit(1);
}

fs.mkdirSync('.tmp', { recursive: true });
const report = `.tmp/vitest-report-${process.pid}.json`;
fs.rmSync(report, { force: true });
const vitest = run(process.execPath, [
  'node_modules/vitest/vitest.mjs',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...extra,
]);

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const r = JSON.parse(fs.readFileSync(report, 'utf8'));
  passed = r.numPassedTests;
  failed = r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0) + r.testResults.filter((s) => s.status === 'failed' && s.assertionResults.length === 0).length;
  skipped = r.numPendingTests + r.numTodoTests;
} catch {
  failed = Math.max(failed, 1);
}
const status = vitest.status === 0 && failed === 0 && passed > 0 ? 0 : 1;
if (status !== 0 && failed === 0) failed = 1;
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
fs.rmSync(report, { force: true });
process.exit(status);
