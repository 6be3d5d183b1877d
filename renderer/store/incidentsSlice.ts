import { create } from 'zustand';
import type { Incident } from '../../shared/domain/incident';
import { sortIncidents, updateSortedIncidents } from '../../shared/incidents/sortIncidents';
import type { IncidentsDiff } from '../../shared/ipc/contract';
import { mergeIncidentDiffs } from './mergeIncidentDiffs';

const EMPTY_DIFF: IncidentsDiff = { reset: false, changed: [], removed: [] };

interface IncidentsSlice {
  /**
   * A Map, copied once per applied diff: a storm's 20,000 incidents as an object's keys cost about
   * 8 ms to copy with a spread (a dictionary-mode object), which was the largest single cost of
   * every push while 20,000 values drifted.
   */
  byId: ReadonlyMap<string, Incident>;
  /** Sorted as the list shows them. */
  ordered: Incident[];
  selectedId: string | null;
  /** True once the host's first full list arrived: before it, an empty list means "not known yet". */
  received: boolean;
  /** Applies a diff now (a full load, an action's own reply), after any pushes still waiting. */
  applyDiff(diff: IncidentsDiff): void;
  /**
   * A pushed diff. After a quiet spell it is applied at once; while pushes keep coming (a storm's
   * 20,000 drifted values come as a hundred pushes of 200) they are applied together, at most once
   * every PUSH_APPLY_SPACING_MS. Each apply walks the whole list (order, counts, filters, the
   * page's title), about 20 ms at 20,000: a hundred of them back to back held the page for
   * seconds, and it missed most frames while values drifted.
   */
  pushDiff(diff: IncidentsDiff): void;
  select(id: string | null): void;
  /** Moves the selection by `delta` rows (j/k, arrows) within `visible` (the filtered list). */
  moveSelection(delta: number, visible?: readonly Incident[]): void;
}

/** The most pushed changes wait before they show: well under what a person notices. */
export const PUSH_APPLY_SPACING_MS = 200;

/** Pushed diffs not applied yet, the timer that will apply them, and when pushes were last applied. */
let waiting: IncidentsDiff[] = [];
let timer: ReturnType<typeof setTimeout> | null = null;
let lastApplied = -Infinity;

export const useIncidentsStore = create<IncidentsSlice>((set, get) => ({
  byId: new Map(),
  ordered: [],
  selectedId: null,
  received: false,
  applyDiff(next) {
    // Pushes still waiting are older than this diff: they go first, merged with it.
    const diff = mergeIncidentDiffs([...waiting, next]);
    waiting = [];
    if (timer !== null) clearTimeout(timer);
    timer = null;
    lastApplied = performance.now();
    const byId = diff.reset ? new Map<string, Incident>() : new Map(get().byId);
    for (const inc of diff.changed) byId.set(inc.id, inc);
    for (const id of diff.removed) byId.delete(id);
    // A reset sorts everything; a diff (one poll, one ack) merges its few changes into the order.
    const ordered = diff.reset
      ? sortIncidents([...byId.values()])
      : updateSortedIncidents(get().ordered, diff.changed, diff.removed);
    const selectedId = get().selectedId;
    set({
      byId,
      ordered,
      received: get().received || diff.reset,
      selectedId: selectedId && byId.has(selectedId) ? selectedId : (ordered[0]?.id ?? null),
    });
  },
  pushDiff(diff) {
    waiting.push(diff);
    if (timer !== null) return;
    const wait = lastApplied + PUSH_APPLY_SPACING_MS - performance.now();
    if (wait <= 0) get().applyDiff(EMPTY_DIFF);
    else timer = setTimeout(() => get().applyDiff(EMPTY_DIFF), wait);
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
  s.selectedId ? (s.byId.get(s.selectedId) ?? null) : null;
