import { defineConfig } from 'vitest/config';

/**
 * Three projects, one run (`npm test`):
 * - pglite: every test in src/, database tests on the embedded database;
 * - postgres: the database tests (`*.db.test.ts(x)`) again on a real PostgreSQL server the setup starts;
 * - e2e: browser tests in Debian's Chromium against the app started as `npm start` would.
 */
export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'hono/jsx' },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
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
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/setup/app-server.ts'],
          testTimeout: 60_000,
        },
      },
    ],
  },
});
