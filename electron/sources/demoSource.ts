import type { Signal } from '../../shared/domain/signal';
import type { SourceHealth } from '../../shared/domain/sourceHealth';
import { demoSignalsAt, scenarioLength, type DemoScenario } from '../../shared/demo/demoScenario';
import type { AlertSource, SourceListener } from './alertSource';
import { createPoller } from './poller';

export const DEMO_SOURCE_ID = 'demo';

export interface DemoSourceOptions {
  scenario: DemoScenario;
  /** 1 = real time; tests use more. */
  speed: number;
  tickMs?: number;
  now?: () => number;
  onUpdate: SourceListener;
}

/** Replays the demo scenario on a clock; its signals go through the same engine as Prometheus's. */
export function createDemoSource(opts: DemoSourceOptions): AlertSource {
  const now = opts.now ?? Date.now;
  let startMs = now();
  let current: Signal[] = [];
  const health = (): SourceHealth => {
    const elapsed = ((now() - startMs) / 1000) * opts.speed;
    const done = elapsed >= scenarioLength(opts.scenario);
    return {
      sourceId: DEMO_SOURCE_ID,
      name: 'Demo',
      kind: 'demo',
      target: opts.scenario.title,
      status: 'ok',
      since: new Date(startMs).toISOString(),
      lastSuccessAt: new Date(now()).toISOString(),
      message: done ? 'demo finished: stop it or replay it from Sources' : null,
      detail: null,
    };
  };
  const poller = createPoller({
    intervalMs: opts.tickMs ?? 1000,
    poll: async () => {
      const elapsed = ((now() - startMs) / 1000) * opts.speed;
      current = demoSignalsAt(opts.scenario, DEMO_SOURCE_ID, startMs, elapsed, opts.speed);
      opts.onUpdate(DEMO_SOURCE_ID);
      return true;
    },
  });
  return {
    id: DEMO_SOURCE_ID,
    start: () => {
      startMs = now();
      poller.start();
    },
    stop: () => poller.stop(),
    pollNow: () => poller.pollNow(),
    health,
    signals: () => current,
  };
}
