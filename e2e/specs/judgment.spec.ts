import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCheckedFakePagerDuty } from '../../tools/pagerduty/startCheckedFakePagerDuty';
import { screenshotPath } from '../fixtures/paths';
import { readRuleFile } from '../fixtures/readRuleFile';
import { expect, test } from '../fixtures/vigilTest';

/**
 * Judgment on alerts nobody wrote for Vigil: PagerDuty's own urgency, a heartbeat that stops, and
 * a matrix rule whose level a live PromQL query decides. Real Prometheus, the contract-checked
 * PagerDuty fake, the browser host, Chromium.
 */

const PD_TOKEN = 'pd-judgment-token-0001';

test('a high-urgency PagerDuty incident pages and sorts above a platform warning', async ({ page, kit }) => {
  const exporter = await kit.startExporter();
  exporter.setMetric('node_md_disks', { state: 'failed', device: 'md0' }, 1);
  const prometheus = await kit.startPrometheus({
    rules: readRuleFile('platform-alerts'),
    scrapeTargets: [exporter.target],
  });
  const pd = await startCheckedFakePagerDuty({ token: PD_TOKEN });
  kit.defer(() => pd.finish());
  const host = await kit.startHost({
    sources: [{ name: 'Prometheus (test)', url: prometheus.url, intervalSeconds: 2 }],
  });

  await page.goto(host.url);
  const raid = page.getByTestId('incident-row').filter({ hasText: 'HostRaidDiskFailure' });
  await expect(raid).toHaveAttribute('data-severity', 'P2', { timeout: 20_000 });

  await page.getByRole('button', { name: 'Sources' }).click();
  const form = page.getByRole('form', { name: 'Add a source' });
  await form.getByRole('radio', { name: 'PagerDuty' }).check();
  await form.getByLabel('PagerDuty API URL').fill(pd.fake.url);
  await form.getByLabel('API token').fill(PD_TOKEN);
  await form.getByRole('button', { name: 'Add source' }).click();
  await page.getByRole('button', { name: 'Incidents' }).click();

  const checkout = page.getByTestId('incident-row').filter({ hasText: 'Checkout 5xx rate above SLO' });
  await expect(checkout).toHaveAttribute('data-severity', 'P1', { timeout: 20_000 });
  const open = page.getByTestId('incident-row');
  const titles = await open.allTextContents();
  const at = (text: string) => titles.findIndex((t) => t.includes(text));
  expect(at('Checkout 5xx rate above SLO')).toBeGreaterThanOrEqual(0);
  expect(at('Checkout 5xx rate above SLO')).toBeLessThan(at('HostRaidDiskFailure'));
  // The P1 priority incident of the fake account (PagerDuty priority P1) is a P0, first of all.
  await expect(open.first()).toHaveAttribute('data-severity', 'P0');

  await checkout.click();
  await expect(page.getByTestId('incident-reason')).toHaveText('PagerDuty high urgency (PagerDuty pages for it): P1');
  const timeline = page.getByRole('region', { name: 'Timeline' });
  await expect(timeline.locator('[data-kind="notified"]')).toContainText('paged: P1 Checkout 5xx rate above SLO');
  await page.screenshot({ path: screenshotPath('judgment-pagerduty-urgency.png') });

  await raid.click();
  await expect(page.getByTestId('incident-reason')).toHaveText(
    'md disks (state="failed") 1 (unit not known) (rule: > 0); labelled warning: P2',
  );
  await expect(page.getByTestId('incident-subject')).toHaveText(/vigil-test-exporter \(127\.0\.0\.1:\d+\)/);
});

test('when the Watchdog heartbeat stops while Prometheus answers, the pipeline incident is raised', async ({
  page,
  kit,
}) => {
  const exporter = await kit.startExporter();
  exporter.setMetric('vigil_heartbeat', {}, 1);
  const prometheus = await kit.startPrometheus({
    rules: readRuleFile('platform-alerts'),
    scrapeTargets: [exporter.target],
  });
  // The shipped grace is 3 minutes (a restarted Prometheus re-evaluates after an interval).
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-e2e-heartbeat-'));
  kit.defer(() => rmSync(dataDir, { recursive: true, force: true }));
  writeFileSync(join(dataDir, 'classification.override.yaml'), 'version: 1\nheartbeats:\n  grace: 4s\n');
  const host = await kit.startHost({
    dataDir,
    sources: [{ name: 'Prometheus (test)', url: prometheus.url, intervalSeconds: 2 }],
  });

  await page.goto(host.url);
  await page.getByRole('button', { name: 'Sources' }).click();
  const row = page.getByTestId('source-row').filter({ hasText: 'Prometheus (test)' });
  await expect(row.getByTestId('heartbeat')).toHaveText('heartbeat OK (Watchdog)', { timeout: 20_000 });
  await page.getByRole('button', { name: 'Incidents' }).click();
  // A heartbeat is health, not an incident.
  await expect(page.getByTestId('no-incidents')).toBeVisible();

  exporter.deleteMetric('vigil_heartbeat');
  const pipeline = page.getByTestId('incident-row').filter({ hasText: 'AlertingPipelineHeartbeatStopped' });
  await expect(pipeline).toHaveAttribute('data-severity', 'P1', { timeout: 30_000 });
  await pipeline.click();
  await expect(page.getByTestId('incident-reason')).toHaveText(
    'alerting pipeline heartbeat stopped: Watchdog no longer fires on Prometheus (test), which still answers: P1',
  );
  await page.screenshot({ path: screenshotPath('judgment-heartbeat-stopped.png') });
  await page.getByRole('button', { name: 'Sources' }).click();
  await expect(row.getByTestId('heartbeat')).toContainText('heartbeat Watchdog stopped at');

  // It comes back: the pipeline incident resolves.
  exporter.setMetric('vigil_heartbeat', {}, 1);
  await expect(row.getByTestId('heartbeat')).toHaveText('heartbeat OK (Watchdog)', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Incidents' }).click();
  await expect(
    page.getByTestId('incident-row').filter({ hasText: 'AlertingPipelineHeartbeatStopped' }),
  ).toHaveAttribute('class', /state-resolved/, { timeout: 20_000 });
});

test("a matrix rule with query: decides the level from a live query against the alert's Prometheus", async ({
  page,
  kit,
}) => {
  const exporter = await kit.startExporter();
  exporter.setMetric('node_md_disks', { state: 'failed', device: 'md0' }, 1);
  const prometheus = await kit.startPrometheus({
    rules: readRuleFile('platform-alerts'),
    scrapeTargets: [exporter.target],
  });
  // The team's override: one failed disk is the author's warning; two failed disks on one host page.
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-e2e-judgment-'));
  kit.defer(() => rmSync(dataDir, { recursive: true, force: true }));
  writeFileSync(
    join(dataDir, 'classification.override.yaml'),
    `version: 1
rules:
  - id: raid-many-failed
    severity: P1
    match: ['alertname="HostRaidDiskFailure"']
    query: 'sum(node_md_disks{state="failed", instance="{{ $labels.instance }}"})'
    when: value >= 2
    subject: failed disks
    reason: '{value} failed disks across the arrays of {label:instance}'
`,
  );
  const host = await kit.startHost({
    dataDir,
    sources: [{ name: 'Prometheus (test)', url: prometheus.url, intervalSeconds: 2 }],
  });

  await page.goto(host.url);
  const raid = page.getByTestId('incident-row').filter({ hasText: 'HostRaidDiskFailure' });
  await expect(raid).toHaveAttribute('data-severity', 'P2', { timeout: 20_000 });
  await raid.click();
  // The query ran: one failed disk is not two.
  await expect(page.locator('.why-not')).toHaveText(/^not P1: failed disks 1 is not >= 2$/, { timeout: 20_000 });

  // A second array loses a disk: each alert still carries 1, the query now says 2.
  exporter.setMetric('node_md_disks', { state: 'failed', device: 'md1' }, 1);
  await expect(raid).toHaveAttribute('data-severity', 'P1', { timeout: 30_000 });
  await expect(page.getByTestId('incident-reason')).toHaveText(
    /^raised above its warning label: 2 failed disks across the arrays of 127\.0\.0\.1:\d+: P1$/,
  );
  await page.screenshot({ path: screenshotPath('judgment-query-rule.png') });
});

test('Settings > Severity matrix previews every rule of a Prometheus source, disagreements first', async ({
  page,
  kit,
}) => {
  const rules = readFileSync(new URL('../../shared/classify/testing/mixedRules.yml', import.meta.url), 'utf8');
  const prometheus = await kit.startPrometheus({ rules });
  const host = await kit.startHost({
    sources: [{ name: 'Prometheus (test)', url: prometheus.url, intervalSeconds: 2 }],
  });

  await page.goto(host.url);
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Preview the rules of my Prometheus sources' }).click();
  const source = page.getByTestId('rule-preview-source').filter({ hasText: 'Prometheus (test)' });
  await expect(source.getByTestId('rule-preview-summary')).toHaveText(
    '21 rules · 1 judged differently from their label · 0 would page from a warning or info label · 5 with a value kind Vigil cannot read (their label decides)',
  );
  const rows = source.getByTestId('rule-preview-row');
  await expect(rows).toHaveCount(21);
  await expect(rows.first()).toContainText('FraudModelAllServingDown');
  await expect(rows.first()).toContainText('raised above its critical label: model serving is down: P0');
  // One serving target down (`up == 0` fires per target) is not the service down: its label decides.
  await expect(rows.filter({ hasText: 'FraudModelServingDown' })).toContainText('target down; labelled critical: P1');
  await expect(rows.filter({ hasText: 'PrometheusRuleEvaluationFailures' })).toContainText(
    '1 rule evaluation failures in 5 min (rule: > 0); labelled warning: P2',
  );
  await source.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('judgment-rule-preview.png'), fullPage: true });
});
