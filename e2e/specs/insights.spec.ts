import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { startCheckedFakePagerDuty } from '../../tools/pagerduty/startCheckedFakePagerDuty';
import type { TestKit } from '../fixtures/createTestKit';
import { freePort } from '../fixtures/freePort';
import { screenshotPath } from '../fixtures/paths';
import { seedInsightsHistory } from '../fixtures/seedInsightsHistory';
import { expect, test } from '../fixtures/vigilTest';

/*
 * Insights from a recorded history with every alert source out of reach: the Prometheus the
 * incidents came from does not answer (the laptop is offline from it), and in the first test
 * PagerDuty is the contract-checked fake, there only to say who is on call next.
 *
 * The history (e2e/fixtures/seedInsightsHistory.ts) is shared/insights' recorded week, moved to
 * the last week that has ended, plus its night shift ending ten minutes ago. Over the last 30 days:
 *   incidents 9: the week's a..g (7) + night-e, night-h
 *   notifications 12 (9 + 3), pages 8 (the week's g, a, b, e, e's reminder + the night's 3)
 *   actionable 4 of 9 (44%): a, b, night-e (ack, then a note), night-h (ack, note, resolved)
 *   FeatureStaleness: 2 incidents (e, night-e), 4 notifications, 4 pages, 1 actionable (50%)
 *   data pipeline MTTD: e 12 min, night-e 12 min -> mean 12 min, target 10 min, 0 of 2 met
 */

const TEAM = {
  businessHours: { start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5] },
  engineersOnRotation: 2,
  // UTC+1 (the Etc zones count the other way), as the recorded week was written.
  timeZone: 'Etc/GMT-1',
};

async function seededHost(kit: TestKit, pagerDuty?: { url: string; token: string }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-e2e-insights-'));
  kit.defer(() => rmSync(dataDir, { recursive: true, force: true }));
  const seeded = seedInsightsHistory({
    dataDir,
    now: Date.now(),
    deadPrometheusUrl: `http://127.0.0.1:${await freePort()}`,
    pagerDuty,
    insights: TEAM,
  });
  const host = await kit.startHost({ dataDir });
  return { host, seeded };
}

async function openInsights(page: Page, tab: 'Response times' | 'Alert fatigue' | 'Shift handoff') {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Insights' }).click();
  await page.getByRole('tab', { name: tab }).click();
  await expect(page.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
}

/** Serious and critical axe findings inside the insights view, in words a failure can show. */
async function insightsA11yProblems(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .include('.insights-panel')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** The insights view scrolls inside the window: a tall window shows a whole report in one picture. */
async function tallScreenshot(page: Page, name: string) {
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: size.width, height: 1500 });
  await page.screenshot({ path: screenshotPath(name) });
  await page.setViewportSize(size);
}

async function download(page: Page, button: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

test('response times, the weekly review and the shift handoff from local history, exported', async ({
  page,
  context,
  kit,
}) => {
  const pd = await startCheckedFakePagerDuty({ token: 'pd-insights-token' });
  // Only the rotation matters here: PagerDuty's own incidents would be new history.
  pd.fake.world.incidents.length = 0;
  // finish() fails the test if any answer the fake gave broke PagerDuty's OpenAPI contract.
  kit.defer(() => pd.finish());
  const { host } = await seededHost(kit, { url: pd.fake.url, token: pd.fake.token });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.origin });
  await page.goto(host.url);
  // The recorded week resolved more than a day ago: those incidents left memory and the list (the
  // night's three are in it), and every report below still counts them, read back from disk. The
  // night's resolved one is "Resolved today", or in the first hours after midnight "Resolved
  // earlier" (folded): the sections' counts say three either way.
  const listed = async () =>
    (await page.getByTestId('list-section').allInnerTexts())
      .map((text) => Number(/\((\d+)\)/.exec(text)?.[1] ?? 0))
      .reduce((a, b) => a + b, 0);
  await expect.poll(listed, { timeout: 15_000 }).toBe(3);
  const earlier = page.locator('[data-section="resolved-earlier"] button');
  if ((await earlier.count()) > 0) await earlier.click();
  await expect(page.getByTestId('incident-row')).toHaveCount(3);

  // ---- Response times
  await openInsights(page, 'Response times');
  await page.getByRole('button', { name: 'Last 30 days' }).click();
  const table = page.locator('table.metrics-table');
  const row = (name: string) => table.locator('tbody tr').filter({ has: page.getByRole('button', { name }) });
  await expect(row('All incidents').locator('td').first()).toHaveText('9');
  await expect(row('infrastructure').locator('td').first()).toHaveText('6');
  await expect(row('data-pipeline').locator('td').first()).toHaveText('2');
  // MTTD 12 min for both data-pipeline incidents against a 10 min target: 0 of 2 met.
  await expect(row('data-pipeline').locator('td').nth(1)).toContainText('12 min');
  await expect(row('data-pipeline').locator('td').nth(1)).toContainText('0/2 met');
  // The ML quality incident is still open and was never acknowledged: no MTTA to show.
  await expect(row('ml-quality').locator('td').nth(2)).toHaveText('n/a');
  await row('data-pipeline').getByRole('button', { name: 'data-pipeline' }).click();
  await expect(page.getByRole('heading', { name: /^data-pipeline: one dot per incident/ })).toBeVisible();
  await expect(page.getByTestId('chart-detect').locator('circle.point')).toHaveCount(2);
  await expect(page.getByTestId('chart-detect').locator('circle.missed')).toHaveCount(2);
  await expect(page.getByTestId('chart-detect')).toContainText('target 10 min');
  await page.screenshot({ path: screenshotPath('insights-metrics.png'), fullPage: true });
  expect(await insightsA11yProblems(page)).toEqual([]);
  await page.getByRole('button', { name: 'All incidents' }).click();
  await expect(page.getByRole('heading', { name: /^All incidents: one dot per incident/ })).toBeVisible();
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: screenshotPath('insights-metrics-dark.png'), fullPage: true });
  expect(await insightsA11yProblems(page)).toEqual([]);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.getByLabel('Group by').selectOption('alertname');
  await expect(row('FeatureStaleness').locator('td').first()).toHaveText('2');
  await page.getByLabel('Group by').selectOption('type');
  await expect(row('All incidents')).toBeVisible();

  // ---- Alert fatigue and the weekly review
  await openInsights(page, 'Alert fatigue');
  const tile = (label: string) => page.locator('.tile').filter({ has: page.getByText(label, { exact: true }) });
  await expect(tile('Notifications').locator('.tile-value')).toHaveText('12');
  await expect(tile('Notifications')).toContainText('8 pages');
  await expect(tile('Actionable').locator('.tile-value')).toHaveText('44%');
  // Prometheus does not answer, so coverage is "not known", never an empty list or a zero.
  await expect(page.getByTestId('coverage-unknown')).toContainText(
    /^Not known\. The alert rules could not be read( from Prometheus: Prometheus at http:\/\/127\.0\.0\.1:\d+ refused the connection)?/,
  );
  await expect(page.getByText('Every rule has a runbook.')).toHaveCount(0);
  const review = await download(page, 'Save weekly review (.md)');
  expect(review.name).toMatch(/^vigil-weekly-review-\d{4}-\d{2}-\d{2}\.md$/);
  expect(review.text).toMatch(/^# On-call review: \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC to /);
  expect(review.text).toContain('9 incidents, 12 notifications (8 pages) for 2 engineers on the rotation.');
  expect(review.text).toContain('- Actionable (acknowledged, then a runbook step, note or action): 4 of 9 (44%)');
  expect(review.text).toContain('| FeatureStaleness | 2 | 4 | 4 | 1 | 0 | 50% |');
  expect(review.text).toContain('| DiskSpaceLow | 1 | 1 |');
  expect(review.text).toMatch(/## Rules without a runbook\n\nNot known: /);
  expect(review.text).toContain('## Response times by incident type');
  expect(review.text).toContain('- DiskSpaceLow flapped 1 time: lengthen its "for" duration or add hysteresis?');
  await page.getByRole('button', { name: 'Copy Markdown' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Copied as Markdown' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(review.text);
  await tallScreenshot(page, 'insights-fatigue.png');
  expect(await insightsA11yProblems(page)).toEqual([]);

  // The rotation grows: the per-engineer load is divided by three from now on.
  await page.getByText(/^Business hours and rotation:/).click();
  await page.getByLabel('Engineers on the rotation').fill('3');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(tile('Actionable per engineer, busiest week')).toContainText('(3 on the rotation)');

  // ---- Shift handoff: one click
  await openInsights(page, 'Shift handoff');
  await expect(page.getByRole('heading', { name: 'Open incidents (2)' })).toBeVisible();
  const open = page.locator('.handoff-open li');
  await expect(open.filter({ hasText: 'FeatureStaleness' })).toContainText('acknowledged by ana');
  // Each open incident carries its SLA state in words. (The host re-classifies restored incidents
  // with the shipped rules, so the fixture's severities, and with them the clocks, may change.)
  await expect(open.filter({ hasText: 'ScorePSIDrift' }).locator('.sla-state')).toHaveText(
    /^SLA (breached|due soon|ok)$/,
  );
  await expect(
    page.getByText('2 incidents opened, 1 resolved, 3 pages during the shift.', { exact: true }),
  ).toBeVisible();
  await expect(page.getByText('restarted the consumer group; lag draining').first()).toBeVisible();
  const onCall = page.getByTestId('on-call-next');
  await expect(onCall.locator('li')).toHaveCount(4);
  await expect(onCall.locator('li').first()).toContainText('Ada Okafor');
  await expect(onCall).toContainText('Ravi Menon');
  const handoff = await download(page, 'Save handoff (.md)');
  expect(handoff.name).toMatch(/^vigil-handoff-\d{4}-\d{2}-\d{2}-\d{4}\.md$/);
  expect(handoff.text).toMatch(/^# Shift handoff: .* UTC to .* UTC\n/);
  expect(handoff.text).toContain('## Open incidents (2)');
  expect(handoff.text).toMatch(/\*\*P\d FeatureStaleness\*\* \(night-e\): acknowledged, acknowledged by ana/);
  expect(handoff.text).toContain('2 incidents opened, 1 resolved, 3 pages during the shift.');
  expect(handoff.text).toContain('KafkaConsumerLag, ben: restarted the consumer group; lag draining');
  expect(handoff.text).toContain('FeatureStaleness, ana: feature job stuck on a lock; waiting for data eng');
  expect(handoff.text).toMatch(/## On call next\n\n- Ada Okafor \(level 1, ML Platform primary, until .* UTC\)\n/);
  expect(handoff.text).toMatch(/- Ravi Menon \(level 2, ML Platform secondary, until .* UTC\)/);
  expect(handoff.text).toContain('- Ada Okafor (level 3, Payments)');
  // Action items: the post-mortems' if they are stored, else said to be unknown; never a silent "none".
  expect(handoff.text).toMatch(/## Open action items( \(0\)\n\nNone open\.|\n\nNot known: )/);
  await page.getByRole('button', { name: 'Copy Markdown' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Copied as Markdown' })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  // The copy is written when clicked, a moment after the saved file: only the clock lines may differ.
  expect(copied.split('\n').slice(2)).toEqual(handoff.text.split('\n').slice(2));
  await tallScreenshot(page, 'insights-handoff.png');
  expect(await insightsA11yProblems(page)).toEqual([]);

  // Esc gives the centre back to the incidents.
  await page.keyboard.press('Escape');
  await expect(page.getByRole('heading', { name: 'Insights' })).toHaveCount(0);
});

test('offline with no PagerDuty: the handoff says who is on call is not known, and why', async ({ page, kit }) => {
  const { host } = await seededHost(kit);
  await page.goto(host.url);
  await expect(page.getByRole('navigation', { name: 'Views' })).toBeVisible();
  // From the palette, as a half-awake person would.
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog');
  await palette.getByRole('combobox').fill('write the shift handoff');
  await expect(palette.getByRole('option', { name: /Insights: write the shift handoff/ })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('tab', { name: 'Shift handoff' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('on-call-unknown')).toContainText(
    'Not known. No PagerDuty source is configured (add one in Sources to see who is on call next). Check the schedule before leaving.',
  );
  await expect(page.getByRole('heading', { name: 'Open incidents (2)' })).toBeVisible();
  const handoff = await download(page, 'Save handoff (.md)');
  expect(handoff.text).toContain(
    'Not known: No PagerDuty source is configured (add one in Sources to see who is on call next). Check the schedule before leaving.',
  );
  await page.emulateMedia({ colorScheme: 'dark' });
  await tallScreenshot(page, 'insights-handoff-offline-dark.png');
  expect(await insightsA11yProblems(page)).toEqual([]);
});
