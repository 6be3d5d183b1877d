import { formatDuration } from '../../../shared/classify/duration';
import type { HandoffView } from '../../../shared/ipc/insightsContract';
import { SeverityBadge } from '../../components/SeverityBadge';
import { useInsightsStore } from '../../store/insightsSlice';
import { capitalise } from './capitalise';
import { ExportButtons } from './ExportButtons';
import { Problems, ReportError } from './MetricsPanel';
import { useReport } from './useReport';

const SHIFTS = [4, 8, 12, 24] as const;
const SLA_WORDS = { breached: 'SLA breached', 'due-soon': 'SLA due soon', ok: 'SLA ok' } as const;

/** The shift handoff: what the next person needs, written as you leave, to copy or save. */
export function HandoffPanel() {
  const hours = useInsightsStore((s) => s.shiftHours);
  const { data, error, reload, loading } = useReport('insights:handoff', { hours });
  return (
    <section className="insights-section" aria-label="Shift handoff">
      <div className="insights-controls">
        <span className="segmented" role="group" aria-label="Shift length">
          {SHIFTS.map((h) => (
            <button
              key={h}
              type="button"
              className={h === hours ? 'toggle on' : 'toggle'}
              aria-pressed={h === hours}
              onClick={() => useInsightsStore.getState().setShiftHours(h)}
            >
              Last {h} h
            </button>
          ))}
        </span>
        <button type="button" onClick={reload} disabled={loading} title="Write the handoff again as of now">
          Refresh
        </button>
        {data && <ExportButtons what="handoff" fileName={data.fileName} markdown={data.markdown} />}
      </div>
      {error ? (
        <ReportError error={error} retry={reload} />
      ) : !data ? (
        <p role="status">Writing the handoff…</p>
      ) : (
        <HandoffBody data={data} />
      )}
    </section>
  );
}

function HandoffBody({ data }: { data: HandoffView }) {
  const h = data.handoff;
  const hp = h.happened;
  return (
    <>
      <p className="muted">
        Shift {localTime(h.shift.from)} to {localTime(h.shift.to)}
        {h.shift.engineer ? `, handed over by ${h.shift.engineer}` : ''}.
      </p>

      <h2>Open incidents ({h.open.length})</h2>
      {h.open.length === 0 ? (
        <p className="muted">None: nothing is open.</p>
      ) : (
        <ul className="handoff-open">
          {h.open.map((o) => (
            <li key={o.incidentId}>
              <SeverityBadge severity={o.severity} /> <strong>{o.title}</strong>{' '}
              <span className={`sla-state sla-${o.slaState}`}>{SLA_WORDS[o.slaState]}</span>
              <div className="muted small">
                {o.phase}, {o.acknowledgedBy ? `acknowledged by ${o.acknowledgedBy}` : 'not acknowledged'}, open{' '}
                {formatDuration(o.openForMs)}. {o.slaText}
              </div>
            </li>
          ))}
        </ul>
      )}

      <h2>What happened</h2>
      <p className="num">
        {hp.opened} incident{hp.opened === 1 ? '' : 's'} opened, {hp.resolved} resolved, {hp.pages} page
        {hp.pages === 1 ? '' : 's'} during the shift.
      </p>
      {hp.incidents.map((inc) => (
        <div key={inc.incidentId} className="handoff-incident">
          <h3>
            <SeverityBadge severity={inc.severity} /> {inc.title}{' '}
            <span className="muted small">({inc.resolved ? 'resolved' : 'open'})</span>
          </h3>
          <ul className="handoff-entries">
            {inc.entries.map((e) => (
              <li key={e.id}>
                <time dateTime={e.at} className="num" title={utcTime(e.at)}>
                  {clock(e.at)}
                </time>{' '}
                {e.kind === 'note' ? `note by ${e.actor}: ${e.text}` : e.text}
                {e.starred ? ' ★' : ''}
              </li>
            ))}
          </ul>
        </div>
      ))}

      <h2>Notes</h2>
      {h.notes.length === 0 ? (
        <p className="muted">No notes during the shift.</p>
      ) : (
        <ul className="plain-list">
          {h.notes.map((n) => (
            <li key={`${n.incidentId}-${n.at}-${n.text}`}>
              <time dateTime={n.at} className="num" title={utcTime(n.at)}>
                {clock(n.at)}
              </time>{' '}
              <strong>{n.title}</strong>, {n.author}: {n.text}
            </li>
          ))}
        </ul>
      )}

      <h2>Open action items</h2>
      {!data.actionItems.available ? (
        <p className="not-known" data-testid="action-items-unknown">
          <strong>Not known.</strong> {capitalise(data.actionItems.message ?? '')}
        </p>
      ) : h.actionItems.length === 0 ? (
        <p className="muted">None open.</p>
      ) : (
        <ul className="plain-list">
          {h.actionItems.map((a) => (
            <li key={`${a.incidentId}-${a.id}`}>
              <span className={a.overdue ? 'over-budget num' : 'num'}>
                {a.due === null ? 'no date' : a.overdue ? `${a.due} overdue` : a.due}
              </span>{' '}
              {a.what}{' '}
              <span className="muted">
                ({a.owner ?? 'nobody yet'}, from {a.from})
              </span>
            </li>
          ))}
        </ul>
      )}
      {data.actionItems.available && data.actionItems.message && (
        <p className="muted small">{data.actionItems.message}</p>
      )}

      <h2>On call next</h2>
      {h.nextOnCall === null ? (
        <p className="not-known" data-testid="on-call-unknown">
          <strong>Not known.</strong> {capitalise(data.onCall.message)} Check the schedule before leaving.
        </p>
      ) : h.nextOnCall.length === 0 ? (
        <p className="muted">PagerDuty lists nobody on call next: check the schedule before leaving.</p>
      ) : (
        <>
          <ul className="plain-list" data-testid="on-call-next">
            {h.nextOnCall.map((o) => (
              <li key={`${o.name}-${o.level}-${o.schedule}`}>
                <strong>{o.name}</strong>{' '}
                <span className="muted">
                  {[
                    o.level !== null ? `level ${o.level}` : null,
                    o.schedule,
                    o.until ? `until ${localTime(o.until)}` : null,
                  ]
                    .filter(Boolean)
                    .join(', ')}
                </span>
              </li>
            ))}
          </ul>
          <p className="muted small">{capitalise(data.onCall.message)}.</p>
        </>
      )}

      <details className="markdown-preview">
        <summary>Markdown</summary>
        <pre>{data.markdown}</pre>
      </details>
      {data.problems.length > 0 && <Problems problems={data.problems} />}
    </>
  );
}

function clock(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' });
}

function localTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

function utcTime(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}
