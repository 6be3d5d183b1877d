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
    signals: [alert('ModelHighErrorRate', 0.07, { service: `svc-${i}` })],
  }) as Incident;

function setup() {
  const asked: string[] = [];
  const logged: string[] = [];
  const capture = createEvidenceCapture({
    classification: shippedConfig,
    scenario: {} as DemoScenario,
    demoSpeed: 1,
    incidentDir: (id) => join(dir, id),
    get: (id) => incidentOf(Number(id.slice(4))),
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
      return {
        alertingRules: async () => [],
        queryRange: async () => {
          throw new Error('offline');
        },
      } as unknown as PrometheusApi;
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
