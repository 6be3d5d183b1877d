import { parse } from 'yaml';
import { z } from 'zod';
import { hashKey } from '../incidents/groupKey';
import type { Signal } from '../domain/signal';

const DemoAlert = z.strictObject({
  name: z.string(),
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
  /** The alerting rule's PromQL, as /api/v1/rules would list it. */
  expr: z.string().min(1),
  /** Seconds the condition had been true before the first sample (sets activeAt). */
  activeBefore: z.number().nonnegative(),
  samples: z.array(z.strictObject({ at: z.number().nonnegative(), value: z.number() })).min(1),
  /** Seconds after start when the alert stops firing. */
  until: z.number().positive(),
});

export const DemoScenario = z.strictObject({
  title: z.string(),
  /** Seconds (at 1x) after which nothing changes any more. */
  length: z.number().positive(),
  alerts: z.array(DemoAlert).min(1),
});
export type DemoScenario = z.infer<typeof DemoScenario>;

export function parseDemoScenario(text: string): DemoScenario {
  return DemoScenario.parse(parse(text));
}

export function scenarioLength(s: DemoScenario): number {
  return s.length;
}

/**
 * The alerts firing `elapsedSec` (scenario time) after the demo started at `startMs`.
 * activeAt is anchored to real time, so "since 22:41 (14 min)" reads right in the UI.
 */
export function demoSignalsAt(
  s: DemoScenario,
  sourceId: string,
  startMs: number,
  elapsedSec: number,
  speed: number,
): Signal[] {
  const out: Signal[] = [];
  for (const alert of s.alerts) {
    const first = alert.samples[0]!;
    if (elapsedSec < first.at || elapsedSec >= alert.until) continue;
    let value = first.value;
    for (const sample of alert.samples) if (sample.at <= elapsedSec) value = sample.value;
    const labels = { alertname: alert.name, ...alert.labels, source: 'demo' };
    const fingerprint = hashKey(JSON.stringify(labels));
    out.push({
      id: `${sourceId}/${fingerprint}`,
      sourceId,
      sourceKind: 'demo',
      fingerprint,
      name: alert.name,
      labels,
      annotations: alert.annotations,
      state: 'firing',
      activeAt: new Date(startMs + (first.at / speed - alert.activeBefore) * 1000).toISOString(),
      value,
      generatorURL: null,
      stale: false,
      expr: alert.expr,
    });
  }
  return out;
}
