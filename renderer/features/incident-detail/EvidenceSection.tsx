import { useEffect } from 'react';
import { formatDuration } from '../../../shared/classify/duration';
import { formatValue, type ValueUnit } from '../../../shared/classify/formatValue';
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
  // The plotted text already says so ("the demo scenario's samples of ...").
  demo: '',
};

/** Fewer samples draw a line that says nothing (one or two points are a flat or straight line). */
const MIN_POINTS = 3;

/**
 * Evidence: the alert's value against the threshold it crossed, and its series over the hour
 * before it fired (kept for the post-mortem), with a fresh capture on request.
 */
export function EvidenceSection({ incident }: { incident: Incident }) {
  const client = useClient();
  const state = useWorkspaceStore((s) => s.evidence[incident.id]);
  // Read again when another rule decides: the threshold shown is the deciding rule's.
  const ruleId = incident.classification.ruleId;
  useEffect(() => {
    // A short wait, so flicking through the list with j/k does not query Prometheus for every row.
    const t = setTimeout(() => void loadEvidence(client, incident.id), 150);
    return () => clearTimeout(t);
  }, [client, incident.id, ruleId]);

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
  // The value as it is now (the same the headline's reason quotes), not as it was when the
  // evidence was read; Alertmanager reports none, and the graph's last sample stands for it.
  const live = incident.signals.find((s) => s.id === ev.signalId)?.value ?? null;
  const value = live ?? ev.value;
  const valueText = live !== null ? formatValue(live, ev.unit) : ev.valueText;
  const crossed = value !== null && threshold !== null && holds(value, threshold.op, threshold.value);
  // A later capture is worth a second graph only once time has moved on from the first.
  const later = ev.latest && (!ev.first || Date.parse(ev.latest.to) - Date.parse(ev.first.to) > 30_000);
  const captures = [ev.first, later ? ev.latest : null].filter((c): c is SeriesCapture => c !== null);
  const subject = incident.title;
  return (
    <>
      <p className="evidence-value" data-testid="evidence-value">
        <span className="ev-label">value</span>{' '}
        <strong className="num" data-testid="evidence-current">
          {valueText ?? 'not reported'}
        </strong>
        {threshold && (
          <>
            {' '}
            <span className="muted">vs threshold</span> {/* Red is for P0 and breached SLAs only (UI.md). */}
            <strong
              className={`num${crossed && incident.severity === 'P0' ? ' ev-crossed' : ''}`}
              data-testid="evidence-threshold"
            >
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
            {c.points.length > 0 && !drawable(c) ? (
              <p className="spark-empty small" role="note">
                {fewSamples(c, ev.unit)}
              </p>
            ) : c.points.length > 0 ? (
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
                  {c.exprFrom && EXPR_FROM[c.exprFrom] && <span>{EXPR_FROM[c.exprFrom]}</span>}
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

function drawable(c: SeriesCapture): boolean {
  return c.points.length >= MIN_POINTS;
}

/** "2 samples so far, 2.1% then 2.2% (04:08:55–04:08:56): no graph yet; Refresh graph later." */
function fewSamples(c: SeriesCapture, unit: ValueUnit): string {
  const first = c.points[0]!;
  const last = c.points.at(-1)!;
  const values =
    c.points.length === 1
      ? formatValue(first[1], unit)
      : `${formatValue(first[1], unit)} then ${formatValue(last[1], unit)}`;
  const count = c.points.length === 1 ? 'One sample' : `${c.points.length} samples`;
  return `${count} so far, ${values} (${clockWithSeconds(c.from)}–${clockWithSeconds(c.to)}): too little to draw; "Refresh graph" later shows how it went on.`;
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
