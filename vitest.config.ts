import os from 'node:os';
import { defineConfig } from 'vitest/config';
import { HeaviestFirst } from './tests/setup/sequencer.js';

/**
 * Time limits that grow with how busy the machine is when the run starts (issue 10: on a shared
 * 2-core machine a fixed 30 s made tests that start processes fail under load, not because they hang).
 */
const busy = Math.max(1, (os.loadavg()[0] ?? 0) / Math.max(1, os.cpus().length));
const scaled = (ms: number) => Math.round(ms * Math.min(20, busy * 1.5));

/**
 * How many test files run at once (issue 10, decision 066). Vitest's default is one fewer than the
 * cores — on this 2-core machine one file at a time, so `npm test` used one core. The pglite and
 * postgres files (each with its own database) run in `forks`, one per core; the browser files, which
 * share one app server and its accounts, run one at a time in `threads`, beside them (two pools run
 * side by side). `TEST_WORKERS` overrides the number of forks.
 */
const forks = Math.max(1, Number(process.env.TEST_WORKERS) || os.availableParallelism());

/**
 * Three projects, one run (`npm test`):
 * - pglite: every test in src/, database tests on the embedded database;
 * - postgres: the database tests (`*.db.test.ts(x)`) again on a real PostgreSQL server the setup starts;
 * - e2e: browser tests in Debian's Chromium against the app started as `npm start` would.
 */
export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'hono/jsx' },
  test: {
    testTimeout: scaled(30_000),
    hookTimeout: scaled(60_000),
    pool: 'forks',
    sequence: { sequencer: HeaviestFirst },
    poolOptions: { forks: { maxForks: forks, minForks: 1 }, threads: { maxThreads: 1, minThreads: 1 } },
    projects: [
      {
        extends: true,
        test: { name: 'pglite', include: ['src/**/*.test.{ts,tsx}'], env: { TEST_DB: 'pglite' }, globalSetup: ['tests/setup/databases.ts'] },
      },
      {
        extends: true,
        test: { name: 'postgres', include: ['src/**/*.db.test.{ts,tsx}'], env: { TEST_DB: 'postgres' }, globalSetup: ['tests/setup/databases.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          pool: 'threads',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/setup/app-server.ts'],
          testTimeout: scaled(60_000),
        },
      },
    ],
  },
});
