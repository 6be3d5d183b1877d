import type { Incident } from '../domain/incident';
import type { Signal } from '../domain/signal';
import { labelFingerprint, legacyLabelFingerprint } from './groupKey';
import { emptyIncidentsState, type IncidentsState } from './reconcileIncidents';

/**
 * Rebuilds the engine's state from stored incidents after a restart. Open incidents come back with
 * their signals marked stale: until their source answers again, Vigil cannot know they still fire,
 * and must neither resolve them nor page for them. Trend history is not stored, so trend rules
 * start fresh (they need a few polls before "rising" can hold again).
 *
 * Alerts stored by versions with 32-bit fingerprints get their 64-bit fingerprint and id back, so
 * the first poll after the restart finds the same alerts (not "one gone, one new").
 */
export function restoreIncidentsState(stored: readonly Incident[]): IncidentsState {
  const base = emptyIncidentsState();
  const incidents = new Map<string, Incident>();
  const openByKey = new Map<string, string>();
  const resolvedByKey = new Map<string, string>();
  const lastNotifiedAt = new Map<string, number>();
  const byDetected = [...stored].sort((a, b) => a.detectedAt.localeCompare(b.detectedAt) || a.id.localeCompare(b.id));
  for (const saved of byDetected) {
    const inc = withCurrentFingerprints(saved);
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

function withCurrentFingerprints(inc: Incident): Incident {
  const signals = inc.signals.map(withCurrentFingerprint);
  return signals.some((s, i) => s !== inc.signals[i]) ? { ...inc, signals } : inc;
}

/**
 * A Prometheus alert's fingerprint is labelFingerprint of its labels; an HA set's merged alert
 * (Prometheus or Alertmanager, electron/sources/haMembers.ts) has that of its shared labels. One
 * stored as the old 32-bit hash of its labels gets the new one. Alertmanager's own fingerprints
 * are 16 hex characters, never the old 8, and are kept as they are.
 */
function withCurrentFingerprint(s: Signal): Signal {
  if (s.sourceKind !== 'prometheus' && s.sourceKind !== 'alertmanager') return s;
  if (s.fingerprint.length !== 8 || s.fingerprint !== legacyLabelFingerprint(s.labels)) return s;
  const fingerprint = labelFingerprint(s.labels);
  return { ...s, id: `${s.sourceId}/${fingerprint}`, fingerprint };
}
