import { useState } from 'react';
import type { CheckRunView, RunbookBlockView, RunbookView } from '../../../shared/ipc/runbookContract';
import { formatNumber } from '../../../shared/runbooks/decideBranch';
import type { StepProgress } from '../../../shared/runbooks/walkthrough';
import { clockWithSeconds } from '../../components/localTime';
import { CopyBlock } from './CopyBlock';
import { describeTarget } from './runbookActions';
import { Sparkline } from './Sparkline';

type PromqlBlock = Extract<RunbookBlockView, { kind: 'promql' }>;

interface Props {
  runbook: RunbookView;
  check: PromqlBlock;
  progress: StepProgress | undefined;
  run: CheckRunView | undefined;
  /** False while the runbook is only previewed: nothing to run or record yet. */
  live: boolean;
  /** Where the checks run, or null with `why` (a demo incident has no Prometheus). */
  prometheusName: string | null;
  busy: boolean;
  onRun(): void;
  onManual(value: number): void;
}

/** A PromQL check: the query, its latest result with where it came from, its branches, and a way to type a value in. */
export function CheckBlock({ runbook, check, progress, run, live, prometheusName, busy, onRun, onManual }: Props) {
  const result = progress?.results[check.id];
  const name = check.label ?? 'check';
  const [manual, setManual] = useState('');
  const [typing, setTyping] = useState(false);
  const canRun = live && prometheusName !== null;
  const submitManual = () => {
    const value = Number(manual.trim());
    if (manual.trim() === '' || !Number.isFinite(value)) return;
    onManual(value);
    setManual('');
    setTyping(false);
  };
  return (
    <div className="rb-check" data-testid="runbook-check" data-check-id={check.id}>
      <div className="rb-check-head">
        <span className="rb-check-label">PromQL · {name}</span>
        {live && (
          <span className="rb-check-actions">
            {canRun && (
              <button
                type="button"
                className="small-button"
                onClick={onRun}
                disabled={busy}
                title={`Run against ${prometheusName}`}
              >
                {result ? 'Run again' : 'Run'}
              </button>
            )}
            {!typing && (
              <button type="button" className="small-button link-like" onClick={() => setTyping(true)}>
                Enter value by hand
              </button>
            )}
          </span>
        )}
      </div>
      <CopyBlock text={check.query} lang="promql" label="promql" />
      {result && <ResultLine result={result} run={run} name={name} />}
      {check.rules.length > 0 && (
        <ul className="rb-rules" aria-label={`Branches of ${name}`}>
          {check.rules.map((r) => {
            const taken = progress?.branch?.by === 'condition' && progress.branch.target === r.target;
            return (
              <li key={r.line} className={taken ? 'rb-rule-taken' : undefined}>
                {r.condition === null ? 'else' : `if ${r.condition}`} → {describeTarget(runbook, r.target)}
              </li>
            );
          })}
        </ul>
      )}
      {typing && (
        <form
          className="rb-manual"
          onSubmit={(e) => {
            e.preventDefault();
            submitManual();
          }}
        >
          <label>
            <span className="small muted">Value you read for “{name}”</span>
            <input
              type="number"
              step="any"
              inputMode="decimal"
              value={manual}
              autoFocus
              onChange={(e) => setManual(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') setTyping(false);
              }}
              aria-label={`Value for ${name}`}
            />
          </label>
          <button type="submit" className="small-button" disabled={busy || manual.trim() === ''}>
            Record
          </button>
          <button type="button" className="small-button" onClick={() => setTyping(false)}>
            Cancel
          </button>
        </form>
      )}
    </div>
  );
}

function ResultLine({
  result,
  run,
  name,
}: {
  result: NonNullable<StepProgress['results'][string]>;
  run: CheckRunView | undefined;
  name: string;
}) {
  const at = clockWithSeconds(result.at);
  const where = run ? ` · ${run.via}` : '';
  const series =
    run?.series !== null && run?.series !== undefined && run.series > 1 ? ` · ${run.series} series, highest used` : '';
  if (result.error) {
    return (
      <div className="rb-result rb-result-error" data-testid="runbook-check-result" role="status">
        <span className="result-error">Failed: {result.error}</span>
        {run?.detail && (
          <details className="small muted">
            <summary>technical cause</summary>
            {run.detail}
          </details>
        )}
        {run?.query && (
          <details className="small muted">
            <summary>query as sent</summary>
            <code>{run.query}</code>
          </details>
        )}
      </div>
    );
  }
  return (
    <div className="rb-result" data-testid="runbook-check-result" role="status">
      <span className="rb-value num">{result.value === null ? 'no value' : `= ${formatNumber(result.value)}`}</span>
      <span className="muted small num">
        {' '}
        at {at}
        {where}
        {series}
      </span>
      {run && run.recent.length > 1 && <Sparkline points={run.recent} label={name} />}
      {result.value === null && (
        <span className="muted small">
          {' '}
          (the query returned no sample: is the metric scraped, are the labels right?)
        </span>
      )}
      {run?.query && (
        <details className="small muted">
          <summary>query as sent</summary>
          <code>{run.query}</code>
        </details>
      )}
    </div>
  );
}
