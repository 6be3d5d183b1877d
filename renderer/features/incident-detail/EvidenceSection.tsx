import { useEffect } from 'react';
import { formatDuration } from '../../../shared/classify/duration';
import type { Incident } from '../../../shared/domain/incident';
import type { IncidentEvidence, SeriesCapture } from '../../../shared/evidence/evidenceModel';
import { useClient } from '../../api/ClientContext';
import { clockTime, clockWithSeconds } from '../../components/localTime';
import { useWorkspaceStore } from '../../store/workspaceSlice';
import { Sparkline } from './Sparkline';
import { loadEvidence } from './workspaceActions';

const EXPR_FROM: Record<NonNullable<SeriesCapture['exprFrom']>, string> = {
  'rules-api': "from Prometheus's rule list",
  'generator-url': "from the alert's generatorURL",
  demo: 'from the demo scenario',
};

/**
 * Evidence: the alert's value against the threshold it crossed, and its series over the hour
 * before it fired (kept for the post-mortem), with a fresh capture on request.
 */
export function EvidenceSection({ incident }: { incident: Incident }) {
  const client = useClient();
  const state = useWorkspaceStore((s) => s.evidence[incident.id]);
  useEffect(() => {
    // A short wait, so flicking through the list with j/k does not query Prometheus for every row.
    const t = setTimeout(() => void loadEvidence(client, incident.id), 150);
    return () => clearTimeout(t);
  }, [client, incident.id]);

  const ev = state?.value ?? null;
  return (
    <section className="detail-section evidence" aria-labelledby="evidence-h">
      <div className="section-head">
        <h2 id="evidence-h">Evidence</h2>
        <button
          type="button"
          className="link-button"
          onClick={() => void loadEvidence(client, incident.id, true)}
          disabled={state?.status === 'loading'}
        >
          {state?.status === 'loading' ? 'Reading…' : 'Refresh graph'}
        </button>
      </div>
      {state?.status === 'error' && (
        <p className="result-error small" role="alert">
          {state.error}
        </p>
      )}
      {ev ? (
        <EvidenceBody incident={incident} ev={ev} />
      ) : (
        state?.status !== 'error' && <p className="muted small">Reading the evidence…</p>
      )}
      {/* The deciding rule, when the threshold line does not already name it (escalation, fallback). */}
      {(!ev?.threshold || ev.threshold.ruleId !== incident.classification.ruleId) && (
        <p className="small muted">{classifiedBy(incident.classification.ruleId)}</p>
      )}
    </section>
  );
}

function EvidenceBody({ incident, ev }: { incident: Incident; ev: IncidentEvidence }) {
  const threshold = ev.threshold;
  const crossed = ev.value !== null && threshold !== null && holds(ev.value, threshold.op, threshold.value);
  // A later capture is worth a second graph only once time has moved on from the first.
  const later = ev.latest && (!ev.first || Date.parse(ev.latest.to) - Date.parse(ev.first.to) > 30_000);
  const captures = [ev.first, later ? ev.latest : null].filter((c): c is SeriesCapture => c !== null);
  const subject = incident.title;
  return (
    <>
      <p className="evidence-value" data-testid="evidence-value">
        <span className="ev-label">value</span>{' '}
        <strong className="num" data-testid="evidence-current">
          {ev.valueText ?? 'not reported'}
        </strong>
        {threshold && (
          <>
            {' '}
            <span className="muted">vs threshold</span>{' '}
            <strong className={`num${crossed ? ' ev-crossed' : ''}`} data-testid="evidence-threshold">
              {threshold.text}
            </strong>{' '}
            <span className="muted small">
              ({threshold.from === 'rule' ? `matrix rule ${threshold.ruleId}` : "the alert's own expression"})
            </span>
          </>
        )}
      </p>
      {ev.problems.map((p) => (
        <p key={p} className="result-error small">
          {p}
        </p>
      ))}
      <div className="captures">
        {captures.map((c, i) => (
          <figure
            key={`${i}-${c.capturedAt}`}
            className="capture"
            data-testid="evidence-capture"
            data-trigger={c.trigger}
          >
            {c.points.length > 0 ? (
              <Sparkline
                capture={c}
                threshold={threshold?.value ?? null}
                unit={ev.unit}
                label={`${subject} ${i === 0 ? 'before it was captured' : 'now'}`}
              />
            ) : (
              <p className="spark-empty small" role="note">
                No graph: {c.problem ?? 'no samples'}
                {c.awaitsClick && (
                  <>
                    {' '}
                    <RunAlertExpression incidentId={incident.id} />
                  </>
                )}
              </p>
            )}
            <figcaption className="muted small">
              {captionOf(c, i)}
              {c.plotted && (
                <>
                  <br />
                  <code title={c.expr ? `alert expression: ${c.expr}` : undefined}>{c.plotted}</code>{' '}
                  {c.exprFrom && <span>{EXPR_FROM[c.exprFrom]}</span>}
                </>
              )}
            </figcaption>
          </figure>
        ))}
      </div>
    </>
  );
}

/** The alert chose this expression (its generatorURL): it runs with the source's credentials only on a click. */
function RunAlertExpression({ incidentId }: { incidentId: string }) {
  const client = useClient();
  return (
    <button type="button" className="link-button" onClick={() => void loadEvidence(client, incidentId, true, true)}>
      Run the alert&apos;s expression
    </button>
  );
}

function classifiedBy(ruleId: string) {
  if (ruleId === 'manual') return 'severity set by hand (see the reason above)';
  if (ruleId === 'escalation') return 'severity raised by progressive escalation while unacknowledged';
  return (
    <>
      classified by <code>{ruleId}</code>
    </>
  );
}

function captionOf(c: SeriesCapture, index: number): string {
  const ms = Date.parse(c.to) - Date.parse(c.from);
  // A series younger than the hour is drawn from its start: say how long it covers, to the second when short.
  const clock = (iso: string) => (ms < 10 * 60_000 ? clockWithSeconds(iso) : clockTime(iso));
  const last = ms >= 59 * 60_000 ? 'the last hour ' : ms >= 2000 ? `the last ${formatDuration(ms)} ` : '';
  const span = `${clock(c.from)}–${clock(c.to)}, ${c.sourceName}`;
  if (index === 0 && c.trigger === 'fired') return `At fire time: ${last}(${span}), kept for the post-mortem`;
  if (index === 0) return `When first opened: ${last}(${span}), kept for the post-mortem`;
  return `Now: ${last}(${span})`;
}

function holds(v: number, op: string, limit: number): boolean {
  switch (op) {
    case '>':
      return v > limit;
    case '>=':
      return v >= limit;
    case '<':
      return v < limit;
    case '<=':
      return v <= limit;
    case '==':
      return v === limit;
    default:
      return v !== limit;
  }
}
