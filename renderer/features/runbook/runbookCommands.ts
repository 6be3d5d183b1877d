import type { VigilClient } from '../../api/vigilClient';
import { useAppStore } from '../../store/appSlice';
import { useRunbookStore } from '../../store/runbookSlice';
import type { Command } from '../palette/useCommands';
import { act, focusRunbook, runChecks, selectedWalkthrough, startRunbook } from './runbookActions';

/**
 * The runbook's palette entries. Each acts on the selected incident's walkthrough as the
 * runbook section shows it; one that does not apply right now does nothing but bring the
 * section into view, where the reason is visible.
 */
export function runbookCommands(client: VigilClient): Command[] {
  return [
    { id: 'runbook-open', group: 'Incident', label: 'Open the runbook', shortcut: 'r', run: focusRunbook },
    {
      id: 'runbook-start',
      group: 'Incident',
      label: 'Start the runbook walkthrough',
      run: () => {
        const { view, walkthrough } = selectedWalkthrough();
        focusRunbook();
        if (view?.runbook && !walkthrough && !view.walkthrough)
          void startRunbook(client, view.incidentId, view.runbook.id);
      },
    },
    {
      id: 'runbook-run-checks',
      group: 'Incident',
      label: "Run the current runbook step's checks",
      run: () => {
        const { view, step } = selectedWalkthrough();
        focusRunbook();
        if (view && step && step.blocks.some((b) => b.kind === 'promql'))
          void runChecks(client, view, { stepKey: step.key });
      },
    },
    {
      id: 'runbook-step-done',
      group: 'Incident',
      label: 'Mark the current runbook step done',
      run: () => {
        const { view, step } = selectedWalkthrough();
        focusRunbook();
        if (view && step) void act(client, view, { type: 'complete-step', stepKey: step.key });
      },
    },
    {
      id: 'runbook-step-skip',
      group: 'Incident',
      label: 'Skip the current runbook step (with a reason)',
      run: () => {
        const { view, step } = selectedWalkthrough();
        focusRunbook();
        if (view && step) useRunbookStore.getState().setSkipping(view.incidentId, step.key);
      },
    },
    {
      id: 'view-runbooks',
      group: 'View',
      label: 'Show runbooks and alert coverage',
      run: () => useAppStore.getState().setView('runbooks'),
    },
  ];
}
