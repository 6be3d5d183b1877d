import type { Incident, IncidentPhase, IncidentState } from '../domain/incident';
import type { TimelineEvent, TimelineEventKind, TimelineSource } from '../domain/timeline';

/** The coarse state the list sorts by, from the lifecycle phase. */
export function stateOfPhase(phase: IncidentPhase): IncidentState {
  switch (phase) {
    case 'detected':
    case 'notified':
      return 'open';
    case 'acknowledged':
    case 'mitigated':
      return 'acknowledged';
    case 'resolved':
      return 'resolved';
  }
}

/** The coarse state of a phase, with a silence over it: a silenced incident is neither open nor resolved. */
export function stateOf(phase: IncidentPhase, silence: Incident['silence']): IncidentState {
  return silence && phase !== 'resolved' ? 'silenced' : stateOfPhase(phase);
}

/** The phase of an incident, also for ones stored before phases existed. */
export function phaseOf(incident: Incident): IncidentPhase {
  if (incident.phase) return incident.phase;
  if (incident.state === 'resolved') return 'resolved';
  if (incident.mitigatedAt) return 'mitigated';
  if (incident.state === 'acknowledged') return 'acknowledged';
  return incident.notifiedAt ? 'notified' : 'detected';
}

export function isUnacknowledged(phase: IncidentPhase): boolean {
  return phase === 'detected' || phase === 'notified';
}

/** An event before it has an id: ids need the incident's final revision of the step. */
export interface EventDraft {
  kind: TimelineEventKind;
  text: string;
  source: TimelineSource;
  actor: string;
  data: Record<string, unknown>;
}

export function draft(
  kind: TimelineEventKind,
  text: string,
  data: Record<string, unknown> = {},
  source: TimelineSource = 'vigil',
  actor = 'vigil',
): EventDraft {
  return { kind, text, source, actor, data };
}

/** Ids are `${incidentId}#${revision}.${n}`: unique per incident change, the same on replay. */
export function stampEvents(incident: Incident, at: string, drafts: readonly EventDraft[]): TimelineEvent[] {
  return drafts.map((d, n) => ({
    id: `${incident.id}#${incident.revision ?? 0}.${n}`,
    incidentId: incident.id,
    at,
    ...d,
  }));
}

/** "22:41 UTC", as notifications and post-mortems quote times. */
export function clockText(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 16)} UTC`;
}
