import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DemoScenario } from '../../shared/demo/demoScenario';
import type { Incident } from '../../shared/domain/incident';
import { alert, shippedConfig } from '../../shared/testing/signalFixtures';
import type { PrometheusApi } from '../sources/prometheusApi';
import { createEvidenceCapture } from './evidenceCapture';

const dir = mkdtempSync(join(tmpdir(), 'vigil-evidence-'));
const incidentOf = (i: number) =>
  ({
    id: `inc-${i}`,
    severity: 'P0',
    classification: { severity: 'P0', ruleId: 'hard-errors', reason: 'error ratio 7% > 5% of requests: P0' },
    signals: [alert('ModelHighErrorRate', 0.07, { service: `svc-${i}` })],
  }) as Incident;

/** The capture against a Prometheus that is `api` (offline by default); `asked` counts its uses. */
function setup(over: { get?: (id: string) => Incident; api?: Partial<PrometheusApi> } = {}) {
  const asked: string[] = [];
  const logged: string[] = [];
  const offline: Partial<PrometheusApi> = {
    alertingRules: async () => [],
    queryRange: async () => {
      throw new Error('offline');
    },
  };
  const capture = createEvidenceCapture({
    classification: shippedConfig,
    scenario: {} as DemoScenario,
    demoSpeed: 1,
    incidentDir: (id) => join(dir, id),
    get: over.get ?? ((id) => incidentOf(Number(id.slice(4)))),
    prometheus: {
      get: () => ({
        sourceId: 'prom',
        name: 'P',
        baseUrl: 'http://127.0.0.1:9',
        headers: {},
        fetch: undefined,
        redact: (v) => v,
      }),
      list: () => [],
    },
    createApi: () => {
      asked.push('api');
      return (over.api ?? offline) as PrometheusApi;
    },
    now: () => Date.parse('2026-12-04T21:00:00Z'),
    notice: () => {},
    log: (m) => logged.push(m),
  });
  return { capture, asked, logged };
}

describe('evidence capture in a storm', () => {
  it('captures a few incidents that fire together at fire time', async () => {
    const s = setup();
    s.capture.fired([1, 2, 3].map(incidentOf));
    await s.capture.idle();
    expect(s.asked.length).toBeGreaterThan(0);
  });

  it('asks Prometheus nothing at fire time when a storm fires at once: each is captured when opened', async () => {
    const s = setup();
    s.capture.fired(Array.from({ length: 500 }, (_, i) => incidentOf(i)));
    await s.capture.idle();
    expect(s.asked).toEqual([]);
    expect(s.logged).toEqual(['evidence: 500 incidents fired at once (storm); each is captured when opened']);
  });
});

describe("evidence narrowed to the alert's series", () => {
  /** A rule over many services; Prometheus answers `answer(query)`. */
  function narrowing(
    answer: (query: string) => Promise<{ labels: Record<string, string>; points: { at: number; value: number }[] }[]>,
    ruleAlerts: { labels: Record<string, string>; state: string }[] = [],
  ) {
    const asked: string[] = [];
    // An alert sent on through Alertmanager carries an external label its series lack.
    const signal = alert('ModelHighErrorRate', 0.07, { service: 'svc-3', cluster: 'eu-1', severity: 'critical' });
    const rule = {
      group: 'g',
      file: 'f',
      name: 'ModelHighErrorRate',
      query: 'error_ratio > 0.05',
      labels: { severity: 'critical' },
      annotations: {},
      state: 'firing' as const,
      alerts: ruleAlerts,
    };
    const { capture, logged } = setup({
      get: (id) =>
        ({
          id,
          severity: 'P1',
          classification: { severity: 'P1', ruleId: 'default', reason: '' },
          signals: [signal],
        }) as Incident,
      api: {
        alertingRules: async () => [rule],
        queryRange: async (query: string) => {
          asked.push(query);
          return answer(query);
        },
      },
    });
    return { capture, asked, logged };
  }
  const mine = { labels: { service: 'svc-3' }, points: [{ at: Date.parse('2026-12-04T20:59:00Z'), value: 0.07 }] };
  const other = { labels: { service: 'svc-4' }, points: [{ at: Date.parse('2026-12-04T20:59:00Z'), value: 0.09 }] };

  it("asks for the plain expression when the narrowed one keeps no series, and draws the alert's", async () => {
    const s = narrowing(async (q) => (q === 'error_ratio' ? [other, mine] : []));
    const e = await s.capture.evidence('a', true);
    expect(s.asked[0]).toMatch(/^\(error_ratio\) and on\(cluster, service\) /);
    expect(s.asked[1]).toBe('error_ratio');
    expect(e.first?.seriesLabels).toEqual({ service: 'svc-3' });
    expect(e.first?.points.map((p) => p[1])).toContain(0.07);
  });

  it("narrows by the labels Prometheus's own alerts of the rule carry, leaving the external one out", async () => {
    const listed = {
      labels: { alertname: 'ModelHighErrorRate', service: 'svc-3', severity: 'critical' },
      state: 'firing',
    };
    const s = narrowing(async (q) => (q === 'error_ratio' ? [other, mine] : [mine]), [listed]);
    const e = await s.capture.evidence('c', true);
    // Every read (the hour, then the last minutes of a young series) is the narrowed query.
    expect(s.asked.length).toBeGreaterThan(0);
    for (const q of s.asked) expect(q).toMatch(/^\(error_ratio\) and on\(service\) /);
    expect(e.first?.seriesLabels).toEqual({ service: 'svc-3' });
  });

  it('says in the log when Prometheus refuses the narrowed query, and still draws the graph', async () => {
    const s = narrowing(async (q) => {
      if (q !== 'error_ratio') throw new Error('bad_data: parse error');
      return [mine, other];
    });
    const e = await s.capture.evidence('b', true);
    expect(e.first?.seriesLabels).toEqual({ service: 'svc-3' });
    expect(s.logged).toEqual(['evidence: P failed the narrowed query (bad_data: parse error); asking for error_ratio']);
  });
});
