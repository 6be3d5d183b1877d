import type { Page } from '@playwright/test';
import {
  startAlertmanager,
  startPrometheusSendingTo,
} from '../../electron/sources/alertmanager/testing/startAlertmanager';
import { startCheckedFakePagerDuty } from '../../tools/pagerduty/startCheckedFakePagerDuty';
import { freePort } from '../fixtures/freePort';
import { screenshotPath } from '../fixtures/paths';
import type { TestKit } from '../fixtures/createTestKit';
import { expect, test } from '../fixtures/vigilTest';

/**
 * The Sources screen against the real Debian Prometheus and Alertmanager (Prometheus sending to
 * that Alertmanager) and the PagerDuty fake whose every response is checked against PagerDuty's
 * OpenAPI description. The PagerDuty token is watched on the WebSocket: the page sends it when
 * the user types it in, and it must never come back, nor travel again once the source is saved.
 */

const PD_TOKEN = 'pd-e2e-token-V7kq2RmX9w';
const RULES = `
groups:
  - name: vigil-e2e-sources
    rules:
      - alert: VigilSourcesAlwaysFiring
        expr: vector(1)
        labels: { severity: warning, service: sources-e2e }
        annotations: { summary: fires at once so every source has something to report }
`;

interface Frame {
  dir: 'sent' | 'received';
  payload: string;
}

/** Every WebSocket frame the page sends or receives, in order (registered before the page loads). */
function recordFrames(page: Page): Frame[] {
  const frames: Frame[] = [];
  page.on('websocket', (ws) => {
    ws.on('framesent', (f) => frames.push({ dir: 'sent', payload: String(f.payload) }));
    ws.on('framereceived', (f) => frames.push({ dir: 'received', payload: String(f.payload) }));
  });
  return frames;
}

async function startWorld(kit: TestKit) {
  const am = await startAlertmanager();
  kit.defer(() => am.stop());
  const prometheus = await startPrometheusSendingTo(am, RULES);
  kit.defer(() => prometheus.stop());
  const pd = await startCheckedFakePagerDuty({ token: PD_TOKEN });
  // finish() fails the test if any response the fake sent broke PagerDuty's OpenAPI contract.
  kit.defer(() => pd.finish());
  return { am, prometheus, pd };
}

async function openSources(page: Page, url: string) {
  await page.goto(url);
  await page.getByRole('button', { name: 'Sources', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Sources', exact: true })).toBeVisible();
}

test('add each kind of source, test connections, see health; the PagerDuty token never comes back', async ({
  page,
  kit,
}) => {
  const { am, prometheus, pd } = await startWorld(kit);
  // The demo gets past the first-run screen; it is stopped once real sources are in.
  const host = await kit.startHost({ demo: true });
  const frames = recordFrames(page);
  await openSources(page, host.url);

  const form = page.getByRole('form', { name: 'Add a source' });
  const result = form.getByTestId('source-test-result');
  const rows = page.getByTestId('source-row');
  const field = (label: string) => form.getByLabel(label, { exact: true });

  // Prometheus: a good connection.
  await field('Name').fill('Prometheus (e2e)');
  await field('Prometheus URL').fill(prometheus.url);
  await field('Poll every (seconds)').fill('2');
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(result).toHaveText(
    new RegExp(`^Connected to Prometheus at ${prometheus.url.replace(/\./g, '\\.')}: \\d+ alerts? firing$`),
  );
  await expect(result).toHaveClass('result-ok');
  await form.getByRole('button', { name: 'Add source' }).click();
  await expect(rows.filter({ hasText: 'Prometheus (e2e)' })).toBeVisible();

  // Alertmanager: first on a port nobody listens on, then right.
  await form.getByRole('radio', { name: 'Alertmanager' }).check();
  await expect(field('Alertmanager URL')).toBeVisible();
  const deadUrl = `http://127.0.0.1:${await freePort()}`;
  await field('Name').fill('Alertmanager (e2e)');
  await field('Alertmanager URL').fill(deadUrl);
  await field('Poll every (seconds)').fill('2');
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(result).toHaveText(`Alertmanager at ${deadUrl} refused the connection (is it running?)`);
  await expect(result).toHaveClass('result-error');
  await page.screenshot({ path: screenshotPath('sources-test-refused.png') });
  await field('Alertmanager URL').fill(am.url);
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(result).toHaveText(`Connected to Alertmanager 0.25.0 at ${am.url} (cluster disabled)`);
  await form.getByRole('button', { name: 'Add source' }).click();
  await expect(rows.filter({ hasText: 'Alertmanager (e2e)' })).toBeVisible();

  // PagerDuty: a wrong token, then the right one.
  await form.getByRole('radio', { name: 'PagerDuty' }).check();
  await field('Name').fill('PagerDuty (e2e)');
  await field('PagerDuty API URL').fill(pd.fake.url);
  await field('Poll every (seconds)').fill('10');
  await field('API token').fill('not-the-token-000');
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(result).toHaveText(
    `PagerDuty at ${pd.fake.url} rejected the token (HTTP 401): check that it is a REST API key, copied whole`,
  );
  await field('API token').fill(PD_TOKEN);
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(result).toHaveText(/^Connected to PagerDuty as .+ \(.+@.+\); \d+ of 960 requests left this minute$/);
  await page.screenshot({ path: screenshotPath('sources-add-pagerduty.png') });
  await form.getByRole('button', { name: 'Add source' }).click();
  const pdRow = rows.filter({ hasText: 'PagerDuty (e2e)' });
  await expect(pdRow).toBeVisible();
  // The form forgot the token as soon as it was handed over.
  await expect(field('API token')).toHaveValue('');
  const savedAt = frames.length;

  // Health per source: status, last answer, and PagerDuty's request budget.
  await page.getByRole('button', { name: 'Stop demo' }).click();
  await expect(rows).toHaveCount(3);
  for (const name of ['Prometheus (e2e)', 'Alertmanager (e2e)', 'PagerDuty (e2e)']) {
    const row = rows.filter({ hasText: name });
    await expect(row).toHaveAttribute('data-status', 'ok', { timeout: 20_000 });
    await expect(row).toContainText(/ok.*\d+ s ago/s);
  }
  await expect(pdRow).toContainText(/token set · every 10 s/);
  await expect(pdRow).toContainText(/budget \d+\/960 requests/);
  await expect(page.getByLabel('Source health')).toContainText(/PD \d+\/960/);
  await page.screenshot({ path: screenshotPath('sources-health.png'), fullPage: true });
  // Three sources fine are one count in the top bar, which stays one line on a laptop window.
  await expect(page.getByLabel('Source health')).toContainText(/3 sources ok PD \d+\/960$/);
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 1024, height: 640 });
  expect((await page.locator('header.topbar').boundingBox())!.height).toBeLessThanOrEqual(48);
  await page.screenshot({ path: screenshotPath('topbar-1024.png'), clip: { x: 0, y: 0, width: 1024, height: 120 } });
  await page.setViewportSize(size);

  // Editing shows the token only as "set", and can test with the stored one without resending it.
  await page.getByRole('button', { name: 'Edit PagerDuty (e2e)' }).click();
  const edit = page.getByRole('form', { name: 'Edit PagerDuty (e2e)' });
  await expect(edit.getByRole('group', { name: 'API token' })).toContainText('set');
  await expect(edit.getByRole('button', { name: 'Replace api token' })).toBeVisible();
  await edit.getByRole('button', { name: 'Test connection' }).click();
  await expect(edit.getByTestId('source-test-result')).toHaveText(/^Connected to PagerDuty as /);
  await page.screenshot({ path: screenshotPath('sources-edit-pagerduty.png'), fullPage: true });
  await edit.getByRole('button', { name: 'Cancel' }).click();

  // Editing an HTTP source: basic auth and a tenant header (Prometheus without auth ignores both).
  await page.getByRole('button', { name: 'Edit Prometheus (e2e)' }).click();
  const editProm = page.getByRole('form', { name: 'Edit Prometheus (e2e)' });
  await editProm.getByRole('radio', { name: 'Basic auth' }).check();
  await editProm.getByLabel('User', { exact: true }).fill('vigil');
  await editProm.getByRole('button', { name: 'Set password' }).click();
  await editProm.getByRole('textbox', { name: 'Password' }).fill('e2e-basic-password');
  await editProm.getByText('Path prefix, extra headers, CA certificate').click();
  await editProm.getByLabel('Extra headers').fill('X-Scope-OrgID: team-ml');
  await page.screenshot({ path: screenshotPath('sources-edit-prometheus.png') });
  await editProm.getByRole('button', { name: 'Save changes' }).click();
  const promRow = rows.filter({ hasText: 'Prometheus (e2e)' });
  await expect(promRow).toContainText('basic auth as vigil, password set · headers X-Scope-OrgID · every 2 s');
  await expect(promRow).toHaveAttribute('data-status', 'ok');
  // The header's value is a secret now: an edit shows its name only, and no frame brings the value back.
  await page.getByRole('button', { name: 'Edit Prometheus (e2e)' }).click();
  const again = page.getByRole('form', { name: 'Edit Prometheus (e2e)' });
  await expect(again.getByLabel('Extra headers', { exact: true })).toHaveValue('');
  await expect(again).toContainText('Set: X-Scope-OrgID (values hidden)');
  await page.screenshot({ path: screenshotPath('sources-edit-headers-secret.png') });
  await again.getByRole('button', { name: 'Cancel' }).click();
  expect(frames.filter((f) => f.dir === 'received' && f.payload.includes('team-ml'))).toEqual([]);

  // A reload reconnects and reloads everything: the token must not be in that either.
  await page.reload();
  await page.getByRole('button', { name: 'Sources', exact: true }).click();
  await expect(rows).toHaveCount(3);

  const withToken = frames.map((f, i) => ({ ...f, i })).filter((f) => f.payload.includes(PD_TOKEN));
  expect(withToken.filter((f) => f.dir === 'received')).toEqual([]);
  expect(withToken.filter((f) => f.i >= savedAt)).toEqual([]);
  // What was sent: the test with the right token, then the add, each carrying it as the input's token.
  expect(
    withToken.map((f) => {
      const { channel, input } = JSON.parse(f.payload) as { channel: string; input: { token?: string } };
      return `${channel} ${input.token === PD_TOKEN}`;
    }),
  ).toEqual(['sources:test true', 'sources:add true']);
  expect(frames.filter((f) => f.dir === 'received').length).toBeGreaterThan(10);
});

test('a rejected PagerDuty token shows in health and is replaced from the edit form', async ({ page, kit }) => {
  const pd = await startCheckedFakePagerDuty({ token: PD_TOKEN });
  kit.defer(() => pd.finish());
  const host = await kit.startHost({ demo: true });
  await openSources(page, host.url);
  const form = page.getByRole('form', { name: 'Add a source' });
  await form.getByRole('radio', { name: 'PagerDuty' }).check();
  await form.getByLabel('PagerDuty API URL').fill(pd.fake.url);
  await form.getByLabel('API token').fill('revoked-token-1234');
  await form.getByRole('button', { name: 'Add source' }).click();

  const row = page.getByTestId('source-row').filter({ hasText: 'PagerDuty' });
  await expect(row).toHaveAttribute('data-status', 'auth-rejected');
  await expect(row).toContainText('credentials rejected');
  await expect(row).toContainText('PagerDuty rejected the token (401): save a working one on the Sources screen');

  await page.getByRole('button', { name: 'Edit PagerDuty' }).click();
  const edit = page.getByRole('form', { name: 'Edit PagerDuty' });
  await edit.getByRole('button', { name: 'Replace api token' }).click();
  await edit.getByRole('textbox', { name: 'API token' }).fill(PD_TOKEN);
  await page.screenshot({ path: screenshotPath('sources-replace-token.png'), fullPage: true });
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(row).toHaveAttribute('data-status', 'ok');
  // Recovered, with the earlier failure still on record.
  await expect(row).toContainText(/last error \d+ s ago: PagerDuty rejected the token/);
  await expect(page.getByRole('heading', { name: 'Add a source' })).toBeVisible();

  // Revoked in PagerDuty, then restored there: "Check now" asks again with the same token.
  pd.fake.setToken(`${PD_TOKEN}-rotated`);
  await row.getByRole('button', { name: 'Check PagerDuty now' }).click();
  await expect(row).toHaveAttribute('data-status', 'auth-rejected');
  pd.fake.setToken(PD_TOKEN);
  await row.getByRole('button', { name: 'Check PagerDuty now' }).click();
  await expect(row).toHaveAttribute('data-status', 'ok');
});
