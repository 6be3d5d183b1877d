import { create } from 'zustand';
import type { Incident } from '../../shared/domain/incident';
import { applyDrift } from '../../shared/incidents/incidentDrift';
import { sortIncidents, updateSortedIncidents } from '../../shared/incidents/sortIncidents';
import type { IncidentsDiff } from '../../shared/ipc/contract';
import { mergeIncidentDiffs } from './mergeIncidentDiffs';
import { summarizeIncidents, type IncidentsSummary } from './summarizeIncidents';

const EMPTY_DIFF: IncidentsDiff = { reset: false, changed: [], removed: [] };

interface IncidentsSlice {
  /** Sorted as the list shows them. */
  ordered: Incident[];
  /** Counts and sets over `ordered`, computed with it. */
  summary: IncidentsSummary;
  selectedId: string | null;
  /**
   * The selected incident's latest version, kept with each diff (a look-up in the diff, not in a
   * map of all incidents: copying a 20,000-entry map on every update cost 7-10 ms of a frame).
   */
  selected: Incident | null;
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
  ordered: [],
  summary: summarizeIncidents([]),
  selectedId: null,
  selected: null,
  received: false,
  applyDiff(next) {
    // Pushes still waiting are older than this diff: they go first, merged with it.
    const diff = mergeIncidentDiffs([...waiting, next]);
    waiting = [];
    if (timer !== null) clearTimeout(timer);
    timer = null;
    lastApplied = performance.now();
    // A reset sorts everything; a diff (one poll, one ack) merges its changes into the order.
    const ordered = diff.reset
      ? updateSortedIncidents(sortIncidents(diff.changed), [], [], diff.drifted)
      : updateSortedIncidents(get().ordered, diff.changed, diff.removed, diff.drifted);
    const { selectedId, selected } = get();
    const drift = selectedId === null ? undefined : diff.drifted?.find((d) => d.id === selectedId);
    const latest =
      selectedId === null
        ? undefined
        : (diff.changed.find((i) => i.id === selectedId) ??
          (drift && selected ? (applyDrift(selected, drift) ?? undefined) : undefined));
    const kept = latest ?? (diff.reset || (selectedId !== null && diff.removed.includes(selectedId)) ? null : selected);
    const now = kept ?? ordered[0] ?? null;
    set({
      ordered,
      summary: ordered === get().ordered ? get().summary : summarizeIncidents(ordered),
      received: get().received || diff.reset,
      selectedId: now?.id ?? null,
      selected: now,
    });
  },
  pushDiff(diff) {
    waiting.push(diff);
    if (timer !== null) return;
    const wait = lastApplied + PUSH_APPLY_SPACING_MS - performance.now();
    if (wait <= 0) get().applyDiff(EMPTY_DIFF);
    else timer = setTimeout(() => get().applyDiff(EMPTY_DIFF), wait);
  },
  select: (id) => set({ selectedId: id, selected: id === null ? null : findIncident(get().ordered, id) }),
  moveSelection(delta, visible) {
    const { selectedId } = get();
    const ordered = visible ?? get().ordered;
    if (!ordered.length) return;
    const at = ordered.findIndex((i) => i.id === selectedId);
    const next = Math.max(0, Math.min(ordered.length - 1, (at < 0 ? 0 : at) + delta));
    set({ selectedId: ordered[next]!.id, selected: ordered[next]! });
  },
}));

export const selectSelectedIncident = (s: IncidentsSlice): Incident | null => s.selected;

/**
 * The incident with `id` in `ordered`, or null: a walk of the list, remembered per list and id, for
 * look-ups outside the selection (a post-mortem's incident) that a selector repeats on every store
 * change.
 */
export function findIncident(ordered: readonly Incident[], id: string): Incident | null {
  let found = lookups.get(ordered);
  if (!found) lookups.set(ordered, (found = new Map()));
  let incident = found.get(id);
  if (incident === undefined) {
    incident = ordered.find((i) => i.id === id) ?? null;
    found.set(id, incident);
  }
  return incident;
}

const lookups = new WeakMap<readonly Incident[], Map<string, Incident | null>>();
