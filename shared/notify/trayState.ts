import type { SeverityPolicy } from '../classify/classificationConfig';
import { formatDuration } from '../classify/duration';
import type { Incident } from '../domain/incident';
import { SEVERITIES, severityRank, type Severity } from '../domain/severity';
import { soonestDeadline, type SlaClockKind } from '../incidents/slaClocks';
import { formatCount } from '../domain/formatCount';

export interface TrayState {
  /** Most severe open (not resolved) incident's severity, or null when all is quiet. */
  top: Severity | null;
  unacknowledged: number;
  /** The running SLA clock due soonest, across all open incidents. */
  nearest: { incidentId: string; title: string; kind: SlaClockKind; msLeft: number; text: string } | null;
  /** Unacknowledged incidents, most severe first, for quick-ack menu items. */
  toAcknowledge: { id: string; label: string }[];
  tooltip: string;
}

/** Unacknowledged incidents offered in the tray's menu. */
const TO_ACKNOWLEDGE = 5;

/**
 * What the tray shows: top severity, unacknowledged count, nearest SLA deadline. One pass, no
 * sort and no text per incident: the tray refreshes on every change, in Electron's main process,
 * and a storm holds 20,000 open incidents (sorting them and making their clocks' texts took
 * ~70 ms a refresh there).
 */
export function trayState(
  incidents: Iterable<Incident>,
  policies: Partial<Record<Severity, SeverityPolicy>>,
  now: number,
): TrayState {
  let topRank: number = SEVERITIES.length;
  let unacknowledged = 0;
  // The most urgent unacknowledged incidents so far, most urgent first.
  const first: Incident[] = [];
  let soonest: { incident: Incident; kind: SlaClockKind; msLeft: number } | null = null;
  for (const inc of incidents) {
    // A silenced incident waits on its silence: it is neither the top severity nor a clock to watch.
    if (inc.state === 'resolved' || inc.state === 'silenced') continue;
    topRank = Math.min(topRank, severityRank(inc.severity));
    if (inc.state === 'open') {
      unacknowledged++;
      keepMostUrgent(first, inc);
    }
    const policy = policies[inc.severity];
    if (!policy) continue;
    const d = soonestDeadline(inc, policy);
    if (d && (!soonest || d.dueMs - now < soonest.msLeft))
      soonest = { incident: inc, kind: d.kind, msLeft: d.dueMs - now };
  }
  const top: Severity | null = topRank < SEVERITIES.length ? SEVERITIES[topRank]! : null;
  let nearest: TrayState['nearest'] = null;
  if (soonest) {
    const { incident, kind, msLeft } = soonest;
    const text =
      msLeft >= 0
        ? `${kind} ${incident.title} in ${formatDuration(msLeft)}`
        : `${kind} ${incident.title} overdue ${formatDuration(-msLeft)}`;
    nearest = { incidentId: incident.id, title: incident.title, kind, msLeft, text };
  }
  const tooltip = !top
    ? 'Vigil: no open incidents'
    : [`Vigil: ${formatCount(unacknowledged)} unacknowledged, top ${top}`, nearest ? `next: ${nearest.text}` : null]
        .filter(Boolean)
        .join('\n');
  return {
    top,
    unacknowledged,
    nearest,
    toAcknowledge: first.map((i) => ({ id: i.id, label: `${i.severity} ${i.title}` })),
    tooltip,
  };
}

/** Most severe first, then the longest running (ISO times compare as text). */
function moreUrgent(a: Incident, b: Incident): boolean {
  const ra = severityRank(a.severity);
  const rb = severityRank(b.severity);
  return ra !== rb ? ra < rb : a.startedAt < b.startedAt;
}

/** Inserts `inc` into `first` if it is among the TO_ACKNOWLEDGE most urgent (ties keep the earlier). */
function keepMostUrgent(first: Incident[], inc: Incident): void {
  if (first.length === TO_ACKNOWLEDGE && !moreUrgent(inc, first[TO_ACKNOWLEDGE - 1]!)) return;
  let i = Math.min(first.length, TO_ACKNOWLEDGE - 1);
  while (i > 0 && moreUrgent(inc, first[i - 1]!)) i--;
  first.splice(i, 0, inc);
  if (first.length > TO_ACKNOWLEDGE) first.pop();
}
