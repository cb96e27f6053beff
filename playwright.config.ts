import { defineConfig } from '@playwright/test';
import chromium from './e2e/support/chromium.json';

// The end-to-end tests drive the real portal (backend serving the built app,
// see scripts/portal.sh) in Debian's Chromium. Playwright never downloads a
// browser here.
const port = Number(process.env.PORTAL_PORT ?? 7007);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: 'e2e',
  // Two replicas behind nginx: playwright.replicas.config.ts runs it.
  testIgnore: 'replicas.spec.ts',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  // One portal, one broker: the specs run one after another.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  // A flaky test must fail, not pass on a second try.
  retries: 0,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'e2e-test-report' }],
    // Time per spec file and the totals of tests and expect calls.
    ['./scripts/test-times/playwright-reporter.js'],
  ],
  webServer: {
    command: 'bash scripts/portal.sh',
    url: `${baseURL}/.backstage/health/v1/readiness`,
    env: { PORTAL_PORT: String(port) },
    // In CI a portal already listening on the port would be a stale one:
    // fail to start instead of testing it.
    reuseExistingServer: !process.env.CI,
    // A cold start builds the app first.
    timeout: 300_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
  use: {
    baseURL,
    actionTimeout: 30_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    // Debian's Chromium, launched as bench/dead-letter-ui launches it too.
    launchOptions: chromium,
  },
  outputDir: 'node_modules/.cache/e2e-test-results',
});
