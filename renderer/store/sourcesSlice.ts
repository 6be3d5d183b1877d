import { create } from 'zustand';
import type { SourceHealth } from '../../shared/domain/sourceHealth';
import type { SourceView } from '../../shared/ipc/contract';

interface SourcesSlice {
  sources: SourceView[];
  health: SourceHealth[];
  setSources(sources: SourceView[]): void;
  setHealth(health: SourceHealth[]): void;
}

export const useSourcesStore = create<SourcesSlice>((set) => ({
  sources: [],
  health: [],
  setSources: (sources) => set({ sources, health: sources.map((s) => s.health) }),
  setHealth: (health) =>
    set((s) => ({
      health,
      sources: s.sources.map((src) => ({ ...src, health: health.find((h) => h.sourceId === src.id) ?? src.health })),
    })),
}));
