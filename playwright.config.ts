import { defineConfig } from '@playwright/test';

/**
 * E2E tests drive the real built extension (`npm run build:e2e` → .output/chrome-mv3-e2e) in Debian's
 * Chromium. One worker: every test shares one browser profile per worker and 2 cores go further serially.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: 1,
  // CI retries a failed test once (a retried pass is reported as flaky); E2E_RETRIES=0 shows every
  // failure as it is, e.g. to prove a suite stable.
  retries: process.env.E2E_RETRIES !== undefined ? Number(process.env.E2E_RETRIES) : process.env.CI ? 1 : 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: process.env.CI ? [['list'], ['json', { outputFile: 'test-results/e2e-results.json' }]] : 'list',
  use: { trace: 'retain-on-failure' },
});
