import type { Incident } from '../../../shared/domain/incident';
import type { RemoteOutcome } from '../../../shared/ipc/workspaceContract';
import { useClient } from '../../api/ClientContext';
import { useAppStore } from '../../store/appSlice';
import { useWorkspaceStore } from '../../store/workspaceSlice';
import { runIncidentAction } from '../incidents/runIncidentAction';

const EMPTY: Record<string, RemoteOutcome> = {};

/** Silence, escalate and declare: the workspace's actions beside the lifecycle ones, each with its key. */
export function WorkspaceButtons({ incident }: { incident: Incident }) {
  const open = useWorkspaceStore((s) => s.openDialog);
  const judgment = useAppStore((s) => s.policies[incident.severity]?.declare === 'judgment');
  const declared = incident.declaration?.declared === true;
  return (
    <>
      <button type="button" onClick={() => open('silence', incident.id)} aria-keyshortcuts="s">
        Silence… <kbd>s</kbd>
      </button>
      {incident.severity !== 'P0' && (
        <button type="button" onClick={() => open('escalate', incident.id)} aria-keyshortcuts="e">
          Escalate… <kbd>e</kbd>
        </button>
      )}
      {judgment && (
        <button
          type="button"
          onClick={() => open(declared ? 'undeclare' : 'declare', incident.id)}
          aria-keyshortcuts="d"
        >
          {declared ? 'Undeclare…' : 'Declare…'} <kbd>d</kbd>
        </button>
      )}
    </>
  );
}

/** Whether it is a declared incident: by the matrix (P0/P1) or by someone's call (P2/P3). */
export function DeclarationTag({ incident }: { incident: Incident }) {
  const policy = useAppStore((s) => s.policies[incident.severity]);
  if (!policy) return null;
  const d = incident.declaration;
  if (policy.declare === 'auto') return <span className="decl-tag decl-auto">declared (auto)</span>;
  if (d?.declared) {
    return (
      <span className="decl-tag decl-yes" title={d.reason ?? undefined}>
        declared by {d.by}
      </span>
    );
  }
  return (
    <span
      className="decl-tag decl-no"
      title={d ? `undeclared by ${d.by}${d.reason ? `: ${d.reason}` : ''}` : undefined}
    >
      {d ? 'not an incident' : 'judgment call'}
    </span>
  );
}

/**
 * What became of the calls made elsewhere for this incident: PagerDuty acks and Alertmanager
 * silences in flight, done, or failed with the reason and a way to try again. A failure is an
 * alert for screen readers; what the person did locally stands regardless.
 */
export function RemoteStatus({ incident }: { incident: Incident }) {
  const client = useClient();
  const outcomes = useWorkspaceStore((s) => s.remote[incident.id] ?? EMPTY);
  const open = useWorkspaceStore((s) => s.openDialog);
  const list = Object.values(outcomes).sort((a, b) => a.at.localeCompare(b.at));
  if (!list.length) return null;
  return (
    <ul className="remote-status" aria-label="Calls to PagerDuty and Alertmanager">
      {list.map((o) => (
        <li
          key={`${o.action}|${o.sourceId}`}
          className={`remote remote-${o.status}`}
          data-testid="remote-outcome"
          data-status={o.status}
          data-action={o.action}
        >
          {o.status === 'failed' ? (
            <span role="alert">
              {o.message}{' '}
              {o.action === 'ack' && (
                <button
                  type="button"
                  className="link-button"
                  onClick={() => void runIncidentAction(client, 'ack', incident)}
                >
                  Retry the PagerDuty ack
                </button>
              )}
              {o.action === 'silence' && (
                <button type="button" className="link-button" onClick={() => open('silence', incident.id)}>
                  Try the silence again
                </button>
              )}
            </span>
          ) : (
            <span role={o.status === 'pending' ? 'status' : undefined}>
              {o.status === 'ok' ? '✓ ' : ''}
              {o.message}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
