import { z } from 'zod';
import type { Incident } from '../domain/incident';
import type { TimelineEvent } from '../domain/timeline';
import { buildTimeline, type TimelineEntry, type TimelineView } from '../timeline/buildTimeline';
import { incidentMetrics, type IncidentMetrics } from '../timeline/incidentMetrics';
import { targetClassOf, type TargetClass } from '../timeline/responseTargets';
import type { TimelineAnnotation } from '../timeline/timelineAnnotation';

/** The times of an incident that place it in history (an evicted incident's index entry has them too). */
export type IncidentTimes = Pick<Incident, 'state' | 'detectedAt' | 'updatedAt' | 'resolvedAt'>;

/**
 * Whether an incident can matter for [from, to): detected before its end and not finished before
 * its start (a refire or a note inside the period belongs to an incident detected earlier).
 */
export function touchesPeriod(incident: IncidentTimes, period: { from: number; to: number }): boolean {
  if (Date.parse(incident.detectedAt) >= period.to) return false;
  const lastTouched = Math.max(Date.parse(incident.updatedAt), Date.parse(incident.resolvedAt ?? '') || 0);
  return !(incident.state === 'resolved' && lastTouched < period.from);
}

/** One incident as the local history holds it. */
export interface IncidentRecord {
  incident: Incident;
  events: readonly TimelineEvent[];
  annotations?: readonly TimelineAnnotation[];
}

/**
 * One desktop notification that went out (the notifier logs each; muted ones are not sent and
 * not logged). A storm summary is one notification naming several incidents.
 */
export const NotificationRecord = z.object({
  at: z.iso.datetime({ offset: true }),
  incidentIds: z.array(z.string()).min(1),
  kind: z.enum(['incident', 'reminder', 'summary']),
  /** Sent as a page (sound, critical urgency) rather than a quiet notification. */
  page: z.boolean(),
});
export type NotificationRecord = z.infer<typeof NotificationRecord>;

/**
 * What became of an incident, for the fatigue report. Actionable = a person acknowledged it and
 * then did something: a runbook step, a note, a status update, a mitigation, a resolution, a
 * silence. Untouched = nobody did anything (it resolved by itself, or is still open).
 */
export type IncidentOutcome =
  'actionable' | 'acknowledged-only' | 'touched-without-ack' | 'auto-resolved-untouched' | 'open-untouched';

export interface AnalysedIncident {
  incident: Incident;
  view: TimelineView;
  metrics: IncidentMetrics;
  /** The alert family: the alertname it was grouped by. */
  alertname: string;
  service: string;
  targetClass: TargetClass;
  outcome: IncidentOutcome;
  detectedMs: number;
}

const NO_SERVICE = '(no service label)';

/** The timeline, metrics and outcome of one record: what every report starts from. */
export function analyseIncident(record: IncidentRecord): AnalysedIncident {
  const { incident } = record;
  const view = buildTimeline(incident, record.events, record.annotations ?? []);
  const first = incident.signals[0];
  return {
    incident,
    view,
    metrics: incidentMetrics(view.milestones),
    alertname: incident.groupLabels?.alertname ?? first?.labels.alertname ?? first?.name ?? incident.title,
    service:
      incident.groupLabels?.service ??
      incident.groupLabels?.model ??
      first?.labels.service ??
      first?.labels.model ??
      NO_SERVICE,
    targetClass: targetClassOf(incident),
    outcome: outcomeOf(incident, view),
    detectedMs: Date.parse(incident.detectedAt),
  };
}

/** Something a person did on the incident after (or as) acknowledging it. */
export function isFollowUp(e: TimelineEntry): boolean {
  if (e.origin === 'note') return true;
  // Vigil's own entries (a timebox that ran out) are nobody's follow-up.
  if (e.actor === 'vigil') return false;
  if (e.kind.startsWith('runbook-')) return true;
  return ['update-posted', 'mitigated', 'resolved', 'silenced', 'declared', 'note'].includes(e.kind);
}

function isHuman(e: TimelineEntry): boolean {
  return isFollowUp(e) || (e.source === 'user' && e.actor !== 'vigil');
}

function outcomeOf(incident: Incident, view: TimelineView): IncidentOutcome {
  const ack = view.milestones.acknowledged;
  if (ack) {
    const ackMs = Date.parse(ack.at);
    const followed = view.entries.some((e) => e.id !== ack.entryId && isFollowUp(e) && Date.parse(e.at) >= ackMs);
    return followed ? 'actionable' : 'acknowledged-only';
  }
  if (view.entries.some(isHuman)) return 'touched-without-ack';
  return incident.state === 'resolved' ? 'auto-resolved-untouched' : 'open-untouched';
}
