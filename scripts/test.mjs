#!/usr/bin/env node
// The one test command (README): typecheck, then every vitest project — unit and database tests on
// PGlite, the database tests again on a real PostgreSQL server, the browser tests in Chromium —
// and a closing line "tests: N passed, N failed".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const extra = process.argv.slice(2);
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', env: process.env });

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
