import type { DemoScenario } from '../../shared/demo/demoScenario';
import type { Signal } from '../../shared/domain/signal';
import type { SourceHealth } from '../../shared/domain/sourceHealth';
import type { AlertmanagerSource } from '../sources/alertmanager/alertmanagerSource';
import { createDemoSource, DEMO_SOURCE_ID } from '../sources/demoSource';
import type { PagerDutySource } from '../sources/pagerduty/pagerDutySource';
import type { SecretStore } from '../store/secretStore';
import type { StoredSource } from '../store/settingsSchema';
import type { SettingsStore } from '../store/settingsStore';
import { buildSource, type BuiltSource } from './buildSource';
import type { Entry } from './sourceEntry';
import { sourceHandlers, type SourceHandlers } from './sourceHandlers';
import { createSourceRedaction } from './sourceRedaction';
import { readSourceHeaders, readSourceSecrets, writeSourceHeaders } from './sourceSecrets';

export type { SourceHandlers } from './sourceHandlers';

export interface SourceManager {
  handlers: SourceHandlers;
  /** Every signal currently known, from every source (stale ones included). */
  signals(): Signal[];
  /** Health of every source, with any secret scrubbed out: safe to send to a renderer. */
  health(): SourceHealth[];
  demoRunning(): boolean;
  start(): void;
  stop(): void;
  /**
   * The machine is going to sleep: stop every poller (a poll across a suspend would time out and
   * count as a failure). Sources added meanwhile wait too. The demo is not paused: it needs no network.
   */
  pauseAll(): void;
  /** The machine woke up: every source polls at once, then keeps its own interval. */
  resumeAll(): void;
  readonly paused: boolean;
  /** A user action that changes what a source reports (ack, silence): poll it now, or all without an id. */
  pollNow(id?: string): void;
  /** Typed handles for actions, or null when the id is not a running source of that kind. */
  alertmanager(id: string): AlertmanagerSource | null;
  pagerDuty(id: string): PagerDutySource | null;
  /**
   * How to call a Prometheus source's HTTP API on demand (runbook checks, coverage): the same base
   * URL, headers, credentials and CA as its poller, and a redactor for what goes back to a screen.
   * Null when the id is not a configured Prometheus source.
   */
  prometheusAccess(id: string): PrometheusAccess | null;
  /**
   * The services' redaction boundary: scrubs every stored secret and extra header value out of a
   * value about to leave the main process (an event, a timeline entry, a log line).
   */
  redact<T>(value: T): T;
  /** Problems found at start (the secrets file could not be read...), for app:info. */
  readonly notices: string[];
}

export interface PrometheusAccess {
  sourceId: string;
  name: string;
  /** Base URL with the path prefix. */
  baseUrl: string;
  headers: Record<string, string>;
  fetch: typeof fetch | undefined;
  /** Scrubs stored secrets out of a message (a server may echo a header in an error body). */
  redact<T>(value: T): T;
}

export interface SourceManagerOptions {
  settings: SettingsStore;
  /** Main-process secret store: tokens and passwords, keyed by source id. */
  secrets: SecretStore;
  scenario: DemoScenario;
  demoSpeed: number;
  now: () => number;
  /** Called whenever any source has new signals or new health. */
  onUpdate: () => void;
  log: (message: string) => void;
  /** How long "test connection" waits for an answer. */
  testTimeoutMs?: number;
}

/**
 * Owns the running sources: builds every kind from settings and the secret store at start,
 * starts, rebuilds and stops them when the user changes settings (no restart needed), and
 * answers the sources:* requests. Secrets go from requests into the secret store only; every
 * response is built from settings and health and passed through a redactor on the way out.
 */
export function createSourceManager(opts: SourceManagerOptions): SourceManager {
  const { settings, secrets, now } = opts;
  const entries = new Map<string, Entry>();
  const notices = [...secrets.notices];
  let started = false;
  let paused = false;

  const running = (entry: Entry) => started && (entry.config === null || !paused);

  const { redactor, changedSecrets } = createSourceRedaction(settings, secrets);

  const sourceUpdated = (entry: Entry) => {
    // A stopped build can still finish a poll in flight; only the current one speaks for the id.
    if (entries.get(entry.id) !== entry) return;
    const h = entry.built.source.health();
    if (h.message !== null && h.status !== 'ok' && h.status !== 'starting') {
      entry.lastError = { at: h.since, message: h.message };
    }
    if (entry.carried && h.lastSuccessAt !== null) entry.carried = null;
    opts.onUpdate();
  };

  /** Builds (or rebuilds) a configured source from settings and its stored secrets. */
  const install = (config: StoredSource) => {
    const previous = entries.get(config.id);
    const entry: Entry = {
      id: config.id,
      config,
      built: null as unknown as BuiltSource,
      carried: previous ? staleCopy(previous) : null,
      lastError: previous?.lastError ?? null,
    };
    entry.built = buildSource(withHeaders(config), readSourceSecrets(secrets, config.id, config.kind), {
      now,
      onUpdate: () => sourceUpdated(entry),
    });
    if (previous) retire(previous);
    entries.set(config.id, entry);
    if (running(entry)) entry.built.source.start();
    opts.onUpdate();
  };

  const retire = (entry: Entry) => {
    entry.built.source.stop();
    entry.built.close().catch((err: Error) => opts.log(`closing source ${entry.id}: ${err.message}`));
  };

  const uninstall = (id: string) => {
    const entry = entries.get(id);
    if (!entry) return;
    entries.delete(id);
    retire(entry);
    opts.onUpdate();
  };

  const startDemo = () => {
    const previous = entries.get(DEMO_SOURCE_ID);
    if (previous) retire(previous);
    const entry: Entry = {
      id: DEMO_SOURCE_ID,
      config: null,
      built: null as unknown as BuiltSource,
      carried: null,
      lastError: null,
    };
    const demo = createDemoSource({
      scenario: opts.scenario,
      speed: opts.demoSpeed,
      now,
      onUpdate: () => sourceUpdated(entry),
    });
    entry.built = { source: demo, alertmanager: null, pagerDuty: null, close: async () => {} };
    entries.set(DEMO_SOURCE_ID, entry);
    if (running(entry)) demo.start();
  };

  /** The stored config with its extra headers from the secret store, as the source sends them. */
  const withHeaders = (config: StoredSource): StoredSource =>
    config.kind === 'pagerduty' ? config : { ...config, headers: readSourceHeaders(secrets, config.id) };

  // An older Vigil kept extra headers in settings.json: move them into the secret store.
  if (settings.get().sources.some((c) => c.kind !== 'pagerduty' && Object.keys(c.headers).length > 0)) {
    for (const c of settings.get().sources) {
      if (c.kind === 'pagerduty' || Object.keys(c.headers).length === 0) continue;
      if (Object.keys(readSourceHeaders(secrets, c.id)).length === 0) writeSourceHeaders(secrets, c.id, c.headers);
    }
    settings.update((s) => ({
      ...s,
      sources: s.sources.map((c) => (c.kind === 'pagerduty' ? c : { ...c, headers: {} })),
    }));
    opts.log('extra headers moved from settings.json into the secret store');
  }
  const initial = settings.get();
  for (const config of initial.sources) install(config);
  if (initial.demo.enabled) startDemo();

  const handlers = sourceHandlers({
    settings,
    secrets,
    scenario: opts.scenario,
    entries,
    redactor,
    changedSecrets,
    install,
    uninstall,
    startDemo,
    running,
    log: opts.log,
    testTimeoutMs: opts.testTimeoutMs,
  });

  function pollNow(id?: string) {
    for (const entry of entries.values()) {
      if ((id === undefined || entry.id === id) && running(entry)) entry.built.source.pollNow();
    }
  }

  return {
    handlers,
    signals: () =>
      [...entries.values()].flatMap((e) =>
        e.carried && e.built.source.health().lastSuccessAt === null ? e.carried : e.built.source.signals(),
      ),
    health: () => {
      const redact = redactor();
      return [...entries.values()].map((e) => redact(e.built.source.health()));
    },
    demoRunning: () => entries.has(DEMO_SOURCE_ID),
    start() {
      started = true;
      for (const entry of entries.values()) if (running(entry)) entry.built.source.start();
    },
    stop() {
      started = false;
      for (const entry of entries.values()) entry.built.source.stop();
    },
    pauseAll() {
      if (paused) return;
      paused = true;
      for (const entry of entries.values()) if (entry.config !== null) entry.built.source.stop();
      opts.log('sources paused (machine going to sleep)');
    },
    resumeAll() {
      if (!paused) return;
      paused = false;
      for (const entry of entries.values()) if (entry.config !== null && running(entry)) entry.built.source.start();
      opts.log('sources resumed');
    },
    get paused() {
      return paused;
    },
    pollNow,
    alertmanager: (id) => entries.get(id)?.built.alertmanager ?? null,
    pagerDuty: (id) => entries.get(id)?.built.pagerDuty ?? null,
    prometheusAccess(id) {
      const entry = entries.get(id);
      const http = entry?.built.http;
      if (!entry || entry.config?.kind !== 'prometheus' || !http) return null;
      return {
        sourceId: id,
        name: entry.config.name,
        baseUrl: http.baseUrl,
        headers: http.headers,
        fetch: http.fetch,
        redact: redactor(),
      };
    },
    redact: (value) => redactor()(value),
    notices,
  };
}

function staleCopy(entry: Entry): Signal[] {
  const current = entry.carried ?? entry.built.source.signals();
  return current.map((s) => (s.stale ? s : { ...s, stale: true }));
}
