import { z } from 'zod';
import { labelFingerprint } from '../../shared/incidents/groupKey';
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
  const alerts = reply.data.alerts;
  const out: Signal[] = [];
  for (let i = 0; i < alerts.length; i++) {
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

/**
 * Raw activeAt text -> ISO time. An alert reports the same activeAt every poll, so the answers
 * are kept (a storm poll would otherwise parse and format 20,000 dates); the cache is emptied
 * when it grows past MAX_TIMES, which bounds it whatever the alerts do.
 */
const times = new Map<string, string | null>();
const MAX_TIMES = 50_000;

function normaliseTime(t: string | undefined): string | null {
  if (!t) return null;
  const known = times.get(t);
  if (known !== undefined) return known;
  const ms = Date.parse(t);
  // Prometheus reports 0001-01-01T00:00:00Z for "never"; treat it as unknown.
  const iso = Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : null;
  if (times.size >= MAX_TIMES) times.clear();
  times.set(t, iso);
  return iso;
}
