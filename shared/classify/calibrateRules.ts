import { parseDuration } from './duration';
import type { Severity } from '../domain/severity';
import { severityRank } from '../domain/severity';
import type { Signal } from '../domain/signal';
import { isHeartbeat, isIgnoredByLabel } from './alertFacts';
import type { ClassificationConfig } from './classificationConfig';
import { classifySignal } from './classifySignal';
import { justPast } from './describeValue';
import { readExpression, type ValueKind } from './readExpression';

/** One alerting rule as Prometheus lists it (rule files and /api/v1/rules share these fields). */
export interface AlertingRule {
  name: string;
  expr: string;
  /** `for:` as written ("5m"), or seconds (the API's `duration`). */
  for?: string | number | null;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Where it was read: a file path or a rule group name. */
  origin?: string;
}

export type PreviewLevel = Severity | 'heartbeat' | 'ignored';

export interface RulePreview {
  name: string;
  origin: string | null;
  /** The author's severity label as written, or null. */
  label: string | null;
  level: PreviewLevel;
  ruleId: string | null;
  kind: ValueKind | 'unreadable';
  reason: string;
  /** Vigil's level differs from what the author's label maps to. */
  disagrees: boolean;
  /** Raised to a paging level (P0/P1) from a label that does not page. */
  pagedFromNonCritical: boolean;
  raisedAboveLabel: boolean;
}

export interface CalibrationSummary {
  rules: number;
  byLabel: Record<string, Partial<Record<PreviewLevel, number>>>;
  pagedFromNonCritical: number;
  raisedAboveLabel: number;
  unknownValueKind: number;
}

/** How long the previewed alert has been firing: long enough for every `for:` of the matrix. */
const HELD_MS = 15 * 60_000;

/**
 * The level each rule would get when it fires just past its own threshold, through the same
 * classifier the running app uses: the expression read with Prometheus's grammar, the value placed
 * just past the final comparison, the rule's labels as the alert's. Rules where Vigil disagrees
 * with the author's label come first.
 */
export function calibrateRules(
  rules: readonly AlertingRule[],
  config: ClassificationConfig,
  now: number,
): { previews: RulePreview[]; summary: CalibrationSummary } {
  const previews = rules.map((rule, i) => previewRule(rule, i, config, now));
  previews.sort((a, b) => Number(b.disagrees) - Number(a.disagrees) || (a.origin ?? '').localeCompare(b.origin ?? ''));
  const summary: CalibrationSummary = {
    rules: previews.length,
    byLabel: {},
    pagedFromNonCritical: 0,
    raisedAboveLabel: 0,
    unknownValueKind: 0,
  };
  for (const p of previews) {
    const key = p.label ?? '(none)';
    const row = (summary.byLabel[key] ??= {});
    row[p.level] = (row[p.level] ?? 0) + 1;
    if (p.pagedFromNonCritical) summary.pagedFromNonCritical++;
    if (p.raisedAboveLabel) summary.raisedAboveLabel++;
    if (p.kind === 'unknown' || p.kind === 'unreadable') summary.unknownValueKind++;
  }
  return { previews, summary };
}

function previewRule(rule: AlertingRule, index: number, config: ClassificationConfig, now: number): RulePreview {
  const reading = readExpression(rule.expr);
  const labels: Record<string, string> = { alertname: rule.name, ...(rule.labels ?? {}) };
  const c = reading.comparison;
  // Counts move in whole events: "> 3 restarts" first fires at 4.
  const whole =
    (reading.value.kind === 'count' || reading.value.kind === 'unknown') &&
    reading.value.scale === 1 &&
    c?.threshold !== null &&
    Number.isInteger(c?.threshold);
  const value = c === null ? 1 : c.threshold === null ? null : justPast(c.op, c.threshold, whole);
  const forMs = typeof rule.for === 'number' ? rule.for * 1000 : rule.for ? (parseDuration(rule.for) ?? 0) : 0;
  const signal: Signal = {
    id: `calibrate/${index}`,
    sourceId: 'calibrate',
    sourceKind: 'prometheus',
    fingerprint: String(index),
    name: rule.name,
    labels,
    annotations: rule.annotations ?? {},
    state: 'firing',
    activeAt: new Date(now - Math.max(forMs, HELD_MS)).toISOString(),
    value,
    generatorURL: null,
    stale: false,
    expr: rule.expr,
  };
  const labelValue = labels[config.fallback.label] ?? null;
  const mapped = labelValue === null ? undefined : config.fallback.map[labelValue.toLowerCase()];
  const kind: RulePreview['kind'] = reading.problem ? 'unreadable' : reading.value.kind;
  const base = { name: rule.name, origin: rule.origin ?? null, label: labelValue, kind };
  if (isHeartbeat(signal, config)) {
    return {
      ...base,
      level: 'heartbeat',
      ruleId: null,
      reason: 'a heartbeat: shown as source health; its silence raises "alerting pipeline heartbeat stopped"',
      disagrees: false,
      pagedFromNonCritical: false,
      raisedAboveLabel: false,
    };
  }
  if (isIgnoredByLabel(signal, config)) {
    return {
      ...base,
      level: 'ignored',
      ruleId: null,
      reason: `${config.fallback.label}="${labelValue}" is not an incident`,
      disagrees: false,
      pagedFromNonCritical: false,
      raisedAboveLabel: false,
    };
  }
  const result = classifySignal(signal, config, now);
  const labelLevel = mapped && mapped !== 'none' ? mapped : null;
  const pages = (s: Severity) => severityRank(s) <= severityRank('P1');
  return {
    ...base,
    level: result.severity,
    ruleId: result.ruleId,
    reason: result.reason,
    disagrees: labelLevel !== null && labelLevel !== result.severity,
    pagedFromNonCritical: labelLevel !== null && !pages(labelLevel) && pages(result.severity),
    raisedAboveLabel: labelLevel !== null && severityRank(result.severity) < severityRank(labelLevel),
  };
}
