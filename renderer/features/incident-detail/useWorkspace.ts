import { useEffect } from 'react';
import type { VigilClient } from '../../api/vigilClient';
import { useAppStore } from '../../store/appSlice';
import { useWorkspaceStore } from '../../store/workspaceSlice';
import { runIncidentAction, selectedIncidentNow } from '../incidents/runIncidentAction';
import { focusComms, openForSelected } from './workspaceCommands';

/**
 * The workspace's live parts: outcomes of remote calls as they arrive, and its keys, which
 * mirror the palette: m mitigate, s silence, e escalate, d declare/undeclare, c comms. Ignored
 * while typing, with a modifier held, or while the palette or a form is open.
 */
export function useWorkspace(client: VigilClient): void {
  useEffect(() => client.on('incident:remote', (o) => useWorkspaceStore.getState().addRemote(o)), [client]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable))
        return;
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      if (document.querySelector('.palette') || useAppStore.getState().view !== 'incidents') return;
      if (e.key === 'm') {
        const inc = selectedIncidentNow();
        if (inc && inc.state !== 'resolved' && inc.phase !== 'mitigated')
          void runIncidentAction(client, 'mitigate', inc);
      } else if (e.key === 's') openForSelected('silence');
      else if (e.key === 'e') openForSelected('escalate');
      else if (e.key === 'd') openForSelected('declare');
      else if (e.key === 'c') focusComms();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [client]);
}
