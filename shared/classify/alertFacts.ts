import type { Severity } from '../domain/severity';
import type { Signal } from '../domain/signal';
import type { ClassificationConfig } from './classificationConfig';
import { readExpression, type ExpressionReading } from './readExpression';

/** The alertname of the incident Vigil raises when a heartbeat stops: its dead man's switch. */
export const HEARTBEAT_STOPPED = 'AlertingPipelineHeartbeatStopped';

/** What the classifier knows about one alert before any rule is tried. */
export interface AlertFacts {
  /** The expression read, or null when the alert carries none. */
  reading: ExpressionReading | null;
  /** About an ML model: seed 000's matrix applies. */
  ml: boolean;
  /** The author's severity label, lower-cased, and what it maps to; null when absent or unmapped. */
  label: { value: string; severity: Severity } | null;
  /** The raw label value even when it maps to nothing. */
  labelValue: string | null;
  /** Text `about:` regexes search: value-side metric names, filters and the alert name. */
  aboutText: string;
}

export function alertFacts(signal: Signal, config: ClassificationConfig): AlertFacts {
  const reading = signal.expr ? readExpression(signal.expr) : null;
  const raw = signal.labels[config.fallback.label];
  const label = raw === undefined ? null : authorLabel(config, raw);
  const name = signal.labels.alertname ?? signal.name;
  if (!reading) {
    return {
      reading,
      ml: isAboutMl(signal, NONE, config),
      label,
      labelValue: raw ?? null,
      aboutText: bareAboutText(name),
    };
  }
  const metrics = reading.metrics;
  const aboutText = [name, ...metrics, reading.value.filter ?? '', reading.value.what ?? ''].join(' ');
  const named = [...metrics, ...reading.targets];
  return { reading, ml: isAboutMl(signal, named, config), label, labelValue: raw ?? null, aboutText };
}

const NONE: readonly string[] = [];

/**
 * The about-text of an alert without an expression, as alertFacts' join makes it with no metrics,
 * filter or what. One string per alert name: a storm's alerts share a few dozen names, and the
 * classifier looks the text up again (rules per about-text), cheaper on a string seen before.
 */
function bareAboutText(name: string): string {
  let text = aboutTexts.get(name);
  if (text === undefined) {
    text = `${name}  `;
    if (aboutTexts.size >= 4096) aboutTexts.clear();
    aboutTexts.set(name, text);
  }
  return text;
}

const aboutTexts = new Map<string, string>();

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
 * Metrics and the job/service names the expression selects are searched with `scope.ml.metrics`.
 * Plain loops: a closure per call was a third of what classifying a storm's alert allocated.
 */
function isAboutMl(signal: Signal, metrics: readonly string[], config: ClassificationConfig): boolean {
  const scope = config.scope;
  const labels = signal.labels;
  for (let i = 0; i < scope.labels.length; i++) if (labels[scope.labels[i]!]) return true;
  const service = labels.service;
  if (service && scope.services.includes(service)) return true;
  const re = scope.metrics;
  if (re === null) return false;
  for (let i = 0; i < metrics.length; i++) if (re.test(metrics[i]!)) return true;
  return false;
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
