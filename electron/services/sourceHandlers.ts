// The sources:* and demo:* request handlers: checks, secret store writes and redacted answers.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { DemoScenario } from '../../shared/demo/demoScenario';
import { UserFacingError } from '../../shared/ipc/callHandler';
import type { RequestHandlers } from '../../shared/ipc/contract';
import { DEMO_SOURCE_ID } from '../sources/demoSource';
import type { SecretStore } from '../store/secretStore';
import { StoredSource } from '../store/settingsSchema';
import type { SettingsStore } from '../store/settingsStore';
import { authProblem } from './buildSource';
import type { Entry } from './sourceEntry';
import type { SourceRedaction } from './sourceRedaction';
import {
  deleteSourceSecrets,
  mergeSecretChanges,
  readSourceHeaders,
  readSourceSecrets,
  SECRET_FIELDS,
  splitSecrets,
  writeSourceHeaders,
  writeSourceSecrets,
  type SecretChanges,
  type SecretField,
  type SourceSecrets,
} from './sourceSecrets';
import { sourceView } from './sourceView';
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

/** What the handlers need from the source manager: its stores, its running sources and its redactor. */
export interface SourceHandlerContext extends SourceRedaction {
  settings: SettingsStore;
  secrets: SecretStore;
  scenario: DemoScenario;
  /** The running sources by id; the handlers change them only through install, uninstall and startDemo. */
  entries: ReadonlyMap<string, Entry>;
  /** Builds (or rebuilds) a configured source from settings and its stored secrets. */
  install(config: StoredSource): void;
  uninstall(id: string): void;
  startDemo(): void;
  /** Whether an entry's poller runs now (the manager is started, and not paused unless it is the demo). */
  running(entry: Entry): boolean;
  log(message: string): void;
  /** How long "test connection" waits for an answer. */
  testTimeoutMs?: number;
}

const ID_PREFIX: Record<StoredSource['kind'], string> = { prometheus: 'prom', alertmanager: 'am', pagerduty: 'pd' };

/**
 * Answers the sources:* and demo:* requests. Secrets go from requests into the secret store only;
 * every response is built from settings and health and passed through the redactor on the way out.
 */
export function sourceHandlers(ctx: SourceHandlerContext): SourceHandlers {
  const { settings, secrets, entries, redactor, changedSecrets, install, uninstall, startDemo, running, log } = ctx;

  const view = (entry: Entry) => sourceView(entry, secrets, ctx.scenario);

  const viewOf = (id: string) => {
    const entry = entries.get(id);
    if (!entry) throw new UserFacingError(`no source with id ${id}`);
    return redactor()(view(entry));
  };

  const configOf = (id: string): StoredSource => {
    const config = settings.get().sources.find((s) => s.id === id);
    if (!config) throw new UserFacingError(`no source with id ${id}`);
    return config;
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

  return {
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
      log(`source added: ${config.kind} ${config.name} (${config.url})`);
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
      refuseMovedSecrets(current, config, stored, changes, storedHeaders, headersChange);
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
      if (settingsChanged || secretsChanged) log(`source updated: ${config.kind} ${config.name} (${config.url})`);
      return viewOf(config.id);
    }),

    'sources:remove': async ({ id }) => {
      const config = configOf(id);
      settings.update((s) => ({ ...s, sources: s.sources.filter((x) => x.id !== id) }));
      deleteSourceSecrets(secrets, id);
      changedSecrets();
      uninstall(id);
      log(`source removed: ${config.kind} ${config.name}`);
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
        refuseMovedSecrets(current, input, stored, changes, storedHeaders, headersChange);
      }
      const using = mergeSecretChanges(stored, changes, input.kind);
      const headers = headersChange ?? storedHeaders;
      const target = input.kind === 'pagerduty' ? input : { ...input, headers };
      const result = await testSourceConnection(target, using, ctx.testTimeoutMs);
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
}

function validConfig(candidate: unknown): StoredSource {
  const parsed = StoredSource.safeParse(candidate);
  if (!parsed.success)
    throw new UserFacingError(`invalid source: ${z.prettifyError(parsed.error).replace(/\n/g, '; ')}`);
  return parsed.data;
}

const SECRET_WORDS: Record<SecretField, string> = {
  bearerToken: 'bearer token',
  basicAuthPassword: 'password',
  token: 'API token',
};

/**
 * A stored secret is only ever sent to the addresses it was saved for: the source's address and
 * its HA members (every member gets the same credentials). Otherwise a page that turned hostile
 * (or a slip of the hand) could point a source, a "test" or a new member at another server and
 * have the main process hand it the token. A new address means typing the secrets again.
 */
function refuseMovedSecrets(
  current: StoredSource,
  next: { url?: string; members?: readonly string[] },
  stored: SourceSecrets,
  changes: SecretChanges,
  storedHeaders: Record<string, string> = {},
  headersChange?: Record<string, string>,
) {
  const saved = new Set(addressesOf(current).map(origin));
  const url = next.url ?? current.url;
  const added = [url, ...(next.members ?? [])].filter((address) => !saved.has(origin(address)));
  if (added.length === 0) return;
  const kept = SECRET_FIELDS[current.kind]
    .filter((f) => stored[f] !== undefined && changes[f] === undefined)
    .map((f) => SECRET_WORDS[f]);
  if (Object.keys(storedHeaders).length > 0 && headersChange === undefined) kept.push('extra headers');
  if (kept.length === 0) return;
  const change = saved.has(origin(url))
    ? `A member address is new (${origin(added[0]!)})`
    : `The address changed from ${origin(current.url)} to ${origin(url)}`;
  throw new UserFacingError(
    `${change}: enter the ${kept.join(' and ')} again (a stored secret is only sent to the addresses it was saved for), or clear it.`,
  );
}

/** Where a source's secrets go: its address and, for an HA set, every member's. */
function addressesOf(source: StoredSource): string[] {
  return source.kind === 'pagerduty' ? [source.url] : [source.url, ...source.members];
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
