import type { Incident } from '../domain/incident';
import { emptyIncidentsState, type IncidentsState } from './reconcileIncidents';

/**
 * Rebuilds the engine's state from stored incidents after a restart. Open incidents come back with
 * their signals marked stale: until their source answers again, Vigil cannot know they still fire,
 * and must neither resolve them nor page for them. Trend history is not stored, so trend rules
 * start fresh (they need a few polls before "rising" can hold again).
 */
export function restoreIncidentsState(stored: readonly Incident[]): IncidentsState {
  const base = emptyIncidentsState();
  const incidents = new Map<string, Incident>();
  const openByKey = new Map<string, string>();
  const resolvedByKey = new Map<string, string>();
  const lastNotifiedAt = new Map<string, number>();
  const byDetected = [...stored].sort((a, b) => a.detectedAt.localeCompare(b.detectedAt) || a.id.localeCompare(b.id));
  for (const inc of byDetected) {
    if (inc.state !== 'resolved') {
      const restored = { ...inc, stale: true, signals: inc.signals.map((s) => ({ ...s, stale: true })) };
      incidents.set(inc.id, restored);
      // Two open incidents with one key cannot come from the engine; if a file says so, the newest wins.
      openByKey.set(inc.key, inc.id);
    } else {
      incidents.set(inc.id, inc);
      const prev = resolvedByKey.get(inc.key);
      if (!prev || (incidents.get(prev)!.resolvedAt ?? '') < (inc.resolvedAt ?? '')) resolvedByKey.set(inc.key, inc.id);
    }
    if (inc.notifiedAt) {
      const t = Date.parse(inc.notifiedAt);
      lastNotifiedAt.set(inc.key, Math.max(t, lastNotifiedAt.get(inc.key) ?? 0));
    }
  }
  return { ...base, incidents, openByKey, resolvedByKey, lastNotifiedAt };
}
