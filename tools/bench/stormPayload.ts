// The in-process bench's inputs, shared by bench.ts and the soak's own process (benchSoak.ts).
import { readFileSync } from 'node:fs';
import { parseClassificationConfig, type ClassificationConfig } from '../../shared/classify/classificationConfig';
import { goExponent } from '../../shared/testing/goFloat';

/**
 * A storm of distinct incidents: one service per alert (so n alerts open n incidents, the worst
 * case for grouping, diff and persistence), over 25 alert families. Written the way Prometheus
 * writes /api/v1/alerts: label names sorted, activeAt with nanoseconds, values in Go's shortest
 * exponent form (`7.1234e-02`).
 */
export function stormPayload(n: number): string {
  const families = [
    ['FraudModelHighErrorRate', () => 0.02 + Math.random() * 0.08],
    ['ModelHighLatency', () => 0.3 + Math.random() * 1.5],
    ['PredictionDriftHigh', () => 0.05 + Math.random() * 0.7],
    ['ModelAccuracyDrop', () => Math.random() * 0.2],
    ['GPUOOMRisk', () => Math.round(Math.random() * 4000)],
  ] as const;
  const alerts = [];
  const now = Date.now();
  for (let i = 0; i < n; i++) {
    const [name, value] = families[i % families.length]!;
    alerts.push({
      labels: {
        alertname: `${name}${i % 25 >= 5 ? `V${i % 25}` : ''}`,
        env: 'prod',
        pod: `pod-${i}`,
        service: `svc-${i}`,
        severity: i % 3 ? 'warning' : 'critical',
        team: 'ml-platform',
      },
      annotations: { description: 'Check the runbook and the latest deploy.', summary: `${name} on svc-${i}` },
      state: 'firing',
      activeAt: goTime(now - (i % 3600) * 1000, i),
      value: goExponent(value()),
    });
  }
  return JSON.stringify({ status: 'success', data: { alerts } });
}

/** Go's RFC 3339 with nanoseconds, trailing zeros trimmed, as Prometheus writes activeAt. */
function goTime(ms: number, salt: number): string {
  const nanos = String(((ms % 1000) * 1_000_000 + ((salt * 7919) % 1_000_000)) % 1e9)
    .padStart(9, '0')
    .replace(/0+$/, '');
  return `${new Date(ms).toISOString().slice(0, 19)}${nanos ? `.${nanos}` : ''}Z`;
}

/** The severity matrix Vigil ships. */
export function bundledClassification(): ClassificationConfig {
  const r = parseClassificationConfig(readFileSync('resources/classification.yaml', 'utf8'));
  if (!r.ok) throw new Error('resources/classification.yaml is invalid');
  return r.config;
}
