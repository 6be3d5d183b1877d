import type { Incident } from '../../shared/domain/incident';
import { MAX_INCIDENTS_PAGE, type IncidentsPage } from '../../shared/incidents/pageIncidents';
import type { IncidentsDiff } from '../../shared/ipc/contract';
import type { VigilClient } from '../api/vigilClient';
import { useAppStore } from './appSlice';
import { useIncidentsStore } from './incidentsSlice';
import { mergeIncidentDiffs } from './mergeIncidentDiffs';
import { usePostMortemStore } from './postmortemSlice';
import { useSourcesStore } from './sourcesSlice';
import { useTimelineStore } from './timelineSlice';

/**
 * The one subscription that keeps the renderer's read model in step with the main side: a full
 * load on every (re)connection, then pushed changes. Screens never poll. Returns the unsubscribe.
 *
 * Each reply of the load is applied the moment it arrives, never held for the others. The incident
 * list is a snapshot, and a push may be newer than it: over the browser bridge pushes and replies
 * share one ordered socket, but Electron's IPC promises no order between events and invoke replies.
 * So the pushes that arrive while the list is on its way are kept and applied again, in order,
 * over the list: each carries whole incidents, so the newest version of each wins either way.
 * (Waiting for all four replies once put a list taken before a push over that push, and an
 * incident first seen between the two never showed until it next changed.)
 *
 * The list comes in bounded pages (loadIncidents) and is applied once whole: a storm's 20,000
 * incidents in one 32 MB reply froze the page for seconds and, over the browser bridge, left the
 * host holding more unread bytes than it allows, so it dropped the connection, which loaded the
 * list again, forever.
 */
export function startVigilSync(client: VigilClient): () => void {
  const app = useAppStore.getState();
  const incidents = useIncidentsStore.getState();
  const sources = useSourcesStore.getState();
  const failed = (err: Error) => app.setError(`Could not load Vigil's state: ${err.message}`);
  /** Pushes since the incident list was asked for, while it is on its way (null otherwise). */
  let pushedDuringLoad: IncidentsDiff[] | null = null;
  let loads = 0;
  const offs = [
    client.on('incidents:changed', (diff) => {
      incidents.pushDiff(diff);
      pushedDuringLoad?.push(diff);
    }),
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
      const load = ++loads;
      pushedDuringLoad = [];
      loadIncidents(client, () => load !== loads)
        .then((list) => {
          if (list === null) return; // a newer connection's load supersedes this one
          // One apply: the list, then every push since it was asked for, in order.
          incidents.applyDiff(
            mergeIncidentDiffs([{ reset: true, changed: list, removed: [] }, ...(pushedDuringLoad ?? [])]),
          );
          pushedDuringLoad = null;
        })
        .catch((err: Error) => {
          if (load === loads) pushedDuringLoad = null;
          failed(err);
        });
      client.request('sources:list', {}).then(sources.setSources).catch(failed);
    }),
  ];
  return () => offs.forEach((off) => off());
}

/**
 * Every incident, a page at a time (pageOfIncidents: each present throughout is on one page; those
 * that come, go or change meanwhile are in the pushes kept beside the load). Null when `superseded`
 * says a newer load began, which then stops asking.
 */
async function loadIncidents(client: VigilClient, superseded: () => boolean): Promise<Incident[] | null> {
  const all: Incident[] = [];
  let after: string | null = null;
  do {
    const page: IncidentsPage = await client.request(
      'incidents:page',
      after === null ? { limit: MAX_INCIDENTS_PAGE } : { after, limit: MAX_INCIDENTS_PAGE },
    );
    if (superseded()) return null;
    for (const incident of page.incidents) all.push(incident);
    after = page.next;
  } while (after !== null);
  return all;
}
