import { z } from 'zod';
import { Severity } from './severity';
import { Signal, SourceKind } from './signal';

export const Classification = z.object({
  severity: Severity,
  /** Id of the rule that decided, or `fallback:<label>` / `default`. */
  ruleId: z.string(),
  /** One line a person reads at a glance: "error ratio 7.2% > 5% of requests: P0". */
  reason: z.string(),
});
export type Classification = z.infer<typeof Classification>;

export const IncidentState = z.enum(['open', 'acknowledged', 'resolved']);
export type IncidentState = z.infer<typeof IncidentState>;

export const Incident = z.object({
  id: z.string(),
  /** Grouping key: signals with the same key belong to this incident. */
  key: z.string(),
  title: z.string(),
  summary: z.string().nullable(),
  severity: Severity,
  classification: Classification,
  state: IncidentState,
  /** Earliest activeAt of its signals: when the problem began. */
  startedAt: z.string(),
  /** When Vigil first saw it. */
  detectedAt: z.string(),
  updatedAt: z.string(),
  resolvedAt: z.string().nullable(),
  notifiedAt: z.string().nullable(),
  sourceKinds: z.array(SourceKind),
  /** True when every signal of the incident comes from a source that stopped answering. */
  stale: z.boolean(),
  signals: z.array(Signal),
});
export type Incident = z.infer<typeof Incident>;
