import type { ClassificationConfig, ClassificationRule } from '../classify/classificationConfig';
import { classifySignal } from '../classify/classifySignal';
import type { Comparison } from '../classify/condition';
import { formatValue, type ValueUnit } from '../classify/formatValue';
import type { Signal } from '../domain/signal';
import { readExpression } from '../classify/readExpression';
import { splitThresholdComparison, type ComparisonOp } from './alertExpression';

export interface EvidenceThreshold {
  op: ComparisonOp;
  value: number;
  /** "> 5%", "> 1 s (2x SLA 0.5 s)". */
  text: string;
  /** The matrix rule that decided the severity, or the Prometheus alert's own expression. */
  from: 'rule' | 'expression';
  ruleId: string | null;
}

export interface SignalReading {
  value: number | null;
  /** The value as the rule reads it: "7.2%", "1.2 s", "0.31". */
  valueText: string | null;
  unit: ValueUnit;
  threshold: EvidenceThreshold | null;
}

/**
 * The alert's value against the threshold it crossed. The threshold is the one of the matrix rule
 * that decides this signal's severity, when that rule compares the alert's own value (the first
 * lower bound of "value > 0.2 and value <= 0.5", times the SLA for "value > 2 * sla"); otherwise
 * the comparison at the end of the alert's expression, when it has one. Without a deciding rule the
 * value reads in the unit the expression gives it, as the classification's reason does ("8.9%",
 * not "0.089").
 */
export function readSignal(
  signal: Signal,
  config: ClassificationConfig,
  now: number,
  alertExpr: string | null,
  /**
   * The rule that decided the incident, when the caller has it: its unit and threshold are the
   * ones the incident's reason speaks in. A resolved incident keeps its last rule, where classifying
   * its last value again might find none and read "1.2%" as "0.012".
   */
  decidedBy?: string,
): SignalReading {
  const known = decidedBy === undefined ? undefined : config.rules.find((r) => r.id === decidedBy);
  const rule = known ?? config.rules.find((r) => r.id === classifySignal(signal, config, now).ruleId) ?? null;
  const unit: ValueUnit = rule ? (rule.query ? 'number' : rule.unit) : expressionUnit(alertExpr);
  const value = signal.value;
  const valueText = value === null ? null : formatValue(value, unit);
  const fromRule = rule ? ruleThreshold(rule, signal) : null;
  if (fromRule) return { value, valueText, unit, threshold: fromRule };
  const split = alertExpr ? splitThresholdComparison(alertExpr) : null;
  const threshold: EvidenceThreshold | null = split
    ? {
        op: split.op,
        value: split.threshold,
        text: `${split.op} ${formatValue(split.threshold, unit)}`,
        from: 'expression',
        ruleId: null,
      }
    : null;
  return { value, valueText, unit, threshold };
}

function ruleThreshold(rule: ClassificationRule, signal: Signal): EvidenceThreshold | null {
  // A rule that reads a query's result compares another number than the alert's value.
  if (rule.query || !rule.condition?.comparisons.length) return null;
  const cs = rule.condition.comparisons;
  const c: Comparison = cs.find((x) => x.op === '>' || x.op === '>=') ?? cs[0]!;
  let value = c.threshold;
  let text = `${c.op} ${formatValue(value, rule.unit)}`;
  if (c.perSla) {
    const sla = slaOf(signal, rule);
    if (sla === null) return null;
    value = c.threshold * sla;
    text = `${c.op} ${formatValue(value, rule.unit)} (${formatValue(c.threshold, 'number')}x SLA ${formatValue(sla, 'seconds')})`;
  }
  return { op: c.op, value, text, from: 'rule', ruleId: rule.id };
}

/** The same SLA the classifier uses: the alert's sla_seconds label or annotation, else the rule's. */
function slaOf(signal: Signal, rule: ClassificationRule): number | null {
  const fromAlert = Number(signal.labels.sla_seconds ?? signal.annotations.sla_seconds ?? NaN);
  if (Number.isFinite(fromAlert) && fromAlert > 0) return fromAlert;
  return rule.slaSeconds;
}

/** The unit an alert's expression gives its value: a ratio reads as a percentage, seconds as seconds. */
function expressionUnit(expr: string | null): ValueUnit {
  const v = expr ? readExpression(expr).value : null;
  if (v?.kind === 'ratio') return 'percent';
  if (v?.kind === 'seconds' && v.scale === 1) return 'seconds';
  return 'number';
}
