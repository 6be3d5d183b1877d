import { screenshotPath } from '../fixtures/paths';
import { expect, test } from '../fixtures/vigilTest';

test('notification settings are saved, survive a reload, and pausing says P0 still pages', async ({ page, kit }) => {
  const host = await kit.startHost({ demo: true, demoSpeed: 10 });
  await page.goto(host.url);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();

  // A P0 can be made quieter, never silent: "only in Vigil" is not offered for it.
  await expect(page.getByLabel('P0 notification').locator('option')).toHaveText([/^page/, /^quiet/]);
  await page.getByLabel('P2 notification').selectOption('none');
  await page.getByLabel('Quiet hours start').fill('23:00');
  await page.getByRole('checkbox', { name: /Quiet hours from/ }).check();
  await page.getByLabel('Retention days').fill('30');
  await page.getByLabel('Your name on the timeline').fill('Dana');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await page.getByRole('button', { name: '15 min' }).click();
  await expect(page.getByText(/Notifications paused until .* \(P0 still pages\)/)).toBeVisible();
  await page.screenshot({ path: screenshotPath('settings.png') });

  await page.reload();
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByLabel('P2 notification')).toHaveValue('none');
  await expect(page.getByLabel('Quiet hours start')).toHaveValue('23:00');
  await expect(page.getByLabel('Retention days')).toHaveValue('30');
  await expect(page.getByLabel('Your name on the timeline')).toHaveValue('Dana');
  await expect(page.getByText(/^Paused until/)).toBeVisible();
});

test('the browser tab shows the unacknowledged count and the top severity', async ({ page, kit }) => {
  const host = await kit.startHost({ demo: true, demoSpeed: 10 });
  await page.goto(host.url);
  await expect(page).toHaveTitle(/^\(\d+\) P0 FraudModelHighErrorRate · Vigil$/, { timeout: 30_000 });
  const icon = await page.locator('link[rel="icon"]').getAttribute('href');
  expect(decodeURIComponent(icon ?? '')).toContain('#c62828');
});

test('a severity matrix override with an error is refused with its line, a valid one applies', async ({
  page,
  kit,
}) => {
  const host = await kit.startHost();
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Start the demo' }).click();
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Settings' }).click();
  const editor = page.getByLabel('Severity matrix override (YAML)');
  await editor.fill(
    "version: 1\nrules:\n  - id: team-errors\n    severity: P0\n    match: ['alertname ~ Error']\n    reason: x\n",
  );
  await page.getByRole('button', { name: 'Validate and apply' }).click();
  await expect(page.getByRole('list', { name: 'Problems in the override' })).toContainText(
    /line 5, column \d+: .*not a label matcher/,
  );
  await expect(page.getByText('Not applied: the rules in force did not change.')).toBeVisible();
  await editor.fill(
    'version: 1\nrules:\n  - id: team-errors\n    severity: P0\n    match: [\'alertname=~".*ErrorRate"\']\n    value: ratio\n    when: value > 0.01\n    reason: "errors {value|pct} > 1% (team policy)"\n',
  );
  await page.getByRole('button', { name: 'Validate and apply' }).click();
  await expect(page.getByText(/^Applied:/)).toBeVisible();
  await expect(page.getByText('the shipped matrix with your override')).toBeVisible();
  await page.screenshot({ path: screenshotPath('settings-matrix.png'), fullPage: true });
});
