import { create } from 'zustand';
import type { Severity } from '../../shared/domain/severity';
import type { SourceKind } from '../../shared/domain/signal';
import { emptyFilter, type IncidentFilter } from '../features/incidents/filterIncidents';

interface FiltersSlice {
  filter: IncidentFilter;
  setText(text: string): void;
  toggleSeverity(s: Severity): void;
  toggleSource(s: SourceKind): void;
  onlySeverity(s: Severity): void;
  clear(): void;
}

const toggle = <T>(list: T[], item: T) => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);

export const useFiltersStore = create<FiltersSlice>((set) => ({
  filter: emptyFilter,
  setText: (text) => set((s) => ({ filter: { ...s.filter, text } })),
  toggleSeverity: (sev) => set((s) => ({ filter: { ...s.filter, severities: toggle(s.filter.severities, sev) } })),
  toggleSource: (src) => set((s) => ({ filter: { ...s.filter, sources: toggle(s.filter.sources, src) } })),
  onlySeverity: (sev) => set((s) => ({ filter: { ...s.filter, severities: [sev] } })),
  clear: () => set({ filter: emptyFilter }),
}));
