import type { SourceHealth } from '../../../shared/domain/sourceHealth';

/** The health of the one Prometheus the notification scripts feed: answering, last at `lastSuccessAt`. */
export function healthyPrometheus(since: number, lastSuccessAt: number): SourceHealth[] {
  return [
    {
      sourceId: 'prom',
      name: 'Prometheus',
      kind: 'prometheus',
      target: 'http://127.0.0.1:9090',
      status: 'ok',
      since: new Date(since).toISOString(),
      lastSuccessAt: new Date(lastSuccessAt).toISOString(),
      message: null,
      detail: null,
    },
  ];
}
