import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestKit } from '../../e2e/fixtures/createTestKit';
import { readRuleFile } from '../../e2e/fixtures/readRuleFile';
import { waitFor } from '../../e2e/fixtures/waitFor';
import { parseClassificationConfig } from '../../shared/classify/classificationConfig';
import { classifySignal } from '../../shared/classify/classifySignal';
import type { AlertSource } from './alertSource';
import { createPrometheusSource } from './prometheusSource';

const kit = createTestKit();
afterEach(() => kit.cleanup());

/** A source polling every second, stopped by the kit's cleanup whatever happens in the test. */
function watch(url: string): AlertSource {
  const source = createPrometheusSource({
    id: 'prom-int',
    name: 'Prometheus',
    url,
    intervalMs: 1_000,
    onUpdate: () => {},
  });
  kit.defer(() => source.stop());
  source.start();
  return source;
}

const healthText = (source: AlertSource) => JSON.stringify(source.health());

function shippedClassification() {
  const text = readFileSync(new URL('../../resources/classification.yaml', import.meta.url), 'utf8');
  const result = parseClassificationConfig(text);
  if (!result.ok) throw new Error(`resources/classification.yaml is invalid: ${JSON.stringify(result.problems)}`);
  return result.config;
}

describe('Prometheus source against a real Prometheus', () => {
  it('sees the alert fire, classifies it P0, then keeps it stale when Prometheus goes away', async () => {
    const exporter = await kit.startExporter();
    // Healthy first, so the alert is known to come from the flip and not from start-up.
    exporter.setMetric('model_error_ratio', { service: 'fraud-model' }, 0.004);
    const prometheus = await kit.startPrometheus({
      rules: readRuleFile('ml-alerts'),
      scrapeTargets: [exporter.target],
    });
    const source = watch(prometheus.url);

    await waitFor(() => source.health().status === 'ok', {
      what: 'the first successful poll',
      lastSeen: () => healthText(source),
    });
    expect(source.signals()).toEqual([]);

    exporter.setMetric('model_error_ratio', { service: 'fraud-model' }, 0.072);
    const firing = await waitFor(
      () => source.signals().find((s) => s.name === 'FraudModelHighErrorRate' && s.state === 'firing'),
      {
        what: 'FraudModelHighErrorRate to fire',
        timeoutMs: 30_000,
        lastSeen: () => `signals ${JSON.stringify(source.signals())}; Prometheus log:\n${prometheus.logTail(5)}`,
      },
    );
    expect(firing).toMatchObject({
      sourceKind: 'prometheus',
      value: 0.072,
      stale: false,
      labels: { service: 'fraud-model', model: 'fraud-model', team: 'ml-platform', severity: 'critical' },
      annotations: {
        summary: 'Fraud model error rate exceeds 5%',
        runbook_url: 'https://runbooks.example.com/fraud-model-errors',
      },
    });
    expect(firing.annotations.description).toContain('7.2%');
    expect(firing.activeAt).not.toBeNull();

    const classification = classifySignal(firing, shippedClassification(), Date.now());
    expect(classification).toMatchObject({
      severity: 'P0',
      ruleId: 'hard-errors',
      // The rule's own label says critical (P1); the matrix reads a ratio past 5% of model requests.
      reason: 'raised above its critical label: error ratio 7.2% > 5% of requests: P0',
      whyNotHigher: null,
    });

    // Polls after the first find the alert's label set in the source's memory (labelSetMemory):
    // the same id and labels, while the value and what the classifier says of it follow Prometheus.
    exporter.setMetric('model_error_ratio', { service: 'fraud-model' }, 0.093);
    const moved = await waitFor(() => source.signals().find((s) => s.id === firing.id && s.value === 0.093), {
      what: 'the alert’s value to move to 0.093',
      timeoutMs: 30_000,
      lastSeen: () => `signals ${JSON.stringify(source.signals())}`,
    });
    expect(moved.labels).toEqual(firing.labels);
    expect(moved.fingerprint).toBe(firing.fingerprint);
    expect(classifySignal(moved, shippedClassification(), Date.now()).reason).toBe(
      'raised above its critical label: error ratio 9.3% > 5% of requests: P0',
    );

    await prometheus.stop();
    source.pollNow();
    // The first failure can be the kept-alive socket closing under the request ("closed the
    // connection"); wait for the steady state a user would see: a refused connection.
    const health = await waitFor(
      () => {
        const h = source.health();
        return h.status === 'unreachable' && h.message?.includes('refused the connection') ? h : undefined;
      },
      { what: 'health to report the refused connection', timeoutMs: 20_000, lastSeen: () => healthText(source) },
    );
    expect(health.message).toBe(`Prometheus at ${prometheus.url} refused the connection (is it running?)`);
    expect(health.detail).toContain('ECONNREFUSED');
    expect(health.lastSuccessAt).not.toBeNull();

    const kept = source.signals().find((s) => s.id === firing.id);
    expect(kept).toEqual({ ...moved, stale: true });
  });
});

describe('Prometheus source against a URL that is not a working Prometheus', () => {
  const cases = [
    {
      what: 'an HTML page (a dashboard or a login page)',
      reply: { contentType: 'text/html; charset=utf-8', body: '<!doctype html><html><body>Sign in</body></html>' },
      status: 'bad-reply',
      message: /answered with an HTML page instead of JSON/,
    },
    {
      what: 'truncated JSON',
      reply: { contentType: 'application/json', body: '{"status":"success","data":{"alerts":[{"labels":{"alertn' },
      status: 'bad-reply',
      message: /the JSON is malformed or truncated/,
    },
    {
      what: 'HTTP 500',
      reply: { status: 500, contentType: 'text/plain', body: 'upstream connect error' },
      // A server error is treated as "not answering" (the source keeps its signals, stale), not a bad URL.
      status: 'unreachable',
      message: /answered HTTP 500/,
    },
  ] as const;

  it.each(cases)('says what is wrong when it gets $what', async ({ reply, status, message }) => {
    const server = await kit.startCannedServer(reply);
    const source = watch(server.url);
    const health = await waitFor(() => (source.health().status !== 'starting' ? source.health() : undefined), {
      what: 'the first poll to finish',
      lastSeen: () => healthText(source),
    });
    expect(health.status).toBe(status);
    expect(health.message).toMatch(message);
    expect(health.message).toContain(server.url);
    expect(server.requests()[0]).toBe('/api/v1/alerts');
    expect(source.signals()).toEqual([]);
  });
});
