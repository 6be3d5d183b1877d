/**
 * Raises one desktop notification for a P0 incident through the real notifier, then exits.
 * Run by notifySession.sh inside a private D-Bus session: `npx tsx sendP0Notification.ts`.
 *
 * Exit code 0 means node-notifier's callback fired without an error. The notifier only reports
 * failures (through onError), so "done" is Node's event loop draining: it stays alive exactly as
 * long as the notify-send child and its callback are pending.
 */
import type { Incident } from '../../../shared/domain/incident';
import { decideNotifications, defaultNotificationSettings } from '../../../shared/notify/notificationPolicy';
import { createDesktopNotifier } from '../desktopNotifier';

// The demo's error-rate page as the engine would hand it to the notifier. The integration test
// asserts the text this produces word for word, so change both together. VIGIL_TEST_SUMMARY
// replaces the alert's summary annotation (alert text that looks like markup).
const summary = process.env.VIGIL_TEST_SUMMARY ?? 'Fraud model error rate exceeds 5%';
const startedAt = '2026-11-24T22:41:00.000Z';
const now = Date.parse('2026-11-24T22:55:00.000Z');

const incident: Incident = {
  id: 'inc-fraud-model-errors',
  key: 'FraudModelHighErrorRate|fraud-model',
  title: 'FraudModelHighErrorRate',
  summary,
  severity: 'P0',
  classification: { severity: 'P0', ruleId: 'hard-errors', reason: 'error ratio 7.2% > 5% of requests: P0' },
  state: 'open',
  startedAt,
  detectedAt: '2026-11-24T22:42:00.000Z',
  updatedAt: '2026-11-24T22:55:00.000Z',
  resolvedAt: null,
  notifiedAt: null,
  sourceKinds: ['prometheus'],
  stale: false,
  signals: [
    {
      id: 'prom-prod/9f1c2a7e',
      sourceId: 'prom-prod',
      sourceKind: 'prometheus',
      fingerprint: '9f1c2a7e',
      name: 'FraudModelHighErrorRate',
      labels: {
        alertname: 'FraudModelHighErrorRate',
        service: 'fraud-model',
        model: 'fraud-model',
        team: 'ml-platform',
        severity: 'critical',
        env: 'prod',
      },
      annotations: {
        summary,
        runbook_url: 'https://runbooks.example.com/fraud-model-errors',
      },
      state: 'firing',
      activeAt: startedAt,
      value: 0.072,
      generatorURL: null,
      stale: false,
    },
  ],
};

// notify-send normally returns in milliseconds; if it hangs (no bus, a stuck daemon) say so and
// fail rather than let the session's outer timeout report only "timed out". unref() so this timer
// alone never keeps the process alive.
setTimeout(() => {
  console.error('node-notifier did not call back within 15 s (notify-send hung?)');
  process.exit(3);
}, 15_000).unref();

// Through the notification policy, as the services do, so routing and urgency are the real ones.
const [page] = decideNotifications({
  fresh: [incident],
  all: [incident],
  lastNotified: new Map(),
  settings: defaultNotificationSettings(),
  now,
  localMinutes: 14 * 60,
}).send;
if (!page) {
  console.error('the notification policy sent nothing for a P0');
  process.exit(4);
}
createDesktopNotifier({
  onError: (message) => {
    console.error(message);
    process.exitCode = 2;
  },
}).send(page);
