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

/**
 * Health after a poll threw instead of reporting a failure (a bug, or a reply no check foresaw):
 * said in words, never silent. The source keeps its last signals, marked stale.
 */
export function crashedPollHealth(what: string, target: string, err: unknown): HealthPatch {
  const message = err instanceof Error ? err.message : String(err);
  return {
    status: 'bad-reply',
    message: `Vigil failed while reading ${what} at ${target} (${message.split('\n')[0]!.slice(0, 200)}); the last alerts stay listed, marked stale, and it tries again`,
    detail: err instanceof Error && err.stack ? err.stack.split('\n').slice(0, 3).join(' | ') : message,
    until: null,
  };
}
