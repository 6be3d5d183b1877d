import type { VigilClient } from '../api/vigilClient';
import { useAppStore } from './appSlice';
import { useIncidentsStore } from './incidentsSlice';
import { usePostMortemStore } from './postmortemSlice';
import { useSourcesStore } from './sourcesSlice';
import { useTimelineStore } from './timelineSlice';

/**
 * The one subscription that keeps the renderer's read model in step with the main side: a full
 * load on every (re)connection, then pushed changes. Screens never poll. Returns the unsubscribe.
 *
 * Each reply of the load is applied the moment it arrives, never held for the others: replies and
 * pushes come down one ordered channel, so a push that arrives after the incident list is newer
 * than it. Waiting for all four replies once put a list taken before a push over that push (an
 * incident first seen between the two replies never showed until it next changed).
 */
export function startVigilSync(client: VigilClient): () => void {
  const app = useAppStore.getState();
  const incidents = useIncidentsStore.getState();
  const sources = useSourcesStore.getState();
  const failed = (err: Error) => app.setError(`Could not load Vigil's state: ${err.message}`);
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
      // Policies first: the list's rows read them (SLA clocks, "judgment call").
      client.request('classification:policies', {}).then(app.setPolicies).catch(failed);
      client.request('app:info', {}).then(app.setInfo).catch(failed);
      client
        .request('incidents:list', {})
        .then((list) => incidents.applyDiff({ reset: true, changed: list, removed: [] }))
        .catch(failed);
      client.request('sources:list', {}).then(sources.setSources).catch(failed);
    }),
  ];
  return () => offs.forEach((off) => off());
}
