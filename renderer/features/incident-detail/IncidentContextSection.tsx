import { useEffect, useState } from 'react';
import type { Incident } from '../../../shared/domain/incident';
import type { IncidentContext } from '../../../shared/ipc/workspaceContract';
import { useClient } from '../../api/ClientContext';
import { clockTime } from '../../components/localTime';
import { SourceChip } from '../../components/SourceChip';
import { useWorkspaceStore } from '../../store/workspaceSlice';
import { ExternalLink } from './ExternalLink';
import { parseAckComment } from '../../../shared/incidents/ackSilenceComment';
import { loadContext, unsilenceIncident } from './workspaceActions';

/**
 * What the other systems say about the incident: PagerDuty's status and assignees, who is on
 * call, recent deploys for the service ("deployed 12 min before"), the sources that report it,
 * and its silences. Refetched when the incident changes (PagerDuty's status arrives with a poll).
 */
export function IncidentContextSection({ incident }: { incident: Incident }) {
  const client = useClient();
  const state = useWorkspaceStore((s) => s.context[incident.id]);
  useEffect(() => {
    const t = setTimeout(() => void loadContext(client, incident.id), 250);
    return () => clearTimeout(t);
  }, [client, incident.id, incident.updatedAt]);

  const ctx = state?.value ?? null;
  return (
    <>
      {state?.status === 'error' && (
        <p className="result-error small" role="alert">
          {state.error}
        </p>
      )}
      {ctx && <ContextBody incident={incident} ctx={ctx} />}
    </>
  );
}

function ContextBody({ incident, ctx }: { incident: Incident; ctx: IncidentContext }) {
  return (
    <>
      {(ctx.changes.length > 0 || ctx.pagerDuty.length > 0 || ctx.onCall.length > 0) && (
        <section className="detail-section" aria-labelledby="changes-h">
          <h2 id="changes-h">Changes and people</h2>
          {ctx.changes.length > 0 && (
            <ul className="changes" aria-label="Recent changes" data-testid="changes">
              {ctx.changes.map((c) => (
                <li key={`${c.at}-${c.summary}`}>
                  <span
                    className={`change-when num${c.minutesBefore >= 0 && c.minutesBefore <= 60 ? ' change-near' : ''}`}
                  >
                    {whenText(c.minutesBefore)}
                  </span>{' '}
                  {c.url ? <ExternalLink href={c.url}>{c.summary}</ExternalLink> : c.summary}
                  {c.source && <span className="muted small"> · {c.source}</span>}
                </li>
              ))}
            </ul>
          )}
          {ctx.pagerDuty.map((p) => (
            <p key={`${p.sourceId}/${p.id}`} className="pd-line" data-testid="pagerduty-status">
              <span className="chip chip-pagerduty">PagerDuty</span>{' '}
              {p.url ? <ExternalLink href={p.url}>{p.number ? `#${p.number}` : p.id}</ExternalLink> : p.id}{' '}
              <strong className={`pd-status pd-${p.status}`}>{p.status}</strong>
              {p.urgency && <span className="muted"> · {p.urgency} urgency</span>}
              {p.assignees.length > 0 && <span> · assigned to {p.assignees.join(', ')}</span>}
              {p.acknowledgedBy.length > 0 && <span> · acknowledged by {p.acknowledgedBy.join(', ')}</span>}
            </p>
          ))}
          {ctx.onCall.length > 0 && (
            <p className="oncall" data-testid="on-call">
              <span className="ev-label">on call</span>{' '}
              {ctx.onCall.map((o, i) => (
                <span key={`${o.escalationPolicy}-${o.level}-${o.user}`}>
                  {i > 0 && ', '}
                  <strong>{o.user}</strong>{' '}
                  <span className="muted small">
                    ({o.escalationPolicy} L{o.level}
                    {o.until ? `, until ${clockTime(o.until)}` : ''})
                  </span>
                </span>
              ))}
            </p>
          )}
        </section>
      )}
      <section className="detail-section" aria-labelledby="sources-h">
        <h2 id="sources-h">Reported by</h2>
        <ul className="merged-sources" data-testid="merged-sources">
          {ctx.sources.map((s) => (
            <li key={s.sourceId}>
              <SourceChip kind={s.kind} /> {s.sourceName}{' '}
              <span className="muted small num">
                {s.signals} signal{s.signals === 1 ? '' : 's'}
                {s.stale ? ' · stale' : ''}
              </span>
            </li>
          ))}
        </ul>
        <Silences incident={incident} ctx={ctx} />
        {ctx.problems.map((p) => (
          <p key={p} className="result-error small">
            {p}
          </p>
        ))}
      </section>
    </>
  );
}

function Silences({ incident, ctx }: { incident: Incident; ctx: IncidentContext }) {
  const client = useClient();
  const [error, setError] = useState<string | null>(null);
  if (!ctx.silences.length) return null;
  return (
    <>
      <ul className="silences" aria-label="Silences" data-testid="silences">
        {ctx.silences.map((s) => (
          <li key={s.id} data-state={s.state}>
            <span className={`silence-state silence-${s.state}`}>
              {s.state !== 'active' ? s.state : parseAckComment(s.comment) ? 'ack' : 'silenced'}
            </span>{' '}
            in {s.sourceName} until <span className="num">{clockTime(s.endsAt)}</span> by {s.createdBy}: {s.comment}{' '}
            {s.state !== 'expired' && (
              <button
                type="button"
                className="link-button"
                onClick={async () => setError(await unsilenceIncident(client, incident.id, s.id))}
              >
                Expire
              </button>
            )}
          </li>
        ))}
      </ul>
      {error && (
        <p className="result-error small" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

function whenText(minutesBefore: number): string {
  if (minutesBefore >= 0) return minutesBefore === 0 ? 'at the start' : `${fmtMin(minutesBefore)} before`;
  return `${fmtMin(-minutesBefore)} after`;
}

function fmtMin(m: number): string {
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}
