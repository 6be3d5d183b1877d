// Test fixtures for classification and engine tests: the shipped config and signal builders.
// Only *.test.ts files import this.
import shipped from '../../resources/classification.yaml?raw';
import { parseClassificationConfig, type ClassificationConfig } from '../classify/classificationConfig';
import { mergeClassificationConfig } from '../classify/mergeClassificationConfig';
import type { Signal, SourceKind } from '../domain/signal';

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

/**
 * The rule expression an ML alert of this name typically has, as a team following the seeds would
 * write it: what the real source attaches from /api/v1/rules. Tests of the engine use these so the
 * classifier reads the value's kind as it does live; tests of the classifier pass their own `expr`.
 */
export function typicalExpr(name: string): string | null {
  if (/Downstream/.test(name))
    return 'sum by (service) (rate(checkout_requests_total{status="error"}[5m])) / sum by (service) (rate(checkout_requests_total[5m])) > 0.05';
  if (/(Error|Errors|ErrorRate|Failures?)(Rate)?(High)?$/.test(name)) {
    return 'sum by (service) (rate(model_requests_total{status="error"}[5m])) / sum by (service) (rate(model_requests_total[5m])) > 0.05';
  }
  if (/(Down|Unavailable|Unresponsive|NotServing)$/.test(name)) return 'up{job="model-serving"} == 0';
  if (/(PredictionCollapse|SingleClass|AllOneClass)/.test(name)) {
    return 'max by (model) (sum by (model, class) (rate(model_predictions_total[10m])) / ignoring (class) group_left sum by (model) (rate(model_predictions_total[10m]))) > 0.95';
  }
  if (/(Latency|P99)/.test(name)) {
    return 'histogram_quantile(0.99, sum by (le, service) (rate(model_request_latency_seconds_bucket[5m]))) > 0.5';
  }
  if (/(Drift|PSI)/.test(name)) return 'model_prediction_psi > 0.1';
  if (/(Accuracy|Performance|AUC)(Drop|Degradation|Degraded)/.test(name)) {
    return '1 - (model_accuracy / model_accuracy_baseline) > 0.05';
  }
  return null;
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
