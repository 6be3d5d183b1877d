import type { Signal } from '../../shared/domain/signal';
import type { SourceHealth } from '../../shared/domain/sourceHealth';

export type HealthPatch = Pick<SourceHealth, 'status' | 'message' | 'detail'> &
  Partial<Pick<SourceHealth, 'lastSuccessAt' | 'until' | 'requestBudget'>>;

export interface HealthTracker {
  get(): SourceHealth;
  /** Records a new state; `since` moves only when the status itself changes. */
  set(patch: HealthPatch): void;
}

/** The health every source reports, starting as "waiting for the first answer". */
export function createHealthTracker(
  who: Pick<SourceHealth, 'sourceId' | 'name' | 'kind' | 'target'>,
  now: () => number,
): HealthTracker {
  let health: SourceHealth = {
    ...who,
    status: 'starting',
    since: new Date(now()).toISOString(),
    lastSuccessAt: null,
    message: 'waiting for the first answer',
    detail: null,
  };
  return {
    get: () => health,
    set(patch) {
      const since = patch.status === health.status ? health.since : new Date(now()).toISOString();
      health = { ...health, ...patch, since };
    },
  };
}

/** A source that stopped answering keeps its last signals, marked stale, never dropped. */
export function markStale(signals: readonly Signal[]): Signal[] {
  return signals.map((s) => (s.stale ? s : { ...s, stale: true }));
}
