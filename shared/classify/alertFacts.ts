import type { Severity } from '../domain/severity';
import type { Signal } from '../domain/signal';
import type { ClassificationConfig } from './classificationConfig';
import { readExpression, type ExpressionReading } from './readExpression';

/** The alertname of the incident Vigil raises when a heartbeat stops: its dead man's switch. */
export const HEARTBEAT_STOPPED = 'AlertingPipelineHeartbeatStopped';

/**
 * What the classifier knows about one alert before any rule is tried. Shared by every alert with
 * the same name, expression, label value and scope, so never changed once made.
 */
export interface AlertFacts {
  /** The expression read, or null when the alert carries none. */
  readonly reading: ExpressionReading | null;
  /** About an ML model: seed 000's matrix applies. */
  readonly ml: boolean;
  /** The author's severity label, lower-cased, and what it maps to; null when absent or unmapped. */
  readonly label: { value: string; severity: Severity } | null;
  /** The raw label value even when it maps to nothing. */
  readonly labelValue: string | null;
  /** Text `about:` regexes search: value-side metric names, filters and the alert name. */
  readonly aboutText: string;
}

/**
 * The facts of one alert. They depend on its name, its expression's reading, its severity label
 * and whether it is about a model, which a storm's 20,000 alerts share by the thousand; each
 * combination's facts are made once and handed out again. A new object per alert was most of
 * what classifying allocated, and every such allocation while a poll's reply is alive brings the
 * next young-generation collection nearer, which then copies the whole reply.
 */
export function alertFacts(signal: Signal, config: ClassificationConfig): AlertFacts {
  const reading = signal.expr ? readExpression(signal.expr) : null;
  const raw = signal.labels[config.fallback.label];
  const name = signal.labels.alertname ?? signal.name;
  const ml = labelsSayMl(signal, config) || (reading !== null && readingSaysMl(config, reading));
  const known = knownFacts(config, name, reading, raw);
  const slot = ml ? 1 : 0;
  return (known.facts[slot] ??= makeFacts(config, name, reading, raw, ml));
}

function makeFacts(
  config: ClassificationConfig,
  name: string,
  reading: ExpressionReading | null,
  raw: string | undefined,
  ml: boolean,
): AlertFacts {
  const label = raw === undefined ? null : authorLabel(config, raw);
  const aboutText = reading
    ? [name, ...reading.metrics, reading.value.filter ?? '', reading.value.what ?? ''].join(' ')
    : `${name}  `;
  return { reading, ml, label, labelValue: raw ?? null, aboutText };
}

/** Facts made for one name, expression and label value: not about a model, and about one. */
interface KnownFacts {
  reading: ExpressionReading | null;
  raw: string | undefined;
  facts: [AlertFacts | null, AlertFacts | null];
}

const factsByConfig = new WeakMap<ClassificationConfig, Map<string, KnownFacts[]>>();
/** Names remembered per config, and combinations per name (a name may have a rule per severity). */
const MAX_NAMES = 4096;
const MAX_PER_NAME = 8;

function knownFacts(
  config: ClassificationConfig,
  name: string,
  reading: ExpressionReading | null,
  raw: string | undefined,
): KnownFacts {
  let byName = factsByConfig.get(config);
  if (!byName) factsByConfig.set(config, (byName = new Map()));
  let list = byName.get(name);
  if (!list) {
    if (byName.size >= MAX_NAMES) byName.clear();
    byName.set(name, (list = []));
  }
  for (let i = 0; i < list.length; i++) {
    const k = list[i]!;
    if (k.reading === reading && k.raw === raw) return k;
  }
  const made: KnownFacts = { reading, raw, facts: [null, null] };
  if (list.length >= MAX_PER_NAME) list.shift();
  list.push(made);
  return made;
}

/** The alert's labels name a model, or its service is one of the ML services. */
function labelsSayMl(signal: Signal, config: ClassificationConfig): boolean {
  const scope = config.scope;
  const labels = signal.labels;
  for (let i = 0; i < scope.labels.length; i++) if (labels[scope.labels[i]!]) return true;
  const service = labels.service;
  return !!service && scope.services.includes(service);
}

const mlReadings = new WeakMap<ClassificationConfig, WeakMap<ExpressionReading, boolean>>();

/**
 * The expression's metrics or the job/service names it selects match `scope.ml.metrics`; once per
 * reading (readExpression hands out one reading per expression text).
 */
function readingSaysMl(config: ClassificationConfig, reading: ExpressionReading): boolean {
  let known = mlReadings.get(config);
  if (!known) mlReadings.set(config, (known = new WeakMap()));
  let ml = known.get(reading);
  if (ml === undefined) {
    const re = config.scope.metrics;
    ml = re !== null && (reading.metrics.some((m) => re.test(m)) || reading.targets.some((t) => re.test(t)));
    known.set(reading, ml);
  }
  return ml;
}

/**
 * `compute` remembered per config and text key, emptied past `cap` keys: a storm's 20,000 alerts
 * share a few label values and names, and every poll asks again for each of them.
 */
function rememberPerConfig<V extends NonNullable<unknown> | null>(
  cap: number,
  compute: (config: ClassificationConfig, key: string) => V,
) {
  const byConfig = new WeakMap<ClassificationConfig, Map<string, V>>();
  return (config: ClassificationConfig, key: string): V => {
    let known = byConfig.get(config);
    if (!known) byConfig.set(config, (known = new Map()));
    const hit = known.get(key);
    if (hit !== undefined) return hit;
    const value = compute(config, key);
    if (known.size >= cap) known.clear();
    known.set(key, value);
    return value;
  };
}

/** The author's label and what it maps to, one object per config and label value (a storm has a few). */
const authorLabel = rememberPerConfig(1024, (config, raw): AlertFacts['label'] => {
  const mapped = config.fallback.map[raw.toLowerCase()];
  return mapped !== undefined && mapped !== 'none' ? { value: raw, severity: mapped } : null;
});

/**
 * What the alert's own severity label maps to (the matrix's `fallback`), or null: no label, one
 * that maps to nothing or to `none`. PagerDuty incidents carry PagerDuty's judgment, not a label.
 */
export function labelSeverity(signal: Signal, config: ClassificationConfig): Severity | null {
  if (signal.sourceKind === 'pagerduty') return null;
  const raw = signal.labels[config.fallback.label];
  return raw === undefined ? null : (authorLabel(config, raw)?.severity ?? null);
}

/**
 * Watchdog / dead man's switch: an alert that fires all the time to prove the pipeline works. By
 * name (configurable) or by an expression without series (`vector(1)`).
 */
export function isHeartbeat(signal: Signal, config: ClassificationConfig): boolean {
  // A PagerDuty incident is a page someone gets, whatever its title says.
  if (signal.sourceKind === 'pagerduty') return false;
  if (isHeartbeatName(config, signal.labels.alertname ?? signal.name)) return true;
  return signal.expr ? readExpression(signal.expr).alwaysFires : false;
}

/** The name is one of `heartbeats.names`, whatever its case (asked of every alert each source update). */
const isHeartbeatName = rememberPerConfig(4096, (config, name) => {
  const lower = name.toLowerCase();
  return config.heartbeats.names.some((n) => n.toLowerCase() === lower);
});

/** The severity label value maps to `none`. */
const mapsToNone = rememberPerConfig(1024, (config, raw) => config.fallback.map[raw.toLowerCase()] === 'none');

/** An alert whose severity label maps to `none` (kube-prometheus's InfoInhibitor...): not an incident. */
export function isIgnoredByLabel(signal: Signal, config: ClassificationConfig): boolean {
  const raw = signal.labels[config.fallback.label];
  return raw !== undefined && mapsToNone(config, raw);
}
