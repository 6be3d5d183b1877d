import { freePort } from '../fixtures/freePort';
import { screenshotPath } from '../fixtures/paths';
import { expect, test } from '../fixtures/vigilTest';

test('first run offers the demo, and the demo produces a P0 FraudModelHighErrorRate incident', async ({
  page,
  kit,
}) => {
  // Speed 5: the error ratio crosses 5% 60 s into the demo, so about 12 s after the click, and the
  // P0 lasts about 21 s (demo seconds 60 to 165): long enough to click and read on a loaded machine.
  const host = await kit.startHost({ demoSpeed: 5 });
  await page.goto(host.url);

  await expect(page.getByRole('heading', { name: 'Welcome to Vigil' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Start the demo' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Test connection' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add source' })).toBeVisible();
  await page.screenshot({ path: screenshotPath('first-run.png') });

  await page.getByRole('button', { name: 'Start the demo' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome to Vigil' })).toHaveCount(0);
  // The P0 only lasts while the ratio is above 5% (demo seconds 60 to 165).
  const p0 = page
    .getByTestId('incident-row')
    .and(page.locator('[data-severity="P0"]'))
    .filter({ hasText: 'FraudModelHighErrorRate' });
  await expect(p0).toBeVisible({ timeout: 45_000 });
  await p0.click();
  await expect(page.getByTestId('incident-reason')).toHaveText(
    /^raised above its critical label: error ratio \d+(\.\d+)?% > 5% of requests: P0$/,
  );
  // The evidence quotes the value the headline quotes, as it moves (not the value when it was read).
  await expect
    .poll(async () => {
      const reason = (await page.getByTestId('incident-reason').textContent()) ?? '';
      const value = (await page.getByTestId('evidence-current').textContent()) ?? '';
      return reason.includes(`error ratio ${value} >`);
    })
    .toBe(true);
  await expect(page.getByTestId('evidence-capture').first()).not.toContainText(
    /from the demo scenario.*from the demo scenario/,
  );
  await page.screenshot({ path: screenshotPath('demo-incidents.png') });

  // Nobody acknowledges it; the demo's ratio falls back and the incident resolves. Its ack clock
  // stopped because it resolved, which is not an acknowledgement.
  await expect(page.locator('.detail .state-pill')).toHaveText('resolved', { timeout: 90_000 });
  await expect(page.getByRole('list', { name: 'Response SLAs' })).toContainText(
    /ack not acknowledged \(resolved at [^)]+\)/,
  );
  await page.screenshot({ path: screenshotPath('demo-resolved-unacknowledged.png') });
});

test('"Test connection" against a port nobody listens on says the connection was refused', async ({ page, kit }) => {
  const host = await kit.startHost();
  const deadUrl = `http://127.0.0.1:${await freePort()}`;
  await page.goto(host.url);

  await page.getByLabel('Prometheus URL').fill(deadUrl);
  await page.getByRole('button', { name: 'Test connection' }).click();
  const result = page.getByTestId('source-test-result');
  await expect(result).toContainText(`Prometheus at ${deadUrl} refused the connection`);
  await page.screenshot({ path: screenshotPath('test-connection-refused.png') });
});
