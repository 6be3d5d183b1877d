import { create } from 'zustand';
import type { Incident } from '../../shared/domain/incident';
import { sortIncidents, updateSortedIncidents } from '../../shared/incidents/sortIncidents';
import type { IncidentsDiff } from '../../shared/ipc/contract';

interface IncidentsSlice {
  byId: Record<string, Incident>;
  /** Sorted as the list shows them. */
  ordered: Incident[];
  selectedId: string | null;
  /** True once the host's first full list arrived: before it, an empty list means "not known yet". */
  received: boolean;
  applyDiff(diff: IncidentsDiff): void;
  select(id: string | null): void;
  /** Moves the selection by `delta` rows (j/k, arrows) within `visible` (the filtered list). */
  moveSelection(delta: number, visible?: readonly Incident[]): void;
}

export const useIncidentsStore = create<IncidentsSlice>((set, get) => ({
  byId: {},
  ordered: [],
  selectedId: null,
  received: false,
  applyDiff(diff) {
    const byId = diff.reset ? {} : { ...get().byId };
    for (const inc of diff.changed) byId[inc.id] = inc;
    for (const id of diff.removed) delete byId[id];
    // A reset sorts everything; a diff (one poll, one ack) merges its few changes into the order.
    const ordered = diff.reset
      ? sortIncidents(Object.values(byId))
      : updateSortedIncidents(get().ordered, diff.changed, diff.removed);
    const selectedId = get().selectedId;
    set({
      byId,
      ordered,
      received: get().received || diff.reset,
      selectedId: selectedId && byId[selectedId] ? selectedId : (ordered[0]?.id ?? null),
    });
  },
  select: (id) => set({ selectedId: id }),
  moveSelection(delta, visible) {
    const { selectedId } = get();
    const ordered = visible ?? get().ordered;
    if (!ordered.length) return;
    const at = ordered.findIndex((i) => i.id === selectedId);
    const next = Math.max(0, Math.min(ordered.length - 1, (at < 0 ? 0 : at) + delta));
    set({ selectedId: ordered[next]!.id });
  },
}));

export const selectSelectedIncident = (s: IncidentsSlice): Incident | null =>
  s.selectedId ? (s.byId[s.selectedId] ?? null) : null;
