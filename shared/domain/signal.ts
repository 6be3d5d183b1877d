import { z } from 'zod';

export const SourceKind = z.enum(['prometheus', 'alertmanager', 'pagerduty', 'demo']);
export type SourceKind = z.infer<typeof SourceKind>;

export const SignalState = z.enum(['firing', 'pending', 'resolved']);
export type SignalState = z.infer<typeof SignalState>;

/**
 * One alert as seen by one source, normalised. Every source (Prometheus, Alertmanager,
 * PagerDuty, demo) produces this shape, so the engine never sees a source's raw JSON.
 */
export const Signal = z.object({
  /** Unique across sources: `${sourceId}/${fingerprint}`. */
  id: z.string(),
  sourceId: z.string(),
  sourceKind: SourceKind,
  /** Stable identity of the alert within its source (label set hash for Prometheus). */
  fingerprint: z.string(),
  /** alertname for Prometheus and Alertmanager, the incident title for PagerDuty. */
  name: z.string(),
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
  state: SignalState,
  /** When the condition started (Prometheus activeAt), ISO 8601. Used for MTTD. */
  activeAt: z.string().nullable(),
  /** The alert's current sample value, when the source reports one. */
  value: z.number().nullable(),
  generatorURL: z.string().nullable(),
  /** True when the source stopped answering: the signal is the last one seen, kept, not dropped. */
  stale: z.boolean(),
});
export type Signal = z.infer<typeof Signal>;
