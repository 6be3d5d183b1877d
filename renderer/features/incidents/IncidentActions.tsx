import type { Incident } from '../../../shared/domain/incident';
import { useClient } from '../../api/ClientContext';
import { runIncidentAction } from './runIncidentAction';

/** What can be done to the incident now, each with its keyboard shortcut. */
export function IncidentActions({ incident }: { incident: Incident }) {
  const client = useClient();
  const phase =
    incident.phase ??
    (incident.state === 'acknowledged' ? 'acknowledged' : incident.state === 'resolved' ? 'resolved' : 'detected');
  if (phase === 'resolved') return null;
  const unacked = phase === 'detected' || phase === 'notified';
  return (
    <div className="actions" role="toolbar" aria-label="Incident actions">
      {unacked && (
        <button
          type="button"
          className="primary"
          onClick={() => runIncidentAction(client, 'ack', incident)}
          aria-keyshortcuts="a"
        >
          Acknowledge <kbd>a</kbd>
        </button>
      )}
      {phase !== 'mitigated' && (
        <button type="button" onClick={() => runIncidentAction(client, 'mitigate', incident)}>
          Mark mitigated
        </button>
      )}
      <button type="button" onClick={() => runIncidentAction(client, 'resolve', incident)}>
        Resolve
      </button>
    </div>
  );
}
