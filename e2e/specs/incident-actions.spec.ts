import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRuleFile } from '../fixtures/readRuleFile';
import { screenshotPath } from '../fixtures/paths';
import { expect, test } from '../fixtures/vigilTest';

/**
 * Acting on an incident from the keyboard: the SLA clock shows, `a` acknowledges, the timeline
 * records it, and all of it is still there after the host restarts (history is kept on disk).
 */
test('acknowledge with "a": the list, SLA clocks and timeline follow, and survive a restart', async ({ page, kit }) => {
  const exporter = await kit.startExporter();
  exporter.setMetric('model_error_ratio', { service: 'fraud-model' }, 0.072);
  const prometheus = await kit.startPrometheus({ rules: readRuleFile('ml-alerts'), scrapeTargets: [exporter.target] });
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-e2e-keep-'));
  // The kit stops the hosts; the data dir both hosts share is ours to remove (registered first, runs last).
  kit.defer(() => rmSync(dataDir, { recursive: true, force: true }));
  const sources = [{ name: 'Prometheus (test)', url: prometheus.url, intervalSeconds: 2 }];
  const host = await kit.startHost({ dataDir, sources });

  await page.goto(host.url);
  const row = page.getByTestId('incident-row').filter({ hasText: 'FraudModelHighErrorRate' });
  await expect(row).toBeVisible({ timeout: 20_000 });
  await row.click();
  // P0: acknowledge within 5 minutes (seed 000).
  await expect(page.getByRole('list', { name: 'Response SLAs' })).toContainText(/ack\s*due in [45] min/i);
  await expect(row).toContainText(/ack in [45] min/);
  const timeline = page.getByRole('region', { name: 'Timeline' });
  await expect(timeline.getByTestId('timeline-event').first()).toContainText('fired');

  await page.keyboard.press('a');
  await expect(page.getByText('Acknowledged (1)')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Response SLAs' })).toContainText(/ack\s*met at/i);
  await expect(timeline.locator('[data-kind="acknowledged"]')).toContainText('you acknowledged it');
  await expect(
    page.getByRole('toolbar', { name: 'Incident actions' }).getByRole('button', { name: /Acknowledge/ }),
  ).toHaveCount(0);
  await page.screenshot({ path: screenshotPath('incident-acknowledged.png') });

  await host.stop();
  const again = await kit.startHost({ dataDir, sources });
  await page.goto(again.url);
  const restored = page.getByTestId('incident-row').filter({ hasText: 'FraudModelHighErrorRate' });
  await expect(restored).toBeVisible();
  await expect(page.getByText('Acknowledged (1)')).toBeVisible();
  await restored.click();
  await expect(page.getByRole('region', { name: 'Timeline' }).locator('[data-kind="acknowledged"]')).toBeVisible();
});
