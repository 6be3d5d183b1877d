import { useEffect } from 'react';
import type { VigilClient } from '../api/vigilClient';
import { useAppStore } from './appSlice';
import { useIncidentsStore } from './incidentsSlice';
import { usePostMortemStore } from './postmortemSlice';
import { useSourcesStore } from './sourcesSlice';
import { useTimelineStore } from './timelineSlice';

/**
 * The one subscription that keeps the renderer's read model in step with the main side:
 * a full load on every (re)connection, then pushed diffs. Screens never poll.
 */
export function useVigilSync(client: VigilClient): void {
  useEffect(() => {
    const app = useAppStore.getState();
    const incidents = useIncidentsStore.getState();
    const sources = useSourcesStore.getState();
    const offs = [
      client.on('incidents:changed', (diff) => incidents.applyDiff(diff)),
      client.on('sources:health', (health) => sources.setHealth(health)),
      client.on('app:notices', (notices) => app.setNotices(notices)),
      client.on('notifications:health', (health) => app.setNotifierHealth(health)),
      client.on('timeline:appended', ({ events }) =>
        useTimelineStore.getState().invalidate(events.map((e) => e.incidentId)),
      ),
      client.on('timeline:annotated', ({ incidentId }) => useTimelineStore.getState().invalidate([incidentId])),
      client.on('postmortems:changed', () => usePostMortemStore.getState().changed()),
      client.on('notify:clicked', ({ incidentId }) => {
        app.setView('incidents');
        incidents.select(incidentId);
      }),
      client.onConnection((state) => {
        app.setConnection(state);
        if (state.status !== 'open') return;
        // Whatever changed while disconnected: timelines and post-mortem lists reload.
        useTimelineStore.getState().invalidate(Object.keys(useTimelineStore.getState().views));
        usePostMortemStore.getState().changed();
        Promise.all([
          client.request('app:info', {}),
          client.request('incidents:list', {}),
          client.request('sources:list', {}),
          client.request('classification:policies', {}),
        ])
          .then(([info, list, srcs, policies]) => {
            app.setInfo(info);
            app.setPolicies(policies);
            incidents.applyDiff({ reset: true, changed: list, removed: [] });
            sources.setSources(srcs);
          })
          .catch((err: Error) => app.setError(`Could not load Vigil's state: ${err.message}`));
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [client]);
}
