import type { Incident } from '../../../shared/domain/incident';
import { clockTime, RelativeTime } from '../../components/RelativeTime';
import { SeverityBadge } from '../../components/SeverityBadge';
import { SourceChip } from '../../components/SourceChip';
import { useNow } from '../../components/useNow';
import { formatDuration } from '../../../shared/classify/duration';
import { slaClocks } from '../../../shared/incidents/slaClocks';
import { useAppStore } from '../../store/appSlice';
import { IncidentActions } from './IncidentActions';

/** What is broken, how bad, since when, and what to look at: the headline of one incident. */
export function IncidentDetail({ incident }: { incident: Incident }) {
  const now = useNow(5_000);
  const top = incident.signals[0];
  const labels = top ? Object.entries(top.labels).sort(([a], [b]) => a.localeCompare(b)) : [];
  const links = top ? linksOf(top.annotations) : [];
  return (
    <article className="detail" aria-label={`Incident ${incident.title}`}>
      <header className="detail-head">
        <SeverityBadge severity={incident.severity} />
        <h1>{incident.title}</h1>
        <span className={`state-pill state-${incident.state}`}>{incident.state}</span>
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
      <SlaLine incident={incident} now={now} />
      <IncidentActions incident={incident} />
      {incident.summary && <p className="summary">{incident.summary}</p>}
      {top?.annotations.description && <p className="description">{top.annotations.description}</p>}

      <section className="detail-section">
        <h2>Evidence</h2>
        <dl className="facts">
          <dt>value</dt>
          <dd className="num">{top?.value ?? 'n/a'}</dd>
          <dt>rule</dt>
          <dd>
            <code>{incident.classification.ruleId}</code>
          </dd>
          <dt>sources</dt>
          <dd>
            {incident.sourceKinds.map((k) => (
              <SourceChip key={k} kind={k} />
            ))}{' '}
            <span className="muted num">
              {incident.signals.length} alert{incident.signals.length === 1 ? '' : 's'}
            </span>
          </dd>
        </dl>
      </section>

      {links.length > 0 && (
        <section className="detail-section">
          <h2>What to check first</h2>
          <ul className="links">
            {links.map(([name, href]) => (
              <li key={name}>
                <a href={href} target="_blank" rel="noreferrer noopener">
                  {name}
                </a>{' '}
                <span className="muted">{href}</span>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section className="detail-section">
        <h2>Labels</h2>
        <ul className="labels">
          {labels.map(([k, v]) => (
            <li key={k}>
              <span className="label-key">{k}</span>=<span className="label-value">{v}</span>
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
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
        <li key={c.kind} className={c.breached ? 'sla-breached' : c.metAt ? 'sla-met' : 'sla-running'}>
          <span className="sla-kind">{c.kind}</span>{' '}
          {c.metAt
            ? `met${c.breached ? ' late' : ''} at ${clockTime(c.metAt)}`
            : c.msLeft! >= 0
              ? `due in ${formatDuration(c.msLeft!)}`
              : `overdue ${formatDuration(-c.msLeft!)}`}
        </li>
      ))}
    </ul>
  );
}

const LINK_ANNOTATIONS = ['runbook_url', 'runbook', 'dashboard', 'dashboard_url'];

/** Only http(s) links from annotations are shown; anything else stays text (never a javascript: URL). */
function linksOf(annotations: Record<string, string>): [string, string][] {
  return LINK_ANNOTATIONS.flatMap((key) => {
    const href = annotations[key];
    if (!href) return [];
    try {
      const u = new URL(href);
      return u.protocol === 'http:' || u.protocol === 'https:'
        ? [[key.replace(/_url$/, ''), u.href] as [string, string]]
        : [];
    } catch {
      return [];
    }
  });
}
