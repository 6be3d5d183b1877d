import { create } from 'zustand';
import type { TimelineView } from '../../shared/timeline/buildTimeline';
import type { TimelineKindGroup } from '../../shared/timeline/filterTimeline';

export interface TimelinePaneFilter {
  /** Kind groups to show; empty = every kind. */
  groups: TimelineKindGroup[];
  starredOnly: boolean;
  milestonesOnly: boolean;
}

const NO_FILTER: TimelinePaneFilter = { groups: [], starredOnly: false, milestonesOnly: false };

interface TimelineSlice {
  /** The timeline as main built it (events + annotations), per incident opened in the pane. */
  views: Record<string, TimelineView>;
  /** Why a timeline could not be loaded, per incident. */
  loadErrors: Record<string, string>;
  /**
   * Bumped when main says an incident's timeline changed (new events, another window's
   * annotation): the pane showing that incident reloads it. Screens never poll.
   */
  revisions: Record<string, number>;
  /** One filter for the pane, kept while moving between incidents. */
  filter: TimelinePaneFilter;
  /** The incident the note box writes to (opened with `n`), or null when it is closed. */
  noteFor: string | null;
  load(view: TimelineView): void;
  failed(incidentId: string, message: string): void;
  invalidate(incidentIds: readonly string[]): void;
  toggleGroup(group: TimelineKindGroup): void;
  toggleStarredOnly(): void;
  toggleMilestonesOnly(): void;
  clearFilter(): void;
  openNote(incidentId: string): void;
  closeNote(): void;
}

export const useTimelineStore = create<TimelineSlice>((set) => ({
  views: {},
  loadErrors: {},
  revisions: {},
  filter: NO_FILTER,
  noteFor: null,
  load: (view) =>
    set((s) => {
      const { [view.incidentId]: _gone, ...loadErrors } = s.loadErrors;
      return { views: { ...s.views, [view.incidentId]: view }, loadErrors };
    }),
  failed: (incidentId, message) => set((s) => ({ loadErrors: { ...s.loadErrors, [incidentId]: message } })),
  invalidate: (incidentIds) =>
    set((s) => {
      const revisions = { ...s.revisions };
      for (const id of new Set(incidentIds)) revisions[id] = (revisions[id] ?? 0) + 1;
      return { revisions };
    }),
  toggleGroup: (group) =>
    set((s) => ({
      filter: {
        ...s.filter,
        groups: s.filter.groups.includes(group)
          ? s.filter.groups.filter((g) => g !== group)
          : [...s.filter.groups, group],
      },
    })),
  toggleStarredOnly: () => set((s) => ({ filter: { ...s.filter, starredOnly: !s.filter.starredOnly } })),
  toggleMilestonesOnly: () => set((s) => ({ filter: { ...s.filter, milestonesOnly: !s.filter.milestonesOnly } })),
  clearFilter: () => set({ filter: NO_FILTER }),
  openNote: (incidentId) => set({ noteFor: incidentId }),
  closeNote: () => set({ noteFor: null }),
}));
