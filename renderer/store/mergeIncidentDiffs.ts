import type { Incident } from '../../shared/domain/incident';
import { applyDrift, type IncidentDrift } from '../../shared/incidents/incidentDrift';
import type { IncidentsDiff } from '../../shared/ipc/contract';

/**
 * Diffs in the order they came, as one: the last word on each incident wins (changed, drifted or
 * removed), and a reset drops everything before it. A drift of an incident the diffs also carry
 * whole is applied to that version; a drift carries all that drifted, so a later one replaces an
 * earlier one. Applying the result equals applying each in turn.
 */
export function mergeIncidentDiffs(diffs: readonly IncidentsDiff[]): IncidentsDiff {
  if (diffs.length === 1) return diffs[0]!;
  let reset = false;
  const changed = new Map<string, Incident>();
  const removed = new Set<string>();
  const drifted = new Map<string, IncidentDrift>();
  for (const diff of diffs) {
    if (diff.reset) {
      reset = true;
      changed.clear();
      removed.clear();
      drifted.clear();
    }
    for (const incident of diff.changed) {
      // Deleted first, so the incident takes its latest place in the order changes came.
      changed.delete(incident.id);
      changed.set(incident.id, incident);
      removed.delete(incident.id);
      drifted.delete(incident.id);
    }
    for (const id of diff.removed) {
      changed.delete(id);
      drifted.delete(id);
      removed.add(id);
    }
    for (const drift of diff.drifted ?? []) {
      const whole = changed.get(drift.id);
      if (whole === undefined) drifted.set(drift.id, drift);
      else changed.set(drift.id, applyDrift(whole, drift) ?? whole);
    }
  }
  const out: IncidentsDiff = { reset, changed: [...changed.values()], removed: [...removed] };
  if (drifted.size) out.drifted = [...drifted.values()];
  return out;
}
