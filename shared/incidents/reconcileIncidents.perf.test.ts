import { describe, expect, it } from 'vitest';
import type { Signal } from '../domain/signal';
import { alert, shippedConfig, T0 } from '../testing/signalFixtures';
import { emptyIncidentsState, reconcileIncidents, type EngineConfig } from './reconcileIncidents';

const config: EngineConfig = { classification: shippedConfig() };
const NAMES = [
  'FraudModelHighErrorRate',
  'FraudModelHighLatency',
  'GPUOOMRisk',
  'PredictionDriftHigh',
  'PodCrashLooping',
];

function storm(n: number, seed: number): Signal[] {
  const out: Signal[] = [];
  for (let i = 0; i < n; i++) {
    const name = NAMES[i % NAMES.length]!;
    out.push(
      alert(name, ((i * 7919 + seed) % 1000) / 1000, {
        service: `svc-${i % 40}`,
        pod: `pod-${i}`,
        severity: 'warning',
        sla_seconds: '0.5',
      }),
    );
  }
  return out;
}

/** Median time of a first step and of a following step with moved values. */
function timeSteps(n: number): number {
  const a = storm(n, 1);
  const b = storm(n, 2);
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const r = reconcileIncidents(emptyIncidentsState(), a, T0, config);
    reconcileIncidents(r.state, b, T0 + 15_000, config);
    runs.push(performance.now() - t);
  }
  return runs.sort((x, y) => x - y)[2]!;
}

describe('engine cost', () => {
  it('grows linearly with the number of alerts (no pass over pairs of signals)', () => {
    timeSteps(2_000); // warm up the JIT
    const small = timeSteps(2_500);
    const large = timeSteps(20_000);
    // 8x the alerts: linear is ~8x, quadratic would be ~64x. Generous for noisy machines.
    expect(large / small).toBeLessThan(20);
  });

  it('steps 10,000 alerts in well under a poll interval', () => {
    expect(timeSteps(10_000)).toBeLessThan(1_000);
  });
});
