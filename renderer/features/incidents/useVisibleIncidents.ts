import { useEffect, useMemo } from 'react';
import type { Incident } from '../../../shared/domain/incident';
import { useNow } from '../../components/useNow';
import { useFiltersStore } from '../../store/filtersSlice';
import { useIncidentsStore } from '../../store/incidentsSlice';
import { filterIncidents, narrows, prepareTextSearch } from './filterIncidents';
import { sectionRows, startOfDay, type IncidentListModel } from './incidentListModel';

/*
 * One list model for everyone who needs it (the list, the filter bar's count, the palette, j/k):
 * built once per change of its inputs, not once per component, so a keystroke in the filter
 * filters 10,000 incidents once.
 */
let last: {
  ordered: readonly Incident[];
  filter: unknown;
  collapsed: unknown;
  day: number;
  model: IncidentListModel;
} | null = null;

function modelFor(
  ordered: readonly Incident[],
  filter: ReturnType<typeof useFiltersStore.getState>['filter'],
  collapsed: ReturnType<typeof useFiltersStore.getState>['collapsed'],
  day: number,
): IncidentListModel {
  if (last && last.ordered === ordered && last.filter === filter && last.collapsed === collapsed && last.day === day) {
    return last.model;
  }
  // Typing on narrows what already matched: filter that, not the whole list again.
  const base =
    last && last.ordered === ordered && narrows(last.filter as typeof filter, filter) ? last.model.matching : ordered;
  const matching = filterIncidents(base, filter);
  // A keystroke that lets the same incidents through keeps the rows (and the virtualiser's sizes) as they were.
  const same = last && last.model.matching === matching && last.collapsed === collapsed && last.day === day;
  const model = same ? last!.model : sectionRows(matching, collapsed, day);
  last = { ordered, filter, collapsed, day, model };
  return model;
}

/** The list as the screen shows it, kept current. */
export function useIncidentListModel(): IncidentListModel {
  const ordered = useIncidentsStore((s) => s.ordered);
  const filter = useFiltersStore((s) => s.filter);
  const collapsed = useFiltersStore((s) => s.collapsed);
  // "Resolved today" moves to "earlier" at midnight; a minute late is fine.
  const day = startOfDay(useNow(60_000));
  useEffect(() => {
    // Ready for the first keystroke: the search text of every incident, built while nothing
    // happens, in slices that end with each idle period.
    const idle =
      window.requestIdleCallback ??
      ((fn: (deadline: { timeRemaining(): number }) => void) => setTimeout(() => fn({ timeRemaining: () => 8 }), 200));
    const cancel = window.cancelIdleCallback ?? clearTimeout;
    let handle: number;
    const step = (deadline: { timeRemaining(): number }) => {
      if (!prepareTextSearch(ordered, () => deadline.timeRemaining())) handle = idle(step) as number;
    };
    handle = idle(step) as number;
    return () => cancel(handle);
  }, [ordered]);
  return useMemo(() => modelFor(ordered, filter, collapsed, day), [ordered, filter, collapsed, day]);
}

/** The incidents the filter lets through (collapsed sections included), sorted. */
export function useVisibleIncidents(): readonly Incident[] {
  return useIncidentListModel().matching;
}

/** The incidents j/k move through, outside React (keyboard handlers, palette actions). */
export function visibleIncidentsNow(): readonly Incident[] {
  const { filter, collapsed } = useFiltersStore.getState();
  return modelFor(useIncidentsStore.getState().ordered, filter, collapsed, startOfDay(Date.now())).navigable;
}
