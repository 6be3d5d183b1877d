import { z } from 'zod';

/**
 * What the incident detail shows as evidence and what is kept beside the incident for the
 * post-mortem: the alert's value against its threshold, and its series over the last hour.
 */

/** [epoch ms, value]; only finite values are kept (NaN and infinities do not draw). */
export const SeriesPoint = z.tuple([z.number(), z.number()]);
export type SeriesPoint = z.infer<typeof SeriesPoint>;

export const CaptureTrigger = z.enum([
  /** At fire time, by the service, as the incident opened. */
  'fired',
  /** When the incident was first opened without an earlier capture (a storm, a restart). */
  'opened',
  /** A person asked for a fresh one. */
  'refresh',
]);
export type CaptureTrigger = z.infer<typeof CaptureTrigger>;

export const SeriesCapture = z.object({
  capturedAt: z.string(),
  trigger: CaptureTrigger,
  origin: z.enum(['prometheus', 'demo']),
  /** The signal whose expression was plotted. */
  signalId: z.string(),
  /** Where it was read: the Prometheus source's name, or "Demo". */
  sourceName: z.string(),
  /** The alert's expression as Prometheus has it, when known. */
  expr: z.string().nullable(),
  /** Where `expr` came from: Prometheus's rule list, the alert's generatorURL, or the demo scenario. */
  exprFrom: z.enum(['rules-api', 'generator-url', 'demo']).nullable(),
  /** What was plotted: `expr` without its final comparison, or a description for the demo. */
  plotted: z.string().nullable(),
  from: z.string(),
  to: z.string(),
  stepSeconds: z.number(),
  seriesLabels: z.record(z.string(), z.string()),
  points: z.array(SeriesPoint).max(5000),
  /** Why there are no points, in words (Prometheus down, no expression...). Null when there are. */
  problem: z.string().nullable(),
  /**
   * The only expression known is the one the alert chose (its generatorURL), not a rule Prometheus
   * lists: it was not run with the source's credentials; it runs when the person asks.
   */
  awaitsClick: z.boolean().optional(),
});
export type SeriesCapture = z.infer<typeof SeriesCapture>;

/** `incidents/<id>/evidence.json`. */
export const StoredEvidence = z.object({
  version: z.literal(1),
  incidentId: z.string(),
  /** The first capture (normally at fire time), then the latest one if any was taken since. */
  captures: z.array(SeriesCapture).max(2),
});
export type StoredEvidence = z.infer<typeof StoredEvidence>;

export const EvidenceThreshold = z.object({
  op: z.enum(['>', '>=', '<', '<=', '==', '!=']),
  value: z.number(),
  text: z.string(),
  from: z.enum(['rule', 'expression']),
  ruleId: z.string().nullable(),
});

export const IncidentEvidence = z.object({
  incidentId: z.string(),
  signalId: z.string().nullable(),
  value: z.number().nullable(),
  valueText: z.string().nullable(),
  unit: z.enum(['percent', 'seconds', 'number']),
  threshold: EvidenceThreshold.nullable(),
  /** The capture kept for the post-mortem (at fire time when Vigil saw the incident open). */
  first: SeriesCapture.nullable(),
  /** A later capture, when one was taken. */
  latest: SeriesCapture.nullable(),
  /** Problems reading or keeping the evidence, in words. */
  problems: z.array(z.string()),
});
export type IncidentEvidence = z.infer<typeof IncidentEvidence>;
