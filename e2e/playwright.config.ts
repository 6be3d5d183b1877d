import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

// Playwright resolves relative paths from this file's folder; results belong in the repo's
// test-results/ beside vitest's, so paths are anchored at the repo root explicitly.
const fromRoot = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

/**
 * Browser specs against the real browser host. There is no webServer: each spec starts its own
 * host (and Prometheus) through e2e/fixtures with a fresh data dir and free ports, so specs
 * cannot see each other's state. Needs the renderer built first (npm run test:e2e does it).
 */
// Set once in the runner; its worker processes inherit it, so they agree on the folder.
process.env.VIGIL_PW_RUN ??= String(process.pid);
const runId = process.env.VIGIL_PW_RUN;

export default defineConfig({
  testDir: fromRoot('e2e/specs'),
  // Per run: Playwright empties its output dir at start, and concurrent runs (several developers'
  // checks on one machine) must not delete each other's traces mid-test.
  outputDir: fromRoot(`test-results/e2e-${runId}`),
  // One at a time: each spec runs Prometheus and a host, and timings (poll intervals,
  // demo speed) are easier to reason about without CPU contention.
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: fromRoot('test-results/e2e-results.json') }]],
  use: {
    browserName: 'chromium',
    headless: true,
    // A laptop screen: the layout the app is designed for (docs: UI.md).
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      // The distribution's Chromium, not a Playwright download: nothing is fetched at test time.
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
