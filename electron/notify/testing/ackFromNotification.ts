/**
 * Acknowledging from the notification on Linux, inside the private D-Bus session of
 * notifySession.sh: a P0 pages through Vigil's notifier with an "Acknowledge" action (libnotify
 * over D-Bus), dunst shows it, `dunstctl action` chooses it as a person's click would, and the
 * incident must then be acknowledged in Vigil. Exits non-zero, with why, when it is not.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseClassificationConfig } from '../../../shared/classify/classificationConfig';
import type { Signal } from '../../../shared/domain/signal';
import { typicalExpr } from '../../../shared/testing/typicalExpr';
import { defaultNotificationSettings } from '../../../shared/notify/notificationPolicy';
import { createIncidentService, type IncidentService } from '../../services/incidentService';
import { openIncidentStore } from '../../store/incidentStore';
import { createDesktopNotifier } from '../desktopNotifier';
import { healthyPrometheus } from './healthyPrometheus';

const cfg = parseClassificationConfig(readFileSync('resources/classification.yaml', 'utf8'));
if (!cfg.ok) throw new Error('resources/classification.yaml is invalid');
const T0 = Date.now();
const dir = mkdtempSync(join(tmpdir(), 'vigil-ack-'));
const errors: string[] = [];
let service: IncidentService | null = null;
const notifier = createDesktopNotifier({
  onError: (m) => errors.push(m),
  onAcknowledge: (id) => void service!.handlers['incident:ack']({ id }),
  recheckMs: 0,
});
service = createIncidentService({
  store: openIncidentStore(dir),
  classification: cfg.config,
  notifier,
  notificationSettings: defaultNotificationSettings,
  now: () => Date.now(),
  localMinutes: () => 14 * 60,
  actor: () => 'you',
  emit: () => {},
  notice: (m) => errors.push(m),
  log: () => {},
});
const p0: Signal = {
  id: 'prom/fraud',
  sourceId: 'prom',
  sourceKind: 'prometheus',
  fingerprint: 'fraud',
  name: 'FraudModelHighErrorRate',
  labels: { alertname: 'FraudModelHighErrorRate', service: 'fraud-model' },
  annotations: { summary: 'Fraud model error rate exceeds 5%' },
  state: 'firing',
  activeAt: new Date(T0 - 60_000).toISOString(),
  value: 0.072,
  generatorURL: null,
  stale: false,
  // What the Prometheus source attaches from /api/v1/rules: a ratio of model requests, > 5%.
  expr: typicalExpr('FraudModelHighErrorRate'),
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  service!.reconcile([p0], healthyPrometheus(T0, T0));
  const [incident] = service!.list();
  // Wait until dunst shows it, then do what a click on it does.
  for (let i = 0; i < 50; i++) {
    const shown = spawnSync('dunstctl', ['count', 'displayed'], { encoding: 'utf8' }).stdout.trim();
    if (shown !== '0' && shown !== '') break;
    await sleep(100);
  }
  const action = spawnSync('dunstctl', ['action', '0'], { encoding: 'utf8' });
  if (action.status !== 0) throw new Error(`dunstctl action failed: ${action.stderr}`);
  for (let i = 0; i < 50 && service!.get(incident!.id)?.state !== 'acknowledged'; i++) await sleep(100);
  const state = service!.get(incident!.id)?.state;
  await service!.flush();
  rmSync(dir, { recursive: true, force: true });
  if (state !== 'acknowledged') {
    console.error(`the incident is ${state} after choosing "Acknowledge" in dunst; errors: ${errors.join('; ')}`);
    process.exit(4);
  }
  console.log(`acknowledged from the notification: ${incident!.id}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(3);
});
