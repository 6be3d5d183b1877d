import { classifySignal } from '../classify/classifySignal';
import type { ClassificationConfig } from '../classify/classificationConfig';
import type { Classification, Incident } from '../domain/incident';
import { severityRank } from '../domain/severity';
import type { Signal, SourceKind } from '../domain/signal';
import { DEFAULT_GROUP_BY, groupKey, hashKey } from './groupKey';

export interface EngineConfig {
  classification: ClassificationConfig;
  groupBy?: readonly string[];
}

export interface IncidentsState {
  /** Every incident Vigil knows, open and resolved, by id. */
  incidents: ReadonlyMap<string, Incident>;
}

export interface ReconcileResult {
  state: IncidentsState;
  /** Incidents created or changed in this step (new objects). */
  changed: Incident[];
  /** Incidents that should raise a desktop notification now (already marked notified in `state`). */
  notify: Incident[];
}

export const emptyIncidentsState = (): IncidentsState => ({ incidents: new Map() });

/**
 * The engine step: (previous state, every signal currently known, now, config) -> next state.
 * Firing signals are grouped by key into open incidents; an open incident with no firing signal
 * left is resolved. Stale signals (from a source that stopped answering) keep their incident open.
 * Pure and deterministic: the same inputs give the same output, so scenarios replay in tests.
 */
export function reconcileIncidents(
  prev: IncidentsState,
  signals: readonly Signal[],
  now: number,
  config: EngineConfig,
): ReconcileResult {
  const nowIso = new Date(now).toISOString();
  const groupBy = config.groupBy ?? DEFAULT_GROUP_BY;

  const byKey = new Map<string, { signal: Signal; classification: Classification }[]>();
  for (const signal of signals) {
    if (signal.state !== 'firing') continue;
    const key = groupKey(signal, groupBy);
    const list = byKey.get(key) ?? [];
    list.push({ signal, classification: classifySignal(signal, config.classification, now) });
    byKey.set(key, list);
  }

  const next = new Map(prev.incidents);
  const changed: Incident[] = [];
  const notify: Incident[] = [];
  const openByKey = new Map<string, Incident>();
  for (const inc of prev.incidents.values()) {
    if (inc.state !== 'resolved') openByKey.set(inc.key, inc);
  }

  for (const [key, members] of byKey) {
    members.sort(
      (a, b) =>
        severityRank(a.classification.severity) - severityRank(b.classification.severity) ||
        a.signal.id.localeCompare(b.signal.id),
    );
    const top = members[0]!;
    const existing = openByKey.get(key);
    const startedAt = earliest(members.map((m) => m.signal.activeAt)) ?? existing?.startedAt ?? nowIso;
    const kinds = [...new Set(members.map((m) => m.signal.sourceKind))].sort() as SourceKind[];
    const detectedAt = existing?.detectedAt ?? nowIso;
    const candidate: Incident = {
      id: existing?.id ?? `inc-${hashKey(key)}-${now.toString(36)}`,
      key,
      title: top.signal.labels.alertname ?? top.signal.name,
      summary: top.signal.annotations.summary ?? top.signal.annotations.description ?? null,
      severity: top.classification.severity,
      classification: top.classification,
      state: existing?.state ?? 'open',
      startedAt,
      detectedAt,
      updatedAt: existing?.updatedAt ?? nowIso,
      resolvedAt: null,
      notifiedAt: existing?.notifiedAt ?? null,
      sourceKinds: kinds,
      stale: members.every((m) => m.signal.stale),
      signals: members.map((m) => m.signal),
    };
    let incident: Incident =
      existing !== undefined && sameContent(existing, candidate) ? existing : { ...candidate, updatedAt: nowIso };
    const policy = config.classification.severities[incident.severity];
    if (policy.notify === 'page' && incident.notifiedAt === null && !incident.stale) {
      incident = { ...incident, notifiedAt: nowIso, updatedAt: nowIso };
      notify.push(incident);
    }
    if (incident !== existing) {
      next.set(incident.id, incident);
      changed.push(incident);
    }
    openByKey.delete(key);
  }

  // Open incidents whose signals are all gone have cleared.
  for (const inc of openByKey.values()) {
    const resolved: Incident = {
      ...inc,
      state: 'resolved',
      resolvedAt: nowIso,
      updatedAt: nowIso,
      stale: false,
      signals: inc.signals.map((s) => ({ ...s, state: 'resolved' as const })),
    };
    next.set(inc.id, resolved);
    changed.push(resolved);
  }

  return { state: { incidents: next }, changed, notify };
}

function earliest(times: (string | null)[]): string | null {
  let best: string | null = null;
  for (const t of times) {
    if (t && (best === null || Date.parse(t) < Date.parse(best))) best = t;
  }
  return best;
}

/** Compares everything but updatedAt, so an unchanged incident produces no diff. */
function sameContent(a: Incident, b: Incident): boolean {
  return JSON.stringify({ ...a, updatedAt: '' }) === JSON.stringify({ ...b, updatedAt: '' });
}
