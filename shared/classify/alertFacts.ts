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

/** The author's label and what it maps to, one object per config and label value (a storm has a few). */
function authorLabel(config: ClassificationConfig, raw: string): AlertFacts['label'] {
  let byValue = authorLabels.get(config);
  if (!byValue) authorLabels.set(config, (byValue = new Map()));
  let label = byValue.get(raw);
  if (label === undefined) {
    const mapped = config.fallback.map[raw.toLowerCase()];
    label = mapped !== undefined && mapped !== 'none' ? { value: raw, severity: mapped } : null;
    if (byValue.size >= 1024) byValue.clear();
    byValue.set(raw, label);
  }
  return label;
}

const authorLabels = new WeakMap<ClassificationConfig, Map<string, AlertFacts['label']>>();

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

/**
 * The name is one of `heartbeats.names`, whatever its case. Remembered per config and name: every
 * source update asks it of every alert (20,000 in a storm), which share a few dozen names.
 */
function isHeartbeatName(config: ClassificationConfig, name: string): boolean {
  let byName = heartbeatNames.get(config);
  if (!byName) heartbeatNames.set(config, (byName = new Map()));
  let is = byName.get(name);
  if (is === undefined) {
    const lower = name.toLowerCase();
    is = config.heartbeats.names.some((n) => n.toLowerCase() === lower);
    if (byName.size >= 4096) byName.clear();
    byName.set(name, is);
  }
  return is;
}

const heartbeatNames = new WeakMap<ClassificationConfig, Map<string, boolean>>();

/** An alert whose severity label maps to `none` (kube-prometheus's InfoInhibitor...): not an incident. */
export function isIgnoredByLabel(signal: Signal, config: ClassificationConfig): boolean {
  const raw = signal.labels[config.fallback.label];
  if (raw === undefined) return false;
  // authorLabel remembers each label value: null for one that maps to `none` or to nothing.
  return authorLabel(config, raw) === null && config.fallback.map[raw.toLowerCase()] === 'none';
}
