import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { SEVERITIES, Severity, severityRank } from '../domain/severity';
import { DEFAULT_GROUP_BY } from '../incidents/groupKey';
import { ConditionSyntaxError, parseCondition, type Condition } from './condition';
import { parseDuration } from './duration';
import type { ValueUnit } from './formatValue';
import { MatcherSyntaxError, parseMatcher, type Matcher } from './parseMatcher';
import { parseQueryTemplate, QuerySyntaxError, type QueryTemplate } from './ruleQuery';
import type { ValueKind } from './readExpression';
import { compileRe2Anchored, compileRe2Search } from './compileRe2Anchored';

/** Kinds a rule's `value:` may name: percent is a ratio written x100 and compares as one. */
const RuleValueKind = z.enum(['ratio', 'count', 'rate', 'seconds', 'bytes', 'availability']);
export type RuleValueKind = z.infer<typeof RuleValueKind>;

/** A regex from the file, compiled once; a bad one is a located problem, not a crash. */
const RegexText = z.string().min(1);

const DurationText = z.string().refine((s) => parseDuration(s) !== null, {
  message: 'must be a duration such as 30s, 5m, 4h or 1w',
});

export const SeverityPolicy = z.strictObject({
  label: z.string(),
  ack: DurationText,
  update: DurationText.optional(),
  mitigate: DurationText.optional(),
  resolve: DurationText.optional(),
  /** P0/P1: an alert automatically declares an incident; P2/P3: the engineer decides. */
  declare: z.enum(['auto', 'judgment']),
  notify: z.enum(['page', 'quiet', 'none']),
});
export type SeverityPolicy = z.infer<typeof SeverityPolicy>;

/**
 * A rule. `severity`, `match` and `reason` are required unless the rule is `disabled` (the way an
 * override switches a shipped rule off by id); that check is done after parsing, with positions.
 */
const RuleSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case words joined by dashes'),
  severity: Severity.optional(),
  /** Alertmanager matchers; all must match. Absent: every alert (scope, value and about decide). */
  match: z.array(z.string()).min(1).optional(),
  /** `ml`: only alerts about an ML model (see `scope:`); `other`: only the rest; absent: both. */
  scope: z.enum(['ml', 'other']).optional(),
  /**
   * The kind of value the condition compares, read from the alert's PromQL. The rule never applies
   * to a value of another or unknown kind. A rule with `value:` is value evidence: it may move an
   * alert away from its author's severity label; a rule without one only explains the label.
   */
  value: RuleValueKind.optional(),
  /** The value-side metric must match this (anchored) regex: a PSI gauge has no unit to read. */
  metric: RegexText.optional(),
  /** What the value is about: a regex searched in the value's metric names, its filters and the alert name. */
  about: RegexText.optional(),
  /** May this rule set an alert below its author's label (a page to a quiet notification)? Default no. */
  lower_label: z.boolean().optional(),
  /** Condition on the value, e.g. "value > 0.05", "value > 2 * sla", "value > 0.01 and rising". */
  when: z.string().optional(),
  /** PromQL whose result is the value instead of the alert's own (see ruleQuery.ts). */
  query: z.string().optional(),
  /** How long the alert must have been active (since activeAt): strictly more than this. */
  for: DurationText.optional(),
  /** Default SLA in seconds for latency rules; an alert's `sla_seconds` label or annotation wins. */
  sla_seconds: z.number().positive().optional(),
  reason: z.string().min(1).optional(),
  /** What the value is, for explanations: "error ratio", "p99", "PSI". */
  subject: z.string().min(1).optional(),
  /** How the value reads: percent (a fraction shown as 7.2%), seconds, or number. */
  unit: z.enum(['percent', 'seconds', 'number']).optional(),
  disabled: z.boolean().optional(),
});

const EscalationSchema = z.strictObject({
  /** Applies to incidents whose rule severity is this or lower. */
  from: Severity,
  /** Unacknowledged this long after detection (at or after). */
  after: DurationText,
  to: Severity,
});

const InhibitSchema = z.strictObject({
  /** An open incident at this severity... */
  source: Severity,
  /** ...mutes notifications of open incidents at these severities... */
  target: z.array(Severity).min(1),
  /** ...when these labels agree (entries like `service|model|model_name`, first present wins). */
  equal: z.array(z.string().min(1)).min(1),
});

const IncidentsSchema = z.strictObject({
  /** Group key entries: a label name, or alternatives joined by `|` (first present wins). */
  group_by: z.array(z.string().min(1)).min(1).optional(),
  /** Resolved and fired again within this window: the same incident. */
  flap_window: DurationText.optional(),
  /** After a notification for a key, a new incident of that key does not notify within this. */
  cooldown: DurationText.optional(),
  /** Labels ignored when deciding that two sources report the same alert. */
  ignore_labels: z.array(z.string()).optional(),
});

/** `none` in the map: alerts with that label value are not incidents (heartbeats, inhibitor helpers). */
const FallbackTarget = z.union([Severity, z.literal('none')]);
const FallbackSchema = z.strictObject({ label: z.string(), map: z.record(z.string(), FallbackTarget) });

/** Which alerts are about an ML model: seed 000's matrix applies to them. */
const ScopeSchema = z.strictObject({
  ml: z.strictObject({
    /** Any of these labels present (and not empty). */
    labels: z.array(z.string()).optional(),
    /** A metric of the expression matches this regex (searched, case-insensitive). */
    metrics: RegexText.optional(),
    /** Services (the `service` label) the team marks as ML. */
    services: z.array(z.string()).optional(),
  }),
});

/** Watchdog / dead man's switch alerts: health, not incidents. Their silence is the incident. */
const HeartbeatSchema = z.strictObject({
  /** Alert names that are heartbeats. An expression without series (`vector(1)`) is one too. */
  names: z.array(z.string()).optional(),
  /** The level of "alerting pipeline heartbeat stopped". */
  stopped: Severity.optional(),
  /**
   * How long a heartbeat must be missing, while its source answers, before it counts as stopped:
   * a restarted Prometheus evaluates its rules again only after an interval, and an Alertmanager
   * hears of an alert again only after Prometheus's resend delay.
   */
  grace: DurationText.optional(),
});

/** PagerDuty's own judgment of its incidents, mapped onto P-levels. */
const PagerDutySchema = z.strictObject({
  /** Incident urgency: high pages. */
  urgency: z.record(z.string(), Severity).optional(),
  /** Priority names (P1-P5 by default in PagerDuty accounts that use priorities); wins over urgency. */
  priority: z.record(z.string(), Severity).optional(),
});

const FullFileSchema = z.strictObject({
  version: z.literal(1),
  severities: z.strictObject({ P0: SeverityPolicy, P1: SeverityPolicy, P2: SeverityPolicy, P3: SeverityPolicy }),
  rules: z.array(RuleSchema),
  fallback: FallbackSchema,
  default: Severity,
  scope: ScopeSchema.optional(),
  heartbeats: HeartbeatSchema.optional(),
  pagerduty: PagerDutySchema.optional(),
  incidents: IncidentsSchema.optional(),
  escalation: z.array(EscalationSchema).optional(),
  inhibit: z.array(InhibitSchema).optional(),
});

/** An override: the same format, every section optional, severities and fallback partial. */
const OverrideFileSchema = z.strictObject({
  version: z.literal(1),
  severities: z
    .strictObject({
      P0: SeverityPolicy.partial().optional(),
      P1: SeverityPolicy.partial().optional(),
      P2: SeverityPolicy.partial().optional(),
      P3: SeverityPolicy.partial().optional(),
    })
    .optional(),
  rules: z.array(RuleSchema).optional(),
  fallback: FallbackSchema.partial().optional(),
  default: Severity.optional(),
  scope: ScopeSchema.optional(),
  heartbeats: HeartbeatSchema.optional(),
  pagerduty: PagerDutySchema.optional(),
  incidents: IncidentsSchema.optional(),
  escalation: z.array(EscalationSchema).optional(),
  inhibit: z.array(InhibitSchema).optional(),
});

export interface ClassificationRule {
  id: string;
  severity: Severity;
  matchers: Matcher[];
  condition: Condition | null;
  /** When set, the value compared is this query's result, not the alert's value. */
  query: QueryTemplate | null;
  forMs: number | null;
  slaSeconds: number | null;
  reason: string;
  subject: string;
  unit: ValueUnit;
  scope: 'ml' | 'other' | null;
  value: RuleValueKind | null;
  metric: TextPattern | null;
  about: TextPattern | null;
  lowerLabel: boolean;
}

/** A compiled RE2 pattern (linear time: patterns come from files a person edits, texts from alerts). */
export interface TextPattern {
  test(text: string): boolean;
}

export interface MlScope {
  labels: string[];
  metrics: TextPattern | null;
  services: string[];
}

export interface HeartbeatPolicy {
  names: string[];
  stopped: Severity;
  graceMs: number;
}

export interface PagerDutyPolicy {
  urgency: Record<string, Severity>;
  priority: Record<string, Severity>;
}

export const DEFAULT_ML_SCOPE: MlScope = {
  labels: ['model', 'model_name', 'model_id', 'model_version'],
  metrics: compileRe2Search(
    '(^|[_:-])(model|models|inference|prediction|predictions|predict|predicted|psi|drift)([_:-]|$)',
  ),
  services: [],
};
export const DEFAULT_HEARTBEATS: HeartbeatPolicy = {
  names: ['Watchdog', 'DeadMansSwitch', 'DeadMansSnitch', 'Heartbeat', 'AlwaysFiring'],
  stopped: 'P1',
  graceMs: 3 * 60_000,
};
export const DEFAULT_PAGERDUTY: PagerDutyPolicy = {
  urgency: { high: 'P1', low: 'P3' },
  priority: { p1: 'P0', p2: 'P1', p3: 'P2', p4: 'P3', p5: 'P3' },
};
export type { ValueKind };

export interface EscalationStep {
  from: Severity;
  afterMs: number;
  to: Severity;
}

export interface InhibitRule {
  source: Severity;
  targets: Severity[];
  equal: string[];
}

export interface IncidentPolicy {
  groupBy: string[];
  flapWindowMs: number;
  cooldownMs: number;
  ignoreLabels: string[];
}

/** What a file without an `incidents:` section gets. */
export const DEFAULT_INCIDENT_POLICY: IncidentPolicy = {
  groupBy: [...DEFAULT_GROUP_BY],
  flapWindowMs: 10 * 60_000,
  cooldownMs: 30 * 60_000,
  ignoreLabels: ['prometheus', 'prometheus_replica', 'replica'],
};

export interface ClassificationConfig {
  severities: Record<Severity, SeverityPolicy>;
  /** Enabled rules, sorted most severe first; file order kept within a severity. */
  rules: ClassificationRule[];
  fallback: { label: string; map: Record<string, Severity | 'none'> };
  default: Severity;
  scope: MlScope;
  heartbeats: HeartbeatPolicy;
  pagerduty: PagerDutyPolicy;
  incidents: IncidentPolicy;
  /** Progressive escalation of unacknowledged incidents; empty = none. */
  escalation: EscalationStep[];
  /** Notification muting; empty = none. */
  inhibit: InhibitRule[];
}

export interface ConfigProblem {
  message: string;
  line: number | null;
  column: number | null;
  /** Which file the position is in when two were layered: the shipped one or the user's override. */
  file?: 'base' | 'override';
}

export type ConfigResult = { ok: true; config: ClassificationConfig } | { ok: false; problems: ConfigProblem[] };

/** One file, validated and compiled, before layering. Sections absent from the file are undefined. */
export interface ConfigLayer {
  severities: Partial<Record<Severity, Partial<SeverityPolicy>>>;
  /** In file order; a disabled rule is `{ id, disabled: true }`. */
  rules: (ClassificationRule | { id: string; disabled: true })[];
  fallback?: { label?: string; map?: Record<string, Severity | 'none'> };
  default?: Severity;
  scope?: Partial<MlScope>;
  heartbeats?: Partial<HeartbeatPolicy>;
  pagerduty?: Partial<PagerDutyPolicy>;
  incidents?: Partial<IncidentPolicy>;
  escalation?: EscalationStep[];
  inhibit?: InhibitRule[];
}

export type LayerResult = { ok: true; layer: ConfigLayer } | { ok: false; problems: ConfigProblem[] };

/**
 * Parses and validates a classification file. Errors carry line and column so the settings
 * screen can point at them; the caller keeps the last good config in force.
 */
export function parseClassificationConfig(text: string): ConfigResult {
  const layer = loadConfigLayer(text, 'full');
  if (!layer.ok) return layer;
  return { ok: true, config: finalizeConfig([layer.layer]) };
}

/**
 * Reads one file into a layer. `full` demands every section (the shipped file, or a file used
 * alone); `override` accepts any subset of sections and partial severities and fallback.
 */
export function loadConfigLayer(text: string, mode: 'full' | 'override', file?: 'base' | 'override'): LayerResult {
  const tag = file ? { file } : {};
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { message: e.message.split('\n')[0]!, line: pos.line, column: pos.col, ...tag };
      }),
    };
  }
  const schema = mode === 'full' ? FullFileSchema : OverrideFileSchema;
  const parsed = schema.safeParse(doc.toJS());
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => {
        const at = positionOf(doc, lineCounter, issue.path as (string | number)[]);
        const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
        return { message: `${where}${issue.message}`, ...at, ...tag };
      }),
    };
  }
  const data = parsed.data as z.infer<typeof OverrideFileSchema>;
  const problems: ConfigProblem[] = [];
  const problemAt = (path: (string | number)[], message: string) =>
    problems.push({ message, ...positionOf(doc, lineCounter, path), ...tag });

  const rules: ConfigLayer['rules'] = [];
  const seen = new Set<string>();
  (data.rules ?? []).forEach((rule, index) => {
    const ruleProblem = (path: (string | number)[], message: string) =>
      problemAt(['rules', index, ...path], `rules.${index} (${rule.id}): ${message}`);
    if (seen.has(rule.id)) ruleProblem(['id'], 'duplicate rule id');
    seen.add(rule.id);
    if (rule.disabled) {
      rules.push({ id: rule.id, disabled: true });
      return;
    }
    for (const field of ['severity', 'reason'] as const) {
      if (rule[field] === undefined) ruleProblem([], `${field} is required (or set disabled: true)`);
    }
    const matchers: Matcher[] = [];
    (rule.match ?? []).forEach((text, i) => {
      try {
        matchers.push(parseMatcher(text));
      } catch (err) {
        if (!(err instanceof MatcherSyntaxError)) throw err;
        ruleProblem(['match', i], err.message);
      }
    });
    let condition: Condition | null = null;
    if (rule.when !== undefined) {
      try {
        // A condition using `sla` without sla_seconds is allowed: the alert may carry its own.
        condition = parseCondition(rule.when);
      } catch (err) {
        if (!(err instanceof ConditionSyntaxError)) throw err;
        ruleProblem(['when'], err.message);
      }
    }
    let query: QueryTemplate | null = null;
    if (rule.query !== undefined) {
      try {
        query = parseQueryTemplate(rule.query);
      } catch (err) {
        if (!(err instanceof QuerySyntaxError)) throw err;
        ruleProblem(['query'], err.message);
      }
      if (rule.when === undefined) ruleProblem(['query'], 'a rule with query: needs a when: condition on its value');
    }
    const regex = (field: 'metric' | 'about', anchored: boolean): TextPattern | null => {
      const source = rule[field];
      if (source === undefined) return null;
      try {
        return anchored ? compileRe2Anchored(`(?i)${source}`) : compileRe2Search(source);
      } catch (err) {
        ruleProblem([field], `not a regular expression: ${(err as Error).message}`);
        return null;
      }
    };
    if (rule.when !== undefined && rule.query === undefined && rule.value === undefined && rule.metric === undefined) {
      ruleProblem(
        ['when'],
        'say which kind of value the condition compares (value: ratio, count, rate, seconds, bytes) or which metric (metric:)',
      );
    }
    if (rule.lower_label && rule.value === undefined && rule.metric === undefined) {
      ruleProblem(
        ['lower_label'],
        'only a rule with value evidence (value: or metric:) may lower an alert below its label',
      );
    }
    rules.push({
      id: rule.id,
      scope: rule.scope ?? null,
      value: rule.value ?? null,
      metric: regex('metric', true),
      about: regex('about', false),
      lowerLabel: rule.lower_label ?? false,
      severity: rule.severity ?? 'P3',
      matchers,
      condition,
      query,
      forMs: rule.for ? parseDuration(rule.for) : null,
      slaSeconds: rule.sla_seconds ?? null,
      reason: rule.reason ?? '',
      subject: rule.subject ?? 'value',
      unit: rule.unit ?? 'number',
    });
  });

  const escalation = data.escalation?.map((step, i) => {
    if (severityRank(step.to) >= severityRank(step.from)) {
      problemAt(['escalation', i, 'to'], `escalation.${i}: ${step.to} is not more severe than ${step.from}`);
    }
    return { from: step.from, afterMs: parseDuration(step.after)!, to: step.to };
  });
  const inhibit = data.inhibit?.map((rule, i) => {
    rule.target.forEach((t, j) => {
      if (severityRank(t) <= severityRank(rule.source)) {
        problemAt(
          ['inhibit', i, 'target', j],
          `inhibit.${i}: a ${rule.source} incident can only mute less severe ones, not ${t}`,
        );
      }
    });
    return { source: rule.source, targets: [...rule.target], equal: [...rule.equal] };
  });
  if (problems.length) return { ok: false, problems };

  const incidents: Partial<IncidentPolicy> | undefined = data.incidents && {
    ...(data.incidents.group_by && { groupBy: [...data.incidents.group_by] }),
    ...(data.incidents.flap_window && { flapWindowMs: parseDuration(data.incidents.flap_window)! }),
    ...(data.incidents.cooldown && { cooldownMs: parseDuration(data.incidents.cooldown)! }),
    ...(data.incidents.ignore_labels && { ignoreLabels: [...data.incidents.ignore_labels] }),
  };
  let scope: Partial<MlScope> | undefined;
  if (data.scope) {
    let metrics: TextPattern | null | undefined;
    if (data.scope.ml.metrics !== undefined) {
      try {
        metrics = compileRe2Search(data.scope.ml.metrics);
      } catch (err) {
        problemAt(['scope', 'ml', 'metrics'], `scope.ml.metrics: not a regular expression: ${(err as Error).message}`);
      }
    }
    scope = {
      ...(data.scope.ml.labels && { labels: [...data.scope.ml.labels] }),
      ...(metrics !== undefined && { metrics }),
      ...(data.scope.ml.services && { services: [...data.scope.ml.services] }),
    };
  }
  if (problems.length) return { ok: false, problems };
  const lower = (m: Record<string, Severity> | undefined) =>
    m && Object.fromEntries(Object.entries(m).map(([k, v]) => [k.toLowerCase(), v]));
  const heartbeats = data.heartbeats && {
    ...(data.heartbeats.names && { names: [...data.heartbeats.names] }),
    ...(data.heartbeats.stopped && { stopped: data.heartbeats.stopped }),
    ...(data.heartbeats.grace && { graceMs: parseDuration(data.heartbeats.grace)! }),
  };
  const pagerduty = data.pagerduty && {
    ...(data.pagerduty.urgency && { urgency: lower(data.pagerduty.urgency)! }),
    ...(data.pagerduty.priority && { priority: lower(data.pagerduty.priority)! }),
  };
  // The fallback looks labels up lower-cased, so keys are stored lower-cased.
  const map = data.fallback?.map
    ? Object.fromEntries(Object.entries(data.fallback.map).map(([k, v]) => [k.toLowerCase(), v]))
    : undefined;
  return {
    ok: true,
    layer: {
      severities: { ...data.severities },
      rules,
      ...(data.fallback && {
        fallback: { ...(data.fallback.label !== undefined && { label: data.fallback.label }), ...(map && { map }) },
      }),
      ...(data.default && { default: data.default }),
      ...(scope && { scope }),
      ...(heartbeats && { heartbeats }),
      ...(pagerduty && { pagerduty }),
      ...(incidents && { incidents }),
      ...(escalation && { escalation }),
      ...(inhibit && { inhibit }),
    },
  };
}

/**
 * Layers compiled files, first = base. Per severity, policy fields replace; rules with an id
 * already present replace it in place (or remove it when disabled), new ids come before the
 * base's rules of the same severity; the fallback label replaces and its map merges by key;
 * `default` and each `incidents` field replace; `escalation` and `inhibit` replace as a whole.
 * The first layer must be complete (a full file); later ones may be partial.
 */
export function finalizeConfig(layers: readonly ConfigLayer[]): ClassificationConfig {
  const severities = {} as Record<Severity, SeverityPolicy>;
  for (const s of SEVERITIES) {
    severities[s] = Object.assign({}, ...layers.map((l) => l.severities[s] ?? {})) as SeverityPolicy;
  }
  type Placed = { rule: ClassificationRule; order: number };
  const byId = new Map<string, Placed | null>();
  layers.forEach((layer, depth) => {
    layer.rules.forEach((rule, i) => {
      const previous = byId.get(rule.id);
      if ('disabled' in rule) {
        byId.set(rule.id, null);
        return;
      }
      // A replacement keeps its predecessor's place; a new rule of a later layer goes first.
      const order = previous ? previous.order : depth === 0 ? i : -1_000_000 * depth + i;
      byId.set(rule.id, { rule, order });
    });
  });
  const rules = [...byId.values()]
    .filter((p): p is Placed => p !== null)
    .sort((a, b) => severityRank(a.rule.severity) - severityRank(b.rule.severity) || a.order - b.order)
    .map((p) => p.rule);
  const last = <T>(pick: (l: ConfigLayer) => T | undefined): T | undefined => {
    let found: T | undefined;
    for (const l of layers) found = pick(l) ?? found;
    return found;
  };
  return {
    severities,
    rules,
    fallback: {
      label: last((l) => l.fallback?.label) ?? 'severity',
      map: Object.assign({}, ...layers.map((l) => l.fallback?.map ?? {})) as Record<string, Severity | 'none'>,
    },
    default: last((l) => l.default) ?? 'P3',
    scope: Object.assign({}, DEFAULT_ML_SCOPE, ...layers.map((l) => l.scope ?? {})) as MlScope,
    heartbeats: Object.assign({}, DEFAULT_HEARTBEATS, ...layers.map((l) => l.heartbeats ?? {})) as HeartbeatPolicy,
    pagerduty: {
      urgency: Object.assign({}, DEFAULT_PAGERDUTY.urgency, ...layers.map((l) => l.pagerduty?.urgency ?? {})),
      priority: Object.assign({}, DEFAULT_PAGERDUTY.priority, ...layers.map((l) => l.pagerduty?.priority ?? {})),
    },
    incidents: Object.assign({}, DEFAULT_INCIDENT_POLICY, ...layers.map((l) => l.incidents ?? {})) as IncidentPolicy,
    escalation: last((l) => l.escalation) ?? [],
    inhibit: last((l) => l.inhibit) ?? [],
  };
}

function positionOf(
  doc: Document,
  lc: LineCounter,
  path: (string | number)[],
): { line: number | null; column: number | null } {
  // Walk up the path until a node with a source range is found.
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) {
      const pos = lc.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return { line: null, column: null };
}
