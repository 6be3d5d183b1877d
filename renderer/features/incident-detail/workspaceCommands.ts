import type { Incident } from '../../../shared/domain/incident';
import type { VigilClient } from '../../api/vigilClient';
import { useAppStore } from '../../store/appSlice';
import { useFiltersStore } from '../../store/filtersSlice';
import { useWorkspaceStore, type WorkspaceDialog } from '../../store/workspaceSlice';
import { SECTION_TITLE, type SectionId } from '../incidents/incidentListModel';
import { runIncidentAction, selectedIncidentNow } from '../incidents/runIncidentAction';
import type { Command } from '../palette/useCommands';
import { loadEvidence } from './workspaceActions';

/** Opens one of the workspace's forms for the selected incident, on the incidents screen. */
export function openForSelected(kind: 'silence' | 'escalate' | 'declare'): void {
  const inc = selectedIncidentNow();
  if (!inc || inc.state === 'resolved') return;
  useAppStore.getState().setView('incidents');
  let dialog: WorkspaceDialog = kind;
  if (kind === 'declare') {
    if (useAppStore.getState().policies[inc.severity]?.declare !== 'judgment') return;
    dialog = inc.declaration?.declared ? 'undeclare' : 'declare';
  }
  if (kind === 'escalate' && inc.severity === 'P0') return;
  useWorkspaceStore.getState().openDialog(dialog, inc.id);
}

/** Brings the comms templates into view with the first one focused, ready to edit or copy. */
export function focusComms(): void {
  useAppStore.getState().setView('incidents');
  setTimeout(() => {
    const section = document.getElementById('comms');
    section?.scrollIntoView({ block: 'start' });
    section?.querySelector('textarea')?.focus();
  }, 0);
}

const selected = (run: (inc: Incident) => void) => () => {
  const inc = selectedIncidentNow();
  if (inc) run(inc);
};

/** The workspace's palette entries; the same keys work outside the palette (useWorkspace). */
export function workspaceCommands(client: VigilClient, has: { pagerDuty: boolean }): Command[] {
  const filters = useFiltersStore.getState();
  return [
    {
      id: 'incident-silence',
      group: 'Incident',
      label: 'Silence the selected incident in Alertmanager…',
      shortcut: 's',
      run: () => openForSelected('silence'),
    },
    {
      id: 'incident-escalate',
      group: 'Incident',
      label: 'Escalate the severity of the selected incident…',
      shortcut: 'e',
      run: () => openForSelected('escalate'),
    },
    {
      id: 'incident-declare',
      group: 'Incident',
      label: 'Declare or undeclare the selected incident (P2/P3 judgment call)…',
      shortcut: 'd',
      run: () => openForSelected('declare'),
    },
    {
      id: 'incident-comms',
      group: 'Incident',
      label: 'Write a status update or the Slack declaration (copy a template)',
      shortcut: 'c',
      run: focusComms,
    },
    // Only with a PagerDuty source: without one there is no PagerDuty ack to retry.
    ...(has.pagerDuty
      ? [
          {
            id: 'incident-pagerduty-ack',
            group: 'Incident' as const,
            label: 'Retry the PagerDuty ack of the selected incident',
            run: selected((inc) => inc.state !== 'resolved' && void runIncidentAction(client, 'ack', inc)),
          },
        ]
      : []),
    {
      id: 'incident-evidence-refresh',
      group: 'Incident',
      label: 'Refresh the evidence graph from Prometheus',
      run: selected((inc) => void loadEvidence(client, inc.id, true)),
    },
    ...(
      [
        ['open', 'Show only open incidents'],
        ['acknowledged', 'Show only acknowledged incidents'],
        ['silenced', 'Show only incidents silenced in Alertmanager'],
        ['resolved', 'Show only resolved incidents'],
      ] as const
    ).map(([state, label]) => ({
      id: `only-state-${state}`,
      group: 'Filter' as const,
      label,
      run: () => {
        const f = useFiltersStore.getState();
        for (const s of f.filter.states) if (s !== state) f.toggleState(s);
        if (!useFiltersStore.getState().filter.states.includes(state)) f.toggleState(state);
      },
    })),
    ...(['acknowledged', 'silenced', 'resolved-today', 'resolved-earlier'] as SectionId[]).map((section) => ({
      id: `fold-${section}`,
      group: 'View' as const,
      label: `Fold or unfold "${SECTION_TITLE[section]}" in the list`,
      run: () => filters.toggleSection(section),
    })),
  ];
}
