/**
 * Conditions on an alert's value, written the way people read thresholds:
 *   "value > 0.05", "value >= 2 * sla", "value > 0.2 and value <= 0.5".
 * `sla` is the SLA in seconds (from the alert's sla_seconds label/annotation or the rule).
 */
export type CompareOp = '>' | '>=' | '<' | '<=';

export interface Comparison {
  op: CompareOp;
  /** Threshold, multiplied by the SLA when `perSla` is true. */
  threshold: number;
  perSla: boolean;
}

export interface Condition {
  comparisons: Comparison[];
  usesSla: boolean;
  text: string;
}

export class ConditionSyntaxError extends Error {}

const TERM = /^value\s*(>=|<=|>|<)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*(\*\s*sla)?$/i;

export function parseCondition(text: string): Condition {
  const parts = text.split(/\s+and\s+/);
  const comparisons = parts.map((part) => {
    const m = TERM.exec(part.trim());
    if (!m) {
      throw new ConditionSyntaxError(
        `"${part.trim()}" is not a condition; write "value > 0.05", "value >= 2 * sla" or join them with "and"`,
      );
    }
    return { op: m[1] as CompareOp, threshold: Number(m[2]), perSla: Boolean(m[3]) };
  });
  return { comparisons, usesSla: comparisons.some((c) => c.perSla), text };
}

/** Returns false when the value (or a needed SLA) is unknown: an unknowable condition is not met. */
export function conditionHolds(cond: Condition, value: number | null, sla: number | null): boolean {
  if (value === null || Number.isNaN(value)) return false;
  return cond.comparisons.every((c) => {
    if (c.perSla && sla === null) return false;
    const limit = c.perSla ? c.threshold * sla! : c.threshold;
    switch (c.op) {
      case '>':
        return value > limit;
      case '>=':
        return value >= limit;
      case '<':
        return value < limit;
      case '<=':
        return value <= limit;
    }
  });
}
