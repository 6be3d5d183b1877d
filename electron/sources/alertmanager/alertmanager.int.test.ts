import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HttpStatusError } from '../describeFetchError';
import { createAlertmanagerClient, matchersForLabels, type AlertmanagerClient } from './alertmanagerClient';
import { AmAlert } from './alertmanagerSchemas';
import { createAlertmanagerSource, testAlertmanager, type AlertmanagerSource } from './alertmanagerSource';
import { quickAmAlert } from './quickAmAlert';
import { startAlertmanager, startPrometheusSendingTo } from './testing/startAlertmanager';
import { freeLoopbackPort, type Daemon } from './testing/spawnDaemon';

/**
 * The Alertmanager client and source against the real Debian Alertmanager (one per file, each
 * test with its own alert names), and once with a real Prometheus sending to it.
 */

let am: Daemon;
let client: AlertmanagerClient;
const cleanups: (() => unknown)[] = [];

beforeAll(async () => {
  am = await startAlertmanager();
  client = createAlertmanagerClient({ url: am.url, timeoutMs: 5000 });
});
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});
afterAll(async () => {
  await am?.stop();
});

function watch(url = am.url, intervalMs = 200): AlertmanagerSource {
  const source = createAlertmanagerSource({ id: 'am-int', name: 'Alertmanager', url, intervalMs, onUpdate: () => {} });
  cleanups.push(() => source.stop());
  source.start();
  return source;
}

async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  lastSeen?: () => string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs / 1000} s waiting for ${what}${lastSeen ? `; last seen: ${lastSeen()}` : ''}\nAlertmanager log:\n${am.logTail(5)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** What Prometheus would send, posted straight to Alertmanager's v2 API. */
async function postAlerts(alerts: { labels: Record<string, string>; annotations?: Record<string, string> }[]) {
  const res = await fetch(`${am.url}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(
      alerts.map((a) => ({
        labels: a.labels,
        annotations: a.annotations ?? {},
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        generatorURL: 'http://prometheus.example:9090/graph?g0.expr=up',
      })),
    ),
  });
  if (!res.ok) throw new Error(`posting alerts failed: HTTP ${res.status} ${await res.text()}`);
}

describe('Alertmanager v2 against the real Alertmanager', () => {
  it('reports its status', async () => {
    const status = await client.status();
    expect(status.versionInfo.version).toMatch(/^\d+\.\d+/);
    expect(status.cluster.status).toBe('disabled');
    expect(status.config.original).toContain('vigil-test-null');
    expect((await testAlertmanager(am.url)).message).toMatch(
      /^Connected to Alertmanager \d+\.\d+.* \(cluster disabled\)$/,
    );
  });

  it('lists alerts with fingerprint, startsAt, generatorURL, receivers and inhibited state', async () => {
    await postAlerts([
      {
        labels: { alertname: 'FraudModelHighErrorRate', service: 'fraud-model', severity: 'critical', test: 'list' },
        annotations: { summary: 'Fraud model error rate exceeds 5%' },
      },
      { labels: { alertname: 'FraudModelLatencyHigh', service: 'fraud-model', severity: 'warning', test: 'list' } },
    ]);
    const alerts = await until('the warning to be inhibited by the critical alert', async () => {
      const list = await client.listAlerts({ matchers: ['test="list"'] });
      return list.length === 2 && list.some((a) => a.status.state === 'suppressed') ? list : null;
    });
    const critical = alerts.find((a) => a.labels.severity === 'critical')!;
    const warning = alerts.find((a) => a.labels.severity === 'warning')!;
    expect(critical).toMatchObject({
      status: { state: 'active', silencedBy: [], inhibitedBy: [] },
      receivers: [{ name: 'vigil-test-null' }],
      generatorURL: 'http://prometheus.example:9090/graph?g0.expr=up',
      annotations: { summary: 'Fraud model error rate exceeds 5%' },
    });
    expect(critical.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(Date.parse(critical.startsAt)).toBeLessThan(Date.now() - 50_000);
    expect(warning.status).toEqual({ state: 'suppressed', silencedBy: [], inhibitedBy: [critical.fingerprint] });

    // The source offers both: the inhibited one still fires, held back by the critical alert.
    const source = watch();
    const signals = await until('signals', () => {
      const mine = source.signals().filter((s) => s.labels.test === 'list');
      return mine.length === 2 ? mine : null;
    });
    expect(signals.find((s) => s.fingerprint === warning.fingerprint)!.suppressed).toEqual({
      kind: 'inhibition',
      until: null,
      by: null,
      comment: null,
      ids: [critical.fingerprint],
    });
    expect(signals.find((s) => s.fingerprint === critical.fingerprint)).toMatchObject({
      id: `am-int/${critical.fingerprint}`,
      sourceKind: 'alertmanager',
      fingerprint: critical.fingerprint,
      name: 'FraudModelHighErrorRate',
      state: 'firing',
      activeAt: new Date(Date.parse(critical.startsAt)).toISOString(),
      generatorURL: 'http://prometheus.example:9090/graph?g0.expr=up',
      stale: false,
      suppressed: null,
    });
    expect(source.alerts().filter((a) => a.labels.test === 'list')).toHaveLength(2);
    expect(source.health().status).toBe('ok');

    // The hot path's own check is sure of every alert this Alertmanager sends (zod is then never
    // asked in a storm) and reads each as the schema does.
    const raw = (await (await fetch(`${am.url}/api/v2/alerts`)).json()) as unknown[];
    expect(raw.length).toBeGreaterThanOrEqual(2);
    for (const item of raw) {
      const quick = quickAmAlert(item);
      expect(quick, JSON.stringify(item)).not.toBeNull();
      expect(JSON.parse(JSON.stringify(quick))).toEqual(JSON.parse(JSON.stringify(AmAlert.parse(item))));
    }
  });

  it('silence round trip: create for an incident, listed, the alert silenced, expire, active again', async () => {
    const labels = { alertname: 'FeatureStoreLatencyHigh', service: 'feature-store', test: 'silence' };
    await postAlerts([{ labels: { ...labels, severity: 'warning' } }]);
    const source = watch();
    await until('the alert as a signal', () => source.signals().some((s) => s.labels.test === 'silence'));

    const id = await source.silence({
      labels,
      durationMs: 30 * 60_000,
      comment: 'Vigil integration test: known cache warm-up after deploy',
      createdBy: 'ada.okafor@example.com',
    });
    const silences = await client.listSilences();
    const created = silences.find((s) => s.id === id)!;
    expect(created).toMatchObject({
      status: { state: 'active' },
      createdBy: 'ada.okafor@example.com',
      comment: 'Vigil integration test: known cache warm-up after deploy',
    });
    expect(created.matchers.map(({ name, value, isRegex }) => ({ name, value, isRegex }))).toEqual(
      matchersForLabels(labels).map(({ name, value, isRegex }) => ({ name, value, isRegex })),
    );
    const minutes = (Date.parse(created.endsAt) - Date.parse(created.startsAt)) / 60_000;
    expect(minutes).toBeCloseTo(30, 0);

    const silenced = await until('the alert to be silenced', async () =>
      (await client.listAlerts({ matchers: ['test="silence"'] })).find((a) => a.status.silencedBy.includes(id)),
    );
    expect(silenced.status.state).toBe('suppressed');
    // The alert still fires: its signal stays, saying what holds it back, until when and whose.
    const held = await until('the signal to say it is silenced', () =>
      source.signals().find((s) => s.labels.test === 'silence' && s.suppressed),
    );
    expect(held.state).toBe('firing');
    expect(held.suppressed).toEqual({
      kind: 'silence',
      until: new Date(created.endsAt).toISOString(),
      by: 'ada.okafor@example.com',
      comment: 'Vigil integration test: known cache warm-up after deploy',
      ids: [id],
    });

    await source.expireSilence(id);
    const expired = (await client.listSilences()).find((s) => s.id === id)!;
    expect(expired.status.state).toBe('expired');
    await until('the alert to be active again', async () =>
      (await client.listAlerts({ matchers: ['test="silence"'] })).find((a) => a.status.state === 'active'),
    );
    await until('the signal to be held back no more', () =>
      source.signals().some((s) => s.labels.test === 'silence' && !s.suppressed),
    );
  });

  it('says what is wrong with a silence, before asking or from Alertmanager', async () => {
    const base = { durationMs: 60_000, comment: 'why', createdBy: 'vigil' };
    await expect(client.createSilence({ ...base, matchers: [] })).rejects.toThrow(/at least one matcher/);
    await expect(
      client.createSilence({ ...base, comment: ' ', matchers: matchersForLabels({ a: 'b' }) }),
    ).rejects.toThrow(/comment/);
    const err = await client
      .createSilence({ ...base, matchers: [{ name: 'alertname', value: '(', isRegex: true, isEqual: true }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpStatusError);
    expect((err as HttpStatusError).status).toBe(400);
    await expect(client.expireSilence('00000000-0000-0000-0000-000000000000')).rejects.toBeInstanceOf(HttpStatusError);
  });

  it('an Alertmanager that is not there is unreachable, in words', async () => {
    const port = await freeLoopbackPort();
    const source = watch(`http://127.0.0.1:${port}`, 1_000);
    await until('unreachable', () => source.health().status === 'unreachable');
    expect(source.health().message).toBe(
      `Alertmanager at http://127.0.0.1:${port} refused the connection (is it running?)`,
    );
  });

  it('receives the alerts a real Prometheus sends', async () => {
    const prometheus = await startPrometheusSendingTo(
      am,
      [
        'groups:',
        '  - name: vigil-int',
        '    rules:',
        '      - alert: VigilCanaryFiring',
        '        expr: vector(1)',
        '        labels: { service: fraud-model, severity: critical, test: prometheus }',
        '        annotations: { summary: "always firing, to prove the Prometheus -> Alertmanager path" }',
        '',
      ].join('\n'),
    );
    cleanups.push(() => prometheus.stop());
    const source = watch();
    const signal = await until(
      'Prometheus to deliver VigilCanaryFiring to Alertmanager',
      () => source.signals().find((s) => s.name === 'VigilCanaryFiring'),
      () => `Prometheus log:\n${prometheus.logTail(5)}`,
      30_000,
    );
    expect(signal).toMatchObject({
      sourceKind: 'alertmanager',
      labels: { alertname: 'VigilCanaryFiring', service: 'fraud-model', severity: 'critical' },
      annotations: { summary: 'always firing, to prove the Prometheus -> Alertmanager path' },
      state: 'firing',
    });
    // Prometheus's own link back to the rule's expression.
    expect(signal.generatorURL).toMatch(/\/graph\?g0\.expr=vector%281%29/);
    expect(signal.activeAt).not.toBeNull();
  });
});
