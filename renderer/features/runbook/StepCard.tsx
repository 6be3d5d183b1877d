import { useState } from 'react';
import type {
  IncidentRunbooksView,
  RunbookStepView,
  RunbookView,
  WalkthroughView,
} from '../../../shared/ipc/runbookContract';
import { useClient } from '../../api/ClientContext';
import { useRunbookStore } from '../../store/runbookSlice';
import { CheckBlock } from './CheckBlock';
import { act, describeTarget, runChecks } from './runbookActions';
import { Inlines, ReadingBlock } from './RunbookText';
import { stepTiming } from './stepTiming';

interface Props {
  view: IncidentRunbooksView;
  runbook: RunbookView;
  step: RunbookStepView;
  /** Null while the runbook is only previewed. */
  walkthrough: WalkthroughView | null;
  now: number;
}

const STATUS: Record<string, { mark: string; words: string }> = {
  done: { mark: '✓', words: 'done' },
  skipped: { mark: '↷', words: 'skipped' },
  current: { mark: '▶', words: 'current step' },
  pending: { mark: '○', words: 'not started' },
};

/**
 * One step: its clock against the timebox, its checklist, checks, commands and branches, and
 * what became of it (done, skipped and why, where it led and why). The current step is open;
 * the others fold to one line and open on demand.
 */
export function StepCard({ view, runbook, step, walkthrough, now }: Props) {
  const client = useClient();
  const busy = useRunbookStore((s) => s.busy[view.incidentId] ?? false);
  const skipping = useRunbookStore((s) => s.skipping[view.incidentId] === step.key);
  const progress = walkthrough?.state.steps[step.key];
  const isCurrent = walkthrough?.state.current === step.key;
  const status = isCurrent ? 'current' : (progress?.status ?? 'pending');
  const [open, setOpen] = useState<boolean | null>(null);
  const expanded = open ?? isCurrent;
  const timing = stepTiming(step.timeboxMs, progress, now);
  const live = walkthrough !== null;
  const hasBranches = step.blocks.some((b) => (b.kind === 'promql' && b.rules.length > 0) || b.kind === 'choice');
  const needsDecision = hasBranches && step.next === null && !progress?.branch;
  const next = progress?.branch?.target ?? (needsDecision ? null : step.defaultNext);
  const choiceTargets = new Set(step.blocks.flatMap((b) => (b.kind === 'choice' ? [b.target] : [])));
  const otherTargets = step.targets.filter((t) => !choiceTargets.has(t));
  const checks = step.blocks.filter((b) => b.kind === 'promql');

  return (
    <li
      className={`rb-step rb-step-${status}`}
      data-testid="runbook-step"
      data-step={step.key}
      data-status={status}
      aria-current={isCurrent ? 'step' : undefined}
    >
      <button
        type="button"
        className="rb-step-head"
        aria-expanded={expanded}
        onClick={() => setOpen(!expanded)}
        data-runbook-focus={isCurrent ? '' : undefined}
      >
        <span className="rb-step-mark" aria-hidden="true">
          {STATUS[status]!.mark}
        </span>
        <span className="visually-hidden">{STATUS[status]!.words}: </span>
        {/* "## Rollback" has no title of its own: say it once. */}
        {step.title && step.title !== step.label ? (
          <>
            <span className="rb-step-label">{step.label}</span>
            <span className="rb-step-title">{step.title}</span>
          </>
        ) : (
          <span className="rb-step-title">{step.label}</span>
        )}
        {timing.text && (
          <span
            className={`rb-clock num rb-clock-${timing.tone}`}
            title={timing.title}
            data-testid="runbook-step-clock"
          >
            {timing.text}
          </span>
        )}
      </button>

      {!expanded && progress && progress.status !== 'pending' && <Outcome runbook={runbook} progress={progress} />}

      {expanded && (
        <div className="rb-step-body">
          {step.blocks.map((block, i) => {
            switch (block.kind) {
              case 'item':
                return (
                  <ItemCheck
                    key={block.id}
                    item={block}
                    checked={progress?.checked.includes(block.id) ?? false}
                    disabled={!live}
                    onChange={(checked) => act(client, view, { type: 'check-item', itemId: block.id, checked })}
                  />
                );
              case 'promql':
                return (
                  <CheckBlock
                    key={block.id}
                    runbook={runbook}
                    check={block}
                    progress={progress}
                    run={walkthrough?.checkRuns[block.id]}
                    live={live}
                    prometheusName={view.prometheus?.name ?? null}
                    busy={busy}
                    onRun={() => void runChecks(client, view, { checkId: block.id })}
                    onManual={(value) => void act(client, view, { type: 'record-query', checkId: block.id, value })}
                  />
                );
              case 'choice': {
                const chosen = progress?.branch?.target === block.target;
                return (
                  <div key={`c${block.line}`} className="rb-choice-line">
                    <button
                      type="button"
                      className={`rb-choice${chosen ? ' rb-chosen' : ''}`}
                      aria-pressed={chosen}
                      disabled={!live || busy}
                      onClick={() =>
                        void act(client, view, { type: 'choose-branch', stepKey: step.key, target: block.target })
                      }
                    >
                      <Inlines inlines={block.inlines} />{' '}
                      <span className="rb-arrow">→ {describeTarget(runbook, block.target)}</span>
                    </button>
                    {block.note && <span className="muted small"> ({block.note})</span>}
                  </div>
                );
              }
              case 'goto':
                return (
                  <p key={`g${block.line}`} className="rb-goto muted">
                    then → {describeTarget(runbook, block.target)}
                  </p>
                );
              default:
                return <ReadingBlock key={`${block.kind}${i}`} block={block} />;
            }
          })}

          {live && (
            <StepFooter
              view={view}
              runbook={runbook}
              step={step}
              walkthrough={walkthrough}
              isCurrent={isCurrent}
              busy={busy}
              skipping={skipping}
              next={next}
              needsDecision={needsDecision}
              otherTargets={otherTargets}
              hasChecks={checks.length > 0 && view.prometheus !== null}
            />
          )}
        </div>
      )}
    </li>
  );
}

/**
 * A checklist item that ticks at once: the tick is shown while the main side records it, and
 * falls back to what was recorded if that fails (the reason then shows in the section).
 */
function ItemCheck({
  item,
  checked,
  disabled,
  onChange,
}: {
  item: Extract<RunbookStepView['blocks'][number], { kind: 'item' }>;
  checked: boolean;
  disabled: boolean;
  onChange(checked: boolean): Promise<boolean>;
}) {
  const [pending, setPending] = useState<boolean | null>(null);
  return (
    <label className="rb-item" data-depth={Math.min(item.depth, 3)}>
      <input
        type="checkbox"
        checked={pending ?? checked}
        disabled={disabled || pending !== null}
        onChange={(e) => {
          setPending(e.target.checked);
          void onChange(e.target.checked).finally(() => setPending(null));
        }}
      />{' '}
      <span>
        <Inlines inlines={item.inlines} />
      </span>
    </label>
  );
}

/** What became of a step: done or skipped (with the reason), and where it led and why. */
function Outcome({ runbook, progress }: { runbook: RunbookView; progress: WalkthroughView['state']['steps'][string] }) {
  const branch = progress.branch;
  return (
    <div className="rb-outcome" data-testid="runbook-step-outcome">
      {progress.status === 'skipped' && <p className="rb-skipped">Skipped: “{progress.skipReason}”</p>}
      {branch && (
        <p className="rb-branch">
          → {describeTarget(runbook, branch.target)},{' '}
          {branch.by === 'condition' ? (
            <>chosen by the checks: {branch.because}</>
          ) : branch.suggested !== null && branch.suggested !== branch.target ? (
            <>
              chosen by you over {describeTarget(runbook, branch.suggested)}, which the checks pointed to (
              {branch.because})
            </>
          ) : (
            <>chosen by you</>
          )}
        </p>
      )}
    </div>
  );
}

function StepFooter({
  view,
  runbook,
  step,
  walkthrough,
  isCurrent,
  busy,
  skipping,
  next,
  needsDecision,
  otherTargets,
  hasChecks,
}: {
  view: IncidentRunbooksView;
  runbook: RunbookView;
  step: RunbookStepView;
  walkthrough: WalkthroughView;
  isCurrent: boolean;
  busy: boolean;
  skipping: boolean;
  next: string | null;
  needsDecision: boolean;
  otherTargets: string[];
  hasChecks: boolean;
}) {
  const client = useClient();
  const progress = walkthrough.state.steps[step.key]!;
  const [reason, setReason] = useState('');
  const setSkipping = (on: boolean) => useRunbookStore.getState().setSkipping(view.incidentId, on ? step.key : null);
  const skip = async () => {
    if (!reason.trim()) return;
    const ok = await act(client, view, { type: 'skip-step', stepKey: step.key, reason });
    if (ok) {
      setReason('');
      setSkipping(false);
    }
  };

  return (
    <div className="rb-footer">
      <Outcome runbook={runbook} progress={progress} />
      {otherTargets.length > 0 && (
        <div className="rb-where" role="group" aria-label={`Where ${step.label} leads`}>
          <span className="muted small">Go to</span>
          {otherTargets.map((t) => {
            const chosen = progress.branch?.target === t;
            return (
              <button
                key={t}
                type="button"
                className={`small-button${chosen ? ' rb-chosen' : ''}`}
                aria-pressed={chosen}
                disabled={busy}
                onClick={() => void act(client, view, { type: 'choose-branch', stepKey: step.key, target: t })}
              >
                {describeTarget(runbook, t)}
              </button>
            );
          })}
        </div>
      )}
      {isCurrent ? (
        <div className="rb-actions">
          {hasChecks && (
            <button type="button" disabled={busy} onClick={() => void runChecks(client, view, { stepKey: step.key })}>
              Run the checks
            </button>
          )}
          <button
            type="button"
            className="primary"
            disabled={busy || needsDecision}
            title={needsDecision ? 'Run the checks or choose a branch first' : undefined}
            onClick={() => void act(client, view, { type: 'complete-step', stepKey: step.key })}
          >
            Done{next ? ` → ${describeTarget(runbook, next)}` : ''}
          </button>
          {!skipping && (
            <button type="button" disabled={busy} onClick={() => setSkipping(true)}>
              Skip…
            </button>
          )}
          {needsDecision && <span className="muted small">Run the checks or choose a branch to go on.</span>}
        </div>
      ) : (
        progress.status === 'pending' && (
          <div className="rb-actions">
            <button
              type="button"
              disabled={busy}
              onClick={() => void act(client, view, { type: 'open-step', stepKey: step.key })}
            >
              Work on this step now
            </button>
          </div>
        )
      )}
      {skipping && (
        <form
          className="rb-skip"
          onSubmit={(e) => {
            e.preventDefault();
            void skip();
          }}
        >
          <label>
            <span className="small">Why skip {step.label}? It becomes a post-mortem action item.</span>
            <input
              value={reason}
              autoFocus
              maxLength={500}
              placeholder="e.g. the Redis dashboard is down"
              onChange={(e) => setReason(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') setSkipping(false);
              }}
              data-testid="runbook-skip-reason"
            />
          </label>
          <button type="submit" disabled={busy || !reason.trim()}>
            Skip step
          </button>
          <button type="button" onClick={() => setSkipping(false)}>
            Cancel
          </button>
        </form>
      )}
    </div>
  );
}
