import { useMemo } from 'react';
import type { Incident } from '../../../shared/domain/incident';
import { useFiltersStore } from '../../store/filtersSlice';
import { useIncidentsStore } from '../../store/incidentsSlice';
import { filterIncidents } from './filterIncidents';

/** The incidents the list shows: the sorted read model through the current filter. */
export function useVisibleIncidents(): readonly Incident[] {
  const ordered = useIncidentsStore((s) => s.ordered);
  const filter = useFiltersStore((s) => s.filter);
  return useMemo(() => filterIncidents(ordered, filter), [ordered, filter]);
}

/** Same, outside React (keyboard handlers, palette actions). */
export function visibleIncidentsNow(): readonly Incident[] {
  return filterIncidents(useIncidentsStore.getState().ordered, useFiltersStore.getState().filter);
}
