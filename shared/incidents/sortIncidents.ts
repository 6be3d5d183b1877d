import type { Incident } from '../domain/incident';
import { severityRank } from '../domain/severity';

const STATE_ORDER = { open: 0, acknowledged: 1, resolved: 2 } as const;

/**
 * The order an on-call engineer reads: open before acknowledged before resolved, then most
 * severe first, then the longest-burning first. Resolved incidents: most recently resolved first.
 */
export function compareIncidents(a: Incident, b: Incident): number {
  return (
    STATE_ORDER[a.state] - STATE_ORDER[b.state] ||
    (a.state === 'resolved' ? (b.resolvedAt ?? '').localeCompare(a.resolvedAt ?? '') : 0) ||
    severityRank(a.severity) - severityRank(b.severity) ||
    a.startedAt.localeCompare(b.startedAt) ||
    a.id.localeCompare(b.id)
  );
}

export function sortIncidents(list: readonly Incident[]): Incident[] {
  return [...list].sort(compareIncidents);
}
