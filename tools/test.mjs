#!/usr/bin/env node
// `npm test`: provisions the Debian components, then runs every check the project has —
// lint, formatting, type-checks, build, unit + integration tests (Vitest), end-to-end tests
// (Playwright in Debian Chromium against the browser host) — and ends with one line:
// "N passed, N failed". Each lint/format/type-check/build step counts as one check.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const results = [];
let passed = 0;
let failed = 0;

function step(name, cmd, args, { count } = {}) {
  const started = Date.now();
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (count) {
    const c = count(r.status);
    passed += c.passed;
    failed += c.failed;
    results.push(`${name}: ${c.passed} passed, ${c.failed} failed${c.note ? ` (${c.note})` : ''} [${seconds} s]`);
    return c.failed === 0;
  }
  const ok = r.status === 0;
  if (ok) passed++;
  else failed++;
  results.push(`${name}: ${ok ? 'passed' : `FAILED (exit ${r.status ?? r.signal})`} [${seconds} s]`);
  return ok;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

rmSync('test-results', { recursive: true, force: true });
mkdirSync('test-results/screenshots', { recursive: true });

if (!step('provision Debian components', 'node', ['tools/provision.mjs'])) {
  console.error('Cannot run the integration and end-to-end tests without their components.');
}
step('lint (incl. layering rules)', 'npx', ['eslint', '.', '--max-warnings=0']);
step('formatting', 'npx', ['prettier', '--check', '.', '--log-level=warn']);
for (const cfg of ['shared', 'electron', 'renderer', 'tools']) {
  step(`type-check ${cfg}`, 'npx', ['tsc', '-p', `tsconfig.${cfg}.json`]);
}
step('Electron security scan (electronegativity, no high findings)', 'node', ['tools/electronegativity.mjs']);
const built = step('build renderer and Electron shell', 'node', ['tools/build.mjs', '--quiet']);

const vitestCount = (file) => (status) => {
  const j = readJson(file);
  if (!j) return { passed: 0, failed: 1, note: `no results (exit ${status})` };
  const broken = (j.testResults ?? []).filter(
    (f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0,
  ).length;
  return {
    passed: j.numPassedTests,
    failed: j.numFailedTests + broken,
    note: j.numPendingTests ? `${j.numPendingTests} skipped` : '',
  };
};
for (const [project, title, reporter] of [
  ['unit', 'unit tests', 'default'],
  ['integration', 'integration tests (real Prometheus, Alertmanager, PagerDuty fake, notification daemon)', 'default'],
  // The fault suite lists every named case with its result.
  ['faults', 'fault and bad-input suite (npm run test:faults)', 'verbose'],
]) {
  const out = `test-results/vitest-${project}.json`;
  step(
    title,
    'npx',
    ['vitest', 'run', '--project', project, `--reporter=${reporter}`, '--reporter=json', `--outputFile.json=${out}`],
    { count: vitestCount(out) },
  );
}

if (built && existsSync('e2e/playwright.config.ts')) {
  step('end-to-end tests (Playwright, Chromium)', 'npx', ['playwright', 'test', '-c', 'e2e/playwright.config.ts'], {
    count: (status) => {
      const j = readJson('test-results/e2e-results.json');
      if (!j) return { passed: 0, failed: 1, note: `no results (exit ${status})` };
      const s = j.stats;
      return {
        passed: s.expected + s.flaky,
        failed: s.unexpected,
        note: [s.flaky && `${s.flaky} flaky`, s.skipped && `${s.skipped} skipped`].filter(Boolean).join(', '),
      };
    },
  });
}

console.log('\n=== summary');
for (const line of results) console.log(`  ${line}`);
console.log('  screenshots: test-results/screenshots/');
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
