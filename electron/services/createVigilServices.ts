import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseClassificationConfig, type ClassificationConfig } from '../../shared/classify/classificationConfig';
import { parseDemoScenario } from '../../shared/demo/demoScenario';
import type { SourceHealth } from '../../shared/domain/sourceHealth';
import { sortIncidents } from '../../shared/incidents/sortIncidents';
import {
  emptyIncidentsState,
  reconcileIncidents,
  type IncidentsState,
} from '../../shared/incidents/reconcileIncidents';
import { UserFacingError } from '../../shared/ipc/callHandler';
import type { EventName, EventPayload, RequestHandlers, SourceView } from '../../shared/ipc/contract';
import type { Notifier } from '../notify/desktopNotifier';
import type { AlertSource } from '../sources/alertSource';
import { createDemoSource, DEMO_SOURCE_ID } from '../sources/demoSource';
import { createPrometheusSource, testPrometheus } from '../sources/prometheusSource';
import type { StoredSource } from '../store/settingsSchema';
import { openSettingsStore } from '../store/settingsStore';

export interface VigilServicesOptions {
  dataDir: string;
  resourcesDir: string;
  mode: 'electron' | 'browser';
  version: string;
  notifier: Notifier;
  now?: () => number;
  /** Speed of the demo replay; 1 = real time. */
  demoSpeed?: number;
  log?: (message: string) => void;
}

type Listener<K extends EventName> = (payload: EventPayload<K>) => void;

export interface VigilServices {
  handlers: RequestHandlers;
  on<K extends EventName>(event: K, listener: Listener<K>): () => void;
  start(): void;
  stop(): void;
}

/**
 * The composition root shared by the Electron shell and the browser host: settings, sources,
 * classification, incident engine and notifications, exposed as contract handlers and events.
 * It is the single writer of state; renderers get a read model through events.
 */
export function createVigilServices(opts: VigilServicesOptions): VigilServices {
  const now = opts.now ?? Date.now;
  const log = opts.log ?? (() => {});
  const settings = openSettingsStore(opts.dataDir);
  const notices = [...settings.notices];
  const classification = loadClassification(opts.resourcesDir);
  const scenario = parseDemoScenario(readFileSync(join(opts.resourcesDir, 'demo', 'ml-serving-incident.yaml'), 'utf8'));

  const listeners = new Map<EventName, Set<Listener<EventName>>>();
  const emit = <K extends EventName>(event: K, payload: EventPayload<K>) => {
    for (const l of listeners.get(event) ?? []) (l as Listener<K>)(payload);
  };

  const sources = new Map<string, { source: AlertSource; config: StoredSource | null }>();
  let state: IncidentsState = emptyIncidentsState();
  let lastHealthJson = '';
  let started = false;

  const onSourceUpdate = () => {
    const signals = [...sources.values()].flatMap(({ source }) => source.signals());
    const t = now();
    const result = reconcileIncidents(state, signals, t, { classification });
    state = result.state;
    for (const incident of result.notify) {
      try {
        opts.notifier.notify(incident, t);
      } catch (err) {
        notices.push(`Desktop notification failed: ${(err as Error).message}`);
      }
    }
    if (result.changed.length) emit('incidents:changed', { reset: false, changed: result.changed, removed: [] });
    emitHealthIfChanged();
  };

  const emitHealthIfChanged = () => {
    const health = [...sources.values()].map(({ source }) => source.health());
    const json = JSON.stringify(health);
    if (json !== lastHealthJson) {
      lastHealthJson = json;
      emit('sources:health', health);
    }
  };

  const startSource = (config: StoredSource) => {
    const source = createPrometheusSource({
      id: config.id,
      name: config.name,
      url: config.url,
      intervalMs: config.intervalSeconds * 1000,
      now,
      onUpdate: onSourceUpdate,
    });
    sources.set(config.id, { source, config });
    if (started) source.start();
    emitHealthIfChanged();
  };

  const startDemo = () => {
    sources.get(DEMO_SOURCE_ID)?.source.stop();
    const demo = createDemoSource({ scenario, speed: opts.demoSpeed ?? 1, now, onUpdate: onSourceUpdate });
    sources.set(DEMO_SOURCE_ID, { source: demo, config: null });
    if (started) demo.start();
  };

  const stopSource = (id: string) => {
    sources.get(id)?.source.stop();
    sources.delete(id);
    onSourceUpdate();
  };

  const view = (id: string): SourceView => {
    const entry = sources.get(id);
    if (!entry) throw new UserFacingError(`no source with id ${id}`);
    const health: SourceHealth = entry.source.health();
    if (entry.config === null) {
      return { id, kind: 'demo', name: 'Demo', url: scenario.title, intervalSeconds: 1, health };
    }
    const { kind, name, url, intervalSeconds } = entry.config;
    return { id, kind, name, url, intervalSeconds, health };
  };

  const initial = settings.get();
  for (const s of initial.sources) startSource(s);
  if (initial.demo.enabled) startDemo();

  const handlers: RequestHandlers = {
    'app:info': async () => {
      const s = settings.get();
      return {
        name: 'Vigil',
        version: opts.version,
        mode: opts.mode,
        firstRun: s.sources.length === 0 && !s.demo.enabled,
        demoRunning: sources.has(DEMO_SOURCE_ID),
        notices: [...notices],
      };
    },
    'incidents:list': async ({ state: wanted }) =>
      sortIncidents([...state.incidents.values()].filter((i) => wanted === undefined || i.state === wanted)),
    'sources:list': async () => [...sources.keys()].map(view),
    'sources:add': async (input) => {
      const id = `prom-${randomBytes(4).toString('hex')}`;
      const config: StoredSource = { ...input, id };
      settings.update((s) => ({ ...s, sources: [...s.sources, config] }));
      startSource(config);
      log(`source added: ${config.name} (${config.url})`);
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
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as Listener<EventName>);
      listeners.set(event, set);
      return () => set.delete(listener as Listener<EventName>);
    },
    start() {
      started = true;
      for (const { source } of sources.values()) source.start();
    },
    stop() {
      started = false;
      for (const { source } of sources.values()) source.stop();
    },
  };

  function loadClassification(dir: string): ClassificationConfig {
    const path = join(dir, 'classification.yaml');
    const result = parseClassificationConfig(readFileSync(path, 'utf8'));
    if (!result.ok) {
      const p = result.problems[0]!;
      throw new Error(`The shipped ${path} is invalid at line ${p.line}, column ${p.column}: ${p.message}`);
    }
    return result.config;
  }
}
