import type { IncidentRunbooksView, RunbookStepView, RunbookView } from '../../../shared/ipc/runbookContract';
import type { WalkthroughAction } from '../../../shared/runbooks/walkthrough';
import type { VigilClient } from '../../api/vigilClient';
import { useAppStore } from '../../store/appSlice';
import { useIncidentsStore } from '../../store/incidentsSlice';
import { shownWalkthrough, useRunbookStore } from '../../store/runbookSlice';

/**
 * Every runbook request goes through here: one at a time per incident, the answer (the whole
 * runbook side of the incident) replaces what the screen holds, and a refusal is shown in the
 * runbook section in the main side's words.
 */
async function request(incidentId: string, send: () => Promise<IncidentRunbooksView>): Promise<boolean> {
  const store = useRunbookStore.getState();
  if (store.busy[incidentId]) return false;
  store.setBusy(incidentId, true);
  try {
    store.setView(await send());
    return true;
  } catch (err) {
    useRunbookStore.getState().setError(incidentId, (err as Error).message);
    return false;
  } finally {
    useRunbookStore.getState().setBusy(incidentId, false);
  }
}

export function loadRunbooks(client: VigilClient, incidentId: string): Promise<boolean> {
  const runbookId = useRunbookStore.getState().preview[incidentId];
  return request(incidentId, () => client.request('runbook:for-incident', { incidentId, runbookId }));
}

export function previewRunbook(client: VigilClient, incidentId: string, runbookId: string | undefined) {
  useRunbookStore.getState().setPreview(incidentId, runbookId);
  return loadRunbooks(client, incidentId);
}

export async function startRunbook(client: VigilClient, incidentId: string, runbookId: string, restart = false) {
  const ok = await request(incidentId, () => client.request('runbook:start', { incidentId, runbookId, restart }));
  if (ok) useRunbookStore.getState().setPreview(incidentId, undefined);
  return ok;
}

export function act(client: VigilClient, view: IncidentRunbooksView, action: WalkthroughAction) {
  const runbookId = view.walkthrough?.runbookId ?? view.runbook?.id;
  if (!runbookId) return Promise.resolve(false);
  return request(view.incidentId, () =>
    client.request('runbook:act', { incidentId: view.incidentId, runbookId, action }),
  );
}

export function runChecks(
  client: VigilClient,
  view: IncidentRunbooksView,
  which: { stepKey: string } | { checkId: string },
) {
  const runbookId = view.walkthrough?.runbookId;
  if (!runbookId) return Promise.resolve(false);
  return request(view.incidentId, () =>
    client.request('runbook:run-query', { incidentId: view.incidentId, runbookId, ...which }),
  );
}

/** Numbered steps, then Rollback and Escalation: the order a screen lists them in. */
export function walkableSteps(runbook: RunbookView): RunbookStepView[] {
  return [
    ...runbook.steps,
    ...(runbook.rollback ? [runbook.rollback] : []),
    ...(runbook.escalation ? [runbook.escalation] : []),
  ];
}

export function findStep(runbook: RunbookView, key: string): RunbookStepView | null {
  return walkableSteps(runbook).find((s) => s.key === key) ?? null;
}

/** "Step 2 (Feature store is slow)", "Escalation", "the end": as the timeline words it. */
export function describeTarget(runbook: RunbookView, target: string): string {
  if (target === 'done') return 'the end';
  const step = findStep(runbook, target);
  if (!step) return `step ${target}`;
  return step.kind === 'step' ? `${step.label} (${step.title})` : step.label;
}

/** The selected incident's runbook view with its walkthrough's current step, for keys and the palette. */
export function selectedWalkthrough() {
  const id = useIncidentsStore.getState().selectedId;
  const view = id ? useRunbookStore.getState().byIncident[id] : undefined;
  const walkthrough = shownWalkthrough(view);
  const step = walkthrough?.state.current && view?.runbook ? findStep(view.runbook, walkthrough.state.current) : null;
  return { view, walkthrough, step };
}

/** `r`: back to the incident, the runbook section in view and focused (its Start button or current step). */
export function focusRunbook() {
  useAppStore.getState().setView('incidents');
  useRunbookStore.getState().requestFocus();
}
