import { z } from 'zod';
import { Severity } from './severity';
import { Signal, SourceKind, Suppression } from './signal';

export const Classification = z.object({
  severity: Severity,
  /** Id of the rule that decided, or `fallback:<label>` / `default` / `escalation`. */
  ruleId: z.string(),
  /** One line a person reads at a glance: "error ratio 7.2% > 5% of requests: P0". */
  reason: z.string(),
  /**
   * Why the nearest stricter rule did not apply: "not P0: error ratio 3.1% is not > 5%".
   * Null when nothing stricter matches the alert's labels (or it is already P0); absent from
   * classifications made before explanations existed.
   */
  whyNotHigher: z.string().nullable().optional(),
});
export type Classification = z.infer<typeof Classification>;

/** Severity set by a person ("escalate by hand"), with who, when and why. */
export const ManualSeverity = z.object({ severity: Severity, by: z.string(), at: z.string(), reason: z.string() });
export type ManualSeverity = z.infer<typeof ManualSeverity>;

export const Declaration = z.object({
  declared: z.boolean(),
  by: z.string(),
  at: z.string(),
  reason: z.string().nullable(),
});
export type Declaration = z.infer<typeof Declaration>;

/**
 * The coarse state lists are sorted and filtered by; `phase` carries the full lifecycle.
 * `silenced`: every alert of it still fires but Alertmanager holds it back (see `silence`); it
 * notifies nobody, and returns to open or acknowledged when the silence ends.
 */
export const IncidentState = z.enum(['open', 'acknowledged', 'silenced', 'resolved']);
export type IncidentState = z.infer<typeof IncidentState>;

/**
 * detected -> notified -> acknowledged -> mitigated -> resolved. `state` is derived from it:
 * detected/notified = open, acknowledged/mitigated = acknowledged, resolved = resolved.
 */
export const IncidentPhase = z.enum(['detected', 'notified', 'acknowledged', 'mitigated', 'resolved']);
export type IncidentPhase = z.infer<typeof IncidentPhase>;

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

  // Added by the incident engine (issue 4). Optional so incidents built before it still parse;
  // the engine always fills them.
  phase: IncidentPhase.optional(),
  acknowledgedAt: z.string().nullable().optional(),
  acknowledgedBy: z.string().nullable().optional(),
  mitigatedAt: z.string().nullable().optional(),
  /** `vigil` when every alert cleared, else the person who resolved it. */
  resolvedBy: z.string().nullable().optional(),
  /** Last status update posted; the update SLA clock runs from it. */
  lastUpdateAt: z.string().nullable().optional(),
  /** The severity the rules give now, before progressive escalation. */
  ruleSeverity: Severity.optional(),
  /** The highest severity progressive escalation has raised it to (sticky), or null. */
  escalatedTo: Severity.nullable().optional(),
  /** When the incident first reached each severity; SLA clocks start from these. */
  severityReachedAt: z.partialRecord(Severity, z.string()).optional(),
  /** Most severe level a notification went out for, so only a rise notifies again. */
  notifiedSeverity: Severity.nullable().optional(),
  /** Id of the more severe incident on the same service that mutes this one's notifications. */
  inhibitedBy: z.string().nullable().optional(),
  /** Set while a notification is held back by the cooldown of an earlier page for the same key. */
  cooldownUntil: z.string().nullable().optional(),
  /** How many times it resolved and fired again within the flap window. */
  flapCount: z.number().int().nonnegative().optional(),
  /** Distinct alerts: the same label set seen by Prometheus and Alertmanager counts once. */
  alertCount: z.number().int().nonnegative().optional(),
  /** Dedup keys of its signals (PagerDuty incident keys and the like), sorted. */
  dedupKeys: z.array(z.string()).optional(),
  /** The labels the group key was built from, e.g. { alertname, service }. */
  groupLabels: z.record(z.string(), z.string()).optional(),
  /** Bumped on every change; timeline event ids are built from it. */
  revision: z.number().int().nonnegative().optional(),

  // Added by the incident workspace (issue 6): a person's judgment, kept by every engine step.
  /** Raised by hand with a reason; the engine never lowers an incident below it. Null = none. */
  manualSeverity: ManualSeverity.nullable().optional(),
  /**
   * A person's call on a judgment severity (P2/P3): declared an incident, or decided it is not one.
   * Null/absent = no call made (P0/P1 are declared automatically by the matrix).
   */
  declaration: Declaration.nullable().optional(),

  // Added with the silenced state (issue 16).
  /**
   * Set while every alert of it is suppressed in Alertmanager: `until` is when the first silence
   * ends (null for an inhibition or an unknown end). Null/absent = not silenced.
   */
  silence: Suppression.nullable().optional(),
});
export type Incident = z.infer<typeof Incident>;
