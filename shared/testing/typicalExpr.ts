// Test data (no Vite-only imports, so scripts run by tsx can use it too).

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
  // Every serving target down (seed 000's "completely unresponsive"); `up == 0` alone fires per
  // target, which is one replica down (labelBound.test.ts).
  if (/(Down|Unavailable|Unresponsive|NotServing)$/.test(name)) return 'sum(up{job="model-serving"}) == 0';
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
