import type { Signal } from '../../shared/domain/signal';
import type { SourceHealth } from '../../shared/domain/sourceHealth';

/** What every source (Prometheus, demo, later Alertmanager and PagerDuty) gives the services. */
export interface AlertSource {
  readonly id: string;
  start(): void;
  stop(): void;
  pollNow(): void;
  health(): SourceHealth;
  /** The last signals seen; marked stale while the source is failing, never dropped. */
  signals(): Signal[];
}

export type SourceListener = (sourceId: string) => void;
