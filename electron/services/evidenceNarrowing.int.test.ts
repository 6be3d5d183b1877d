import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestKit } from '../../e2e/fixtures/createTestKit';
import { waitFor } from '../../e2e/fixtures/waitFor';
import type { DemoScenario } from '../../shared/demo/demoScenario';
import type { Incident } from '../../shared/domain/incident';
import { narrowToAlert } from '../../shared/evidence/narrowToAlert';
import { alert, shippedConfig } from '../../shared/testing/signalFixtures';
import { createPrometheusApi, type PrometheusApi } from '../sources/prometheusApi';
import { createEvidenceCapture } from './evidenceCapture';

const kit = createTestKit();
afterEach(() => kit.cleanup());

const RULES = `groups:
  - name: storm
    rules:
      - alert: ServiceErrorRatio
        expr: svc_error_ratio > 0.05
        labels:
          severity: critical
`;

/** Services of one rule, one of them named with every character PromQL strings and label_replace treat specially. */
const SERVICES = ['svc-a', 'svc-b', 'svc "quoted" \\ $1 $$'];

/**
 * A rule watching several services in a real Prometheus: the graph of one alert asks Prometheus
 * for that alert's series only (narrowToAlert), so a storm's rule over 5,000 services no longer
 * sends all 5,000 an hour long, and the narrowed query is valid PromQL for any label value.
 */
describe('evidence of one alert among many series of its rule, against a real Prometheus', () => {
  it("asks for the alert's own series only, for every label value", async () => {
    const exporter = await kit.startExporter();
    SERVICES.forEach((service, i) => exporter.setMetric('svc_error_ratio', { service }, 0.06 + i / 100));
    const prometheus = await kit.startPrometheus({ rules: RULES, scrapeTargets: [exporter.target] });
    const real = createPrometheusApi({ baseUrl: prometheus.url, name: 'P' });
    const rules = await waitFor(
      async () => {
        const r = await real.alertingRules();
        return r[0]?.alerts.filter((a) => a.state === 'firing').length === SERVICES.length ? r : null;
      },
      { timeoutMs: 30_000, what: 'three firing alerts' },
    );
    const rule = rules[0]!;

    // The series each query returned, to see that Prometheus itself kept one.
    const returned: { query: string; series: number }[] = [];
    const api: PrometheusApi = {
      ...real,
      async queryRange(query, range) {
        const series = await real.queryRange(query, range);
        returned.push({ query, series: series.length });
        return series;
      },
    };
    const incidents = new Map<string, Incident>();
    for (const [i, a] of rule.alerts.entries()) {
      const { alertname, ...labels } = a.labels;
      const signal = alert(alertname!, 0.06, labels, { expr: undefined });
      incidents.set(`inc-${i}`, {
        id: `inc-${i}`,
        severity: 'P1',
        classification: { severity: 'P1', ruleId: 'default', reason: '' },
        signals: [signal],
      } as Incident);
    }
    const dir = mkdtempSync(join(tmpdir(), 'vigil-evidence-int-'));
    const capture = createEvidenceCapture({
      classification: shippedConfig,
      scenario: {} as DemoScenario,
      demoSpeed: 1,
      incidentDir: (id) => join(dir, id),
      get: (id) => incidents.get(id),
      prometheus: {
        get: () => ({
          sourceId: 'prom',
          name: 'P',
          baseUrl: prometheus.url,
          headers: {},
          fetch: undefined,
          redact: (v) => v,
        }),
        list: () => [],
      },
      createApi: () => api,
      now: () => Date.now(),
      notice: () => {},
      log: (m) => {
        throw new Error(`unexpected log: ${m}`);
      },
    });

    for (const [id, incident] of incidents) {
      returned.length = 0;
      const evidence = await capture.evidence(id, true);
      const latest = evidence.latest ?? evidence.first;
      const labels = incident.signals[0]!.labels;
      expect(latest?.problem ?? null).toBeNull();
      expect(latest?.seriesLabels.service).toBe(labels.service);
      expect(latest?.points.length).toBeGreaterThan(0);
      // Every query was the narrowed one, and Prometheus sent back one series for it.
      expect(returned.length).toBeGreaterThan(0);
      for (const r of returned) {
        expect(r).toEqual({ query: narrowToAlert('svc_error_ratio', labels, rule.labels), series: 1 });
      }
    }
  });
});
