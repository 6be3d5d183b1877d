import { z } from 'zod';
import { hashKey } from '../../shared/incidents/groupKey';
import type { Signal } from '../../shared/domain/signal';

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
  return reply.data.alerts
    .filter((a) => a.state !== 'inactive')
    .map((a) => {
      const fingerprint = labelFingerprint(a.labels);
      const value = a.value === undefined ? NaN : Number(a.value);
      return {
        id: `${sourceId}/${fingerprint}`,
        sourceId,
        sourceKind: 'prometheus' as const,
        fingerprint,
        name: a.labels.alertname ?? 'unnamed alert',
        labels: a.labels,
        annotations: a.annotations,
        state: a.state === 'firing' ? ('firing' as const) : ('pending' as const),
        activeAt: normaliseTime(a.activeAt),
        value: Number.isFinite(value) ? value : null,
        generatorURL: null,
        stale: false,
      };
    });
}

/** Prometheus identifies an alert by its label set; sort so label order never matters. */
export function labelFingerprint(labels: Record<string, string>): string {
  const canonical = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join('\u0000');
  return hashKey(canonical);
}

function normaliseTime(t: string | undefined): string | null {
  if (!t) return null;
  const ms = Date.parse(t);
  // Prometheus reports 0001-01-01T00:00:00Z for "never"; treat it as unknown.
  return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : null;
}
