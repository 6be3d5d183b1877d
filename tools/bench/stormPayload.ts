// The in-process bench's inputs, shared by bench.ts and the soak's own process (benchSoak.ts).
import { readFileSync } from 'node:fs';
import { parseClassificationConfig, type ClassificationConfig } from '../../shared/classify/classificationConfig';

/**
 * A storm of distinct incidents: one service per alert (so n alerts open n incidents, the worst
 * case for grouping, diff and persistence), over 25 alert families.
 */
export function stormPayload(n: number): string {
  const families = [
    ['FraudModelHighErrorRate', () => (0.02 + Math.random() * 0.08).toFixed(4)],
    ['ModelHighLatency', () => (0.3 + Math.random() * 1.5).toFixed(3)],
    ['PredictionDriftHigh', () => (0.05 + Math.random() * 0.7).toFixed(3)],
    ['ModelAccuracyDrop', () => (Math.random() * 0.2).toFixed(3)],
    ['GPUOOMRisk', () => String(Math.round(Math.random() * 4000))],
  ] as const;
  const alerts = [];
  for (let i = 0; i < n; i++) {
    const [name, value] = families[i % families.length]!;
    alerts.push({
      labels: {
        alertname: `${name}${i % 25 >= 5 ? `V${i % 25}` : ''}`,
        service: `svc-${i}`,
        pod: `pod-${i}`,
        team: 'ml-platform',
        severity: i % 3 ? 'warning' : 'critical',
        env: 'prod',
      },
      annotations: { summary: `${name} on svc-${i}`, description: 'Check the runbook and the latest deploy.' },
      state: 'firing',
      activeAt: new Date(Date.now() - (i % 3600) * 1000).toISOString(),
      value: value(),
    });
  }
  return JSON.stringify({ status: 'success', data: { alerts } });
}

/** The severity matrix Vigil ships. */
export function bundledClassification(): ClassificationConfig {
  const r = parseClassificationConfig(readFileSync('resources/classification.yaml', 'utf8'));
  if (!r.ok) throw new Error('resources/classification.yaml is invalid');
  return r.config;
}
