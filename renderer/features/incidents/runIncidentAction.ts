import type { Incident } from '../../../shared/domain/incident';
import type { VigilClient } from '../../api/vigilClient';
import { useAppStore } from '../../store/appSlice';
import { selectSelectedIncident, useIncidentsStore } from '../../store/incidentsSlice';

export type IncidentAction = 'ack' | 'mitigate' | 'resolve';

const CHANNEL = { ack: 'incident:ack', mitigate: 'incident:mitigate', resolve: 'incident:resolve' } as const;
const WORDS = { ack: 'acknowledge', mitigate: 'mark as mitigated', resolve: 'resolve' } as const;

/** Runs an action on an incident; the reply updates the read model, a refusal is shown in words. */
export async function runIncidentAction(
  client: VigilClient,
  action: IncidentAction,
  incident: Incident,
): Promise<void> {
  try {
    const updated = await client.request(CHANNEL[action], { id: incident.id });
    useIncidentsStore.getState().applyDiff({ reset: false, changed: [updated], removed: [] });
  } catch (err) {
    useAppStore.getState().setError(`Could not ${WORDS[action]} ${incident.title}: ${(err as Error).message}`);
  }
}

/** The selected incident, for keyboard shortcuts and palette commands. */
export function selectedIncidentNow(): Incident | null {
  return selectSelectedIncident(useIncidentsStore.getState());
}
