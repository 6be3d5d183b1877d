import { screenshotPath } from '../fixtures/paths';
import { expect, test } from '../fixtures/vigilTest';

test('a desktop whose notification server does not answer: the top bar and a banner say so, and new pages sound in the window', async ({
  page,
  kit,
}) => {
  // The demo starts from the page, once the window watches: at speed 10 its error ratio becomes a
  // P1 about 4 s in and a P0 about 6 s in, new to this window whatever the machine's load.
  const host = await kit.startHost({ demoSpeed: 10, notify: 'no-server' });
  await page.goto(host.url);

  const banner = page.getByTestId('notifier-alarm');
  await expect(banner).toContainText(
    /^Desktop notifications failing since \d\d:\d\d UTC: no notification server answers on the session bus/,
  );
  await expect(banner).toContainText('Vigil sounds an alarm here for every new P0 and P1');
  await page.screenshot({ path: screenshotPath('notifications-failing.png') });

  await expect(banner).toHaveAttribute('data-alarms', '0');
  await page.getByRole('button', { name: 'Start the demo' }).click();
  await expect(page.getByTestId('notifier-health')).toHaveText('Notifications failing');

  // A new P0/P1 while notifications fail: the window sounds its alarm (counted on the banner).
  await expect(page.getByTestId('incident-row').and(page.locator('[data-severity="P0"]'))).toBeVisible({
    timeout: 30_000,
  });
  await expect(banner).not.toHaveAttribute('data-alarms', '0');
  // The banner stays: it is not a notice to dismiss.
  await expect(banner.getByRole('button')).toHaveCount(0);
});
