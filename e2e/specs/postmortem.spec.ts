import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { exportPostMortemMarkdown } from '../../shared/postmortem/exportPostMortemMarkdown';
import { freePort } from '../fixtures/freePort';
import { screenshotPath } from '../fixtures/paths';
import { seedInsightsHistory } from '../fixtures/seedInsightsHistory';
import { readRuleFile } from '../fixtures/readRuleFile';
import { expect, test } from '../fixtures/vigilTest';

/** The editor's autosave interval (renderer/features/postmortem/PostMortemEditor.tsx: AUTOSAVE_MS). */
const AUTOSAVE_MS = 2_000;

/**
 * The timeline and the post-mortem with every source gone: a resolved incident, Prometheus
 * stopped and no PagerDuty. A note with `n`, a star, a milestone, a corrected time; then the
 * post-mortem drafted from that timeline, written in the CodeMirror editor, kept across a clean
 * restart and across a SIGKILL of the host mid-typing (losing at most the autosave interval),
 * exported as Markdown and JSON, and its action item listed as overdue across post-mortems.
 */
test('timeline notes and an offline post-mortem survive restarts and a crash, and export', async ({ page, kit }) => {
  test.setTimeout(240_000);
  const csp = watchCsp(page);
  const exporter = await kit.startExporter();
  exporter.setMetric('model_error_ratio', { service: 'fraud-model' }, 0.072);
  const prometheus = await kit.startPrometheus({ rules: readRuleFile('ml-alerts'), scrapeTargets: [exporter.target] });
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-e2e-pm-'));
  // Registered first so it runs last, after the kit has stopped every host using it.
  kit.defer(() => rmSync(dataDir, { recursive: true, force: true }));
  const sources = [{ name: 'Prometheus (test)', url: prometheus.url, intervalSeconds: 2 }];
  let host = await kit.startHost({ dataDir, sources });

  await page.goto(host.url);
  const row = page.getByTestId('incident-row').filter({ hasText: 'FraudModelHighErrorRate' });
  await expect(row).toBeVisible({ timeout: 20_000 });
  await row.click();
  await page.keyboard.press('a');
  await expect(page.getByText('Acknowledged (1)')).toBeVisible();

  // The error ratio falls back: Prometheus stops firing and Vigil resolves the incident.
  exporter.setMetric('model_error_ratio', { service: 'fraud-model' }, 0.01);
  await expect(page.locator('.detail .state-pill')).toHaveText('resolved', { timeout: 30_000 });
  // Then every source goes away: what follows needs none.
  await prometheus.stop();
  await expect(page.locator('.health-summary')).not.toContainText('Prometheus (test) ok', { timeout: 20_000 });

  // ---- the timeline: a note with one keystroke, a star, a milestone, a corrected time ----
  const timeline = page.getByRole('region', { name: 'Timeline' });
  await expect(timeline.getByTestId('timeline-event').first()).toBeVisible();
  await expect(page.getByTestId('metric-detect')).toHaveText(/\d/);
  await expect(page.getByTestId('metric-acknowledge')).toHaveText(/\d/);
  await expect(page.getByTestId('metric-resolve')).toHaveText(/\d/);

  await page.locator('.detail h1').click(); // focus in no text field: `n` works from anywhere
  await page.keyboard.press('n');
  const noteBox = timeline.getByRole('textbox', { name: 'Note' });
  await expect(noteBox).toBeFocused();
  await page.keyboard.type('Root cause: v2.4.1 sent a renamed feature the model could not read');
  await page.keyboard.press('Enter');
  await expect(noteBox).toHaveCount(0);
  const note = timeline.getByTestId('timeline-note').filter({ hasText: 'v2.4.1 sent a renamed feature' });
  await expect(note).toContainText('you: Root cause: v2.4.1');

  await note.getByRole('button', { name: 'Star for the post-mortem' }).click();
  await expect(note).toHaveAttribute('data-starred', 'true');
  await note.getByRole('button', { name: 'Milestone, time and details' }).click();
  await note.getByRole('combobox').selectOption('root-cause');
  await expect(note.locator('.tl-milestone')).toHaveText('root cause identified');

  // The note was written a while after the finding: move it back one minute, the original kept.
  const writtenAt = (await note.locator('time').first().getAttribute('datetime'))!;
  const earlier = new Date(Date.parse(writtenAt) - 60_000);
  await note.getByLabel('When it happened (local time)').fill(localInput(earlier));
  await note.getByRole('button', { name: 'Set' }).click();
  await expect(note.locator('.tl-was')).toHaveText(`was ${await clockOf(page, writtenAt)}`);
  await expect(note.locator('time').first()).toHaveAttribute('datetime', /:\d\d\.000Z$/);

  // Filter by kind: notes only, then everything again.
  await timeline.getByRole('button', { name: /^notes/ }).click();
  await expect(timeline.getByTestId('timeline-event')).toHaveCount(0);
  await expect(note).toBeVisible();
  await page.locator('.pane-right').screenshot({ path: screenshotPath('timeline-pane-filtered.png') });
  await timeline.getByRole('button', { name: /^notes/ }).click();
  await expect(timeline.getByTestId('timeline-event').first()).toBeVisible();
  await page.locator('.pane-right').screenshot({ path: screenshotPath('timeline-pane.png') });

  // ---- the post-mortem, drafted from that timeline (palette command) ----
  await page.locator('.detail h1').click();
  await page.keyboard.press('Control+k');
  await page.keyboard.type('write post-mortem');
  await page.keyboard.press('Enter');
  const editor = page.getByTestId('postmortem-editor');
  const content = editor.locator('.cm-content');
  await expect(content).toBeVisible();
  // CodeMirror's own styles applied under the strict CSP (it would be a plain block without them).
  await expect(editor.locator('.cm-editor')).toHaveCSS('display', 'flex');
  await expect(page.getByText('Drafted from the timeline')).toBeVisible();
  await expect(page.getByTestId('pm-save-state')).toHaveText(/^Saved/);

  const incidentId = findPostMortem(dataDir);
  const file = join(dataDir, 'incidents', incidentId, 'postmortem.md');
  const draft = readFileSync(file, 'utf8');
  expect(draft).toMatch(new RegExp(`^---\\nvigil-postmortem: 1\\nincident: ${incidentId}\\n`));
  expect(draft).toMatch(/_\(root cause identified\)_ Root cause: v2\.4\.1 sent a renamed feature/); // the starred note
  expect(draft).toMatch(/_\(first symptom\)_ FraudModelHighErrorRate/);
  expect(draft).toMatch(/time_to_detect: \d/);
  expect(draft).toContain('(for impact, from evidence) Classified P0');

  // Write the summary: one sentence with blaming language, which gets a gentle underline. (Lines
  // wrap, and End goes to the end of the visual line: new text goes on a line of its own.)
  const summary = 'Checkout fraud scoring failed for 7% of requests; the deploy was human error.';
  await (await lineOf(editor, /^## Summary$/)).click();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type(summary);
  await expect(editor.locator('.cm-blameless')).toHaveText('human error');
  await expect(editor.locator('.cm-blameless')).toHaveCSS('text-decoration-line', 'underline');
  await expect(page.getByTestId('pm-hint')).toHaveCount(1);
  // The summary mid-editor for the screenshot, as the editor opens (it starts at the summary).
  await editor.locator('.cm-scroller').evaluate((el) => el.scrollBy({ top: 240 }));
  await editor.locator('.cm-blameless').hover();
  await expect(editor.locator('.cm-blameless-tip')).toContainText('"Human error" ends the analysis');
  await page.screenshot({ path: screenshotPath('postmortem-editor.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: screenshotPath('postmortem-editor-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });

  // An action item, due in the past: listed as overdue across post-mortems.
  await (await lineOf(editor, /^\| --- \| --- \|/)).click();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  const action = '| A1 | Canary the fraud model before full rollout | ml-platform | 2020-01-31 | process | open |';
  await page.keyboard.type(action);
  await expect(page.getByTestId('pm-save-state')).toHaveText(/^Saved/, { timeout: AUTOSAVE_MS + 5_000 });
  await expect(page.getByTestId('pm-problem').filter({ hasText: /^line \d+ .*error/ })).toHaveCount(0);
  await page.screenshot({ path: screenshotPath('postmortem-editor-action-item.png') });

  // Status: in review (the front matter and "At a glance" change together).
  await page.getByLabel('Status', { exact: true }).selectOption('in-review');
  await expect(page.getByTestId('pm-save-state')).toHaveText(/^Saved/, { timeout: AUTOSAVE_MS + 5_000 });
  expect(readFileSync(file, 'utf8')).toContain('status: in-review');

  // Esc gives the centre back to the incident, saved.
  await content.click();
  await page.keyboard.press('Escape');
  await expect(editor).toHaveCount(0);
  await expect(page.locator('.detail h1')).toHaveText('FraudModelHighErrorRate');
  const written = readFileSync(file, 'utf8');
  expect(written).toContain(summary);
  expect(written).toContain(action);

  // ---- close the app and open it again: all of it is there ----
  await host.stop();
  host = await kit.startHost({ dataDir, sources });
  await page.goto(host.url);
  await page.getByTestId('incident-row').filter({ hasText: 'FraudModelHighErrorRate' }).click();
  await expect(page.getByRole('region', { name: 'Timeline' }).getByTestId('timeline-note')).toContainText(
    'v2.4.1 sent a renamed feature',
  );
  await page.locator('.detail h1').click();
  await page.keyboard.press('p');
  await expect(content).toContainText(summary);
  expect(readFileSync(file, 'utf8')).toBe(written);

  // ---- kill the host mid-typing: at most the autosave interval is lost ----
  await (await lineOf(editor, /^## Summary$/)).click();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  const words = Array.from({ length: 28 }, (_, i) => `${i ? ' ' : ''}w${String(i).padStart(2, '0')}`);
  const typedAt: number[] = [];
  for (const w of words) {
    await page.keyboard.type(w, { delay: 40 });
    typedAt.push(Date.now());
  }
  const killedAt = Date.now();
  await host.kill();
  const survived = readFileSync(file, 'utf8');
  // Everything typed more than one interval (plus a save's round trip) before the kill is on disk.
  const mustHave = words.filter((_, i) => typedAt[i]! < killedAt - AUTOSAVE_MS - 1_000).join('');
  expect(mustHave.length).toBeGreaterThan(0);
  expect(survived).toContain(`## Summary\n${mustHave}`);
  expect(survived).toContain(summary);
  expect(survived).toContain(action); // and nothing before it was damaged

  host = await kit.startHost({ dataDir, sources });
  await page.goto(host.url);
  await page.getByTestId('incident-row').filter({ hasText: 'FraudModelHighErrorRate' }).click();
  await page.locator('.detail h1').click();
  await page.keyboard.press('p');
  await expect(content).toContainText(mustHave);

  // ---- export: Markdown with front matter, and JSON; copy falls back to selected text ----
  const markdown = await download(page, 'Export Markdown');
  expect(markdown.name).toBe(`postmortem-${incidentId}.md`);
  expect(markdown.text).toMatch(new RegExp(`^---\\nvigil-postmortem: 1\\nincident: ${incidentId}\\n`));
  expect(markdown.text).toMatch(/\nseverity: P0\n/);
  expect(markdown.text).toMatch(/\nstatus: in-review\n/);
  expect(markdown.text).toMatch(/\nmetrics:\n {2}time_to_detect: \d/);
  expect(markdown.text).toContain(`## Summary\n\n${mustHave}`);
  expect(markdown.text).toContain(summary);
  const json = await download(page, 'Export JSON');
  expect(JSON.parse(json.text)).toMatchObject({
    incidentId,
    severity: 'P0',
    status: 'in-review',
    actionItems: [{ id: 'A1', owner: 'ml-platform', due: '2020-01-31', category: 'process', status: 'open' }],
  });

  await page.evaluate(() => {
    // The Electron shell denies permission requests; a browser may too. Act as if refused.
    navigator.clipboard.writeText = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
  });
  await page.getByRole('button', { name: 'Copy as Markdown' }).click();
  const fallback = page.getByRole('textbox', { name: 'Post-mortem as Markdown' });
  await expect(fallback).toBeFocused();
  expect(await fallback.inputValue()).toBe(markdown.text);
  expect(await fallback.evaluate((t: HTMLTextAreaElement) => t.selectionEnd - t.selectionStart)).toBe(
    markdown.text.length,
  );

  // ---- every post-mortem with its status, and open action items across them, overdue in red ----
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Post-mortems' }).click();
  await expect(page.getByTestId('postmortem-row')).toContainText('FraudModelHighErrorRate');
  await expect(page.getByTestId('postmortem-row')).toContainText('in review');
  const item = page.getByTestId('action-item-row');
  await expect(item).toContainText('Canary the fraud model before full rollout');
  await expect(item).toContainText('ml-platform');
  await expect(item).toContainText('2020-01-31 overdue');
  await expect(item).toHaveAttribute('data-overdue', 'true');
  const red = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--bad').trim());
  await expect(item.locator('.pm-due')).toHaveCSS('color', hexToRgb(red));
  await page.screenshot({ path: screenshotPath('postmortem-action-items.png') });

  expect(await csp()).toEqual([]);
});

/**
 * Post-mortems are written days later: by then the incident resolved over a day ago and left
 * memory (its files stay). With the seeded week of history, one of its resolved incidents has a
 * post-mortem on disk; it opens from the Post-mortems list with its timeline beside it, is edited
 * and saved, and Esc goes back to the list.
 */
test('a post-mortem of an incident that left memory opens from the list, with its timeline', async ({ page, kit }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-e2e-pm-old-'));
  kit.defer(() => rmSync(dataDir, { recursive: true, force: true }));
  seedInsightsHistory({
    dataDir,
    now: Date.now(),
    deadPrometheusUrl: `http://127.0.0.1:${await freePort()}`,
    insights: {
      businessHours: { start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5] },
      engineersOnRotation: 2,
      timeZone: 'UTC',
    },
  });
  const doc = exportPostMortemMarkdown({
    version: 1,
    incidentId: 'inc-a',
    title: 'HighAPIErrorRate on checkout',
    severity: 'P1',
    incidentType: 'infrastructure',
    status: 'draft',
    author: 'Ana',
    createdAt: '2026-11-24T09:00:00.000Z',
    updatedAt: '2026-11-24T09:00:00.000Z',
    summary: 'Checkout failed for one in fourteen requests for 23 minutes.',
    startedAt: '2026-11-23T10:00:00.000Z',
    detectedAt: '2026-11-23T10:02:00.000Z',
    resolvedAt: '2026-11-23T10:25:00.000Z',
    responders: ['Ana'],
    affected: ['checkout'],
    timeline: [],
    rootCause: { immediateCause: '', fiveWhys: [], whatAllowedIt: '' },
    impact: { users: '', business: '', data: '' },
    wentWell: [],
    wentWrong: [],
    actionItems: [],
    metrics: { detect: 120_000, acknowledge: 180_000, mitigate: null, resolve: 1_380_000, duration: 1_500_000 },
    suggestions: [],
    otherSections: [],
  });
  const file = join(dataDir, 'incidents', 'inc-a', 'postmortem.md');
  writeFileSync(file, doc);
  const host = await kit.startHost({ dataDir });

  await page.goto(host.url);
  // The night shift's incidents are still open; inc-a resolved in the week before and is not listed.
  await expect(page.getByTestId('incident-row').first()).toBeVisible({ timeout: 20_000 });
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Post-mortems' }).click();
  const row = page.getByTestId('postmortem-row').filter({ hasText: 'HighAPIErrorRate on checkout' });
  await row.getByRole('button', { name: 'HighAPIErrorRate on checkout' }).click();

  const editorRegion = page.getByRole('region', { name: 'Post-mortem of HighAPIErrorRate on checkout' });
  await expect(editorRegion.getByRole('heading', { name: 'Post-mortem: HighAPIErrorRate on checkout' })).toBeVisible();
  const editor = editorRegion.locator('.cm-content');
  await expect(editor).toContainText('Checkout failed for one in fourteen requests');
  // Its timeline, read back from disk: acknowledged by ana, resolved.
  const timeline = page.getByRole('region', { name: 'Timeline' });
  await expect(timeline.getByTestId('timeline-event').first()).toBeVisible();
  await expect(timeline).toContainText('ana');
  await page.screenshot({ path: screenshotPath('postmortem-left-memory.png') });

  const summary = await lineOf(editorRegion, /Checkout failed for one in fourteen/);
  await summary.click();
  await page.keyboard.press('End');
  await page.keyboard.type(' Written a week later.');
  await expect.poll(() => readFileSync(file, 'utf8'), { timeout: 10_000 }).toContain('Written a week later.');
  // A laptop window: two columns, and the timeline one click away.
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 1024, height: 640 });
  await expect(timeline).toBeHidden();
  const toggle = page.getByRole('button', { name: 'Timeline', exact: true });
  await toggle.click();
  await expect(timeline.getByTestId('timeline-event').first()).toBeVisible();
  await page.screenshot({ path: screenshotPath('postmortem-1024-timeline.png') });
  await page.getByRole('button', { name: 'Hide timeline' }).click();
  await expect(timeline).toBeHidden();
  const list = page.getByRole('tree', { name: 'Incidents' });
  expect((await list.boundingBox())!.width).toBeGreaterThanOrEqual(240);
  await page.screenshot({ path: screenshotPath('postmortem-1024.png') });
  await page.setViewportSize(size);

  // Esc: no detail to go back to, so back to the post-mortems it was opened from.
  await page.keyboard.press('Escape');
  await expect(editorRegion).toHaveCount(0);
  await expect(row).toBeVisible();
});

/**
 * Style violations of the CSP the page reports: CodeMirror's styles refused as inline <style>
 * would be one. (Script probes are not counted: zod checks once whether `new Function` is allowed.)
 */
function watchCsp(page: Page): () => Promise<string[]> {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text()) && /style/i.test(m.text())) seen.push(m.text());
  });
  void page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return async () => seen;
}

/** A line of the editor; CodeMirror only renders lines near the viewport, so scroll until it is. */
async function lineOf(editor: Locator, text: RegExp): Promise<Locator> {
  const line = editor.locator('.cm-line').filter({ hasText: text });
  const scroller = editor.locator('.cm-scroller');
  await scroller.evaluate((el) => el.scrollTo({ top: 0 }));
  for (let i = 0; i < 40 && (await line.count()) === 0; i++) {
    await scroller.evaluate((el) => el.scrollBy({ top: 300 }));
    await editor.page().waitForTimeout(50);
  }
  await line.first().scrollIntoViewIfNeeded();
  return line.first();
}

async function download(page: Page, button: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8') };
}

function findPostMortem(dataDir: string): string {
  const root = join(dataDir, 'incidents');
  const ids = readdirSync(root).filter((id) => existsSync(join(root, id, 'postmortem.md')));
  expect(ids).toHaveLength(1);
  return ids[0]!;
}

/** The value a datetime-local input takes for a time, in this machine's zone (the browser's too). */
function localInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** How the page writes a time (its locale), for comparing with what it shows. */
function clockOf(page: Page, iso: string): Promise<string> {
  return page.evaluate(
    (t) => new Date(t).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' }),
    iso,
  );
}

function hexToRgb(hex: string): string {
  const n = Number.parseInt(hex.replace('#', ''), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}
