import type { SeverityPolicy } from '../../../shared/classify/classificationConfig';
import type { Incident } from '../../../shared/domain/incident';
import type { Severity } from '../../../shared/domain/severity';
import { soonestDeadline, type SlaClockKind } from '../../../shared/incidents/slaClocks';

/** How many incidents of each state and severity are looked at: the list keeps them longest-burning first. */
const PER_GROUP = 20;

export interface NearestDeadline {
  incident: Incident;
  kind: SlaClockKind;
  dueMs: number;
}

/**
 * The running SLA clock that is due first, among incidents still being worked (open or
 * acknowledged). `ordered` is the list's order (state, severity, then oldest first), in which each
 * group's first incidents carry its soonest clocks; looking at the first PER_GROUP of each keeps
 * this to a few hundred incidents however long a storm's list is. Due times are absolute, so the
 * answer only changes with the list, not with the clock.
 */
export function nearestDeadline(
  ordered: readonly Incident[],
  policies: Partial<Record<Severity, SeverityPolicy>>,
): NearestDeadline | null {
  let best: NearestDeadline | null = null;
  let group = '';
  let seen = 0;
  for (const incident of ordered) {
    if (incident.state === 'resolved') break;
    // Waiting on its silence: not what needs someone now (the top bar's counts leave it out too).
    if (incident.state === 'silenced') continue;
    const key = `${incident.state}/${incident.severity}`;
    if (key !== group) {
      group = key;
      seen = 0;
    }
    if (++seen > PER_GROUP) continue;
    const policy = policies[incident.severity];
    if (!policy) continue;
    const d = soonestDeadline(incident, policy);
    if (d && (best === null || d.dueMs < best.dueMs)) best = { incident, kind: d.kind, dueMs: d.dueMs };
  }
  return best;
}
