import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { DemoScenario } from '../../shared/demo/demoScenario';
import type { Signal } from '../../shared/domain/signal';
import type { SourceHealth } from '../../shared/domain/sourceHealth';
import { UserFacingError } from '../../shared/ipc/callHandler';
import type { RequestHandlers, SourceView } from '../../shared/ipc/contract';
import type { AlertmanagerSource } from '../sources/alertmanager/alertmanagerSource';
import { createDemoSource, DEMO_SOURCE_ID } from '../sources/demoSource';
import type { PagerDutySource } from '../sources/pagerduty/pagerDutySource';
import type { SecretStore } from '../store/secretStore';
import { StoredSource } from '../store/settingsSchema';
import type { SettingsStore } from '../store/settingsStore';
import { authProblem, buildSource, sharesAcks, type BuiltSource } from './buildSource';
import {
  basicAuthValue,
  createRedactor,
  deleteSourceSecrets,
  mergeSecretChanges,
  readSourceHeaders,
  readSourceSecrets,
  SECRET_FIELDS,
  splitSecrets,
  storedSecretFields,
  writeSourceHeaders,
  writeSourceSecrets,
  type SecretChanges,
  type SecretField,
  type SourceSecrets,
} from './sourceSecrets';
import { testSourceConnection } from './testSourceConnection';

export type SourceHandlers = Pick<
  RequestHandlers,
  | 'sources:list'
  | 'sources:add'
  | 'sources:update'
  | 'sources:remove'
  | 'sources:test'
  | 'sources:poll'
  | 'demo:start'
  | 'demo:stop'
>;

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

interface Entry {
  id: string;
  /** null for the demo. */
  config: StoredSource | null;
  built: BuiltSource;
  /**
   * The previous build's signals, marked stale, shown until the rebuilt source first answers:
   * editing a source must not make its incidents disappear and come back.
   */
  carried: Signal[] | null;
  lastError: { at: string; message: string } | null;
}

const ID_PREFIX: Record<StoredSource['kind'], string> = { prometheus: 'prom', alertmanager: 'am', pagerduty: 'pd' };

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

  // Rebuilt only when settings or secrets change (through this manager), not on every health push.
  let storedSecretValues: string[] | null = null;
  const changedSecrets = () => {
    storedSecretValues = null;
  };

  /** Scrubs every stored secret (and `extra` ones, from the request at hand) out of outgoing values. */
  const redactor = (extra: SourceSecrets[] = []) => {
    storedSecretValues ??= secretValues(
      settings.get().sources.map((c) => [c, readSourceSecrets(secrets, c.id, c.kind)]),
    );
    return createRedactor([...storedSecretValues, ...secretValues(extra.map((s) => [null, s]))]);
  };

  function secretValues(pairs: [StoredSource | null, SourceSecrets][]): string[] {
    const values: string[] = [];
    const add = (config: StoredSource | null, s: SourceSecrets) => {
      values.push(...Object.values(s).filter((v): v is string => typeof v === 'string'));
      if (config && config.kind !== 'pagerduty') {
        // Extra headers carry tenant ids and API keys: as secret as the token.
        values.push(...Object.values(readSourceHeaders(secrets, config.id)));
        if (config.basicAuthUser !== null && s.basicAuthPassword) {
          values.push(basicAuthValue(config.basicAuthUser, s.basicAuthPassword));
        }
      }
    };
    for (const [config, s] of pairs) add(config, s);
    return values;
  }

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

  const configOf = (id: string): StoredSource => {
    const config = settings.get().sources.find((s) => s.id === id);
    if (!config) throw new UserFacingError(`no source with id ${id}`);
    return config;
  };

  const validConfig = (candidate: unknown): StoredSource => {
    const parsed = StoredSource.safeParse(candidate);
    if (!parsed.success)
      throw new UserFacingError(`invalid source: ${z.prettifyError(parsed.error).replace(/\n/g, '; ')}`);
    return parsed.data;
  };

  const view = (entry: Entry): SourceView => {
    const health = entry.built.source.health();
    const base = { id: entry.id, health, lastError: entry.lastError };
    const config = entry.config;
    if (config === null) {
      return { ...base, kind: 'demo', name: 'Demo', url: opts.scenario.title, intervalSeconds: 1 };
    }
    const stored = storedSecretFields(secrets, config.id, config.kind);
    const common = { ...base, name: config.name, url: config.url, intervalSeconds: config.intervalSeconds };
    if (config.kind === 'pagerduty') {
      return {
        ...common,
        kind: 'pagerduty',
        fromEmail: config.fromEmail,
        secrets: { token: { set: stored.has('token') } },
      };
    }
    const http = {
      ...common,
      pathPrefix: config.pathPrefix,
      headers: Object.fromEntries(Object.keys(readSourceHeaders(secrets, config.id)).map((n) => [n, { set: true }])),
      basicAuthUser: config.basicAuthUser,
      caPem: config.caPem,
      members: config.members,
      replicaLabels: config.replicaLabels,
      secrets: {
        bearerToken: { set: stored.has('bearerToken') },
        basicAuthPassword: { set: stored.has('basicAuthPassword') },
      },
    };
    return config.kind === 'prometheus'
      ? { ...http, kind: 'prometheus' }
      : { ...http, kind: 'alertmanager', shareAcks: sharesAcks(config) };
  };

  const viewOf = (id: string) => {
    const entry = entries.get(id);
    if (!entry) throw new UserFacingError(`no source with id ${id}`);
    return redactor()(view(entry));
  };

  /** Errors leave through here so that no secret rides out in a message. */
  const guarded = <I, O>(handler: (input: I) => Promise<O>) => {
    return async (input: I): Promise<O> => {
      try {
        return await handler(input);
      } catch (err) {
        if (!(err instanceof UserFacingError)) throw err;
        const { changes } = splitSecrets(input as Parameters<typeof splitSecrets>[0]);
        const typed = Object.values(changes).filter((v): v is string => typeof v === 'string');
        throw new UserFacingError(redactor(typed.map((t) => ({ token: t })))(err.message));
      }
    };
  };

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

  const handlers: SourceHandlers = {
    'sources:list': async () => {
      const redact = redactor();
      return [...entries.values()].map((e) => redact(view(e)));
    },

    'sources:add': guarded(async (input) => {
      const { changes, rest } = splitSecrets(input);
      const id = `${ID_PREFIX[input.kind]}-${randomBytes(4).toString('hex')}`;
      const headers = rest.kind === 'pagerduty' ? {} : ((rest as { headers?: Record<string, string> }).headers ?? {});
      const config = validConfig({ ...rest, ...(rest.kind === 'pagerduty' ? {} : { headers: {} }), id });
      const wanted = mergeSecretChanges({}, changes, config.kind);
      const problem = authProblem(config, wanted);
      if (problem) throw new UserFacingError(problem);
      writeSourceSecrets(secrets, id, wanted);
      writeSourceHeaders(secrets, id, headers);
      changedSecrets();
      try {
        settings.update((s) => ({ ...s, sources: [...s.sources, config] }));
      } catch (err) {
        deleteSourceSecrets(secrets, id);
        throw err;
      }
      install(config);
      opts.log(`source added: ${config.kind} ${config.name} (${config.url})`);
      return viewOf(id);
    }),

    'sources:update': guarded(async (input) => {
      const current = configOf(input.id);
      if (current.kind !== input.kind) {
        throw new UserFacingError(`source ${input.id} is ${current.kind}; the kind cannot change (add a new source)`);
      }
      const { changes, rest } = splitSecrets(input);
      const config = validConfig({ ...rest, ...(rest.kind === 'pagerduty' ? {} : { headers: {} }) });
      const stored = readSourceSecrets(secrets, config.id, config.kind);
      const storedHeaders = readSourceHeaders(secrets, config.id);
      const headersChange = rest.kind === 'pagerduty' ? {} : (rest as { headers?: Record<string, string> }).headers;
      refuseMovedSecrets(current, config.url, stored, changes, storedHeaders, headersChange);
      const wanted = mergeSecretChanges(stored, changes, config.kind);
      const wantedHeaders = headersChange ?? storedHeaders;
      const problem = authProblem(config, wanted);
      if (problem) throw new UserFacingError(problem);

      const settingsChanged = JSON.stringify(current) !== JSON.stringify(config);
      const secretsChanged =
        SECRET_FIELDS[config.kind].some((f) => stored[f] !== wanted[f]) ||
        JSON.stringify(storedHeaders) !== JSON.stringify(wantedHeaders);
      writeSourceSecrets(secrets, config.id, wanted);
      writeSourceHeaders(secrets, config.id, wantedHeaders);
      changedSecrets();
      if (settingsChanged)
        settings.update((s) => ({ ...s, sources: s.sources.map((x) => (x.id === config.id ? config : x)) }));

      const entry = entries.get(config.id);
      const tokenSaved = typeof changes.token === 'string';
      if (!settingsChanged && (secretsChanged || tokenSaved) && entry?.built.pagerDuty && wanted.token) {
        // Only the token was saved (changed or the same again): keep the client, whose rate-limit
        // state must survive, and ask PagerDuty at once; saving lifts a "token rejected" latch.
        entry.built.pagerDuty.setToken(wanted.token);
      } else if (settingsChanged || secretsChanged || !entry) {
        install(config);
      }
      if (settingsChanged || secretsChanged) opts.log(`source updated: ${config.kind} ${config.name} (${config.url})`);
      return viewOf(config.id);
    }),

    'sources:remove': async ({ id }) => {
      const config = configOf(id);
      settings.update((s) => ({ ...s, sources: s.sources.filter((x) => x.id !== id) }));
      deleteSourceSecrets(secrets, id);
      changedSecrets();
      uninstall(id);
      opts.log(`source removed: ${config.kind} ${config.name}`);
      return { ok: true as const };
    },

    'sources:test': guarded(async (input) => {
      const { changes } = splitSecrets(input);
      let stored: SourceSecrets = {};
      let storedHeaders: Record<string, string> = {};
      const headersChange = input.kind === 'pagerduty' ? undefined : input.headers;
      if (input.id !== undefined) {
        const current = configOf(input.id);
        if (current.kind !== input.kind)
          throw new UserFacingError(`source ${input.id} is ${current.kind}, not ${input.kind}`);
        stored = readSourceSecrets(secrets, current.id, current.kind);
        storedHeaders = readSourceHeaders(secrets, current.id);
        refuseMovedSecrets(current, input.url, stored, changes, storedHeaders, headersChange);
      }
      const using = mergeSecretChanges(stored, changes, input.kind);
      const headers = headersChange ?? storedHeaders;
      const target = input.kind === 'pagerduty' ? input : { ...input, headers };
      const result = await testSourceConnection(target, using, opts.testTimeoutMs);
      // The stored token works (again): the running source stops waiting for a new one.
      const running = input.id === undefined ? undefined : entries.get(input.id)?.built.pagerDuty;
      if (result.ok && running && using.token !== undefined && using.token === stored.token) running.recheck();
      return redactor([using, ...Object.values(headers).map((token) => ({ token }))])(result);
    }),

    'sources:poll': async ({ id }) => {
      if (id !== undefined && !entries.has(id)) throw new UserFacingError(`no source with id ${id}`);
      // "Check now" is a person asking: a PagerDuty source waiting out a 401 asks again too.
      for (const entry of entries.values()) {
        if ((id !== undefined && entry.id !== id) || !running(entry)) continue;
        if (entry.built.pagerDuty) entry.built.pagerDuty.recheck();
        else entry.built.source.pollNow();
      }
      return { ok: true as const };
    },

    'demo:start': async () => {
      settings.update((s) => ({ ...s, demo: { enabled: true } }));
      startDemo();
      return { ok: true as const };
    },
    'demo:stop': async () => {
      settings.update((s) => ({ ...s, demo: { enabled: false } }));
      uninstall(DEMO_SOURCE_ID);
      return { ok: true as const };
    },
  };

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

const SECRET_WORDS: Record<SecretField, string> = {
  bearerToken: 'bearer token',
  basicAuthPassword: 'password',
  token: 'API token',
};

/**
 * A stored secret is only ever sent to the address it was saved for. Otherwise a page that
 * turned hostile (or a slip of the hand) could point a source, or a "test", at another server
 * and have the main process hand it the token. Moving a source means typing its secrets again.
 */
function refuseMovedSecrets(
  current: StoredSource,
  url: string | undefined,
  stored: SourceSecrets,
  changes: SecretChanges,
  storedHeaders: Record<string, string> = {},
  headersChange?: Record<string, string>,
) {
  if (url === undefined || sameOrigin(current.url, url)) return;
  const kept = SECRET_FIELDS[current.kind]
    .filter((f) => stored[f] !== undefined && changes[f] === undefined)
    .map((f) => SECRET_WORDS[f]);
  if (Object.keys(storedHeaders).length > 0 && headersChange === undefined) kept.push('extra headers');
  if (kept.length === 0) return;
  throw new UserFacingError(
    `The address changed from ${origin(current.url)} to ${origin(url)}: enter the ${kept.join(' and ')} again (a stored secret is only sent to the address it was saved for), or clear it.`,
  );
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

const sameOrigin = (a: string, b: string) => origin(a) === origin(b);

function staleCopy(entry: Entry): Signal[] {
  const current = entry.carried ?? entry.built.source.signals();
  return current.map((s) => (s.stale ? s : { ...s, stale: true }));
}
