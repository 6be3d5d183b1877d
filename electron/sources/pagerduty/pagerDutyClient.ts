import { z } from 'zod';
import { BadReplyError, HttpStatusError, readCapped } from '../describeFetchError';
import { redactSentHeaders } from '../redactSentHeaders';
import { sameOriginFetch } from '../sameOriginFetch';
import {
  PdChangeEvent,
  PdIncident,
  PdIncidentReply,
  PdLogEntry,
  PdNoteReply,
  PdNotesReply,
  type PdNote,
  PdOnCall,
  PdPage,
  PdUser,
  PdUserReply,
  type PdIncidentStatus,
} from './pagerDutySchemas';

/**
 * PagerDuty REST API v2 client for the calls Vigil makes. It is careful with PagerDuty's limits:
 *
 * - 429: waits the `ratelimit-reset` seconds (or `Retry-After`, whichever is longer) before trying
 *   again, with a little jitter so clients that were limited together do not return together; with
 *   neither header it backs off exponentially with jitter. A wait longer than `maxInlineWaitMs`
 *   is not slept through: the call fails with PagerDutyRateLimitedError and, until that time, every
 *   call fails the same way without touching the network.
 * - The last `ratelimit-limit` / `ratelimit-remaining` / `ratelimit-reset` seen are kept as the
 *   request budget; when it reaches zero the client waits for the reset instead of spending a
 *   request on a certain 429.
 * - 401: the token is wrong or revoked. The client latches into "token rejected" and sends
 *   nothing more until the person acts (`setToken`, even with the same token, or
 *   `retryToken` for "Check now"), so a bad token is never hammered and a fixed one is not ignored.
 *
 * The token lives only in this closure: it is not a property, not in any error, not in any log.
 */

export const PAGERDUTY_API = 'https://api.pagerduty.com';
const ACCEPT = 'application/vnd.pagerduty+json;version=2';

export interface RequestBudget {
  limit: number;
  remaining: number;
  /** When the budget refills, epoch ms, or null when PagerDuty did not say. */
  resetsAt: number | null;
}

export interface PagerDutyClientState {
  tokenRejected: boolean;
  /** Epoch ms before which the client will not send (rate limited), or null. */
  blockedUntil: number | null;
  /** True when that block is Vigil's own budget keeping, false when PagerDuty answered 429. */
  blockedByBudget: boolean;
  budget: RequestBudget | null;
}

export class PagerDutyTokenRejectedError extends Error {
  constructor(readonly status: number) {
    super('PagerDuty rejected the API token (HTTP 401)');
  }
}

export class PagerDutyRateLimitedError extends Error {
  /**
   * `byBudget`: Vigil holds itself back because the request budget PagerDuty reported is spent
   * (no 429 was received); otherwise PagerDuty answered 429.
   */
  constructor(
    readonly until: number,
    readonly byBudget = false,
    readonly budget: RequestBudget | null = null,
  ) {
    super(
      byBudget
        ? `PagerDuty request budget spent: Vigil sends nothing until ${new Date(until).toISOString()}`
        : `PagerDuty rate limit: no requests until ${new Date(until).toISOString()}`,
    );
  }
}

export interface PagerDutyClientOptions {
  token: string;
  /** Default https://api.pagerduty.com. */
  baseUrl?: string;
  timeoutMs?: number;
  /** Page size for list calls; PagerDuty allows at most 100. */
  pageLimit?: number;
  /** Guard against a server that always says `more: true`. */
  maxPages?: number;
  /** Retries of one call after 429s before giving up on it. */
  maxRetries?: number;
  /** Waits up to this long are slept through inside the call; longer ones fail fast. */
  maxInlineWaitMs?: number;
  /**
   * Vigil's own ceiling on requests per minute with this token, whatever PagerDuty's budget says
   * (PagerDuty's 960 a minute is shared by every tool of the user). Default: none.
   */
  maxRequestsPerMinute?: number;
  /** First backoff step when a 429 carries no reset hint. */
  backoffBaseMs?: number;
  maxBackoffMs?: number;
  maxBytes?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  fetch?: typeof fetch;
}

export interface ListIncidentsQuery {
  statuses?: PdIncidentStatus[];
  /** ISO 8601; PagerDuty filters on created_at. */
  since?: string;
  until?: string;
  /** Every incident of those statuses whatever its age (`date_range=all`: since and until are ignored). */
  allDates?: boolean;
  serviceIds?: string[];
  userIds?: string[];
}

export interface PagerDutyClient {
  state(): PagerDutyClientState;
  /** A token saved (new, or the same one again) clears the "token rejected" latch. */
  setToken(token: string): void;
  /** Clears the "token rejected" latch: the next call asks PagerDuty again with the same token. */
  retryToken(): void;
  getCurrentUser(): Promise<PdUser>;
  listIncidents(query?: ListIncidentsQuery): Promise<PdIncident[]>;
  /** PUT /incidents/{id} with the acting user's email in `From`, as PagerDuty requires. */
  updateIncidentStatus(id: string, status: 'acknowledged' | 'resolved', fromEmail: string): Promise<PdIncident>;
  listLogEntries(incidentId: string, query?: { since?: string; until?: string }): Promise<PdLogEntry[]>;
  /** Every note of an incident, oldest first. */
  listNotes(incidentId: string): Promise<PdNote[]>;
  /** POST /incidents/{id}/notes with the author's email in `From`. */
  createNote(incidentId: string, content: string, fromEmail: string): Promise<PdNote>;
  listOnCalls(query: { userIds?: string[]; since?: string; until?: string }): Promise<PdOnCall[]>;
  /** Change events (deploys, config changes) for the given services, or account-wide without ids. */
  listChangeEvents(query: { serviceIds?: string[]; since?: string; until?: string }): Promise<PdChangeEvent[]>;
}

type Params = Record<string, string | number | boolean | readonly string[] | undefined>;

export function createPagerDutyClient(opts: PagerDutyClientOptions): PagerDutyClient {
  let token = opts.token;
  const base = (opts.baseUrl ?? PAGERDUTY_API).replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const pageLimit = Math.min(100, Math.max(1, opts.pageLimit ?? 100));
  const maxPages = opts.maxPages ?? 50;
  const maxRetries = opts.maxRetries ?? 3;
  const maxInlineWaitMs = opts.maxInlineWaitMs ?? 15_000;
  const backoffBaseMs = opts.backoffBaseMs ?? 1_000;
  const maxBackoffMs = opts.maxBackoffMs ?? 120_000;
  const maxBytes = opts.maxBytes ?? 16 * 1024 * 1024;
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = opts.random ?? Math.random;
  const doFetch = sameOriginFetch(opts.fetch);

  let tokenRejected = false;
  let blockedUntil: number | null = null;
  /** Whether the block is Vigil's own (budget spent) rather than PagerDuty's 429. */
  let blockedByBudget = false;
  let budget: RequestBudget | null = null;
  // Consecutive 429s without a reset hint, across calls, so the backoff keeps growing.
  let blindStreak = 0;

  const buildUrl = (path: string, params: Params = {}) => {
    const url = new URL(`${base}${path}`);
    for (const [key, value] of Object.entries(params)) {
      if (value === undefined) continue;
      // PagerDuty's array parameters are repeated with brackets: statuses[]=a&statuses[]=b.
      if (Array.isArray(value)) for (const v of value) url.searchParams.append(key, v);
      else url.searchParams.set(key, String(value));
    }
    return url.toString();
  };

  const recordBudget = (headers: Headers) => {
    const limit = Number(headers.get('ratelimit-limit'));
    const remaining = Number(headers.get('ratelimit-remaining'));
    const reset = Number(headers.get('ratelimit-reset'));
    if (headers.get('ratelimit-limit') === null || !Number.isFinite(limit) || !Number.isFinite(remaining)) return;
    budget = {
      limit,
      remaining,
      resetsAt: headers.get('ratelimit-reset') !== null && Number.isFinite(reset) ? now() + reset * 1000 : null,
    };
  };

  /** How long a 429 asks us to wait: the larger of ratelimit-reset and Retry-After, else backoff. */
  const waitFor429 = (headers: Headers, attempt: number): number => {
    const hints: number[] = [];
    const reset = Number(headers.get('ratelimit-reset'));
    if (headers.get('ratelimit-reset') !== null && Number.isFinite(reset) && reset >= 0) hints.push(reset * 1000);
    const retryAfter = headers.get('retry-after');
    if (retryAfter !== null) {
      const seconds = Number(retryAfter);
      if (Number.isFinite(seconds)) hints.push(seconds * 1000);
      else if (Number.isFinite(Date.parse(retryAfter))) hints.push(Math.max(0, Date.parse(retryAfter) - now()));
    }
    if (hints.length > 0) {
      blindStreak = 0;
      // Never earlier than asked; up to 10% (max 1 s) later so limited clients spread out.
      const wait = Math.max(...hints);
      return wait + Math.min(1000, wait * 0.1) * random();
    }
    blindStreak += 1;
    const step = Math.min(maxBackoffMs, backoffBaseMs * 2 ** Math.min(Math.max(attempt, blindStreak - 1), 16));
    // "Equal jitter": at least half the step, so the backoff still grows.
    return step / 2 + (step / 2) * random();
  };

  // One request at a time per token: PagerDuty's limit is per user, and a burst of parallel
  // calls (a poll, a note, a context lookup) would spend it in a blink.
  let line: Promise<unknown> = Promise.resolve();
  const sentAt: number[] = [];
  function request(
    method: 'GET' | 'PUT' | 'POST',
    path: string,
    params?: Params,
    init?: { body?: unknown; from?: string },
  ) {
    const run = line.then(() => requestNow(method, path, params, init));
    line = run.catch(() => {});
    return run;
  }

  /** Vigil's own ceiling: the time the next request may go, or null when it may go now. */
  const ceilingWait = (): number | null => {
    const cap = opts.maxRequestsPerMinute;
    if (!cap) return null;
    const t = now();
    while (sentAt.length && t - sentAt[0]! >= 60_000) sentAt.shift();
    return sentAt.length < cap ? null : sentAt[0]! + 60_000;
  };

  async function requestNow(
    method: 'GET' | 'PUT' | 'POST',
    path: string,
    params?: Params,
    init?: { body?: unknown; from?: string },
  ) {
    const url = buildUrl(path, params);
    for (let attempt = 0; ; attempt++) {
      if (tokenRejected) throw new PagerDutyTokenRejectedError(401);
      const budgetSpent = budget && budget.remaining <= 0 && budget.resetsAt !== null && budget.resetsAt > now();
      if (budgetSpent && (blockedUntil === null || blockedUntil < budget!.resetsAt!)) {
        blockedUntil = budget!.resetsAt;
        blockedByBudget = true;
      }
      if (blockedUntil !== null) {
        const wait = blockedUntil - now();
        if (wait > 0) {
          if (wait > maxInlineWaitMs) throw new PagerDutyRateLimitedError(blockedUntil, blockedByBudget, budget);
          await sleep(wait);
        }
        // Past the reset, a spent budget no longer blocks (resetsAt < now); the next reply refreshes it.
        blockedUntil = null;
      }

      const ceiling = ceilingWait();
      if (ceiling !== null) {
        if (ceiling - now() > maxInlineWaitMs) throw new PagerDutyRateLimitedError(ceiling, true, null);
        await sleep(ceiling - now());
        continue;
      }
      if (opts.maxRequestsPerMinute) sentAt.push(now());

      const headers: Record<string, string> = {
        Accept: ACCEPT,
        Authorization: `Token token=${token}`,
      };
      if (init?.from !== undefined) headers.From = init.from;
      if (init?.body !== undefined) headers['Content-Type'] = 'application/json';
      const res = await doFetch(url, {
        method,
        headers,
        body: init?.body === undefined ? undefined : JSON.stringify(init.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      recordBudget(res.headers);

      if (res.status === 401) {
        await res.body?.cancel();
        tokenRejected = true;
        throw new PagerDutyTokenRejectedError(401);
      }
      if (res.status === 429) {
        await res.body?.cancel();
        const wait = waitFor429(res.headers, attempt);
        blockedUntil = now() + wait;
        blockedByBudget = false;
        if (attempt >= maxRetries || wait > maxInlineWaitMs) throw new PagerDutyRateLimitedError(blockedUntil);
        continue;
      }
      blindStreak = 0;
      const text = await readCapped(res, maxBytes);
      if (!res.ok) throw new HttpStatusError(res.status, describeErrorBody(redactSentHeaders(text, headers)));
      const type = res.headers.get('content-type') ?? '';
      if (!/\bjson\b/i.test(type)) {
        throw new BadReplyError(
          /html/i.test(type) || /^\s*</.test(text)
            ? 'it answered with an HTML page instead of JSON (a proxy or login page in the way?)'
            : `it answered with Content-Type "${type || 'none'}" instead of JSON`,
        );
      }
      try {
        return JSON.parse(text) as unknown;
      } catch (err) {
        throw new BadReplyError(
          `the JSON is malformed or truncated (${redactSentHeaders((err as Error).message, headers)})`,
        );
      }
    }
  }

  const parse = <T>(schema: z.ZodType<T>, body: unknown, what: string): T => {
    const result = schema.safeParse(body);
    if (!result.success) {
      const first = result.error.issues[0];
      const where = first?.path.length ? ` at ${first.path.join('.')}` : '';
      throw new BadReplyError(`not a PagerDuty ${what} reply (${first?.message ?? 'unexpected shape'}${where})`);
    }
    return result.data;
  };

  /**
   * Reads every page of a classic-paginated list. Offsets shift when the list changes between
   * pages (an incident resolved while we read), which can skip or repeat an item at a page
   * boundary, even when another change keeps the total the same. So each page after the first
   * starts one item early: that item must be the last one of the page before, or the list moved
   * under us and the read starts again (twice at most; items are de-duplicated by id).
   */
  async function listAll<T>(
    path: string,
    key: string,
    item: z.ZodType<T>,
    params: Params,
    identify: (item: T) => string = (it) => (it as { id: string }).id,
  ): Promise<T[]> {
    const pageSchema = PdPage.extend({ [key]: z.array(item) });
    // With pages of one item an overlap would never advance; such pages are read without it.
    const overlap = pageLimit > 1 ? 1 : 0;
    for (let restart = 0; ; restart++) {
      const byId = new Map<string, T>();
      let offset = 0;
      let lastId: string | null = null;
      let shifted = false;
      for (let page = 0; page < maxPages; page++) {
        const from = page === 0 ? 0 : offset - overlap;
        const body = await request('GET', path, { ...params, limit: pageLimit, offset: from });
        const reply = parse(pageSchema, body, key) as z.infer<typeof PdPage> & Record<string, T[]>;
        let items = reply[key] ?? [];
        if (page > 0 && overlap) {
          const moved = items.length === 0 || identify(items[0]!) !== lastId;
          if (moved && restart < 2) {
            shifted = true;
            break;
          }
          // On the last try, keep reading: a moving list still gives everything it can.
          if (!moved) items = items.slice(1);
        }
        for (const it of items) byId.set(identify(it), it);
        if (items.length > 0) lastId = identify(items[items.length - 1]!);
        if (!reply.more || items.length === 0) break;
        offset = from + (reply[key] ?? []).length;
      }
      if (!shifted) return [...byId.values()];
    }
  }

  return {
    state: () => ({ tokenRejected, blockedUntil, blockedByBudget, budget }),
    setToken(next) {
      token = next;
      tokenRejected = false;
    },
    retryToken() {
      tokenRejected = false;
    },
    async getCurrentUser() {
      return parse(PdUserReply, await request('GET', '/users/me'), 'users/me').user;
    },
    listIncidents(query = {}) {
      return listAll('/incidents', 'incidents', PdIncident, {
        'statuses[]': query.statuses ?? ['triggered', 'acknowledged'],
        ...(query.allDates ? { date_range: 'all' } : { since: query.since, until: query.until }),
        'service_ids[]': query.serviceIds,
        'user_ids[]': query.userIds,
      });
    },
    async updateIncidentStatus(id, status, fromEmail) {
      if (!fromEmail.trim()) throw new Error('PagerDuty needs the email of the acting user (From header)');
      const body = await request('PUT', `/incidents/${encodeURIComponent(id)}`, undefined, {
        body: { incident: { type: 'incident_reference', status } },
        from: fromEmail,
      });
      return parse(PdIncidentReply, body, 'incident update').incident;
    },
    listLogEntries(incidentId, query = {}) {
      return listAll(`/incidents/${encodeURIComponent(incidentId)}/log_entries`, 'log_entries', PdLogEntry, {
        since: query.since,
        until: query.until,
      });
    },
    async listNotes(incidentId) {
      const body = await request('GET', `/incidents/${encodeURIComponent(incidentId)}/notes`);
      return parse(PdNotesReply, body, 'notes').notes;
    },
    async createNote(incidentId, content, fromEmail) {
      if (!fromEmail.trim()) throw new Error('PagerDuty needs the email of the note author (From header)');
      const body = await request('POST', `/incidents/${encodeURIComponent(incidentId)}/notes`, undefined, {
        body: { note: { content } },
        from: fromEmail,
      });
      return parse(PdNoteReply, body, 'note').note;
    },
    listOnCalls(query) {
      return listAll(
        '/oncalls',
        'oncalls',
        PdOnCall,
        { 'user_ids[]': query.userIds, since: query.since, until: query.until },
        // On-calls have no id: one user on one level of one policy in one shift is one entry.
        (o) => [o.user.id, o.escalation_policy.id, o.escalation_level, o.schedule?.id, o.start].join('|'),
      );
    },
    async listChangeEvents(query) {
      const params = { since: query.since, until: query.until };
      if (!query.serviceIds?.length) return listAll('/change_events', 'change_events', PdChangeEvent, params);
      const seen = new Map<string, PdChangeEvent>();
      for (const id of [...new Set(query.serviceIds)]) {
        const events = await listAll(
          `/services/${encodeURIComponent(id)}/change_events`,
          'change_events',
          PdChangeEvent,
          params,
        );
        for (const e of events) seen.set(e.id, e);
      }
      return [...seen.values()].sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp));
    },
  };
}

/** PagerDuty's error envelope says what was wrong; keep that rather than raw JSON. */
function describeErrorBody(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: string; errors?: string[] } };
    if (parsed.error?.message) {
      const extra = parsed.error.errors?.length ? `: ${parsed.error.errors.join('; ')}` : '';
      return `${parsed.error.message}${extra}`.slice(0, 300);
    }
  } catch {
    // not JSON: fall through to the raw snippet
  }
  return text.slice(0, 200).replace(/\s+/g, ' ');
}
