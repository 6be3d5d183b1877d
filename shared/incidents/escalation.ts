import type { EscalationStep } from '../classify/classificationConfig';
import { formatDuration } from '../classify/duration';
import { severityRank, type Severity } from '../domain/severity';

/**
 * The most severe escalation step due for an unacknowledged incident the rules rate at
 * `ruleSeverity`, `ageMs` after it was detected. "After 30 min" is inclusive: at exactly
 * 30:00 the step is due. Ties keep the first step of the file.
 */
export function dueEscalation(
  steps: readonly EscalationStep[],
  ruleSeverity: Severity,
  ageMs: number,
): EscalationStep | null {
  let best: EscalationStep | null = null;
  for (const step of steps) {
    if (severityRank(ruleSeverity) < severityRank(step.from) || ageMs < step.afterMs) continue;
    if (best === null || severityRank(step.to) < severityRank(best.to)) best = step;
  }
  return best;
}

/** The next step that would raise an incident already at `current`, for "why not higher". */
export function nextEscalation(
  steps: readonly EscalationStep[],
  ruleSeverity: Severity,
  current: Severity,
): EscalationStep | null {
  let best: EscalationStep | null = null;
  for (const step of steps) {
    if (severityRank(ruleSeverity) < severityRank(step.from)) continue;
    if (severityRank(step.to) >= severityRank(current)) continue;
    if (best === null || step.afterMs < best.afterMs) best = step;
  }
  return best;
}

/** "unacknowledged for 30 min", from the step that raised it to `to`, if the config still has it. */
export function escalationWhy(steps: readonly EscalationStep[], to: Severity): string {
  const step = steps.find((s) => s.to === to);
  return step ? `unacknowledged for ${formatDuration(step.afterMs)}` : 'unacknowledged for too long';
}
