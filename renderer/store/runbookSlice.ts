import { create } from 'zustand';
import type {
  CoverageView,
  IncidentRunbooksView,
  RunbookDraftView,
  RunbookLibraryView,
} from '../../shared/ipc/runbookContract';

interface RunbookSlice {
  /** The runbook side of each incident opened so far, as the main side last described it. */
  byIncident: Record<string, IncidentRunbooksView>;
  /** Why loading or the last action failed, per incident, shown in the runbook section. */
  errors: Record<string, string | null>;
  /** Incidents with a request in flight (buttons show it, double clicks do nothing). */
  busy: Record<string, boolean>;
  /** Runbook being previewed instead of the walked / best one, per incident. */
  preview: Record<string, string | undefined>;
  /** The step whose "skip" reason box is open, per incident. */
  skipping: Record<string, string | null>;
  /** A draft for an alert without a runbook, per incident. */
  drafts: Record<string, RunbookDraftView | null>;
  /** Where a draft for the incident was saved: said once the runbook it became shows instead. */
  savedDrafts: Record<string, string | null>;
  library: RunbookLibraryView | null;
  coverage: CoverageView | null;
  coverageError: string | null;
  coverageLoading: boolean;
  /** Bumped by `r` / the palette: the section scrolls into view and takes focus. */
  focusTick: number;

  setView(view: IncidentRunbooksView): void;
  setError(incidentId: string, error: string | null): void;
  setBusy(incidentId: string, busy: boolean): void;
  setPreview(incidentId: string, runbookId: string | undefined): void;
  setSkipping(incidentId: string, stepKey: string | null): void;
  setDraft(incidentId: string, draft: RunbookDraftView | null): void;
  setSavedDraft(incidentId: string, path: string | null): void;
  setLibrary(library: RunbookLibraryView): void;
  setCoverage(patch: Partial<Pick<RunbookSlice, 'coverage' | 'coverageError' | 'coverageLoading'>>): void;
  requestFocus(): void;
}

export const useRunbookStore = create<RunbookSlice>((set) => ({
  byIncident: {},
  errors: {},
  busy: {},
  preview: {},
  skipping: {},
  drafts: {},
  savedDrafts: {},
  library: null,
  coverage: null,
  coverageError: null,
  coverageLoading: false,
  focusTick: 0,
  setView: (view) =>
    set((s) => ({
      byIncident: { ...s.byIncident, [view.incidentId]: view },
      errors: { ...s.errors, [view.incidentId]: null },
    })),
  setError: (incidentId, error) => set((s) => ({ errors: { ...s.errors, [incidentId]: error } })),
  setBusy: (incidentId, busy) => set((s) => ({ busy: { ...s.busy, [incidentId]: busy } })),
  setPreview: (incidentId, runbookId) => set((s) => ({ preview: { ...s.preview, [incidentId]: runbookId } })),
  setSkipping: (incidentId, stepKey) => set((s) => ({ skipping: { ...s.skipping, [incidentId]: stepKey } })),
  setDraft: (incidentId, draft) => set((s) => ({ drafts: { ...s.drafts, [incidentId]: draft } })),
  setSavedDraft: (incidentId, path) => set((s) => ({ savedDrafts: { ...s.savedDrafts, [incidentId]: path } })),
  setLibrary: (library) => set({ library }),
  setCoverage: (patch) => set(patch),
  requestFocus: () => set((s) => ({ focusTick: s.focusTick + 1 })),
}));

/** The walkthrough shown for an incident, when it is of the runbook on screen. */
export function shownWalkthrough(view: IncidentRunbooksView | undefined) {
  if (!view?.runbook || !view.walkthrough) return null;
  return view.walkthrough.runbookId === view.runbook.id ? view.walkthrough : null;
}
