import { conditionHolds, type Condition } from '../classify/condition';
import type { Step, Target } from './runbookModel';

/** A check's latest result as the walkthrough keeps it. */
export interface CheckResult {
  /** Null when the query returned no sample (or a value that is not a finite number). */
  value: number | null;
  /** Why the query could not be run or read; null when it ran. */
  error: string | null;
  at: string;
}

export interface BranchDecision {
  /** Where the checks lead; null while they cannot tell (a result missing, or nothing held and no else). */
  target: Target | null;
  /** Why, in words: "inference p99 (s) = 0.31, value > 0.2". */
  because: string;
}

/**
 * Reads a step's if/else lines the way the runbook is written: top to bottom, the first
 * condition that holds wins; `else` only when every condition above it is known to be false.
 * An earlier check without a result blocks the decision even if a later one already holds,
 * because the earlier rule would have taken precedence. Returns null for a step without
 * conditions: nothing to decide automatically.
 */
export function decideBranch(
  step: Step,
  results: Readonly<Record<string, CheckResult>>,
  sla: number | null = null,
): BranchDecision | null {
  const conditional = step.checks.filter((c) => c.rules.some((r) => r.condition));
  if (conditional.length === 0) return null;
  const seen: string[] = [];
  for (const check of step.checks) {
    const name = check.label ?? `check ${check.id.split('.q')[1]}`;
    for (const rule of check.rules) {
      if (!rule.condition) continue;
      const result = results[check.id];
      if (!result) return { target: null, because: `waiting for ${name}` };
      if (result.error) return { target: null, because: `${name} failed: ${result.error}` };
      if (result.value === null) return { target: null, because: `${name} returned no value` };
      if (needsUnknownSla(rule.condition, sla)) {
        return { target: null, because: `${rule.condition.text} needs the SLA, which the incident does not carry` };
      }
      if (conditionHolds(rule.condition, result.value, sla)) {
        return { target: rule.target, because: `${name} = ${formatNumber(result.value)}, ${rule.condition.text}` };
      }
      const reading = `${name} = ${formatNumber(result.value)}`;
      if (!seen.includes(reading)) seen.push(reading);
    }
  }
  const readings = seen.join(', ');
  if (step.elseTarget) return { target: step.elseTarget, because: `no condition held: ${readings}` };
  return { target: null, because: `no condition held (${readings}) and the step has no else` };
}

function needsUnknownSla(condition: Condition, sla: number | null): boolean {
  return condition.usesSla && sla === null;
}

/** Short and honest: enough digits to compare with a threshold, no float noise. */
export function formatNumber(n: number): string {
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 0.001 || abs >= 1e9)) return n.toExponential(2);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return String(Number(n.toFixed(digits)));
}
