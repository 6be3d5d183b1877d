import { afterEach, describe, expect, it } from 'vitest';
import { createTestKit } from '../../e2e/fixtures/createTestKit';
import { feedStageLatency } from '../../e2e/fixtures/feedStageLatency';
import { readRuleFile } from '../../e2e/fixtures/readRuleFile';
import { waitFor } from '../../e2e/fixtures/waitFor';
import { fillQuery } from '../../shared/runbooks/fillQuery';
import { shippedRunbook } from '../../shared/runbooks/testing/shippedRunbooks';
import { createPrometheusApi, PrometheusApiError, type InstantResult } from './prometheusApi';

const kit = createTestKit();
afterEach(() => kit.cleanup());

async function started() {
  const exporter = await kit.startExporter();
  exporter.setMetric('model_error_ratio', { service: 'fraud-model' }, 0.072);
  const feed = feedStageLatency(exporter, {
    model: 'fraud-model',
    stages: { feature_fetch: 0.3, inference: 0.04, postprocess: 0.02 },
  });
  kit.defer(() => feed.stop());
  const prometheus = await kit.startPrometheus({ rules: readRuleFile('ml-alerts'), scrapeTargets: [exporter.target] });
  const api = createPrometheusApi({ baseUrl: prometheus.url, name: 'Prometheus (test)', timeoutMs: 5_000 });
  return { exporter, prometheus, api };
}

const single = (r: InstantResult) => (r.kind === 'vector' && r.samples.length === 1 ? r.samples[0]!.value : undefined);

describe('Prometheus HTTP API against a real Prometheus', () => {
  it('answers instant queries: vectors, scalars, and the values JSON cannot hold', async () => {
    const { api, prometheus } = await started();
    const value = await waitFor(async () => single(await api.query('model_error_ratio{service="fraud-model"}')), {
      what: 'the first scrape of model_error_ratio',
      lastSeen: () => prometheus.logTail(5),
    });
    expect(value).toBe(0.072);

    const scalar = await api.query('scalar(model_error_ratio{service="fraud-model"}) * 100');
    expect(scalar.kind).toBe('scalar');
    expect(scalar.kind === 'scalar' && scalar.value).toBeCloseTo(7.2, 9);
    expect(await api.query('vector(1) / 0')).toMatchObject({ kind: 'vector', samples: [{ value: Infinity }] });
    const nan = await api.query('vector(0) / 0');
    expect(nan.kind === 'vector' && Number.isNaN(nan.samples[0]!.value)).toBe(true);
    expect(await api.query('absent_metric_vigil_test')).toEqual({ kind: 'vector', samples: [] });
    const at = Date.now() - 1_000;
    const timed = await api.query('time()', { time: at });
    expect(timed).toMatchObject({ kind: 'scalar', at, value: at / 1000 });
  });

  it("runs the shipped latency runbook's first check with the alert's labels filled in", async () => {
    const { api } = await started();
    const check = shippedRunbook('model-high-latency.md').steps[0]!.checks[0]!;
    const filled = fillQuery(check.query, { model: 'fraud-model' });
    if (!filled.ok) throw new Error(filled.message);
    // rate() needs two scrapes of the growing buckets.
    const p99 = await waitFor(
      async () => {
        const v = single(await api.query(filled.query));
        return v !== undefined && Number.isFinite(v) ? v : undefined;
      },
      { what: 'feature fetch p99 from the histogram' },
    );
    // Every request took 0.3 s: in the (0.25, 0.5] bucket, read by interpolation near its top.
    expect(p99).toBeGreaterThan(0.2);
    expect(p99).toBeCloseTo(0.4975, 3);
  });

  it('answers range queries as series of points', async () => {
    const { api } = await started();
    await waitFor(async () => single(await api.query('model_error_ratio')) !== undefined, { what: 'a scrape' });
    // Enough scrapes for several points a second apart.
    await new Promise((r) => setTimeout(r, 3_000));
    const end = Date.now();
    const series = await api.queryRange('model_error_ratio{service="fraud-model"}', {
      start: end - 60_000,
      end,
      stepSeconds: 1,
    });
    expect(series).toHaveLength(1);
    expect(series[0]!.labels).toMatchObject({ service: 'fraud-model' });
    expect(series[0]!.points.length).toBeGreaterThanOrEqual(2);
    expect(series[0]!.points.every((p) => p.value === 0.072 && p.at <= end)).toBe(true);
  });

  it('lists the alerting rules with their own labels, and the labels of alerts that fire', async () => {
    const { api } = await started();
    const rules = await waitFor(
      async () => {
        const list = await api.alertingRules();
        return list.find((r) => r.name === 'FraudModelHighErrorRate')?.state === 'firing' ? list : undefined;
      },
      { what: 'FraudModelHighErrorRate to fire' },
    );
    expect(rules.map((r) => r.name).sort()).toEqual([
      'FraudModelHighErrorRate',
      'FraudModelHighLatency',
      'PredictionDriftHigh',
    ]);
    const errors = rules.find((r) => r.name === 'FraudModelHighErrorRate')!;
    expect(errors).toMatchObject({
      group: 'ml-serving',
      labels: { service: 'fraud-model', model: 'fraud-model', severity: 'critical' },
      annotations: { runbook_url: 'https://runbooks.example.com/fraud-model-errors' },
    });
    expect(errors.query).toContain('model_error_ratio');
    expect(errors.alerts[0]!.labels).toMatchObject({
      alertname: 'FraudModelHighErrorRate',
      job: 'vigil-test-exporter',
    });
    expect(rules.find((r) => r.name === 'PredictionDriftHigh')).toMatchObject({ state: 'inactive', alerts: [] });

    // The poll's refresh wants only the expressions: the same rules, without their alerts.
    const bare = await api.alertingRules({ withAlerts: false });
    expect(bare.map((r) => ({ ...r, state: undefined }))).toEqual(
      rules.map((r) => ({ ...r, state: undefined, alerts: [] })),
    );
  });

  it('asks for the rules without their alerts when only expressions are wanted, and never reads them', async () => {
    // A Prometheus too old for exclude_alerts sends the alerts anyway; here one of them is not even
    // readable, which must not cost the poll its rule list.
    const body = JSON.stringify({
      status: 'success',
      data: {
        groups: [
          {
            name: 'storm',
            file: 'storm.yml',
            rules: [
              {
                type: 'alerting',
                name: 'ServiceErrors',
                query: 'error_ratio > 0.05',
                labels: { severity: 'critical' },
                annotations: {},
                state: 'firing',
                alerts: [{ labels: { service: 7 }, state: 'firing' }],
              },
            ],
          },
        ],
      },
    });
    const old = await kit.startCannedServer({ status: 200, contentType: 'application/json', body });
    const api = createPrometheusApi({ baseUrl: old.url });
    const rules = await api.alertingRules({ withAlerts: false });
    expect(rules).toEqual([
      expect.objectContaining({ name: 'ServiceErrors', query: 'error_ratio > 0.05', alerts: [] }),
    ]);
    expect(old.requests()).toEqual(['/api/v1/rules?type=alert&exclude_alerts=true']);
    // Asked with their alerts, the same reply is refused for the one it cannot read.
    const err = (await api.alertingRules().catch((e: unknown) => e)) as PrometheusApiError;
    expect(err.kind).toBe('bad-reply');
    expect(old.requests()[1]).toBe('/api/v1/rules?type=alert');
  });

  it("passes on Prometheus's own words when it refuses a query, and says when it is gone", async () => {
    const { api, prometheus } = await started();
    const refused = await api.query('sum(rate(x[5m]').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PrometheusApiError);
    expect((refused as PrometheusApiError).kind).toBe('query-rejected');
    expect((refused as PrometheusApiError).message).toMatch(
      new RegExp(`^Prometheus \\(test\\) at ${prometheus.url} refused the query: .*parse error`),
    );

    await prometheus.stop();
    const gone = await api.alertingRules().catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(PrometheusApiError);
    expect((gone as PrometheusApiError).kind).toBe('unreachable');
    expect((gone as PrometheusApiError).message).toBe(
      `Prometheus (test) at ${prometheus.url} refused the connection (is it running?)`,
    );
  });

  it('says when the address answers with something that is not the Prometheus API', async () => {
    const html = await kit.startCannedServer({ status: 200, contentType: 'text/html', body: '<html>Grafana</html>' });
    const api = createPrometheusApi({ baseUrl: html.url });
    const err = (await api.query('up').catch((e: unknown) => e)) as PrometheusApiError;
    expect(err.kind).toBe('bad-reply');
    expect(err.message).toMatch(/HTML page instead of JSON/);
    const json = await kit.startCannedServer({ status: 200, contentType: 'application/json', body: '{"hello":1}' });
    const odd = (await createPrometheusApi({ baseUrl: json.url })
      .alertingRules()
      .catch((e: unknown) => e)) as PrometheusApiError;
    expect(odd.kind).toBe('bad-reply');
    expect(odd.message).toMatch(/cannot read \(is this a Prometheus API\?\)/);
  });
});
