import { create } from 'zustand';
import type { IncidentState } from '../../shared/domain/incident';
import type { Severity } from '../../shared/domain/severity';
import type { SourceKind } from '../../shared/domain/signal';
import { emptyFilter, type IncidentFilter } from '../features/incidents/filterIncidents';
import type { SectionId } from '../features/incidents/incidentListModel';

interface FiltersSlice {
  filter: IncidentFilter;
  /** List sections shown as their header only. Older resolved incidents start folded away. */
  collapsed: Partial<Record<SectionId, boolean>>;
  setText(text: string): void;
  toggleSeverity(s: Severity): void;
  toggleSource(s: SourceKind): void;
  toggleState(s: IncidentState): void;
  onlySeverity(s: Severity): void;
  clear(): void;
  toggleSection(s: SectionId): void;
}

const toggle = <T>(list: T[], item: T) => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);

export const useFiltersStore = create<FiltersSlice>((set) => ({
  filter: emptyFilter,
  collapsed: { 'resolved-earlier': true },
  setText: (text) => set((s) => ({ filter: { ...s.filter, text } })),
  toggleSeverity: (sev) => set((s) => ({ filter: { ...s.filter, severities: toggle(s.filter.severities, sev) } })),
  toggleSource: (src) => set((s) => ({ filter: { ...s.filter, sources: toggle(s.filter.sources, src) } })),
  toggleState: (st) => set((s) => ({ filter: { ...s.filter, states: toggle(s.filter.states, st) } })),
  onlySeverity: (sev) => set((s) => ({ filter: { ...s.filter, severities: [sev] } })),
  clear: () => set({ filter: emptyFilter }),
  toggleSection: (section) => set((s) => ({ collapsed: { ...s.collapsed, [section]: !s.collapsed[section] } })),
}));
