import type { TimelineAnnotationInput } from '../../../shared/timeline/timelineAnnotation';
import type { VigilClient } from '../../api/vigilClient';
import { useAppStore } from '../../store/appSlice';
import { useTimelineStore } from '../../store/timelineSlice';
import { selectedIncidentNow } from '../incidents/runIncidentAction';

/**
 * `n` from anywhere: the note box of the selected incident's timeline, focused. The incidents
 * view comes back first if another screen was open, since the box lives in its right pane.
 */
export function openNoteBox(): void {
  const incident = selectedIncidentNow();
  const app = useAppStore.getState();
  if (!incident) {
    app.setError('Select an incident first: a note goes on its timeline.');
    return;
  }
  if (app.view !== 'incidents') app.setView('incidents');
  useTimelineStore.getState().openNote(incident.id);
}

/** Stores one annotation; the reply is the new timeline. Failures throw with main's words. */
export async function annotate(
  client: VigilClient,
  incidentId: string,
  annotation: TimelineAnnotationInput,
): Promise<void> {
  const view = await client.request('timeline:annotate', { incidentId, annotation });
  useTimelineStore.getState().load(view);
}

/** For one-click actions (star, milestone): the failure is shown like any other failed action. */
export function annotateOrReport(client: VigilClient, incidentId: string, annotation: TimelineAnnotationInput): void {
  annotate(client, incidentId, annotation).catch((err: Error) =>
    useAppStore.getState().setError(`Could not change the timeline: ${err.message}`),
  );
}
