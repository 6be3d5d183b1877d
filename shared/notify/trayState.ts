import type { SeverityPolicy } from '../classify/classificationConfig';
import { formatDuration } from '../classify/duration';
import type { Incident } from '../domain/incident';
import { SEVERITIES, type Severity } from '../domain/severity';
import { slaClocks, type SlaClockKind } from '../incidents/slaClocks';
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

/** What the tray (and the browser tab) shows: top severity, unacknowledged count, nearest SLA deadline. */
export function trayState(
  incidents: readonly Incident[],
  policies: Partial<Record<Severity, SeverityPolicy>>,
  now: number,
): TrayState {
  // A silenced incident waits on its silence: it is neither the top severity nor a clock to watch.
  const open = incidents.filter((i) => i.state !== 'resolved' && i.state !== 'silenced');
  const top = SEVERITIES.find((s) => open.some((i) => i.severity === s)) ?? null;
  const unacked = open
    .filter((i) => i.state === 'open')
    .sort(
      (a, b) =>
        SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.startedAt.localeCompare(b.startedAt),
    );
  let nearest: TrayState['nearest'] = null;
  for (const inc of open) {
    const policy = policies[inc.severity];
    if (!policy) continue;
    for (const c of slaClocks(inc, policy, now).clocks) {
      if (c.msLeft === null || (nearest && nearest.msLeft <= c.msLeft)) continue;
      const text =
        c.msLeft >= 0
          ? `${c.kind} ${inc.title} in ${formatDuration(c.msLeft)}`
          : `${c.kind} ${inc.title} overdue ${formatDuration(-c.msLeft)}`;
      nearest = { incidentId: inc.id, title: inc.title, kind: c.kind, msLeft: c.msLeft, text };
    }
  }
  const tooltip = !top
    ? 'Vigil: no open incidents'
    : [`Vigil: ${formatCount(unacked.length)} unacknowledged, top ${top}`, nearest ? `next: ${nearest.text}` : null]
        .filter(Boolean)
        .join('\n');
  return {
    top,
    unacknowledged: unacked.length,
    nearest,
    toAcknowledge: unacked.slice(0, 5).map((i) => ({ id: i.id, label: `${i.severity} ${i.title}` })),
    tooltip,
  };
}
