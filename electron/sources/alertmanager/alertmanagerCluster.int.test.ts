import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../../e2e/fixtures/waitFor';
import { createPrometheusSource } from '../prometheusSource';
import type { AlertSource } from '../alertSource';
import { createAlertmanagerClient } from './alertmanagerClient';
import { createAlertmanagerSource, type AlertmanagerSource } from './alertmanagerSource';
import { startAlertmanager, startPrometheusSendingTo } from './testing/startAlertmanager';
import { freeLoopbackPort, type Daemon } from './testing/spawnDaemon';

/**
 * HA sources as one, against the real thing: a 2-member Alertmanager cluster gossiping on
 * loopback, and an HA pair of real Prometheus replicas (external label `replica` a / b) that
 * both send to both members. Each member then holds two copies of the alert (one per replica).
 */

const REPLICA_LABELS = ['replica', 'prometheus_replica'];
const RULES = [
  'groups:',
  '  - name: vigil-ha',
  '    rules:',
  '      - alert: VigilHaCanary',
  '        expr: vector(1)',
  '        labels: { service: fraud-model, severity: critical }',
  '        annotations: { summary: "fired by both replicas of the pair" }',
  '',
].join('\n');

let gossip: [number, number];
let am1: Daemon;
let am2: Daemon;
const prometheus: Daemon[] = [];
const sources: AlertSource[] = [];

beforeAll(async () => {
  gossip = [await freeLoopbackPort(), await freeLoopbackPort()];
  am1 = await startAlertmanager({ cluster: { listenPort: gossip[0], peerPorts: [gossip[1]] } });
  am2 = await startAlertmanager({ cluster: { listenPort: gossip[1], peerPorts: [gossip[0]] } });
  for (const replica of ['a', 'b']) {
    prometheus.push(await startPrometheusSendingTo([am1, am2], RULES, { externalLabels: { replica } }));
  }
});
afterAll(async () => {
  for (const s of sources) s.stop();
  for (const p of prometheus) await p.stop();
  await am1?.stop();
  await am2?.stop();
});

function watchCluster(): AlertmanagerSource {
  const source = createAlertmanagerSource({
    id: 'am-cluster',
    name: 'Alertmanager cluster',
    url: am1.url,
    members: [am2.url],
    replicaLabels: REPLICA_LABELS,
    intervalMs: 300,
    timeoutMs: 2000,
    onUpdate: () => {},
  });
  sources.push(source);
  source.start();
  return source;
}

/** Polls until the probe holds, with what was awaited and what was last seen in the failure. */
const until = <T>(
  what: string,
  probe: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  lastSeen: () => string,
) => waitFor(probe, { what, lastSeen, timeoutMs: 30_000 });

const canaries = (s: AlertSource) => s.signals().filter((x) => x.name === 'VigilHaCanary');
const describeSignals = (s: AlertSource) =>
  JSON.stringify(s.signals().map((x) => ({ labels: x.labels, stale: x.stale })));

describe('an Alertmanager cluster and a Prometheus HA pair, each as one source', () => {
  it('one signal for the alert both replicas fire, from the cluster and from the pair', async () => {
    // Each member holds both replicas' copies: what Vigil collapses is really there.
    const member = createAlertmanagerClient({ url: am2.url, timeoutMs: 2000 });
    await until(
      'both replicas to deliver the alert to the second member',
      async () => (await member.listAlerts({ matchers: ['alertname="VigilHaCanary"'] })).length === 2,
      () => `Prometheus log: ${prometheus.map((p) => p.logTail(3)).join('\n')}`,
    );
    const cluster = watchCluster();
    await until(
      'the cluster source to answer',
      () => cluster.health().status === 'ok',
      () => JSON.stringify(cluster.health()),
    );
    expect(canaries(cluster)).toHaveLength(1);
    expect(canaries(cluster)[0]!.labels).toEqual({
      alertname: 'VigilHaCanary',
      service: 'fraud-model',
      severity: 'critical',
    });

    const pair = createPrometheusSource({
      id: 'prom-pair',
      name: 'Prometheus pair',
      url: prometheus[0]!.url,
      members: [prometheus[1]!.url],
      replicaLabels: REPLICA_LABELS,
      intervalMs: 300,
      onUpdate: () => {},
    });
    sources.push(pair);
    pair.start();
    await until(
      'the pair to list the alert',
      () => canaries(pair).length > 0,
      () => describeSignals(pair),
    );
    expect(canaries(pair)).toHaveLength(1);
    expect(pair.health().status).toBe('ok');
  });

  it('a silence set once through the cluster source is seen through every member, and holds the one alert', async () => {
    const cluster = watchCluster();
    await until(
      'the alert',
      () => canaries(cluster).length === 1,
      () => describeSignals(cluster),
    );
    const id = await cluster.silence({
      labels: { alertname: 'VigilHaCanary', service: 'fraud-model' },
      durationMs: 10 * 60_000,
      comment: 'HA test',
      createdBy: 'ada',
    });
    for (const daemon of [am1, am2]) {
      const member = createAlertmanagerClient({ url: daemon.url, timeoutMs: 2000 });
      const found = await until(
        `the silence on ${daemon.name}`,
        async () => (await member.listSilences()).find((s) => s.id === id && s.status.state === 'active'),
        () => 'not there yet',
      );
      expect(found.createdBy).toBe('ada');
    }
    // Listed once through the source (one member asked), not once per member.
    expect((await cluster.client.listSilences()).filter((s) => s.id === id)).toHaveLength(1);
    // Both replicas' copies on both members are suppressed: still one signal, held by the silence.
    await until(
      'the one signal to say it is silenced',
      () => canaries(cluster).length === 1 && canaries(cluster)[0]!.suppressed?.ids.includes(id),
      () => describeSignals(cluster),
    );
    expect(canaries(cluster)[0]!.suppressed).toMatchObject({ kind: 'silence', by: 'ada', comment: 'HA test' });
    await cluster.expireSilence(id);
    await until(
      'the alert no longer held after the silence expired',
      () => canaries(cluster).length === 1 && !canaries(cluster)[0]!.suppressed,
      () => describeSignals(cluster),
    );
  });

  it('a member down: still one signal, the source degraded (1 of 2 members answering); restarted, it heals', async () => {
    const cluster = watchCluster();
    await until(
      'the alert',
      () => canaries(cluster).length === 1 && cluster.health().status === 'ok',
      () => describeSignals(cluster),
    );
    const port = am2.port;
    await am2.stop();
    const degraded = await until(
      'the source to say a member is down',
      () => (cluster.health().status === 'degraded' ? cluster.health() : null),
      () => JSON.stringify(cluster.health()),
    );
    expect(degraded.message).toMatch(/^1 of 2 members answering: /);
    expect(canaries(cluster)).toHaveLength(1);
    expect(canaries(cluster)[0]!.stale).toBe(false);

    am2 = await startAlertmanager({ port, cluster: { listenPort: gossip[1], peerPorts: [gossip[0]] } });
    await until(
      'the source to heal',
      () => cluster.health().status === 'ok',
      () => JSON.stringify(cluster.health()),
    );
    expect(canaries(cluster)).toHaveLength(1);
  });
});
