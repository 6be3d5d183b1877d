import { describe, expect, it } from 'vitest';
import { runAtOnce } from '../../../shared/incidents/slices';
import type { AmAlert } from './alertmanagerSchemas';
import { toAlertmanagerSignalsInSlices } from './alertmanagerSignals';

const graph = (expr: string) => `http://prometheus:9090/graph?g0.expr=${encodeURIComponent(expr)}&g0.tab=1`;

function alert(i: number, generatorURL: string | null, startsAt = '2026-12-06T01:00:00.000Z'): AmAlert {
  return {
    fingerprint: `fp${i}`,
    labels: { alertname: i % 2 ? 'GPUOOMRisk' : 'ModelHighLatency', pod: `p-${i}` },
    annotations: {},
    startsAt,
    endsAt: null,
    updatedAt: null,
    generatorURL,
    receivers: [],
    status: { state: 'active', silencedBy: [], inhibitedBy: [] },
  };
}

describe('toAlertmanagerSignalsInSlices', () => {
  it('gives every alert its own rule expression, read once per generator URL', () => {
    const latency = graph('histogram_quantile(0.99, rate(latency_bucket[5m])) > 0.5');
    const oom = graph('gpu_memory_used / gpu_memory_total > 0.95');
    const alerts = Array.from({ length: 6 }, (_, i) => alert(i, i === 4 ? null : i % 2 ? oom : latency));
    const signals = runAtOnce(toAlertmanagerSignalsInSlices('am', alerts));
    expect(signals.map((s) => s.expr)).toEqual([
      'histogram_quantile(0.99, rate(latency_bucket[5m])) > 0.5',
      'gpu_memory_used / gpu_memory_total > 0.95',
      'histogram_quantile(0.99, rate(latency_bucket[5m])) > 0.5',
      'gpu_memory_used / gpu_memory_total > 0.95',
      null,
      'gpu_memory_used / gpu_memory_total > 0.95',
    ]);
    expect(signals[4]!.exprNote).toMatch(/no generator URL/);
    expect(signals[0]!.exprNote).toBeNull();
    expect(signals.map((s) => s.id)).toEqual(alerts.map((a) => `am/${a.fingerprint}`));
  });

  it('reads start times in any form Alertmanager sends, and "never" as unknown', () => {
    const signals = runAtOnce(
      toAlertmanagerSignalsInSlices('am', [
        alert(0, null, '2026-12-06T01:00:00.123Z'),
        alert(1, null, '2026-12-06T01:00:00.123456789Z'),
        alert(2, null, '2026-12-06T02:00:00+01:00'),
        alert(3, null, '0001-01-01T00:00:00Z'),
      ]),
    );
    expect(signals.map((s) => s.activeAt)).toEqual([
      '2026-12-06T01:00:00.123Z',
      '2026-12-06T01:00:00.123Z',
      '2026-12-06T01:00:00.000Z',
      null,
    ]);
  });

  it("pauses between slices of a storm's alerts, and gives the same signals as when run at once", () => {
    const alerts = Array.from({ length: 1_000 }, (_, i) => alert(i, graph(`up{job="j${i % 7}"} == 0`)));
    const work = toAlertmanagerSignalsInSlices('am', alerts);
    let pauses = 0;
    let r = work.next();
    for (; !r.done; r = work.next()) pauses++;
    expect(pauses).toBeGreaterThanOrEqual(15);
    expect(r.value).toEqual(runAtOnce(toAlertmanagerSignalsInSlices('am', alerts)));
    expect(r.value[999]!.expr).toBe('up{job="j5"} == 0');
  });
});
