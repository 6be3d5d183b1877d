import { incidentSubject } from '../../../shared/domain/alertSubject';
import type { Incident } from '../../../shared/domain/incident';
import { clockTime } from '../../components/localTime';
import { RelativeTime } from '../../components/RelativeTime';
import { SeverityBadge } from '../../components/SeverityBadge';
import { useNow } from '../../components/useNow';
import { formatDuration } from '../../../shared/classify/duration';
import { slaClocks } from '../../../shared/incidents/slaClocks';
import { useAppStore } from '../../store/appSlice';
import { CommsSection } from '../incident-detail/CommsSection';
import { EvidenceSection } from '../incident-detail/EvidenceSection';
import { ExternalLink } from '../incident-detail/ExternalLink';
import { IncidentContextSection } from '../incident-detail/IncidentContextSection';
import { incidentLinks } from '../incident-detail/incidentLinks';
import { DeclarationTag } from '../incident-detail/WorkspaceButtons';
import { WorkspaceDialog } from '../incident-detail/WorkspaceDialog';
import '../incident-detail/workspace.css';
import { IncidentActions } from './IncidentActions';
import { SilenceTag } from './SilenceTag';
import { PeopleLine } from '../people/PeopleOnIt';
import { RunbookSection } from '../runbook/RunbookSection';

/** What is broken, how bad, since when, and what to look at: the headline of one incident. */
export function IncidentDetail({ incident }: { incident: Incident }) {
  const now = useNow(5_000);
  const top = incident.signals[0];
  const labels = top ? Object.entries(top.labels).sort(([a], [b]) => a.localeCompare(b)) : [];
  const links = incidentLinks(incident);
  const subject = incidentSubject(incident);
  return (
    <article className="detail" aria-label={`Incident ${incident.title}`}>
      <header className="detail-head">
        <SeverityBadge severity={incident.severity} />
        <h1>{incident.title}</h1>
        {subject && (
          <span className="subject" data-testid="incident-subject">
            {subject}
          </span>
        )}
        <span className={`state-pill state-${incident.state}`}>{incident.state}</span>
        <DeclarationTag incident={incident} />
      </header>
      <p className="reason" data-testid="incident-reason">
        {incident.classification.reason}
      </p>
      {incident.classification.whyNotHigher && <p className="why-not muted">{incident.classification.whyNotHigher}</p>}
      <p className="since">
        since <span className="num">{clockTime(incident.startedAt)}</span> (
        <RelativeTime iso={incident.startedAt} now={now} />)
        {incident.state === 'resolved' && incident.resolvedAt && (
          <>
            {' '}
            · resolved <RelativeTime iso={incident.resolvedAt} now={now} suffix=" ago" />
          </>
        )}
        {incident.stale && <span className="stale-tag">stale: source not answering, last state shown</span>}
      </p>
      <SilenceTag incident={incident} long />
      <SlaLine incident={incident} now={now} />
      <PeopleLine incident={incident} now={now} />
      <IncidentActions incident={incident} />
      {incident.summary && <p className="summary">{incident.summary}</p>}
      {top?.annotations.description && <p className="description">{top.annotations.description}</p>}

      <EvidenceSection incident={incident} />
      <IncidentContextSection incident={incident} />
      {links.length > 0 && (
        <section className="detail-section" aria-labelledby="links-h">
          <h2 id="links-h">What to check first</h2>
          <ul className="links">
            {links.map((l) => (
              <li key={l.href}>
                <ExternalLink href={l.href}>{l.name}</ExternalLink> <span className="muted link-url">{l.href}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <RunbookSection incident={incident} />
      <CommsSection incident={incident} />
      <section className="detail-section" aria-labelledby="labels-h">
        <h2 id="labels-h">Labels</h2>
        <ul className="labels">
          {labels.map(([k, v]) => (
            <li key={k}>
              <span className="label-key">{k}</span>=<span className="label-value">{v}</span>
            </li>
          ))}
        </ul>
      </section>
      <WorkspaceDialog incident={incident} />
    </article>
  );
}

/** The ack or mitigate clock stopped because the incident resolved, not because anyone did it. */
function stoppedByResolve(incident: Incident, kind: string): boolean {
  if (kind === 'ack') return !incident.acknowledgedAt;
  if (kind === 'mitigate') return !incident.mitigatedAt;
  return false;
}

/** Every SLA clock of the incident: due, met or breached, breached in red. */
function SlaLine({ incident, now }: { incident: Incident; now: number }) {
  const policy = useAppStore((s) => s.policies[incident.severity]);
  if (!policy) return null;
  const { clocks } = slaClocks(incident, policy, now);
  if (!clocks.length) return null;
  return (
    <ul className="sla-line" aria-label="Response SLAs">
      {clocks.map((c) => (
        <li
          key={c.kind}
          className={
            c.breached ? 'sla-breached' : c.metAt && !stoppedByResolve(incident, c.kind) ? 'sla-met' : 'sla-running'
          }
        >
          <span className="sla-kind">{c.kind}</span>{' '}
          {c.metAt && stoppedByResolve(incident, c.kind)
            ? `not ${c.kind === 'ack' ? 'acknowledged' : 'marked mitigated'} (resolved at ${clockTime(c.metAt)})`
            : c.metAt
              ? `met${c.breached ? ' late' : ''} at ${clockTime(c.metAt)}`
              : c.msLeft! >= 0
                ? `due in ${formatDuration(c.msLeft!)}`
                : `overdue ${formatDuration(-c.msLeft!)}`}
        </li>
      ))}
    </ul>
  );
}
