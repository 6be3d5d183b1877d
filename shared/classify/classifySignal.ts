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
import { alertFacts, HEARTBEAT_STOPPED, type AlertFacts } from './alertFacts';
import { keptSlot, type KeptSlot } from './keptLabelSets';
import { describeThreshold, describeValue } from './describeValue';
import type { ExpressionReading } from './readExpression';

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
  | { kind: 'query-empty' }
  | { kind: 'query-failed'; error: string }
  | { kind: 'no-value' }
  | { kind: 'label-bound'; label: string }
  | { kind: 'one-target'; label: string }
  | { kind: 'author-threshold'; label: string; author: string };

type Outcome = { hit: true; value: number | null; sla: number | null } | { hit: false; miss: Miss };
type Misses = ({ rule: ClassificationRule; miss: Miss } | undefined)[];

/**
 * Classifies one signal.
 *
 * PagerDuty incidents carry PagerDuty's own judgment (priority, else urgency), mapped by the
 * matrix's `pagerduty:` section. Alerts are tried against the rules, most severe first. A rule
 * applies when its label matchers match, its scope fits (seed 000's ML rules only for alerts about
 * a model), what the value is about matches, the value read from the alert's PromQL is of the kind
 * the rule compares (never another or an unknown kind), and its condition, trend and duration
 * hold. The author's severity label bounds the result: only a rule with value evidence moves an
 * alert away from its label, a raise only past a line stricter than the author's own threshold,
 * and a lowering only where the rule says `lower_label: true`; the reason says so. Otherwise the
 * label decides, with the value in its own unit. Pure: `now` and the context are passed in so a
 * replay classifies exactly as it did live.
 */
export function classifySignal(
  signal: Signal,
  config: ClassificationConfig,
  now: number,
  context: ClassifyContext = NO_CONTEXT,
): Classification {
  if (signal.sourceKind === 'pagerduty') return classifyPagerDuty(signal, config);
  const slot = keptSlot(signal.labels);
  const known = slot === undefined ? null : labelSetFacts(slot, signal, config);
  if (known) {
    if (known.labelAlone) return known.labelAlone;
  } else {
    const stopped = heartbeatStopped(signal, config);
    if (stopped) return stopped;
  }
  const facts = known ? known.facts : alertFacts(signal, config);
  const rules = known ? known.rules : rulesToTry(rulesMatchingLabels(config, signal.labels), facts);
  // The first miss seen at each severity: the nearest stricter one explains "why not higher".
  let misses: Misses | null = null;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    const read = valueFor(rule, signal, facts);
    if ('miss' in read) {
      if (read.miss) misses = withMiss(misses, rule, read.miss);
      continue;
    }
    const outcome = evaluateRule(rule, signal, read.value, now, context);
    if (!outcome.hit) {
      misses = withMiss(misses, rule, outcome.miss);
      continue;
    }
    const bound = labelBound(rule, facts, read.authorThreshold, outcome.sla, config);
    if (bound === 'skip') continue;
    if (typeof bound === 'object') {
      misses = withMiss(misses, rule, bound);
      continue;
    }
    const prefix =
      bound === 'raised'
        ? `raised above its ${facts.label!.value} label: `
        : bound === 'lowered'
          ? `lowered below its ${facts.label!.value} label: `
          : '';
    return {
      severity: rule.severity,
      ruleId: rule.id,
      reason: `${prefix}${renderReason(rule, signal, outcome.value, outcome.sla, now)}: ${rule.severity}`,
      whyNotHigher: whyNot(misses, rule.severity),
    };
  }
  const plain = fallbackFor(config, signal, facts);
  return misses === null ? plain : { ...plain, whyNotHigher: whyNot(misses, plain.severity) };
}

const NO_CONTEXT: ClassifyContext = Object.freeze({});

/** Vigil's own heartbeat alert (alertFacts' HEARTBEAT_STOPPED): the pipeline itself is broken. */
function heartbeatStopped(signal: Signal, config: ClassificationConfig): Classification | null {
  const labels = signal.labels;
  if (labels.alertname !== HEARTBEAT_STOPPED || !labels.heartbeat) return null;
  const level = config.heartbeats.stopped;
  return {
    severity: level,
    ruleId: 'heartbeat-stopped',
    reason: `alerting pipeline heartbeat stopped: ${labels.heartbeat} no longer fires on ${labels.service ?? 'its source'}, which still answers: ${level}`,
    whyNotHigher: null,
  };
}

/** What classifying an alert depends on besides its value and the time. */
interface LabelSetFacts {
  config: ClassificationConfig;
  expr: string | null | undefined;
  exprNote: string | null | undefined;
  name: string;
  facts: AlertFacts;
  rules: readonly ClassificationRule[];
  /**
   * The answer that depends on the labels alone: a stopped heartbeat, or no rule worth trying and
   * no value to read, so the severity label decides.
   */
  labelAlone: Classification | null;
}

/**
 * LabelSetFacts of a kept label set (keptLabelSets.ts), from its slot while the matrix and the
 * alert's rule text are the same; read again otherwise.
 */
function labelSetFacts(slot: KeptSlot, signal: Signal, config: ClassificationConfig): LabelSetFacts {
  const known = slot.facts as LabelSetFacts | null;
  if (
    known !== null &&
    known.config === config &&
    known.expr === signal.expr &&
    known.exprNote === signal.exprNote &&
    known.name === signal.name
  ) {
    return known;
  }
  const made = readLabelSet(signal, config);
  slot.facts = made;
  return made;
}

function readLabelSet(signal: Signal, config: ClassificationConfig): LabelSetFacts {
  const stopped = heartbeatStopped(signal, config);
  const facts = alertFacts(signal, config);
  const rules = rulesToTry(rulesMatchingLabels(config, signal.labels), facts);
  return {
    config,
    expr: signal.expr,
    exprNote: signal.exprNote,
    name: signal.name,
    facts,
    rules,
    labelAlone: stopped ?? (rules.length === 0 && facts.reading === null ? fallbackFor(config, signal, facts) : null),
  };
}

function withMiss(misses: Misses | null, rule: ClassificationRule, miss: Miss): Misses {
  const out = misses ?? [];
  out[severityRank(rule.severity)] ??= { rule, miss };
  return out;
}

/**
 * Of the rules whose labels match, those worth trying on this alert: its scope fits, `about` is
 * found in the alert's text, and the value read from its expression is of the kind the rule
 * compares. These depend on the alert's facts alone (ML or not, the about-text, the reading), which
 * a storm's alerts share by the thousand (alertFacts hands out one object per combination), so the
 * answer is remembered per facts object and matched-rule list: one lookup and a comparison for an
 * alert whose facts and labels were seen before. Dropping a rule here is what the loop would do:
 * it passes over it without a word.
 */
function rulesToTry(matched: readonly ClassificationRule[], facts: AlertFacts): readonly ClassificationRule[] {
  let known = rulesTried.get(facts);
  if (!known) rulesTried.set(facts, (known = []));
  for (let i = 0; i < known.length; i++) if (known[i]!.matched === matched) return known[i]!.rules;
  const rules = worthTrying(matched, facts);
  // Matched-rule lists per facts: one per combination of the labels matchers read, usually one.
  if (known.length >= 8) known.shift();
  known.push({ matched, rules });
  return rules;
}

const rulesTried = new WeakMap<
  AlertFacts,
  { matched: readonly ClassificationRule[]; rules: readonly ClassificationRule[] }[]
>();

/** Out of line: a closure over `facts` here would cost a context allocation on every call. */
function worthTrying(matched: readonly ClassificationRule[], facts: AlertFacts): ClassificationRule[] {
  const out: ClassificationRule[] = [];
  for (const rule of matched) {
    if (rule.scope && (rule.scope === 'ml') !== facts.ml) continue;
    if (rule.about && !rule.about.test(facts.aboutText)) continue;
    if (readingFits(rule, facts.reading)) out.push(rule);
  }
  return out;
}

/** False where valueFor passes over the rule quietly whatever the alert's value ({ miss: null }). */
function readingFits(rule: ClassificationRule, reading: ExpressionReading | null): boolean {
  if (rule.query) return true;
  if (rule.value === null && rule.metric === null) return true;
  const v = reading?.value;
  if (!reading || reading.problem !== null || !v) return false;
  if (rule.metric !== null) return v.metric !== null && rule.metric.test(v.metric);
  return v.kind === rule.value || (rule.value === 'ratio' && v.kind === 'percent');
}

/**
 * The value a rule compares, in the rule's unit, or why the rule does not apply. A percentage is
 * a ratio written x100 and compares as one; seconds and bytes are scaled to their base unit.
 * `authorThreshold` is the rule's own threshold of the alert in the same unit, when known.
 */
function valueFor(
  rule: ClassificationRule,
  signal: Signal,
  facts: AlertFacts,
): { value: number | null; authorThreshold: AuthorThreshold | null } | { miss: Miss | null } {
  if (rule.query) return { value: signal.value, authorThreshold: null };
  if (rule.value === null && rule.metric === null) return { value: signal.value, authorThreshold: null };
  const reading = facts.reading;
  const v = reading?.value;
  // A value of another kind is simply another kind of alert (a PSI is not a latency): nothing to
  // explain. An unknown expression is said once, in the fallback's reason.
  if (!reading || reading.problem !== null || !v) return { miss: null };
  let factor: number;
  if (rule.metric !== null) {
    if (v.metric === null || !rule.metric.test(v.metric)) return { miss: null };
    factor = 1;
  } else {
    const kind = v.kind;
    // A percentage is a ratio written x100.
    if (kind !== rule.value && !(rule.value === 'ratio' && kind === 'percent')) return { miss: null };
    factor = kind === 'percent' ? 0.01 : kind === 'ratio' ? 1 : v.scale;
  }
  if (rule.value === 'availability') return { value: signal.value, authorThreshold: null };
  if (signal.value === null) return { miss: { kind: 'no-value' } };
  const c = reading.comparison;
  return {
    value: signal.value * factor,
    authorThreshold: c && c.threshold !== null ? { op: c.op, threshold: c.threshold * factor } : null,
  };
}

interface AuthorThreshold {
  op: string;
  threshold: number;
}

/**
 * The author's label as a bound. 'same' / 'raised' / 'lowered' / 'free' (no label) apply the rule;
 * 'skip' passes over it quietly (a lower rule may not lower); a Miss says why a raise is refused.
 */
function labelBound(
  rule: ClassificationRule,
  facts: AlertFacts,
  author: AuthorThreshold | null,
  sla: number | null,
  config: ClassificationConfig,
): 'same' | 'raised' | 'lowered' | 'free' | 'skip' | Miss {
  const label = facts.label;
  if (!label) return 'free';
  const diff = severityRank(rule.severity) - severityRank(label.severity);
  if (diff === 0) return 'same';
  const evidence = rule.value !== null || rule.metric !== null || rule.query !== null;
  if (diff > 0) return evidence && rule.lowerLabel ? 'lowered' : 'skip';
  if (!evidence) return { kind: 'label-bound', label: label.value };
  // `up == 0` fires per target: one replica of several down is not the service down. Only an
  // expression that says every target is down (`sum(up) == 0`, `absent(...)`) outranks the label.
  const v = facts.reading?.value;
  if (rule.value === 'availability' && v?.availability === 'down' && v.what === 'target') {
    return { kind: 'one-target', label: label.value };
  }
  // The author alerted at their own line and chose not to page there; a stricter line of the matrix
  // may page, the same or a milder one does not: the author already decided what it means. (A
  // critical raised to P0 pages either way; only its urgency changes.)
  const mine = rule.condition?.comparisons[0];
  const toPage =
    config.severities[rule.severity].notify === 'page' && config.severities[label.severity].notify !== 'page';
  if (toPage && author && mine) {
    const limit = mine.perSla ? (sla === null ? null : mine.threshold * sla) : mine.threshold;
    const up = (op: string) => op === '>' || op === '>=';
    const down = (op: string) => op === '<' || op === '<=';
    // A trend term is evidence the author's rule does not have: at the author's own line it raises.
    const trend = rule.condition?.trend ? 1 : 0;
    const stricter =
      limit !== null &&
      ((up(author.op) && up(mine.op) && limit + trend > author.threshold) ||
        (down(author.op) && down(mine.op) && limit - trend < author.threshold));
    if (!stricter) {
      return { kind: 'author-threshold', label: label.value, author: `${author.op} ${roundForText(author.threshold)}` };
    }
  }
  return 'raised';
}

function classifyPagerDuty(signal: Signal, config: ClassificationConfig): Classification {
  const pd = config.pagerduty;
  const priority = signal.labels.pagerduty_priority;
  const byPriority = priority === undefined ? undefined : pd.priority[priority.toLowerCase()];
  if (byPriority) {
    return {
      severity: byPriority,
      ruleId: 'pagerduty:priority',
      reason: `PagerDuty priority ${priority}: ${byPriority}`,
      whyNotHigher: null,
    };
  }
  const urgency = signal.labels.urgency;
  const byUrgency = urgency === undefined ? undefined : pd.urgency[urgency.toLowerCase()];
  if (byUrgency) {
    const pages = urgency!.toLowerCase() === 'high' ? ' (PagerDuty pages for it)' : '';
    return {
      severity: byUrgency,
      ruleId: 'pagerduty:urgency',
      reason: `PagerDuty ${urgency} urgency${pages}: ${byUrgency}`,
      whyNotHigher: null,
    };
  }
  return {
    severity: config.default,
    ruleId: 'default',
    reason: `PagerDuty gives no urgency or priority Vigil maps: default ${config.default}`,
    whyNotHigher: null,
  };
}

const fallbacks = new WeakMap<ClassificationConfig, Map<string | undefined, Classification>>();

/** No rule applied: the author's label decides, and the reason says what the value is. */
function fallbackFor(config: ClassificationConfig, signal: Signal, facts: AlertFacts): Classification {
  const labelName = config.fallback.label;
  const reading = facts.reading;
  if (!reading) return plainFallback(config, signal.labels[labelName], signal.exprNote ?? null);
  const said = reading.problem
    ? `its expression could not be read (${reading.problem}), so its value is not judged`
    : valuePhrase(reading, signal);
  if (facts.label) {
    return {
      severity: facts.label.severity,
      ruleId: `fallback:${labelName}`,
      reason: `${said}; labelled ${facts.label.value}: ${facts.label.severity}`,
      whyNotHigher: null,
    };
  }
  const what =
    facts.labelValue === null ? `no ${labelName} label` : `${labelName}="${facts.labelValue}" is not in the map`;
  return {
    severity: config.default,
    ruleId: 'default',
    reason: `${said}; no matrix rule applies and ${what}: default ${config.default}`,
    whyNotHigher: null,
  };
}

function valuePhrase(reading: ExpressionReading, signal: Signal): string {
  const phrase = describeValue(reading.value, signal.value, signal.labels);
  const limit = describeThreshold(reading.value, reading.comparison);
  return limit ? `${phrase} (rule: ${limit})` : phrase;
}

/** Without an expression the answer depends on the label value alone: one object per value. */
function plainFallback(
  config: ClassificationConfig,
  labelValue: string | undefined,
  note: string | null,
): Classification {
  if (note) return withNote(plainFallback(config, labelValue, null), note);
  let byValue = fallbacks.get(config);
  if (!byValue) fallbacks.set(config, (byValue = new Map()));
  let c = byValue.get(labelValue);
  if (c) return c;
  const mapped = labelValue !== undefined ? config.fallback.map[labelValue.toLowerCase()] : undefined;
  c =
    mapped && mapped !== 'none'
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

function withNote(c: Classification, note: string): Classification {
  return { ...c, reason: `${c.reason} (value not judged: ${note})` };
}

/** How long the alert has been active; parsed only for rules that need it. */
function activeMsOf(signal: Signal, now: number): number | null {
  return signal.activeAt ? now - Date.parse(signal.activeAt) : null;
}

function evaluateRule(
  rule: ClassificationRule,
  signal: Signal,
  initial: number | null,
  now: number,
  ctx: ClassifyContext,
): Outcome {
  let value = initial;
  let seriesKey: string | null = null;
  if (rule.query) {
    const rendered = renderQuery(rule.query, signal.labels);
    if (!rendered.ok) return { hit: false, miss: { kind: 'query-label', label: rendered.missingLabel } };
    const result = ctx.queryResults?.get(rendered.query);
    if (result === undefined) return { hit: false, miss: { kind: 'query-pending' } };
    if (typeof result === 'object' && result !== null)
      return { hit: false, miss: { kind: 'query-failed', error: result.error } };
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
    // The kept samples are the alert's raw values; a unit factor never changes a direction.
    const current = seriesKey === null && signal.value !== null ? signal.value : value;
    const direction = trendDirection(ctx.history?.get(key), now, current, cond.trend.windowMs);
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
    case 'query-failed':
      return `its query failed: ${miss.error} (rule ${rule.id})`;
    case 'no-value':
      return `the source reports no value to compare (rule ${rule.id})`;
    case 'label-bound':
      return `rule ${rule.id} matches its name only, and a name never raises an alert above its ${miss.label} label`;
    case 'one-target':
      return `its expression fires per target (up == 0): one target down is not the whole service, so its ${miss.label} label decides (rule ${rule.id} needs every target down or none reporting)`;
    case 'author-threshold':
      return `its own rule already alerts at ${miss.author} and labels that ${miss.label}; the matrix's line is no stricter (rule ${rule.id})`;
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
