import { readRuleFile } from '../fixtures/readRuleFile';
import { screenshotPath } from '../fixtures/paths';
import { expect, test } from '../fixtures/vigilTest';

/**
 * The vertical slice through everything real: exporter -> Prometheus rule -> Vigil's source ->
 * classification -> incident -> browser. Then Prometheus goes away and the incident must stay,
 * marked stale, with the cause said in words.
 */
test('a Prometheus alert becomes a P0 incident and stays, stale, when Prometheus goes away', async ({ page, kit }) => {
  const exporter = await kit.startExporter();
  exporter.setMetric('model_error_ratio', { service: 'fraud-model' }, 0.004);
  const prometheus = await kit.startPrometheus({ rules: readRuleFile('ml-alerts'), scrapeTargets: [exporter.target] });
  // 2 s is the shortest poll interval the settings schema accepts (1 s is rejected).
  const host = await kit.startHost({
    sources: [{ name: 'Prometheus (test)', url: prometheus.url, intervalSeconds: 2 }],
  });

  await page.goto(host.url);
  // Watching and healthy before anything fires: the alert comes from the flip below.
  await expect(page.getByTestId('no-incidents')).toContainText('last answer');

  exporter.setMetric('model_error_ratio', { service: 'fraud-model' }, 0.072);
  const row = page.getByTestId('incident-row').filter({ hasText: 'FraudModelHighErrorRate' });
  await expect(row).toBeVisible({ timeout: 20_000 });
  await expect(row).toHaveAttribute('data-severity', 'P0');
  await expect(row.getByLabel('severity P0')).toHaveText('P0');
  await expect(page.getByTestId('incident-row')).toHaveCount(1);

  await row.click();
  await expect(page.getByTestId('incident-reason')).toHaveText(
    'raised above its critical label: error ratio 7.2% > 5% of requests: P0',
  );
  await expect(page.getByTestId('health-banner')).toHaveCount(0);
  await page.screenshot({ path: screenshotPath('slice-firing.png') });

  await prometheus.stop();
  const banner = page.getByTestId('health-banner');
  // Failed polls back off (2 s, then 4 s...), so the refused connection can take a few polls to show.
  await expect(banner).toContainText('unreachable', { timeout: 20_000 });
  await expect(banner).toContainText(`Prometheus at ${prometheus.url} refused the connection`, { timeout: 20_000 });
  await expect(row).toBeVisible();
  await expect(row).toHaveAttribute('data-stale', 'true');
  await expect(row).toHaveAttribute('data-severity', 'P0');
  await expect(page.getByTestId('incident-reason')).toHaveText(
    'raised above its critical label: error ratio 7.2% > 5% of requests: P0',
  );
  await page.screenshot({ path: screenshotPath('slice-stale.png') });
});

/**
 * A page opened on a host that already holds more than a page of incidents (issue 15: a storm's
 * 20,000 in one 32 MB reply froze the page, and the host dropped the connection for the unread
 * bytes, which loaded the list again, forever). The list now comes in bounded pages, each reply
 * frame well under the host's limit, and it is shown whole.
 */
test('a page opened on a host with 1,200 incidents loads them in bounded pages, all of them', async ({ page, kit }) => {
  const COUNT = 1200;
  const exporter = await kit.startExporter();
  for (let i = 0; i < COUNT; i++) exporter.setMetric('api_error_ratio', { service: `svc-${i}` }, 0.2);
  const prometheus = await kit.startPrometheus({
    rules: `groups:
  - name: many
    rules:
      - alert: ApiHighErrorRate
        expr: api_error_ratio > 0.1
        labels: { severity: warning }
`,
    scrapeTargets: [exporter.target],
  });
  const host = await kit.startHost({
    sources: [{ name: 'Prometheus (test)', url: prometheus.url, intervalSeconds: 2 }],
  });
  await page.goto(host.url);
  const open = page.getByTestId('list-section').first();
  await expect(open).toContainText(`Open (1,200)`, { timeout: 30_000 });

  // A new page, a new connection: the whole list is loaded again, now from a host that holds it.
  const pageRequests: string[] = [];
  const replyBytes: number[] = [];
  page.on('websocket', (ws) => {
    ws.on('framesent', ({ payload }) => {
      if (String(payload).includes('"channel":"incidents:page"')) pageRequests.push(String(payload));
    });
    ws.on('framereceived', ({ payload }) => {
      if (!String(payload).startsWith('{"event"')) replyBytes.push(payload.length);
    });
  });
  await page.reload();
  await expect(open).toContainText(`Open (1,200)`, { timeout: 30_000 });
  await expect(page.getByTestId('health-banner')).toHaveCount(0);
  // 1,200 at 500 a page: three requests, each after the previous page's last id.
  expect(pageRequests).toHaveLength(3);
  expect(pageRequests[0]).not.toContain('"after"');
  expect(pageRequests[1]).toContain('"after":"inc-');
  expect(Math.max(...replyBytes)).toBeLessThan(1024 * 1024);
  expect(host.logTail(200)).not.toContain('bridge client dropped');
});
