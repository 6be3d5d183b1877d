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
  const { startMs, deadlines } = slaDeadlines(incident, policy);
  return {
    severity: incident.severity,
    startedAt: new Date(startMs).toISOString(),
    clocks: deadlines.map((d) => ({
      kind: d.kind,
      dueAt: new Date(d.dueMs).toISOString(),
      metAt: d.metAt,
      msLeft: d.metMs === null ? d.dueMs - now : null,
      breached: (d.metMs ?? now) > d.dueMs,
    })),
  };
}

/** One clock of slaClocks in milliseconds, before any ISO text is made. */
export interface SlaDeadline {
  kind: SlaClockKind;
  dueMs: number;
  metAt: string | null;
  /** metAt in ms, or null while the clock runs. */
  metMs: number | null;
}

/**
 * slaClocks' decision in numbers: when each clock started, is due and was met. For callers that
 * look at every open incident, such as the tray, which at 20,000 incidents could not afford the
 * five ISO texts per incident slaClocks makes.
 */
export function slaDeadlines(
  incident: Incident,
  policy: SeverityPolicy,
): { startMs: number; deadlines: SlaDeadline[] } {
  const startMs = clockStart(incident);
  const resolvedAt = incident.state === 'resolved' ? (incident.resolvedAt ?? null) : null;
  const deadlines: SlaDeadline[] = [];
  addDeadline(deadlines, 'ack', policy.ack, startMs, incident.acknowledgedAt ?? resolvedAt);
  const lastUpdate = incident.lastUpdateAt ? Math.max(startMs, Date.parse(incident.lastUpdateAt)) : startMs;
  addDeadline(deadlines, 'update', policy.update, lastUpdate, resolvedAt);
  addDeadline(deadlines, 'mitigate', policy.mitigate, startMs, incident.mitigatedAt ?? resolvedAt);
  addDeadline(deadlines, 'resolve', policy.resolve, startMs, resolvedAt);
  return { startMs, deadlines };
}

/** The incident's running clock (not met yet) that is due first, or null: the tray's and the top bar's "next". */
export function soonestDeadline(incident: Incident, policy: SeverityPolicy): SlaDeadline | null {
  let soonest: SlaDeadline | null = null;
  for (const d of slaDeadlines(incident, policy).deadlines) {
    if (d.metMs === null && (soonest === null || d.dueMs < soonest.dueMs)) soonest = d;
  }
  return soonest;
}

/** The clock of `kind` when the policy sets it (a duration that does not parse sets none). */
function addDeadline(
  to: SlaDeadline[],
  kind: SlaClockKind,
  duration: string | undefined,
  fromMs: number,
  metAt: string | null,
): void {
  const ms = duration === undefined ? null : parseDuration(duration);
  if (ms === null) return;
  to.push({ kind, dueMs: fromMs + ms, metAt, metMs: metAt === null ? null : Date.parse(metAt) });
}

/** When the incident's SLA clocks start: when it first reached its severity or a more severe one. */
export function clockStart(incident: Incident): number {
  let start = Infinity;
  const reached = incident.severityReachedAt ?? {};
  for (const s of SEVERITIES) {
    if (severityRank(s) > severityRank(incident.severity)) break;
    const at = reached[s];
    if (at) start = Math.min(start, Date.parse(at));
  }
  return Number.isFinite(start) ? start : Date.parse(incident.detectedAt);
}
