// Child process for the "disk full" fault case, run under a real file size limit (RLIMIT_FSIZE,
// set by the parent with `ulimit -f`, SIGXFSZ ignored so a write past it fails with EFBIG as on a
// full disk). It runs the real incident service over the real store in the data directory given:
// an incident is saved while it is small, then grows past the limit and is acknowledged. It prints
// one JSON line with what the service said and held, and the file as it was after the first save.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseClassificationConfig } from '../../../shared/classify/classificationConfig';
import type { Signal } from '../../../shared/domain/signal';
import type { SourceHealth } from '../../../shared/domain/sourceHealth';
import { defaultNotificationSettings } from '../../../shared/notify/notificationPolicy';
import { createIncidentService } from '../../../electron/services/incidentService';
import { openIncidentStore } from '../../../electron/store/incidentStore';

const [dataDir, matrixPath] = process.argv.slice(2) as [string, string];
const cfg = parseClassificationConfig(readFileSync(matrixPath, 'utf8'));
if (!cfg.ok) throw new Error('bad shipped matrix');
const notices: string[] = [];
const started = Date.now();
const svc = createIncidentService({
  store: openIncidentStore(dataDir),
  classification: cfg.config,
  notifier: { send: () => {} },
  notificationSettings: defaultNotificationSettings,
  now: () => started,
  localMinutes: () => 720,
  actor: () => 'you',
  emit: () => {},
  notice: (m) => notices.push(m),
  log: () => {},
});
const signal = (summary: string): Signal => ({
  id: 'p/1',
  sourceId: 'p',
  sourceKind: 'prometheus',
  fingerprint: '1',
  name: 'FraudModelServingDown',
  labels: { alertname: 'FraudModelServingDown', service: 'fraud-model' },
  annotations: { summary },
  state: 'firing',
  activeAt: new Date(started).toISOString(),
  value: 1,
  generatorURL: null,
  stale: false,
});
const health: SourceHealth[] = [
  {
    sourceId: 'p',
    name: 'P',
    kind: 'prometheus',
    target: 'x',
    status: 'ok',
    since: new Date(started).toISOString(),
    lastSuccessAt: new Date(started).toISOString(),
    message: null,
    detail: null,
  },
];

const main = async () => {
  svc.reconcile([signal('fraud-model is not serving')], health);
  await svc.flush();
  const [inc] = svc.list();
  const dir = join(dataDir, 'incidents', inc!.id);
  const before = readFileSync(join(dir, 'incident.json'), 'utf8');
  // A summary far past the limit: the incident file can no longer be written whole.
  svc.reconcile([signal(`fraud-model is not serving: ${'every replica failed its probe; '.repeat(2000)}`)], health);
  const acked = await svc.handlers['incident:ack']({ id: inc!.id });
  await svc.flush();
  const [held] = svc.list();
  process.stdout.write(
    JSON.stringify({
      id: inc!.id,
      before,
      notices,
      ackState: acked.state,
      heldState: held!.state,
      heldSummaryLength: held!.summary?.length ?? 0,
      files: readdirSync(dir),
    }) + '\n',
  );
};
void main();
