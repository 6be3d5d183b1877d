import type { Classification } from '../domain/incident';
import { severityRank, type Severity } from '../domain/severity';
import type { Signal } from '../domain/signal';
import type { ClassificationConfig, ClassificationRule } from './classificationConfig';
import { failedComparison, type Comparison, type FailedComparison } from './condition';
import { formatDuration } from './duration';
import { formatValue, roundForText } from './formatValue';
import { rulesMatchingLabels } from './ruleIndex';
import { querySeriesKey, renderQuery, signalSeriesKey, type QueryResults } from './ruleQuery';
import { trendDirection, type SeriesHistory } from './trend';

/** Observations beyond the signal itself; both optional, so a bare call still classifies. */
export interface ClassifyContext {
  /** Results of rule queries by rendered query text (see ruleQuery.ts). */
  queryResults?: QueryResults;
  /** Earlier samples by series key, for `rising` / `falling`. The engine keeps them. */
  history?: SeriesHistory;
}

/** Why one rule whose labels matched did not apply; turned into words only when it is needed. */
type Miss =
  | { kind: 'compare'; value: number | null; sla: number | null; failed: FailedComparison }
  | { kind: 'for'; value: number | null; sla: number | null; activeMs: number | null; forMs: number }
  | { kind: 'trend'; value: number; sla: number | null; direction: string; windowMs: number; wanted: string }
  | { kind: 'query-label'; label: string }
  | { kind: 'query-pending' }
  | { kind: 'query-empty' };

type Outcome = { hit: true; value: number | null; sla: number | null } | { hit: false; miss: Miss };
type Misses = ({ rule: ClassificationRule; miss: Miss } | undefined)[];

/**
 * Classifies one signal: the first rule (most severe first) whose matchers, value condition,
 * trend and duration all hold decides. Otherwise the alert's own severity label is mapped,
 * otherwise the default. The result says which rule, why, and why the nearest stricter rule whose
 * labels matched did not apply. Pure: `now` and the context are passed in so a replay classifies
 * exactly as it did live.
 */
export function classifySignal(
  signal: Signal,
  config: ClassificationConfig,
  now: number,
  context: ClassifyContext = {},
): Classification {
  // The first miss seen at each severity: the nearest stricter one explains "why not higher".
  let misses: Misses | null = null;
  for (const rule of rulesMatchingLabels(config, signal.labels)) {
    const outcome = evaluateRule(rule, signal, now, context);
    if (!outcome.hit) {
      misses ??= [];
      misses[severityRank(rule.severity)] ??= { rule, miss: outcome.miss };
      continue;
    }
    return {
      severity: rule.severity,
      ruleId: rule.id,
      reason: `${renderReason(rule, signal, outcome.value, outcome.sla, now)}: ${rule.severity}`,
      whyNotHigher: whyNot(misses, rule.severity),
    };
  }
  const labelValue = signal.labels[config.fallback.label];
  // Without misses the answer depends on the label value alone: share one object per value.
  if (misses === null) return fallbackFor(config, labelValue);
  const plain = fallbackFor(config, labelValue);
  return { ...plain, whyNotHigher: whyNot(misses, plain.severity) };
}

const fallbacks = new WeakMap<ClassificationConfig, Map<string | undefined, Classification>>();

function fallbackFor(config: ClassificationConfig, labelValue: string | undefined): Classification {
  let byValue = fallbacks.get(config);
  if (!byValue) fallbacks.set(config, (byValue = new Map()));
  let c = byValue.get(labelValue);
  if (c) return c;
  const mapped = labelValue !== undefined ? config.fallback.map[labelValue.toLowerCase()] : undefined;
  c = mapped
    ? {
        severity: mapped,
        ruleId: `fallback:${config.fallback.label}`,
        reason: `no matrix rule matched; ${config.fallback.label}="${labelValue}" maps to ${mapped}`,
        whyNotHigher: null,
      }
    : {
        severity: config.default,
        ruleId: 'default',
        reason: `no matrix rule matched and no ${config.fallback.label} label: default ${config.default}`,
        whyNotHigher: null,
      };
  if (byValue.size >= 1024) byValue.clear();
  byValue.set(labelValue, c);
  return c;
}

/** How long the alert has been active; parsed only for rules that need it. */
function activeMsOf(signal: Signal, now: number): number | null {
  return signal.activeAt ? now - Date.parse(signal.activeAt) : null;
}

function evaluateRule(rule: ClassificationRule, signal: Signal, now: number, ctx: ClassifyContext): Outcome {
  let value = signal.value;
  let seriesKey: string | null = null;
  if (rule.query) {
    const rendered = renderQuery(rule.query, signal.labels);
    if (!rendered.ok) return { hit: false, miss: { kind: 'query-label', label: rendered.missingLabel } };
    const result = ctx.queryResults?.get(rendered.query);
    if (result === undefined) return { hit: false, miss: { kind: 'query-pending' } };
    if (result === null || Number.isNaN(result)) return { hit: false, miss: { kind: 'query-empty' } };
    value = result;
    seriesKey = querySeriesKey(rendered.query);
  }
  const sla = slaOf(signal, rule);
  const cond = rule.condition;
  if (cond) {
    const failed = failedComparison(cond, value, sla);
    if (failed) return { hit: false, miss: { kind: 'compare', value, sla, failed } };
    if (value === null) return { hit: false, miss: { kind: 'compare', value, sla, failed: noValue(cond) } };
  }
  // Seed wording is "for > 10 minutes": exactly the duration is not enough.
  const activeMs = rule.forMs === null ? null : activeMsOf(signal, now);
  if (rule.forMs !== null && (activeMs === null || activeMs <= rule.forMs)) {
    return { hit: false, miss: { kind: 'for', value, sla, activeMs, forMs: rule.forMs } };
  }
  if (cond?.trend && value !== null) {
    const key = seriesKey ?? signalSeriesKey(signal);
    const direction = trendDirection(ctx.history?.get(key), now, value, cond.trend.windowMs);
    if (direction !== cond.trend.direction) {
      return {
        hit: false,
        miss: { kind: 'trend', value, sla, direction, windowMs: cond.trend.windowMs, wanted: cond.trend.direction },
      };
    }
  }
  return { hit: true, value, sla };
}

// A condition made only of a trend term still needs a value to look at.
function noValue(cond: NonNullable<ClassificationRule['condition']>): FailedComparison {
  return { comparison: cond.comparisons[0] ?? { op: '>', threshold: 0, perSla: false }, limit: null };
}

function whyNot(misses: Misses | null, decided: Severity): string | null {
  if (misses === null) return null;
  for (let rank = severityRank(decided) - 1; rank >= 0; rank--) {
    const m = misses[rank];
    if (m) return `not ${m.rule.severity}: ${describeMiss(m.rule, m.miss)}`;
  }
  return null;
}

function describeMiss(rule: ClassificationRule, miss: Miss): string {
  const subject = rule.subject;
  switch (miss.kind) {
    case 'query-label':
      return `its query needs the label ${miss.label}, which the alert lacks`;
    case 'query-pending':
      return `no result yet for its query (rule ${rule.id})`;
    case 'query-empty':
      return `its query returned no data (rule ${rule.id})`;
    case 'compare': {
      const c = miss.failed.comparison;
      if (miss.value === null) {
        return `${subject} unknown: ${rule.query ? 'the query gave no number' : 'the alert carries no value'}`;
      }
      if (c.perSla && miss.sla === null)
        return `no SLA known for ${subject} (set sla_seconds on the rule or the alert)`;
      return `${subject} ${formatValue(miss.value, rule.unit)} is not ${c.op} ${threshold(rule, c, miss.sla)}`;
    }
    case 'for': {
      const held = describeHeld(rule, miss.value, miss.sla);
      const needs = `needs more than ${formatDuration(miss.forMs)}`;
      if (miss.activeMs === null) return `${held} but when it started is unknown (${needs})`;
      return `${held} but only for ${formatDuration(miss.activeMs)} (${needs})`;
    }
    case 'trend': {
      const held = describeHeld(rule, miss.value, miss.sla);
      const window = formatDuration(miss.windowMs);
      if (miss.direction === 'unknown')
        return `${held} but no earlier value in the last ${window} shows it ${miss.wanted}`;
      return `${held} but not ${miss.wanted} over the last ${window}`;
    }
  }
}

/** "error ratio 2.1% > 1%", "PSI 0.3 >= 0.2 and <= 0.5": the comparisons that held. */
function describeHeld(rule: ClassificationRule, value: number | null, sla: number | null): string {
  if (value === null) return rule.subject === 'value' ? `rule ${rule.id} matches` : rule.subject;
  const parts = (rule.condition?.comparisons ?? []).map((c) => `${c.op} ${threshold(rule, c, sla)}`);
  const shown = `${rule.subject} ${formatValue(value, rule.unit)}`;
  return parts.length ? `${shown} ${parts.join(' and ')}` : shown;
}

function threshold(rule: ClassificationRule, c: Comparison, sla: number | null): string {
  if (c.perSla) return `${roundForText(c.threshold)}x SLA ${sla === null ? 'n/a' : formatValue(sla, 'seconds')}`;
  return formatValue(c.threshold, rule.unit);
}

function slaOf(signal: Signal, rule: ClassificationRule): number | null {
  const fromAlert = Number(signal.labels.sla_seconds ?? signal.annotations.sla_seconds ?? NaN);
  if (Number.isFinite(fromAlert) && fromAlert > 0) return fromAlert;
  return rule.slaSeconds;
}

/** Fills {value}, {value|pct}, {value|s}, {sla}, {ratio}, {for} and {label:NAME} in a rule's reason. */
function renderReason(
  rule: ClassificationRule,
  signal: Signal,
  v: number | null,
  sla: number | null,
  now: number,
): string {
  let out = '';
  for (const part of reasonParts(rule.reason)) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    switch (part.key) {
      case 'value':
        if (v === null) out += 'n/a';
        else if (part.arg === 'pct') out += formatValue(v, 'percent');
        else if (part.arg === 's') out += formatValue(v, 'seconds');
        else out += formatValue(v, rule.unit);
        break;
      case 'sla':
        out += sla === null ? 'n/a' : formatValue(sla, 'seconds');
        break;
      case 'ratio':
        out += v === null || sla === null ? 'n/a' : `${roundForText(v / sla)}x`;
        break;
      case 'for': {
        const activeMs = activeMsOf(signal, now);
        out += activeMs === null ? 'unknown time' : formatDuration(activeMs);
        break;
      }
      case 'label':
        out += part.arg ? (signal.labels[part.arg] ?? '') : part.whole;
        break;
      default:
        out += part.whole;
    }
  }
  return out;
}

type ReasonPart = string | { key: string; arg: string | undefined; whole: string };

// Reasons are rendered once per alert per step; splitting the template once per text keeps a
// storm step from re-running the placeholder regex 10,000 times.
const reasonTemplates = new Map<string, ReasonPart[]>();

function reasonParts(template: string): ReasonPart[] {
  let parts = reasonTemplates.get(template);
  if (parts) return parts;
  parts = [];
  let last = 0;
  for (const m of template.matchAll(/\{([a-z_]+)(?:[|:]([A-Za-z_][A-Za-z0-9_]*))?\}/g)) {
    if (m.index > last) parts.push(template.slice(last, m.index));
    parts.push({ key: m[1]!, arg: m[2], whole: m[0] });
    last = m.index + m[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  if (reasonTemplates.size > 1024) reasonTemplates.clear();
  reasonTemplates.set(template, parts);
  return parts;
}
