import type { Incident } from '../../shared/domain/incident';
import type { IncidentsDiff } from '../../shared/ipc/contract';

/**
 * Diffs in the order they came, as one: the last word on each incident wins (changed, or removed),
 * and a reset drops everything before it. Applying the result equals applying each in turn.
 */
export function mergeIncidentDiffs(diffs: readonly IncidentsDiff[]): IncidentsDiff {
  if (diffs.length === 1) return diffs[0]!;
  let reset = false;
  const changed = new Map<string, Incident>();
  const removed = new Set<string>();
  for (const diff of diffs) {
    if (diff.reset) {
      reset = true;
      changed.clear();
      removed.clear();
    }
    for (const incident of diff.changed) {
      // Deleted first, so the incident takes its latest place in the order changes came.
      changed.delete(incident.id);
      changed.set(incident.id, incident);
      removed.delete(incident.id);
    }
    for (const id of diff.removed) {
      changed.delete(id);
      removed.add(id);
    }
  }
  return { reset, changed: [...changed.values()], removed: [...removed] };
}
