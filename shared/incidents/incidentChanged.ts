import type { Classification, Incident } from '../domain/incident';
import type { Signal } from '../domain/signal';
import { sameSuppression } from './silencedState';

const SCALARS = [
  'title',
  'summary',
  'severity',
  'state',
  'phase',
  'startedAt',
  'detectedAt',
  'resolvedAt',
  'notifiedAt',
  'stale',
  'acknowledgedAt',
  'acknowledgedBy',
  'mitigatedAt',
  'resolvedBy',
  'lastUpdateAt',
  'ruleSeverity',
  'escalatedTo',
  'notifiedSeverity',
  'inhibitedBy',
  'cooldownUntil',
  'flapCount',
  'alertCount',
  // Objects, compared by reference: the engine carries the base's object over unchanged.
  'manualSeverity',
  'declaration',
] as const satisfies readonly (keyof Incident)[];

/**
 * True when anything but `updatedAt` and `revision` differs. Field by field instead of
 * serialising both incidents: a storm step compares thousands of signals, and most are unchanged.
 * With `values` false, alert values, and the classification's words that quote them ("error
 * ratio 7.3% > 5%"), are not compared: a value drifting is not a state change (what the store
 * writes at once), only something to checkpoint now and then. Severity and rule still are.
 */
export function incidentChanged(a: Incident, b: Incident, values = true): boolean {
  for (const k of SCALARS) if (a[k] !== b[k]) return true;
  return (
    !sameClassification(a.classification, b.classification, values) ||
    !sameList(a.sourceKinds, b.sourceKinds) ||
    !sameList(a.dedupKeys ?? [], b.dedupKeys ?? []) ||
    !sameRecord(a.groupLabels, b.groupLabels) ||
    !sameRecord(a.severityReachedAt, b.severityReachedAt) ||
    !sameSuppression(a.silence, b.silence) ||
    !sameSignals(a.signals, b.signals, values)
  );
}

function sameClassification(a: Classification, b: Classification, words: boolean): boolean {
  return (
    a.severity === b.severity &&
    a.ruleId === b.ruleId &&
    (!words || (a.reason === b.reason && (a.whyNotHigher ?? null) === (b.whyNotHigher ?? null)))
  );
}

export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

// Without Object.keys: called twice per signal on every unchanged poll of a storm.
// Values by identity: label and annotation sets, or any flat object (a whole signal, field by field).
export function sameRecord<T>(a: Readonly<Record<string, T>> | undefined, b: Readonly<Record<string, T>> | undefined) {
  if (a === b) return true;
  if (!a || !b) return false;
  let count = 0;
  for (const k in a) {
    if (a[k] !== b[k]) return false;
    count++;
  }
  for (const _ in b) count--;
  return count === 0;
}

function sameSignals(a: readonly Signal[], b: readonly Signal[], values: boolean): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameSignal(a[i]!, b[i]!, values)) return false;
  return true;
}

export function sameSignal(a: Signal, b: Signal, values = true): boolean {
  return (
    a === b ||
    (a.id === b.id &&
      a.state === b.state &&
      (!values || a.value === b.value) &&
      a.stale === b.stale &&
      a.activeAt === b.activeAt &&
      a.name === b.name &&
      a.fingerprint === b.fingerprint &&
      a.sourceKind === b.sourceKind &&
      a.sourceId === b.sourceId &&
      a.generatorURL === b.generatorURL &&
      (a.dedupKey ?? null) === (b.dedupKey ?? null) &&
      sameSuppression(a.suppressed, b.suppressed) &&
      sameRecord(a.labels, b.labels) &&
      sameRecord(a.annotations, b.annotations))
  );
}
