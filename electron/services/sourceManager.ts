import { randomBytes } from 'node:crypto';
import type { DemoScenario } from '../../shared/demo/demoScenario';
import type { Signal } from '../../shared/domain/signal';
import type { SourceHealth } from '../../shared/domain/sourceHealth';
import { UserFacingError } from '../../shared/ipc/callHandler';
import type { RequestHandlers, SourceView } from '../../shared/ipc/contract';
import type { AlertSource } from '../sources/alertSource';
import { createDemoSource, DEMO_SOURCE_ID } from '../sources/demoSource';
import { createPrometheusSource, testPrometheus } from '../sources/prometheusSource';
import type { StoredSource } from '../store/settingsSchema';
import type { SettingsStore } from '../store/settingsStore';

export type SourceHandlers = Pick<
  RequestHandlers,
  'sources:list' | 'sources:add' | 'sources:remove' | 'sources:test' | 'demo:start' | 'demo:stop'
>;

export interface SourceManager {
  handlers: SourceHandlers;
  /** Every signal currently known, from every source (stale ones included). */
  signals(): Signal[];
  health(): SourceHealth[];
  demoRunning(): boolean;
  start(): void;
  stop(): void;
}

export interface SourceManagerOptions {
  settings: SettingsStore;
  scenario: DemoScenario;
  demoSpeed: number;
  now: () => number;
  /** Called whenever any source has new signals or new health. */
  onUpdate: () => void;
  log: (message: string) => void;
}

/**
 * Owns the running sources: builds them from settings at start, adds and removes them when the
 * user changes settings (no restart needed), and answers the sources:* requests.
 */
export function createSourceManager(opts: SourceManagerOptions): SourceManager {
  const { settings, now, onUpdate } = opts;
  const sources = new Map<string, { source: AlertSource; config: StoredSource | null }>();
  let started = false;

  const startSource = (config: StoredSource) => {
    const source = createPrometheusSource({
      id: config.id,
      name: config.name,
      url: config.url,
      intervalMs: config.intervalSeconds * 1000,
      now,
      onUpdate,
    });
    sources.set(config.id, { source, config });
    if (started) source.start();
    onUpdate();
  };

  const startDemo = () => {
    sources.get(DEMO_SOURCE_ID)?.source.stop();
    const demo = createDemoSource({ scenario: opts.scenario, speed: opts.demoSpeed, now, onUpdate });
    sources.set(DEMO_SOURCE_ID, { source: demo, config: null });
    if (started) demo.start();
  };

  const stopSource = (id: string) => {
    sources.get(id)?.source.stop();
    sources.delete(id);
    onUpdate();
  };

  const view = (id: string): SourceView => {
    const entry = sources.get(id);
    if (!entry) throw new UserFacingError(`no source with id ${id}`);
    const health = entry.source.health();
    if (entry.config === null) {
      return { id, kind: 'demo', name: 'Demo', url: opts.scenario.title, intervalSeconds: 1, health };
    }
    const { kind, name, url, intervalSeconds } = entry.config;
    return { id, kind, name, url, intervalSeconds, health };
  };

  const initial = settings.get();
  for (const s of initial.sources) startSource(s);
  if (initial.demo.enabled) startDemo();

  const handlers: SourceHandlers = {
    'sources:list': async () => [...sources.keys()].map(view),
    'sources:add': async (input) => {
      const id = `prom-${randomBytes(4).toString('hex')}`;
      const config: StoredSource = { ...input, id };
      settings.update((s) => ({ ...s, sources: [...s.sources, config] }));
      startSource(config);
      opts.log(`source added: ${config.name} (${config.url})`);
      return view(id);
    },
    'sources:remove': async ({ id }) => {
      if (!settings.get().sources.some((s) => s.id === id)) throw new UserFacingError(`no source with id ${id}`);
      settings.update((s) => ({ ...s, sources: s.sources.filter((x) => x.id !== id) }));
      stopSource(id);
      return { ok: true as const };
    },
    'sources:test': async ({ url }) => testPrometheus(url),
    'demo:start': async () => {
      settings.update((s) => ({ ...s, demo: { enabled: true } }));
      startDemo();
      return { ok: true as const };
    },
    'demo:stop': async () => {
      settings.update((s) => ({ ...s, demo: { enabled: false } }));
      stopSource(DEMO_SOURCE_ID);
      return { ok: true as const };
    },
  };

  return {
    handlers,
    signals: () => [...sources.values()].flatMap(({ source }) => source.signals()),
    health: () => [...sources.values()].map(({ source }) => source.health()),
    demoRunning: () => sources.has(DEMO_SOURCE_ID),
    start() {
      started = true;
      for (const { source } of sources.values()) source.start();
    },
    stop() {
      started = false;
      for (const { source } of sources.values()) source.stop();
    },
  };
}
