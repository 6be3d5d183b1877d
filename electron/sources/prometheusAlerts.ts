import { z } from 'zod';
import { labelFingerprint } from '../../shared/incidents/groupKey';
import type { Signal } from '../../shared/domain/signal';
import { normaliseTime } from './normaliseTime';
import { ITEMS_PER_PAUSE, runAtOnce } from './yieldToLoop';

/** Shape of GET /api/v1/alerts (Prometheus HTTP API v1). */
export const PrometheusAlertsReply = z.object({
  status: z.literal('success'),
  data: z.object({
    alerts: z.array(
      z.object({
        labels: z.record(z.string(), z.string()),
        annotations: z.record(z.string(), z.string()).default({}),
        state: z.enum(['firing', 'pending', 'inactive']),
        activeAt: z.string().optional(),
        value: z.string().optional(),
      }),
    ),
  }),
});

export type PrometheusAlertsData = z.infer<typeof PrometheusAlertsReply>;

export function toSignals(sourceId: string, reply: PrometheusAlertsData): Signal[] {
  return runAtOnce(toSignalsInSlices(sourceId, reply));
}

/** toSignals pausing every ITEMS_PER_PAUSE alerts, for runInSlices (a storm's 20,000). */
export function* toSignalsInSlices(sourceId: string, reply: PrometheusAlertsData): Generator<void, Signal[], void> {
  const alerts = reply.data.alerts;
  const out: Signal[] = [];
  for (let i = 0; i < alerts.length; i++) {
    if (i % ITEMS_PER_PAUSE === ITEMS_PER_PAUSE - 1) yield;
    const a = alerts[i]!;
    if (a.state === 'inactive') continue;
    const fingerprint = labelFingerprint(a.labels);
    const value = a.value === undefined ? NaN : Number(a.value);
    out.push({
      id: `${sourceId}/${fingerprint}`,
      sourceId,
      sourceKind: 'prometheus',
      fingerprint,
      name: a.labels.alertname ?? 'unnamed alert',
      labels: a.labels,
      annotations: a.annotations,
      state: a.state === 'firing' ? 'firing' : 'pending',
      activeAt: normaliseTime(a.activeAt),
      value: Number.isFinite(value) ? value : null,
      generatorURL: null,
      stale: false,
    });
  }
  return out;
}

/** Prometheus identifies an alert by its label set (64-bit hash, label order never matters). */
export { labelFingerprint };
