import { create } from 'zustand';
import type { SourceHealth } from '../../shared/domain/sourceHealth';
import type { SourceView } from '../../shared/ipc/contract';

interface SourcesSlice {
  sources: SourceView[];
  health: SourceHealth[];
  setSources(sources: SourceView[]): void;
  setHealth(health: SourceHealth[]): void;
}

/** A failing health report, as the main side records it for `lastError` (kept after recovery). */
const failure = (h: SourceHealth) =>
  h.message !== null && h.status !== 'ok' && h.status !== 'starting' ? { at: h.since, message: h.message } : null;

export const useSourcesStore = create<SourcesSlice>((set) => ({
  sources: [],
  health: [],
  setSources: (sources) => set({ sources, health: sources.map((s) => s.health) }),
  // Pushed health keeps the list live between sources:list calls, last error included.
  setHealth: (health) =>
    set((s) => ({
      health,
      sources: s.sources.map((src) => {
        const h = health.find((x) => x.sourceId === src.id);
        return h ? { ...src, health: h, lastError: failure(h) ?? src.lastError } : src;
      }),
    })),
}));
