/**
 * Drives the notification path of the main process (incident service -> policy -> node-notifier
 * -> notify-send) through a scripted half hour on an injected clock, inside the private D-Bus
 * session of notifySession.sh. The integration test reads the Notify calls it produced:
 *   1. a P0 pages (critical);
 *   2. six minutes later, still unacknowledged, it is re-notified;
 *   3. once acknowledged, reminders stop;
 *   4. at 02:00 with quiet hours on, a new P2 is held back while a new P0 still pages, and so
 *      does the next new P0 a poll later;
 *   5. when quiet hours end, the held-back P2 notifies quietly (normal urgency, per routing);
 *   6. 500 new alerts in one poll produce one summary notification;
 *   7. an alert whose summary holds a NUL byte pages, and so does the next one (a control
 *      character once made node-notifier give up on notify-send for the rest of the process).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseClassificationConfig } from '../../../shared/classify/classificationConfig';
import type { Signal } from '../../../shared/domain/signal';
import { typicalExpr } from '../../../shared/testing/typicalExpr';
import { defaultNotificationSettings } from '../../../shared/notify/notificationPolicy';
import { createIncidentService } from '../../services/incidentService';
import { openIncidentStore } from '../../store/incidentStore';
import { createDesktopNotifier } from '../desktopNotifier';
import { healthyPrometheus } from './healthyPrometheus';

const cfg = parseClassificationConfig(readFileSync('resources/classification.yaml', 'utf8'));
if (!cfg.ok) throw new Error('resources/classification.yaml is invalid');

const T0 = Date.parse('2026-11-24T22:41:00Z');
const MIN = 60_000;
const clock = { t: T0, localMinutes: 14 * 60 };
const settings = defaultNotificationSettings();
let errors = 0;

const dir = mkdtempSync(join(tmpdir(), 'vigil-policy-'));
const service = createIncidentService({
  store: openIncidentStore(dir),
  classification: cfg.config,
  notifier: createDesktopNotifier({
    onError: (m) => {
      console.error(m);
      errors++;
    },
  }),
  notificationSettings: () => settings,
  now: () => clock.t,
  localMinutes: () => clock.localMinutes,
  actor: () => 'you',
  retentionDays: () => 90,
  emit: () => {},
  notice: (m) => console.error(`notice: ${m}`),
  log: () => {},
});

const alert = (name: string, service: string, value: number, extra: Record<string, string> = {}): Signal => ({
  id: `prom/${name}-${service}`,
  sourceId: 'prom',
  sourceKind: 'prometheus',
  fingerprint: `${name}-${service}`,
  name,
  labels: { alertname: name, service, ...extra },
  annotations: { summary: `${name} on ${service}` },
  state: 'firing',
  activeAt: new Date(clock.t - MIN).toISOString(),
  value,
  generatorURL: null,
  stale: false,
  // What the Prometheus source attaches from /api/v1/rules: the classifier reads the value's kind.
  expr: typicalExpr(name),
});
const healthy = () => healthyPrometheus(T0, clock.t);
/** notify-send runs asynchronously: let each step's notifications leave before the next. */
const settle = () => new Promise((r) => setTimeout(r, 400));

async function main() {
  const p0 = alert('FraudModelHighErrorRate', 'fraud-model', 0.072);
  service.reconcile([p0], healthy()); // 1: page
  await settle();
  clock.t += 6 * MIN;
  service.reconcile([p0], healthy()); // 2: reminder
  await settle();
  const [incident] = service.list();
  await service.handlers['incident:ack']({ id: incident!.id });
  clock.t += 20 * MIN;
  service.reconcile([p0], healthy()); // 3: nothing
  await settle();

  settings.quietHours = { enabled: true, start: '22:00', end: '07:00', includeP1: false };
  clock.localMinutes = 2 * 60;
  const p2 = alert('PredictionDriftHigh', 'churn-model', 0.31);
  const otherP0 = alert('ChurnModelServingDown', 'churn-api', 1);
  service.reconcile([p0, p2, otherP0], healthy()); // 4: only the P0 pages
  await settle();
  const thirdP0 = alert('CheckoutServingDown', 'checkout', 1);
  service.reconcile([p0, p2, otherP0, thirdP0], healthy()); // 4: the P2 is still held back
  await settle();

  settings.quietHours = { ...settings.quietHours, enabled: false };
  service.reconcile([p0, p2, otherP0, thirdP0], healthy()); // 5: the P2, quietly
  await settle();

  const storm = Array.from({ length: 500 }, (_, i) => alert('FeatureServerDown', `feature-shard-${i}`, 1));
  service.reconcile([p0, p2, otherP0, thirdP0, ...storm], healthy()); // 6: one summary
  await settle();

  const nul = { ...alert('ScoringServingDown', 'scoring', 1), annotations: { summary: 'scoring\u0000 is down' } };
  service.reconcile([nul], healthy()); // 7: pages despite the NUL byte
  await settle();
  service.reconcile([nul, alert('RankingServingDown', 'ranking', 1)], healthy()); // 7: and the next one too
  await settle();
  await service.flush();
  rmSync(dir, { recursive: true, force: true });
  process.exitCode = errors ? 2 : 0;
}

main().catch((err) => {
  console.error(err);
  process.exit(3);
});
