import { create } from 'zustand';
import type { IncidentEvidence } from '../../shared/evidence/evidenceModel';
import type { IncidentContext, RemoteOutcome } from '../../shared/ipc/workspaceContract';

export type Loadable<T> =
  | { status: 'loading'; value: T | null }
  | { status: 'ok'; value: T }
  | { status: 'error'; value: T | null; error: string };

export type WorkspaceDialog = 'silence' | 'escalate' | 'declare' | 'undeclare';

interface WorkspaceSlice {
  /** Evidence and context of incidents opened in this session, by incident id. */
  evidence: Record<string, Loadable<IncidentEvidence>>;
  context: Record<string, Loadable<IncidentContext>>;
  /** The latest outcome of each remote call, by incident, then `${action}|${sourceId}`. */
  remote: Record<string, Record<string, RemoteOutcome>>;
  /** The person's edits of a comms template, by `${incidentId}|${templateId}`. */
  drafts: Record<string, string>;
  dialog: { kind: WorkspaceDialog; incidentId: string } | null;
  setEvidence(id: string, e: Loadable<IncidentEvidence>): void;
  setContext(id: string, c: Loadable<IncidentContext>): void;
  addRemote(o: RemoteOutcome): void;
  setDraft(key: string, text: string | null): void;
  openDialog(kind: WorkspaceDialog, incidentId: string): void;
  closeDialog(): void;
}

export const useWorkspaceStore = create<WorkspaceSlice>((set) => ({
  evidence: {},
  context: {},
  remote: {},
  drafts: {},
  dialog: null,
  setEvidence: (id, e) => set((s) => ({ evidence: { ...s.evidence, [id]: e } })),
  setContext: (id, c) =>
    set((s) => {
      // A context reply carries the outcomes known on the main side (after a reload, say).
      const remote = c.status === 'ok' ? mergeOutcomes(s.remote, c.value.remote) : s.remote;
      return { context: { ...s.context, [id]: c }, remote };
    }),
  addRemote: (o) => set((s) => ({ remote: mergeOutcomes(s.remote, [o]) })),
  setDraft: (key, text) =>
    set((s) => {
      const drafts = { ...s.drafts };
      if (text === null) delete drafts[key];
      else drafts[key] = text;
      return { drafts };
    }),
  openDialog: (kind, incidentId) => set({ dialog: { kind, incidentId } }),
  closeDialog: () => set({ dialog: null }),
}));

/** Newer outcomes replace older ones of the same call; an older reply never undoes a newer event. */
function mergeOutcomes(
  current: WorkspaceSlice['remote'],
  outcomes: readonly RemoteOutcome[],
): WorkspaceSlice['remote'] {
  let next = current;
  for (const o of outcomes) {
    const key = `${o.action}|${o.sourceId}`;
    const had = next[o.incidentId]?.[key];
    if (had && had.at > o.at) continue;
    if (had && had.at === o.at && had.status === o.status) continue;
    next = { ...next, [o.incidentId]: { ...next[o.incidentId], [key]: o } };
  }
  return next;
}
