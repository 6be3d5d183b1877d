import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseNotifyCalls, type NotifyCall } from './testing/parseNotifyCalls';
import { requireSessionPrograms, runNotifySession, type NotifySessionResult } from './testing/runNotifySession';
import { contentBox, crop, decodeXwd, encodePng } from './testing/xwdImage';

const SCREENSHOT = fileURLToPath(new URL('../../test-results/screenshots/notification-p0.png', import.meta.url));
/** `width` in testing/dunstrc. dunst adds its frame around it, so a whole box is a little wider. */
const DUNST_WIDTH = 560;

/**
 * A real page on a real (virtual) desktop: Vigil's notifier -> node-notifier -> notify-send ->
 * D-Bus -> dunst on Xvfb. The P0 incident is built in testing/sendP0Notification.ts; the strings
 * below are what the on-call engineer reads, spelled out so any change to them fails here.
 */
describe('desktop notification over D-Bus (dunst on Xvfb)', () => {
  let session: NotifySessionResult;
  let calls: NotifyCall[];

  beforeAll(async () => {
    requireSessionPrograms();
    session = await runNotifySession();
    calls = parseNotifyCalls(session.monitorLog);
  });

  it('sends one Notify call from Vigil with the page text word for word', () => {
    expect(calls, `dbus-monitor saw:\n${session.monitorLog}`).toHaveLength(1);
    const call = calls[0]!;
    expect(call.appName).toBe('Vigil');
    expect(call.summary).toBe('P0 FraudModelHighErrorRate (fraud-model)');
    // The body is markup to the server: `>` travels as `&gt;` and is drawn as `>`.
    expect(call.body.split('\n')).toEqual([
      'Fraud model error rate exceeds 5%',
      'error ratio 7.2% &gt; 5% of requests: P0',
      'since 22:41 UTC (14 min ago)',
    ]);
  });

  it('marks a P0 critical, so desktops show it over full-screen apps and do-not-disturb', () => {
    const { hints } = calls[0]!;
    // The spec's urgency hint is a byte: 0 low, 1 normal, 2 critical.
    expect(hints.urgency).toEqual({ type: 'byte', value: 2 });
    expect(hints.category).toEqual({ type: 'string', value: 'vigil.incident' });
  });

  it('is drawn whole by the notification daemon (screenshot in test-results/screenshots)', () => {
    expect(session.screen, 'the session ended without a framebuffer copy').not.toBeNull();
    const screen = decodeXwd(session.screen!);
    const box = contentBox(screen);
    // Save first, so a failing picture can be looked at.
    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    writeFileSync(SCREENSHOT, encodePng(box ? crop(screen, box, 16) : screen));

    expect(box, `nothing was drawn on the screen; see ${SCREENSHOT}`).not.toBeNull();
    expect(box!.width, `notification box ${JSON.stringify(box)}; see ${SCREENSHOT}`).toBeGreaterThanOrEqual(
      DUNST_WIDTH,
    );
    // Title plus three body lines at 11 pt need well over 80 px; less means lines went missing.
    expect(box!.height, `notification box ${JSON.stringify(box)}; see ${SCREENSHOT}`).toBeGreaterThan(80);
  });

  it('leaves no Xvfb, dbus-monitor or dunst running', () => {
    expect(session.leftRunning).toEqual([]);
  });
});

/**
 * Alert text is other people's words: a summary annotation that looks like Pango markup must reach
 * the screen as those characters, not restyle the page (dunst runs with `markup = full`).
 */
describe('alert text that looks like markup, over D-Bus', () => {
  const MARKUP_SHOT = fileURLToPath(new URL('../../test-results/screenshots/notification-markup.png', import.meta.url));
  const summary = '<span size="xx-large" foreground="#00ff00">ALL CLEAR, ignore</span> & <b>5%</b>';
  let session: NotifySessionResult;

  beforeAll(async () => {
    requireSessionPrograms();
    session = await runNotifySession(45_000, 'sendP0Notification.ts', { VIGIL_TEST_SUMMARY: summary });
  });

  it('sends it escaped, so the daemon draws the characters (screenshot in test-results/screenshots)', () => {
    const calls = parseNotifyCalls(session.monitorLog);
    expect(calls, `dbus-monitor saw:\n${session.monitorLog}`).toHaveLength(1);
    expect(calls[0]!.body.split('\n')[0]).toBe(
      '&lt;span size="xx-large" foreground="#00ff00"&gt;ALL CLEAR, ignore&lt;/span&gt; &amp; &lt;b&gt;5%&lt;/b&gt;',
    );
    const screen = decodeXwd(session.screen!);
    const box = contentBox(screen);
    mkdirSync(dirname(MARKUP_SHOT), { recursive: true });
    writeFileSync(MARKUP_SHOT, encodePng(box ? crop(screen, box, 16) : screen));
    expect(box, `nothing was drawn; see ${MARKUP_SHOT}`).not.toBeNull();
    // Drawn as text the line wraps at the box's width; drawn as markup it would be one huge line.
    expect(box!.width).toBeGreaterThanOrEqual(DUNST_WIDTH);
  });
});

/**
 * The policy, end to end over D-Bus: reminders until acknowledged, quiet hours that hold back a
 * P2 but not a P0 (the P2 then notifies quietly), a storm that becomes one summary, and pages
 * that keep coming after one with a NUL byte (testing/sendPolicyScenario.ts).
 */
describe('notification policy over D-Bus: reminders, quiet hours, storms', () => {
  let calls: NotifyCall[];
  let session: NotifySessionResult;

  beforeAll(async () => {
    requireSessionPrograms();
    session = await runNotifySession(60_000, 'sendPolicyScenario.ts');
    calls = parseNotifyCalls(session.monitorLog);
  });

  it('pages, re-notifies once while unacknowledged, stops after the ack, holds a P2 back in quiet hours but not a P0, sends the P2 quietly after, summarises a storm', () => {
    expect(
      calls.map((c) => c.summary),
      `dbus-monitor saw:\n${session.monitorLog}`,
    ).toEqual([
      'P0 FraudModelHighErrorRate (fraud-model)',
      'Still unacknowledged: P0 FraudModelHighErrorRate (fraud-model)',
      'P0 ChurnModelServingDown (churn-api)',
      'P0 CheckoutServingDown (checkout)',
      'P2 PredictionDriftHigh (churn-model)',
      '500 incidents need attention: 500 P0',
      'P0 ScoringServingDown (scoring)',
      'P0 RankingServingDown (ranking)',
    ]);
    // Pages are critical; the P2 went out as routed, a normal (quiet) notification.
    expect(calls.map((c) => c.hints.urgency!.value)).toEqual([2, 2, 2, 2, 1, 2, 2, 2]);
    expect(calls[1]!.body).toMatch(/open for 7 min, not acknowledged$/);
    expect(calls[5]!.body.split('\n')).toEqual([
      'P0 FeatureServerDown (feature-shard-0)',
      'P0 FeatureServerDown (feature-shard-1)',
      'P0 FeatureServerDown (feature-shard-10)',
      'and 497 more in Vigil',
    ]);
    // The NUL byte never reached notify-send: it became a space.
    expect(calls[6]!.body.split('\n')[0]).toBe('scoring is down');
  });

  it('leaves nothing running', () => {
    expect(session.leftRunning).toEqual([]);
  });
});

/**
 * Acknowledge from the notification on Linux: libnotify's action over D-Bus, chosen in dunst with
 * `dunstctl action` (testing/ackFromNotification.ts fails the session unless the incident is then
 * acknowledged in Vigil).
 */
describe('acknowledge from the notification on Linux (libnotify action, dunst)', () => {
  let calls: NotifyCall[];
  let session: NotifySessionResult;

  beforeAll(async () => {
    requireSessionPrograms();
    session = await runNotifySession(45_000, 'ackFromNotification.ts');
    calls = parseNotifyCalls(session.monitorLog);
  });

  it('offers "Acknowledge" on the page, and choosing it acknowledges the incident in Vigil', () => {
    expect(calls.map((c) => c.summary)).toEqual(['P0 FraudModelHighErrorRate (fraud-model)']);
    // Actions travel as (key, label) pairs.
    expect(calls[0]!.actions).toEqual(['ack', 'Acknowledge']);
    expect(calls[0]!.hints.urgency).toEqual({ type: 'byte', value: 2 });
  });

  it('leaves nothing running', () => {
    expect(session.leftRunning).toEqual([]);
  });
});
