// Test fixtures for classification and engine tests: the shipped config and signal builders.
// Only *.test.ts files import this.
import shipped from '../../resources/classification.yaml?raw';
import { parseClassificationConfig, type ClassificationConfig } from '../classify/classificationConfig';
import { mergeClassificationConfig } from '../classify/mergeClassificationConfig';
import type { Signal, SourceKind } from '../domain/signal';
import { typicalExpr } from './typicalExpr';

export { typicalExpr };

export const SHIPPED_TEXT = shipped;

/** 2026-11-24 22:41:00 UTC: the demo's start. */
export const T0 = Date.parse('2026-11-24T22:41:00Z');
export const MIN = 60_000;

export function shippedConfig(): ClassificationConfig {
  const result = parseClassificationConfig(shipped);
  if (!result.ok) throw new Error(`shipped classification.yaml is invalid: ${JSON.stringify(result.problems)}`);
  return result.config;
}

/** The shipped config with an override layered on; throws on problems (tests of valid overrides). */
export function shippedWith(overrideText: string): ClassificationConfig {
  const result = mergeClassificationConfig(shipped, overrideText);
  if (!result.ok) throw new Error(`override is invalid: ${JSON.stringify(result.problems)}`);
  return result.config;
}

/** A firing Prometheus alert; the id is derived from name and labels, as the source does. */
export function alert(
  name: string,
  value: number | null,
  labels: Record<string, string> = {},
  extra: Partial<Signal> = {},
): Signal {
  const all = { alertname: name, ...labels };
  const fp = Object.keys(all)
    .sort()
    .map((k) => `${k}=${all[k as keyof typeof all]}`)
    .join(',');
  return {
    id: `prom/${fp}`,
    sourceId: 'prom',
    sourceKind: 'prometheus',
    fingerprint: fp,
    name,
    labels: all,
    annotations: { summary: `${name} summary` },
    state: 'firing',
    activeAt: new Date(T0).toISOString(),
    value,
    generatorURL: null,
    stale: false,
    expr: typicalExpr(name),
    ...extra,
  };
}

/** The same alert as another source reports it (another id and fingerprint, same labels). */
export function seenBy(signal: Signal, kind: SourceKind, extraLabels: Record<string, string> = {}): Signal {
  return {
    ...signal,
    id: `${kind}/${signal.fingerprint}`,
    sourceId: kind,
    sourceKind: kind,
    fingerprint: `${kind}-${signal.fingerprint}`,
    labels: { ...signal.labels, ...extraLabels },
  };
}
