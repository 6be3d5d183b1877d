import { useMemo } from 'react';
import { SEVERITIES } from '../../../shared/domain/severity';
import { useClient } from '../../api/ClientContext';
import { useAppStore } from '../../store/appSlice';
import { useSourcesStore } from '../../store/sourcesSlice';
import { useFiltersStore } from '../../store/filtersSlice';
import { useIncidentsStore } from '../../store/incidentsSlice';
import { visibleIncidentsNow } from '../incidents/useVisibleIncidents';
import { runIncidentAction, selectedIncidentNow } from '../incidents/runIncidentAction';
import { workspaceCommands } from '../incident-detail/workspaceCommands';
import { runbookCommands } from '../runbook/runbookCommands';
import { postmortemCommands } from '../postmortem/postmortemCommands';
import { insightsCommands } from '../insights/insightsCommands';

export interface Command {
  id: string;
  group: 'Incident' | 'View' | 'Filter' | 'Sources';
  label: string;
  /** Shown in the palette so the shortcut is learnt by using it. */
  shortcut?: string;
  run(): void;
}

/** Every action of the app, in one list: the palette shows it and keyboard shortcuts mirror it. */
export function useCommands(): Command[] {
  const client = useClient();
  const demoRunning = useAppStore((s) => s.info?.demoRunning ?? false);
  const pagerDuty = useSourcesStore((s) => s.health.some((h) => h.kind === 'pagerduty'));
  return useMemo(() => {
    const app = useAppStore.getState();
    const filters = useFiltersStore.getState();
    const fail = (err: Error) => app.setError(err.message);
    const refreshInfo = () => client.request('app:info', {}).then(app.setInfo);
    const list: Command[] = [
      {
        id: 'next',
        group: 'Incident',
        label: 'Next incident',
        shortcut: 'j',
        run: () => useIncidentsStore.getState().moveSelection(1, visibleIncidentsNow()),
      },
      {
        id: 'prev',
        group: 'Incident',
        label: 'Previous incident',
        shortcut: 'k',
        run: () => useIncidentsStore.getState().moveSelection(-1, visibleIncidentsNow()),
      },
      ...(
        [
          ['ack', 'Acknowledge the selected incident', 'a', (p: string) => p === 'open'],
          ['mitigate', 'Mark the selected incident mitigated', 'm', (p: string) => p !== 'resolved'],
          ['resolve', 'Resolve the selected incident', undefined, (p: string) => p !== 'resolved'],
        ] as const
      ).map(([action, label, shortcut, applies]) => ({
        id: `incident-${action}`,
        group: 'Incident' as const,
        label,
        shortcut,
        run: () => {
          const inc = selectedIncidentNow();
          if (inc && applies(inc.state)) void runIncidentAction(client, action, inc);
        },
      })),
      ...runbookCommands(client),
      ...postmortemCommands(),
      ...insightsCommands(client),
      ...workspaceCommands(client, { pagerDuty }),
      {
        id: 'search',
        group: 'Filter',
        label: 'Filter incidents by text',
        shortcut: '/',
        run: () => {
          app.setView('incidents');
          setTimeout(() => document.getElementById('incident-search')?.focus(), 0);
        },
      },
      ...SEVERITIES.map((sev) => ({
        id: `only-${sev}`,
        group: 'Filter' as const,
        label: `Show only ${sev} incidents`,
        run: () => filters.onlySeverity(sev),
      })),
      { id: 'clear-filters', group: 'Filter', label: 'Clear filters', run: () => filters.clear() },
      {
        id: 'view-incidents',
        group: 'View',
        label: 'Show incidents',
        shortcut: 'Esc',
        run: () => app.setView('incidents'),
      },
      {
        id: 'view-sources',
        group: 'Sources',
        label: 'Show sources and their health',
        run: () => app.setView('sources'),
      },
      {
        id: 'view-settings',
        group: 'View',
        label: 'Open settings (notifications, quiet hours, retention)',
        run: () => app.setView('settings'),
      },
      ...([15, 60] as const).map((minutes) => ({
        id: `pause-${minutes}`,
        group: 'View' as const,
        label: `Pause notifications for ${minutes} min (P0 still pages)`,
        run: () => void client.request('notifications:pause', { minutes }).catch(fail),
      })),
      {
        id: 'resume',
        group: 'View',
        label: 'Resume notifications',
        run: () => void client.request('notifications:pause', { minutes: 0 }).catch(fail),
      },
      {
        id: 'demo-start',
        group: 'Sources',
        label: demoRunning ? 'Replay the demo from the start' : 'Start the demo',
        run: () => void client.request('demo:start', {}).then(refreshInfo).catch(fail),
      },
    ];
    if (demoRunning) {
      list.push({
        id: 'demo-stop',
        group: 'Sources',
        label: 'Stop the demo',
        run: () => void client.request('demo:stop', {}).then(refreshInfo).catch(fail),
      });
    }
    return list;
  }, [client, demoRunning, pagerDuty]);
}
