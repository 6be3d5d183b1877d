import type { SeverityPolicy } from '../classify/classificationConfig';
import { parseDuration } from '../classify/duration';
import type { Incident } from '../domain/incident';
import { SEVERITIES, severityRank, type Severity } from '../domain/severity';

export type SlaClockKind = 'ack' | 'update' | 'mitigate' | 'resolve';

export interface SlaClock {
  kind: SlaClockKind;
  /** When it is due, ISO 8601. */
  dueAt: string;
  /** When it was met, or null while it runs. */
  metAt: string | null;
  /** Time left (negative when overdue) while it runs; null once met. */
  msLeft: number | null;
  /** Met late, or still running past due. Exactly at the deadline is not late. */
  breached: boolean;
}

export interface SlaClocks {
  severity: Severity;
  /** When the clocks started: when the incident first reached this severity or a more severe one. */
  startedAt: string;
  /** Only the clocks the severity's policy defines, in the order ack, update, mitigate, resolve. */
  clocks: SlaClock[];
}

/**
 * The response SLAs of an incident at its current severity (seed 000: P0 ack 5 min, update
 * 15 min, mitigate 60 min...). Pure: (incident, policy, now). The clocks start when the incident
 * first reached its severity or a more severe one, so an escalated P3 is not born late as a P1,
 * and a P0 that settles to P1 keeps the time it already had. Ack is met by an acknowledgement
 * (or the incident resolving first); the update clock runs from the last update posted (or the
 * start) and stops at resolution; mitigate is met by mitigation or resolution; resolve by resolution.
 */
export function slaClocks(incident: Incident, policy: SeverityPolicy, now: number): SlaClocks {
  const startMs = clockStart(incident);
  const resolvedAt = incident.state === 'resolved' ? (incident.resolvedAt ?? null) : null;
  const clocks: SlaClock[] = [];
  const add = (kind: SlaClockKind, duration: string | undefined, fromMs: number, metAt: string | null) => {
    const ms = duration === undefined ? null : parseDuration(duration);
    if (ms === null) return;
    const due = fromMs + ms;
    const metMs = metAt === null ? null : Date.parse(metAt);
    clocks.push({
      kind,
      dueAt: new Date(due).toISOString(),
      metAt,
      msLeft: metMs === null ? due - now : null,
      breached: (metMs ?? now) > due,
    });
  };
  add('ack', policy.ack, startMs, incident.acknowledgedAt ?? resolvedAt);
  const lastUpdate = incident.lastUpdateAt ? Math.max(startMs, Date.parse(incident.lastUpdateAt)) : startMs;
  add('update', policy.update, lastUpdate, resolvedAt);
  add('mitigate', policy.mitigate, startMs, incident.mitigatedAt ?? resolvedAt);
  add('resolve', policy.resolve, startMs, resolvedAt);
  return { severity: incident.severity, startedAt: new Date(startMs).toISOString(), clocks };
}

function clockStart(incident: Incident): number {
  let start = Infinity;
  const reached = incident.severityReachedAt ?? {};
  for (const s of SEVERITIES) {
    if (severityRank(s) > severityRank(incident.severity)) break;
    const at = reached[s];
    if (at) start = Math.min(start, Date.parse(at));
  }
  return Number.isFinite(start) ? start : Date.parse(incident.detectedAt);
}
