import type { Incident } from '../../shared/domain/incident';
import type { IncidentRunbooksView, WalkthroughView } from '../../shared/ipc/runbookContract';
import { matchRunbooks } from '../../shared/runbooks/matchRunbooks';
import type { RunbookEntry } from '../../shared/runbooks/runbookLibrary';
import { walkableSteps } from '../../shared/runbooks/runbookModel';
import { suggestActionItems } from '../../shared/runbooks/suggestActionItems';
import { stepClock, walkthroughClock } from '../../shared/runbooks/walkthrough';
import type { CheckTarget } from './runbookCheckRunner';
import { toRunbookSummary, toRunbookView } from './runbookViews';
import { restoredWalkthrough as restored, type SavedRunbooks } from './walkthroughStore';

export interface IncidentRunbooksInput {
  /** The id the view was asked for (the incident found under it). */
  incidentId: string;
  incident: Incident;
  /** The incident's walkthrough file, and why it could not be read (null when it could). */
  saved: SavedRunbooks;
  loadProblem: string | null;
  entries: readonly RunbookEntry[];
  /** The runbook asked for; else the one being walked, else the best match. */
  wanted?: string;
  checkTarget: (incident: Incident, signalIds: readonly string[]) => CheckTarget;
  now: number;
}

/**
 * What the incident's runbook pane shows: the runbooks linked to its alerts, the one shown, the
 * walkthrough in progress with its clocks and suggestions, and where its live checks run.
 */
export function incidentRunbooksView(input: IncidentRunbooksInput): IncidentRunbooksView {
  const { incidentId, incident, saved, loadProblem, entries, wanted, checkTarget } = input;
  const linking = matchRunbooks(
    entries.map((e) => e.runbook),
    incident.signals,
  );
  const byId = new Map(entries.map((e) => [e.runbook.id, e]));
  let problem = loadProblem;
  const current = saved.current;
  let shownId = wanted ?? current?.runbookId ?? linking.matches[0]?.runbook.id ?? null;
  if (shownId !== null && !byId.has(shownId)) {
    problem = `The runbook "${shownId}" is not in the library now (its file was removed, renamed or has an error: see Runbooks); the progress made on it is kept.`;
    shownId = linking.matches[0]?.runbook.id ?? null;
  }
  const shown = shownId === null ? null : byId.get(shownId)!.runbook;

  let walkthrough: WalkthroughView | null = null;
  if (current) {
    const runbook = byId.get(current.runbookId)?.runbook;
    if (runbook) {
      const back = restored(current, runbook);
      if (back.ok) {
        const t = input.now;
        const clocks: WalkthroughView['stepClocks'] = {};
        for (const step of walkableSteps(runbook)) {
          const c = stepClock(runbook, back.state, step.key, t);
          if (c) clocks[step.key] = c;
        }
        walkthrough = {
          runbookId: runbook.id,
          state: back.state,
          runbookChanged: back.runbookChanged,
          notes: back.notes,
          clock: walkthroughClock(runbook, back.state, t),
          stepClocks: clocks,
          suggestions: suggestActionItems(runbook, back.state, t),
          // Only for results still standing (an edit of the file may have dropped some).
          checkRuns: Object.fromEntries(
            Object.entries(current.checkRuns).filter(([id]) =>
              Object.values(back.state.steps).some((p) => p.results[id] !== undefined),
            ),
          ),
        };
      } else problem = `The saved walkthrough cannot be continued: ${back.message}`;
    }
  }

  const match = linking.matches.find((m) => m.runbook.id === shown?.id);
  const target = checkTarget(incident, match?.signalIds ?? []);
  return {
    incidentId,
    matches: linking.matches.map((m) => ({
      ...toRunbookSummary(byId.get(m.runbook.id)!),
      alertnames: m.alertnames,
      specificity: m.specificity,
      signalIds: m.signalIds,
    })),
    runbook: shown ? toRunbookView(shown) : null,
    walkthrough,
    external: linking.external,
    externalAsText: linking.externalAsText,
    unmatched: linking.unmatched,
    prometheus: target.access
      ? { sourceId: target.access.sourceId, name: target.access.name, url: target.access.baseUrl }
      : null,
    prometheusWhy: target.why,
    problem,
    at: new Date(input.now).toISOString(),
  };
}
