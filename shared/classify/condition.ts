import { parseDuration } from './duration';

/**
 * Conditions on a rule's value (the alert's value, or the rule's PromQL result), written the way
 * people read thresholds:
 *   "value > 0.05", "value >= 2 * sla", "value > 0.2 and value <= 0.5", "value > 0.01 and rising".
 * `sla` is the SLA in seconds (from the alert's sla_seconds label/annotation or the rule).
 * `rising` / `falling` (optionally "over 10m", default 5m) look at the value's recent samples,
 * which the engine keeps between steps.
 */
export type CompareOp = '>' | '>=' | '<' | '<=';

export interface Comparison {
  op: CompareOp;
  /** Threshold, multiplied by the SLA when `perSla` is true. */
  threshold: number;
  perSla: boolean;
}

export interface TrendTerm {
  direction: 'rising' | 'falling';
  windowMs: number;
}

export interface Condition {
  comparisons: Comparison[];
  /** At most one trend term per condition. */
  trend: TrendTerm | null;
  usesSla: boolean;
  text: string;
}

export class ConditionSyntaxError extends Error {}

export const DEFAULT_TREND_WINDOW_MS = 5 * 60_000;

const TERM = /^value\s*(>=|<=|>|<)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*(\*\s*sla)?$/i;
const TREND = /^(rising|falling)(?:\s+over\s+(\S+))?$/i;

export function parseCondition(text: string): Condition {
  const parts = text.split(/\s+and\s+/);
  const comparisons: Comparison[] = [];
  let trend: TrendTerm | null = null;
  for (const raw of parts) {
    const part = raw.trim();
    const t = TREND.exec(part);
    if (t) {
      if (trend) throw new ConditionSyntaxError(`"${text}": use at most one of rising / falling`);
      const windowMs = t[2] === undefined ? DEFAULT_TREND_WINDOW_MS : parseDuration(t[2]);
      if (windowMs === null || windowMs <= 0) {
        throw new ConditionSyntaxError(`"${part}": write the window as a duration, e.g. "rising over 10m"`);
      }
      trend = { direction: t[1]!.toLowerCase() as TrendTerm['direction'], windowMs };
      continue;
    }
    const m = TERM.exec(part);
    if (!m) {
      throw new ConditionSyntaxError(
        `"${part}" is not a condition; write "value > 0.05", "value >= 2 * sla", "rising" or join them with "and"`,
      );
    }
    comparisons.push({ op: m[1] as CompareOp, threshold: Number(m[2]), perSla: Boolean(m[3]) });
  }
  return { comparisons, trend, usesSla: comparisons.some((c) => c.perSla), text };
}

/** The first comparison that does not hold, with its limit; null when all hold. */
export interface FailedComparison {
  comparison: Comparison;
  /** The threshold after multiplying by the SLA; null when the SLA is unknown. */
  limit: number | null;
}

/**
 * Checks the comparisons only (trend terms need history; see trend.ts). Returns the failing
 * comparison, so explanations can say which bound was missed. A missing value or SLA fails:
 * an unknowable condition is not met.
 */
export function failedComparison(cond: Condition, value: number | null, sla: number | null): FailedComparison | null {
  for (const c of cond.comparisons) {
    if (c.perSla && sla === null) return { comparison: c, limit: null };
    const limit = c.perSla ? c.threshold * sla! : c.threshold;
    if (value === null || Number.isNaN(value) || !compare(c.op, value, limit)) return { comparison: c, limit };
  }
  return null;
}

/**
 * True when the comparisons hold. A trend term cannot be known here, so a condition with one
 * only holds when the caller says the trend does (`trendHolds`).
 */
export function conditionHolds(cond: Condition, value: number | null, sla: number | null, trendHolds = false): boolean {
  if (value === null || Number.isNaN(value)) return false;
  if (cond.trend && !trendHolds) return false;
  return failedComparison(cond, value, sla) === null;
}

function compare(op: CompareOp, value: number, limit: number): boolean {
  switch (op) {
    case '>':
      return value > limit;
    case '>=':
      return value >= limit;
    case '<':
      return value < limit;
    case '<=':
      return value <= limit;
  }
}
