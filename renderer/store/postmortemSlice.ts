import { create } from 'zustand';

interface PostMortemSlice {
  /** The incident whose post-mortem editor has taken over the centre pane, or null. */
  editing: string | null;
  /** Bumped whenever main says a post-mortem changed: the lists reload. */
  revision: number;
  /**
   * Saves what the open editor holds now; registered by the editor, so closing it (Esc, the
   * palette, another incident) never waits for the autosave timer.
   */
  flush: (() => Promise<unknown>) | null;
  open(incidentId: string): void;
  close(): void;
  changed(): void;
  setFlush(flush: (() => Promise<unknown>) | null): void;
}

export const usePostMortemStore = create<PostMortemSlice>((set) => ({
  editing: null,
  revision: 0,
  flush: null,
  open: (incidentId) => set({ editing: incidentId }),
  close: () => set({ editing: null }),
  changed: () => set((s) => ({ revision: s.revision + 1 })),
  setFlush: (flush) => set({ flush }),
}));
