import type { Incident } from '../domain/incident';
import type { IncidentsState } from './reconcileIncidents';

export interface EvictionPolicy {
  /** Resolved incidents stay in memory (and in the list) this long after they resolved. */
  keepMs: number;
  /** At most this many resolved incidents stay; the oldest resolved leave first. */
  keepCount: number;
  /** Never earlier than this after resolving: an alert firing again reopens the incident. */
  flapWindowMs: number;
  /** Whether this version of the incident is on disk; one that is not stays until it is. */
  settled: (incident: Incident) => boolean;
}

/** How long resolved incidents stay in memory and in the list by default: a day. */
export const RESOLVED_IN_MEMORY_MS = 24 * 3_600_000;
/** The most resolved incidents kept in memory by default (a storm's thousands leave after the flap window). */
export const RESOLVED_IN_MEMORY_MAX = 5_000;

/**
 * Memory bounded by what is open: resolved incidents leave the engine's state once they resolved
 * more than `keepMs` ago, or when more than `keepCount` resolved ones are held (the oldest
 * resolved first), but never inside the flap window, never while the engine holds them open, and never before their last version is on disk. Their history stays on disk (the
 * incident file and timeline), where the history readers find it. Pure: returns the state
 * without them and the incidents that left, oldest resolved first.
 */
export function evictResolved(
  state: IncidentsState,
  now: number,
  policy: EvictionPolicy,
): { state: IncidentsState; evicted: Incident[] } {
  // The flap entries (resolvedByKey) are only read inside the flap window, which never evicts.
  const named = new Set<string>(state.openByKey.values());
  const resolved: { inc: Incident; at: number }[] = [];
  for (const inc of state.incidents.values()) {
    if (inc.state !== 'resolved') continue;
    const at = inc.resolvedAt ? Date.parse(inc.resolvedAt) : NaN;
    // No readable resolution time: it cannot be placed, so it stays rather than leave by mistake.
    if (Number.isFinite(at)) resolved.push({ inc, at });
  }
  const overCount = resolved.length - policy.keepCount;
  if (overCount <= 0 && !resolved.some((r) => now - r.at > policy.keepMs)) return { state, evicted: [] };
  resolved.sort((a, b) => a.at - b.at || a.inc.id.localeCompare(b.inc.id));
  const evicted: Incident[] = [];
  resolved.forEach(({ inc, at }, i) => {
    const age = now - at;
    if (age <= policy.flapWindowMs || (age <= policy.keepMs && i >= overCount)) return;
    if (named.has(inc.id) || !policy.settled(inc)) return;
    evicted.push(inc);
  });
  if (!evicted.length) return { state, evicted };
  const incidents = new Map(state.incidents);
  for (const inc of evicted) incidents.delete(inc.id);
  const resolvedByKey = new Map(state.resolvedByKey);
  for (const [key, id] of resolvedByKey) if (!incidents.has(id)) resolvedByKey.delete(key);
  return { state: { ...state, incidents, resolvedByKey }, evicted };
}
