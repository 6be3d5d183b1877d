import { useAppStore } from '../../store/appSlice';
import { findIncident, useIncidentsStore } from '../../store/incidentsSlice';
import { usePostMortemStore } from '../../store/postmortemSlice';
import { selectedIncidentNow } from '../incidents/runIncidentAction';

/** Opens an incident's post-mortem in the centre pane (the selected incident's by default). */
export function openPostMortem(incidentId?: string): void {
  const id = incidentId ?? selectedIncidentNow()?.id;
  const app = useAppStore.getState();
  if (!id) {
    app.setError('Select an incident first: its post-mortem opens beside its timeline.');
    return;
  }
  if (app.view !== 'incidents') app.setView('incidents');
  useIncidentsStore.getState().select(id);
  usePostMortemStore.getState().open(id);
}

/**
 * Gives the centre pane back to the incident (Esc), after saving what was typed. Returns false
 * when no editor was open, so Esc can do its usual job.
 */
export function closePostMortem(): boolean {
  const pm = usePostMortemStore.getState();
  if (!pm.editing) return false;
  // An incident the list no longer holds (it left memory) has no detail to return to: back to
  // the post-mortems it was opened from.
  const known = findIncident(useIncidentsStore.getState().ordered, pm.editing);
  void pm.flush?.();
  pm.close();
  if (!known) useAppStore.getState().setView('postmortems');
  return true;
}
