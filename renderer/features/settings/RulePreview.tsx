import { useState } from 'react';
import type { SourceRulePreview } from '../../../shared/ipc/classificationContract';
import { useClient } from '../../api/ClientContext';
import { SeverityBadge } from '../../components/SeverityBadge';
import './settings.css';

/**
 * Settings > Severity matrix: every alerting rule of each Prometheus source as the matrix in force
 * would judge it when it fires just past its own threshold, the rules where Vigil disagrees with
 * their own label first. The same preview as `npm run calibrate -- <Prometheus URL>`.
 */
export function RulePreview() {
  const client = useClient();
  const [sources, setSources] = useState<SourceRulePreview[] | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = async () => {
    setBusy(true);
    setStatus(null);
    try {
      setSources(await client.request('classification:preview', {}));
    } catch (err) {
      setStatus((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="rule-preview" aria-labelledby="rule-preview-h">
      <h3 id="rule-preview-h">How your alerting rules would be judged</h3>
      <p className="small muted">
        Each rule fired just past its own threshold, through the matrix in force: the level, the kind of value read from
        its expression, and the reason. Rules where Vigil disagrees with the rule&apos;s own label come first.
      </p>
      <div className="form-actions">
        <button type="button" onClick={load} disabled={busy}>
          {sources ? 'Preview again' : 'Preview the rules of my Prometheus sources'}
        </button>
        {busy && <span role="status">Reading the rule lists…</span>}
        {status && <span className="result-error">{status}</span>}
      </div>
      {sources?.length === 0 && <p className="muted">No Prometheus source is configured: add one in Sources.</p>}
      {sources?.map((s) => (
        <SourcePreview key={s.sourceId} source={s} />
      ))}
    </section>
  );
}

function SourcePreview({ source }: { source: SourceRulePreview }) {
  const sum = source.summary;
  const disagreeing = source.rules.filter((r) => r.disagrees).length;
  return (
    <div className="rule-preview-source" data-testid="rule-preview-source">
      <h4>{source.sourceName}</h4>
      {source.problem && <p className="result-error">{source.problem}</p>}
      {sum && (
        <p className="small" data-testid="rule-preview-summary">
          {sum.rules} rules · {disagreeing} judged differently from their label · {sum.pagedFromNonCritical} would page
          from a warning or info label · {sum.unknownValueKind} with a value kind Vigil cannot read (their label
          decides)
          {source.omitted > 0 && ` · ${source.omitted} more not listed`}
        </p>
      )}
      {source.rules.length > 0 && (
        <table className="rule-preview-table">
          <thead>
            <tr>
              <th scope="col">Level</th>
              <th scope="col">Rule</th>
              <th scope="col">Label</th>
              <th scope="col">Value</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {source.rules.map((r, i) => (
              <tr
                key={`${r.name}-${i}`}
                data-testid="rule-preview-row"
                className={r.disagrees ? 'disagrees' : undefined}
              >
                <td>
                  {r.level === 'heartbeat' || r.level === 'ignored' ? (
                    <span className="muted">{r.level}</span>
                  ) : (
                    <SeverityBadge severity={r.level} />
                  )}
                  {r.disagrees && (
                    <span className="disagree-mark" title="differs from the rule's own label">
                      {' '}
                      ≠
                    </span>
                  )}
                </td>
                <td className="rule-name">{r.name}</td>
                <td>{r.label ?? <span className="muted">none</span>}</td>
                <td>{r.kind}</td>
                <td className="reason">{r.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
