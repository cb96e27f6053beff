import { defineConfig } from '@playwright/test';
import chromium from './e2e/support/chromium.json';

// Two backend replicas behind nginx (scripts/replicas.sh), started once for
// e2e/replicas.spec.ts by the global setup and stopped by the teardown, on a
// PostgreSQL server of their own (REPLICAS_PG=private: the spec restarts
// it). The tests kill and stop replicas on purpose, so they run in order,
// one worker.
const port = Number(process.env.REPLICAS_PORT ?? 7200);

export default defineConfig({
  testDir: 'e2e',
  testMatch: 'replicas.spec.ts',
  globalSetup: './e2e/support/replicasSetup.ts',
  globalTeardown: './e2e/support/replicasTeardown.ts',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [['list'], ['./scripts/test-times/playwright-reporter.js']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    actionTimeout: 30_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: chromium,
  },
  outputDir: 'node_modules/.cache/e2e-replicas-results',
});
