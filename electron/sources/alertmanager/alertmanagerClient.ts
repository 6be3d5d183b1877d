import { z } from 'zod';
import { BadReplyError, errorSnippet, fetchJson, HttpStatusError, readCapped, retryAtOf } from '../describeFetchError';
import {
  AmAlert,
  AmAlertsReply,
  AmCreateSilenceReply,
  AmSilencesReply,
  AmStatus,
  type AmMatcher,
  type AmSilence,
} from './alertmanagerSchemas';
import { quickAmAlert } from './quickAmAlert';
import { sameOriginFetch } from '../sameOriginFetch';
import { ITEMS_PER_PAUSE, runInSlices } from '../yieldToLoop';

export interface AlertmanagerClientOptions {
  /** Base URL including any path prefix (e.g. https://am.example.com/alertmanager). */
  url: string;
  timeoutMs?: number;
  /** Extra headers for proxies and multi-tenant setups (e.g. X-Scope-OrgID for Mimir). */
  headers?: Record<string, string>;
  basicAuth?: { username: string; password: string };
  /** Another fetch, e.g. one trusting a private CA (../caFetch.ts). */
  fetch?: typeof fetch;
  now?: () => number;
}

export interface AlertFilter {
  /** Each defaults to true on Alertmanager's side: every alert, whatever its state. */
  active?: boolean;
  silenced?: boolean;
  inhibited?: boolean;
  unprocessed?: boolean;
  /** Alertmanager matcher strings, e.g. `service="fraud-model"`. */
  matchers?: string[];
  /** Regular expression on receiver names. */
  receiver?: string;
}

export interface NewSilence {
  matchers: AmMatcher[];
  durationMs: number;
  comment: string;
  createdBy: string;
  /** Default: now. */
  startsAt?: number;
}

export interface AlertmanagerClient {
  readonly url: string;
  listAlerts(filter?: AlertFilter): Promise<AmAlert[]>;
  listSilences(matchers?: string[]): Promise<AmSilence[]>;
  /** Creates a silence and returns its id. */
  createSilence(silence: NewSilence): Promise<string>;
  /** Expires (ends now) a silence; Alertmanager keeps it listed as expired. */
  expireSilence(id: string): Promise<void>;
  status(): Promise<AmStatus>;
}

/**
 * Matchers that select exactly the alerts carrying these labels: one `name="value"` per label.
 * Empty values are skipped because Alertmanager reads `name=""` as "label absent".
 */
export function matchersForLabels(labels: Record<string, string>): AmMatcher[] {
  return Object.keys(labels)
    .sort()
    .filter((name) => labels[name] !== '')
    .map((name) => ({ name, value: labels[name]!, isRegex: false, isEqual: true }));
}

/** Alertmanager API v2 client: alerts with their silenced/inhibited state, silences, status. */
export function createAlertmanagerClient(opts: AlertmanagerClientOptions): AlertmanagerClient {
  const base = opts.url.replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const now = opts.now ?? Date.now;
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  if (opts.basicAuth) {
    const pair = `${opts.basicAuth.username}:${opts.basicAuth.password}`;
    headers.Authorization = `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
  }

  const refuse = (what: string, error: z.ZodError, at: readonly PropertyKey[] = []) => {
    const first = error.issues[0];
    const path = [...at, ...(first?.path ?? [])];
    const where = path.length ? ` at ${path.map(String).join('.')}` : '';
    return new BadReplyError(
      `not an Alertmanager ${what} reply (${first?.message ?? 'unexpected shape'}${where}; is this an Alertmanager URL?)`,
    );
  };
  const parse = <T>(schema: z.ZodType<T>, body: unknown, what: string): T => {
    const result = schema.safeParse(body);
    if (!result.success) throw refuse(what, result.error);
    return result.data;
  };
  /**
   * An array reply checked item by item, pausing every ITEMS_PER_PAUSE items (for runInSlices).
   * `quick` answers for the items it is sure of; the schema decides the rest.
   */
  function* parseEach<T>(
    schema: z.ZodType<T>,
    items: readonly unknown[],
    what: string,
    quick: (item: unknown) => T | null = () => null,
  ): Generator<void, T[], void> {
    const out: T[] = new Array(items.length);
    for (let i = 0; i < items.length; i++) {
      if (i % ITEMS_PER_PAUSE === ITEMS_PER_PAUSE - 1) yield;
      const known = quick(items[i]);
      if (known !== null) {
        out[i] = known;
        continue;
      }
      const result = schema.safeParse(items[i]);
      if (!result.success) throw refuse(what, result.error, [i]);
      out[i] = result.data;
    }
    return out;
  }

  const query = (params: Record<string, string | boolean | string[] | undefined>) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const v of value) search.append(key, v);
      else search.set(key, String(value));
    }
    const text = search.toString();
    return text ? `?${text}` : '';
  };

  return {
    url: base,
    async listAlerts(filter = {}) {
      const body = await fetchJson(
        `${base}/api/v2/alerts${query({
          active: filter.active,
          silenced: filter.silenced,
          inhibited: filter.inhibited,
          unprocessed: filter.unprocessed,
          filter: filter.matchers,
          receiver: filter.receiver,
        })}`,
        { headers, timeoutMs, fetch: opts.fetch, bulk: [] },
      );
      // Element by element, pausing between slices; zod checks only what quickAmAlert is not sure
      // of (it took ~150 ms and copied every alert of a storm's 20,000).
      if (!Array.isArray(body)) return parse(AmAlertsReply, body, '/api/v2/alerts');
      return runInSlices(parseEach(AmAlert, body, '/api/v2/alerts', quickAmAlert));
    },
    async listSilences(matchers) {
      const body = await fetchJson(`${base}/api/v2/silences${query({ filter: matchers })}`, {
        headers,
        timeoutMs,
        fetch: opts.fetch,
      });
      return parse(AmSilencesReply, body, '/api/v2/silences');
    },
    async createSilence(silence) {
      if (silence.matchers.length === 0) throw new Error('a silence needs at least one matcher');
      if (!(silence.durationMs > 0)) throw new Error('a silence needs a positive duration');
      // Alertmanager refuses a silence without an author or a comment; say so before asking.
      if (!silence.comment.trim()) throw new Error('a silence needs a comment saying why');
      if (!silence.createdBy.trim()) throw new Error('a silence needs an author (createdBy)');
      const startsAt = silence.startsAt ?? now();
      const body = await fetchJson(`${base}/api/v2/silences`, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          matchers: silence.matchers,
          startsAt: new Date(startsAt).toISOString(),
          endsAt: new Date(startsAt + silence.durationMs).toISOString(),
          createdBy: silence.createdBy,
          comment: silence.comment,
        }),
        timeoutMs,
        fetch: opts.fetch,
      });
      return parse(AmCreateSilenceReply, body, 'create silence').silenceID;
    },
    async expireSilence(id) {
      // DELETE answers with an empty body, which fetchJson would call malformed JSON.
      const res = await sameOriginFetch(opts.fetch)(`${base}/api/v2/silence/${encodeURIComponent(id)}`, {
        method: 'DELETE',
        headers,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await readCapped(res, 1024 * 1024);
      if (!res.ok) throw new HttpStatusError(res.status, errorSnippet(text, headers), retryAtOf(res.headers));
    },
    async status() {
      const body = await fetchJson(`${base}/api/v2/status`, { headers, timeoutMs, fetch: opts.fetch });
      return parse(AmStatus, body, '/api/v2/status');
    },
  };
}
