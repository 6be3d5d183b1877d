import type { Incident } from '../../../shared/domain/incident';
import { useClient } from '../../api/ClientContext';
import { RemoteStatus, WorkspaceButtons } from '../incident-detail/WorkspaceButtons';
import { runIncidentAction } from './runIncidentAction';

/** What can be done to the incident now, each with its keyboard shortcut. */
export function IncidentActions({ incident }: { incident: Incident }) {
  const client = useClient();
  const phase =
    incident.phase ??
    (incident.state === 'acknowledged' ? 'acknowledged' : incident.state === 'resolved' ? 'resolved' : 'detected');
  // A resolved incident has nothing left to do, but the outcome of earlier calls still shows.
  if (phase === 'resolved') return <RemoteStatus incident={incident} />;
  const unacked = phase === 'detected' || phase === 'notified';
  return (
    <>
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
          <button type="button" onClick={() => runIncidentAction(client, 'mitigate', incident)} aria-keyshortcuts="m">
            Mark mitigated <kbd>m</kbd>
          </button>
        )}
        <button type="button" onClick={() => runIncidentAction(client, 'resolve', incident)}>
          Resolve
        </button>
        <WorkspaceButtons incident={incident} />
      </div>
      <RemoteStatus incident={incident} />
    </>
  );
}
