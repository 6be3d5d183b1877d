import { useEffect } from 'react';
import type { VigilClient } from '../../api/vigilClient';
import { useRunbookStore } from '../../store/runbookSlice';
import { loadRunbooks } from './runbookActions';

/**
 * Keeps the runbook side of the incident on screen current: the library was reloaded (a file
 * in the user folder changed), or the walkthrough changed without this window asking (another
 * window acted, a timebox ran out). The main side only says what changed; this asks for it.
 */
export function useRunbookSync(client: VigilClient, incidentId: string | null): void {
  useEffect(() => {
    const offs = [
      client.on('runbooks:changed', (library) => {
        useRunbookStore.getState().setLibrary(library);
        if (incidentId) void loadRunbooks(client, incidentId);
      }),
      client.on('runbook:walkthrough-changed', (e) => {
        if (e.incidentId === incidentId) void loadRunbooks(client, incidentId);
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [client, incidentId]);
}
