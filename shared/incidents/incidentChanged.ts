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
 */
export function incidentChanged(a: Incident, b: Incident): boolean {
  for (const k of SCALARS) if (a[k] !== b[k]) return true;
  return (
    !sameClassification(a.classification, b.classification) ||
    !sameList(a.sourceKinds, b.sourceKinds) ||
    !sameList(a.dedupKeys ?? [], b.dedupKeys ?? []) ||
    !sameRecord(a.groupLabels, b.groupLabels) ||
    !sameRecord(a.severityReachedAt, b.severityReachedAt) ||
    !sameSuppression(a.silence, b.silence) ||
    !sameSignals(a.signals, b.signals)
  );
}

function sameClassification(a: Classification, b: Classification): boolean {
  return (
    a.severity === b.severity &&
    a.ruleId === b.ruleId &&
    a.reason === b.reason &&
    (a.whyNotHigher ?? null) === (b.whyNotHigher ?? null)
  );
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

// Without Object.keys: called twice per signal on every unchanged poll of a storm.
function sameRecord(a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>> | undefined) {
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

function sameSignals(a: readonly Signal[], b: readonly Signal[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameSignal(a[i]!, b[i]!)) return false;
  return true;
}

export function sameSignal(a: Signal, b: Signal): boolean {
  return (
    a === b ||
    (a.id === b.id &&
      a.state === b.state &&
      a.value === b.value &&
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
