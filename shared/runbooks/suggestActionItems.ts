import { formatDuration } from '../classify/duration';
import { describeTarget, walkableSteps, type Runbook } from './runbookModel';
import { spentMs, type WalkthroughState } from './walkthrough';

export type ActionItemKind = 'skipped-step' | 'overran-step' | 'overridden-branch';

export interface ActionItemSuggestion {
  kind: ActionItemKind;
  runbookId: string;
  stepKey: string;
  /** A ready-to-edit action item, phrased about the runbook and the system, never about a person. */
  text: string;
  /** The skip reason, for 'skipped-step'. */
  reason: string | null;
  spentMs: number | null;
  timeboxMs: number | null;
}

/**
 * What the walkthrough says the runbook (not the engineer) should improve, for the post-mortem:
 * skipped steps with their reasons, steps that overran their timebox, and branches where the
 * engineer went against the checks (the threshold may be wrong). `now` counts the running step.
 */
export function suggestActionItems(runbook: Runbook, state: WalkthroughState, now: number): ActionItemSuggestion[] {
  const out: ActionItemSuggestion[] = [];
  const base = { runbookId: runbook.id, reason: null, spentMs: null, timeboxMs: null };
  for (const step of walkableSteps(runbook)) {
    const progress = state.steps[step.key];
    if (!progress) continue;
    const name = `${step.label} "${step.title}" of runbook "${runbook.title}"`;
    if (progress.status === 'skipped') {
      out.push({
        ...base,
        kind: 'skipped-step',
        stepKey: step.key,
        reason: progress.skipReason,
        text: `${name} was skipped (${progress.skipReason ?? 'no reason given'}): remove what stopped it, or change or drop the step`,
      });
    }
    const spent = spentMs(progress, now);
    if (step.timeboxMs !== null && spent > step.timeboxMs) {
      out.push({
        ...base,
        kind: 'overran-step',
        stepKey: step.key,
        spentMs: spent,
        timeboxMs: step.timeboxMs,
        text: `${name} took ${formatDuration(spent)} against a ${formatDuration(step.timeboxMs)} timebox: make it faster (a direct link, a ready query) or give it a realistic timebox`,
      });
    }
    const branch = progress.branch;
    if (branch && branch.by === 'user' && branch.suggested !== null && branch.suggested !== branch.target) {
      out.push({
        ...base,
        kind: 'overridden-branch',
        stepKey: step.key,
        text: `${name}: the checks pointed to ${describeTarget(runbook, branch.suggested)} (${branch.because ?? 'their conditions'}) but the responder went to ${describeTarget(runbook, branch.target)}: review the step's thresholds`,
      });
    }
  }
  return out;
}
