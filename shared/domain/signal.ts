import { z } from 'zod';

export const SourceKind = z.enum(['prometheus', 'alertmanager', 'pagerduty', 'demo']);
export type SourceKind = z.infer<typeof SourceKind>;

export const SignalState = z.enum(['firing', 'pending', 'resolved']);
export type SignalState = z.infer<typeof SignalState>;

/**
 * Why Alertmanager holds an alert's notifications back. `silence`: one or more silences match it
 * (`until` is when the first of them ends, null when their end could not be read); `inhibition`:
 * an inhibition rule mutes it because a related alert fires.
 */
export const Suppression = z.object({
  kind: z.enum(['silence', 'inhibition']),
  until: z.string().nullable(),
  /** The silences' authors and comments, as Alertmanager reports them (untrusted text). */
  by: z.string().nullable(),
  comment: z.string().nullable(),
  /** Silence ids, or the fingerprints of the inhibiting alerts. */
  ids: z.array(z.string()),
});
export type Suppression = z.infer<typeof Suppression>;

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
  /**
   * Cross-source link (optional; absent = none). Signals with the same dedup key are one problem and
   * land in one incident whatever their labels say. PagerDuty signals carry the incident's
   * `incident_key` (the Events API dedup_key); a Prometheus or Alertmanager source may fill it from
   * a `dedup_key` label or annotation when the team sends alerts to PagerDuty with that key.
   * Without it, a PagerDuty signal still joins when the source maps alertname and service into labels.
   */
  dedupKey: z.string().nullable().optional(),
  /**
   * The alerting rule's PromQL expression (optional; absent = not known). Prometheus sources take
   * it from /api/v1/rules, Alertmanager from the alert's generatorURL. The classifier reads the
   * value's kind and the rule's own threshold from it (shared/classify/readExpression.ts).
   */
  expr: z.string().nullable().optional(),
  /** Where `expr` came from, or why it is missing ("the rule list could not be fetched: ..."). */
  exprNote: z.string().nullable().optional(),
  /**
   * Set when Alertmanager reports the alert as suppressed (optional; absent/null = not). The alert
   * still fires: the incident is silenced, never resolved, by it.
   */
  suppressed: Suppression.nullable().optional(),
});
export type Signal = z.infer<typeof Signal>;
