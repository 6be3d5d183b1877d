import { z } from 'zod';
import { SourceKind } from './signal';

/**
 * What happened to an incident, one fact per event. The engine and the user actions return
 * these; the timeline issue stores them (append-only) and shows them.
 */
export const TimelineEventKind = z.enum([
  /** A new incident opened. */
  'fired',
  /** A resolved incident fired again within the flap window and was reopened. */
  'refired',
  'resolved',
  /** The rules gave a different severity (values moved). */
  'severity-changed',
  /** Unacknowledged for too long: progressive escalation raised the severity. */
  'escalated',
  /** Another source (Alertmanager, PagerDuty...) now reports the same problem. */
  'source-merged',
  /** The number of distinct alerts in the incident changed. */
  'alerts-changed',
  'notified',
  /** A notification was held back by the cooldown after an earlier page for the same key. */
  'notification-suppressed',
  /** Notifications muted by a more severe open incident on the same service. */
  'inhibited',
  'uninhibited',
  /** Every signal comes from a source that stopped answering. */
  'stale',
  'fresh',
  'acknowledged',
  'mitigated',
  /** A status update was posted (resets the update SLA clock). */
  'update-posted',
  // Added for the timeline and post-mortem (issue 8). The engine does not emit these yet; the
  // service stores them from other producers (runbook walkthrough, PagerDuty, user actions).
  /** When the problem began (Prometheus activeAt); the timeline derives it when no event says so. */
  'first-symptom',
  /** Someone (or an auto-declare policy) declared it an incident. */
  'declared',
  /** A person's note. */
  'note',
  'silenced',
  'unsilenced',
  /** A person decided a judgment-call incident (P2/P3) is not an incident after all. */
  'undeclared',
  /**
   * A call Vigil made elsewhere for the user failed (PagerDuty ack, Alertmanager silence); what the
   * user did locally stands, and the text says what failed and why.
   */
  'remote-action-failed',
  /** An entry of the PagerDuty incident's log (escalations, notes, reassignments made there). */
  'pagerduty-log-entry',
  // The runbook walkthrough's events (shared/runbooks/runbookEvent.ts), one kind each.
  'runbook-started',
  'runbook-item-checked',
  'runbook-item-unchecked',
  'runbook-query',
  'runbook-branch',
  'runbook-step-done',
  'runbook-step-skipped',
  'runbook-step-opened',
  'runbook-step-overran',
  'runbook-overran',
  'runbook-finished',
]);
export type TimelineEventKind = z.infer<typeof TimelineEventKind>;

/** Who or what the event came from: Vigil's engine, a person, or the source that reported it. */
export const TimelineSource = z.union([z.enum(['vigil', 'user']), SourceKind]);
export type TimelineSource = z.infer<typeof TimelineSource>;

export const TimelineEvent = z.object({
  /** Unique: `${incidentId}#${revision}.${n}`, so replaying a step gives the same ids. */
  id: z.string(),
  incidentId: z.string(),
  /** ISO 8601, when Vigil observed or the user made the change. */
  at: z.string(),
  kind: TimelineEventKind,
  /** One line a person reads: "severity P1 -> P0: error ratio 7.2% > 5% of requests". */
  text: z.string(),
  source: TimelineSource,
  /** `vigil` for automatic events, the person's name for actions. */
  actor: z.string(),
  /** Machine-readable details (from/to severities, rule ids, counts); JSON-safe values only. */
  data: z.record(z.string(), z.unknown()),
});
export type TimelineEvent = z.infer<typeof TimelineEvent>;
