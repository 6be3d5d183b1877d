import type { Signal } from '../../../shared/domain/signal';
import type { SourceHealth } from '../../../shared/domain/sourceHealth';
import type { AlertSource, SourceListener } from '../alertSource';
import { describeFetchError } from '../describeFetchError';
import { createPoller } from '../poller';
import { crashedPollHealth, createHealthTracker, markStale } from '../sourceHealthTracker';
import {
  createPagerDutyClient,
  PAGERDUTY_API,
  PagerDutyRateLimitedError,
  PagerDutyTokenRejectedError,
  type PagerDutyClient,
  type PagerDutyClientOptions,
} from './pagerDutyClient';
import type { PdIncident, PdNote, PdUser } from './pagerDutySchemas';
import { LAST_NOTE_AT_ANNOTATION, LAST_NOTE_BY_ANNOTATION } from '../../../shared/incidents/whoIsOnIt';
import { toPagerDutySignal } from './pagerDutySignals';

export interface PagerDutySourceOptions {
  id: string;
  name: string;
  token: string;
  /** Default https://api.pagerduty.com; tests point it at the fake. */
  baseUrl?: string;
  intervalMs: number;
  timeoutMs?: number;
  /** Email used in the `From` header for ack/resolve; default: the token owner's (/users/me). */
  fromEmail?: string;
  now?: () => number;
  onUpdate: SourceListener;
  /** Incidents whose notes are read per poll (round robin, watched ones first); default 3. */
  notesPerPoll?: number;
  /** Passed through to the client (page size, retry limits, fetch, sleep, random...). */
  client?: Omit<PagerDutyClientOptions, 'token' | 'baseUrl' | 'timeoutMs' | 'now'>;
}

export interface PagerDutySource extends AlertSource {
  /** Replaces the token (or takes the same one again): clears the "token rejected" latch and polls at once. */
  setToken(token: string): void;
  /**
   * "Check now" and a successful "Test connection" of the stored token: after a 401, asks
   * PagerDuty again with the same token (a revoked token may have been restored); otherwise polls.
   */
  recheck(): void;
  acknowledge(incidentId: string): Promise<PdIncident>;
  resolve(incidentId: string): Promise<PdIncident>;
  /** The notes of a PagerDuty incident as last read, oldest first; null before the first read. */
  notes(incidentId: string): PdNote[] | null;
  /** Reads this incident's notes at the next polls before the round robin (an incident on screen, a note just sent). */
  watchNotes(incidentId: string): void;
  /** Posts a note as the source's From email (or the token owner), and keeps it in `notes`. */
  addNote(incidentId: string, content: string): Promise<PdNote>;
  /** The token's user once known (for the From header and "my on-calls"). */
  currentUser(): PdUser | null;
  /** For log entries, on-calls and change events, which the services fetch on demand. */
  readonly client: PagerDutyClient;
}

export interface PagerDutyFailure {
  status: SourceHealth['status'];
  message: string;
  detail: string;
  until: number | null;
}

/** Vigil's ceiling per PagerDuty token: 5% of PagerDuty's 960 requests a minute per user. */
export const VIGIL_SHARE_PER_MINUTE = 48;

/** The latest note's author and time on the signal, for "who is on it" in the list. */
function withLastNote(signal: Signal, list: PdNote[] | undefined): Signal {
  const last = list?.at(-1);
  const at = last ? Date.parse(last.created_at) : NaN;
  if (!last || !Number.isFinite(at)) return signal;
  return {
    ...signal,
    annotations: {
      ...signal.annotations,
      [LAST_NOTE_BY_ANNOTATION]: last.user?.summary ?? last.user?.id ?? 'PagerDuty',
      [LAST_NOTE_AT_ANNOTATION]: new Date(at).toISOString(),
    },
  };
}

/** Words for a failed PagerDuty call: the token, the rate limit, or the network. */
export function describePagerDutyFailure(target: string, err: unknown, timeoutMs: number): PagerDutyFailure {
  if (err instanceof PagerDutyTokenRejectedError) {
    return {
      status: 'auth-rejected',
      message:
        'PagerDuty rejected the token (401): save a working one on the Sources screen (Edit), or press "Check now" once it works again. Vigil stops asking until then.',
      detail: 'HTTP 401',
      until: null,
    };
  }
  if (err instanceof PagerDutyRateLimitedError && err.byBudget) {
    const at = new Date(err.until);
    const clock = at.toISOString().slice(11, 19);
    const left = err.budget ? ` (${err.budget.remaining} of ${err.budget.limit} requests left in this window)` : '';
    return {
      status: 'rate-limited',
      message: `Vigil is holding PagerDuty polls back to stay within the request budget${left}: next poll at ${clock} UTC`,
      detail: `no 429 received; the budget PagerDuty reported is spent until ${at.toISOString()}`,
      until: err.until,
    };
  }
  if (err instanceof PagerDutyRateLimitedError) {
    const at = new Date(err.until);
    const clock = at.toISOString().slice(11, 19);
    return {
      status: 'rate-limited',
      message: `PagerDuty's rate limit was reached: Vigil waits until ${clock} UTC before asking again`,
      detail: `HTTP 429, no requests until ${at.toISOString()}`,
      until: err.until,
    };
  }
  return { ...describeFetchError('PagerDuty', target, err, timeoutMs), until: null };
}

/**
 * Polls PagerDuty for open incidents (triggered and acknowledged) and offers them as Signals.
 * A rejected token stops all requests until `setToken` or `recheck`; a rate limit pauses them until the time
 * PagerDuty gave. As with every source, the last incidents are kept (marked stale) while it fails.
 */
export function createPagerDutySource(opts: PagerDutySourceOptions): PagerDutySource {
  const now = opts.now ?? Date.now;
  const base = (opts.baseUrl ?? PAGERDUTY_API).replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? Math.min(10_000, Math.max(2_000, opts.intervalMs));
  const client = createPagerDutyClient({
    // 5% of PagerDuty's per-user limit (960 a minute, shared by all of the user's keys and tools).
    maxRequestsPerMinute: VIGIL_SHARE_PER_MINUTE,
    ...opts.client,
    token: opts.token,
    baseUrl: base,
    timeoutMs,
    now,
  });
  const notesPerPoll = opts.notesPerPoll ?? 3;
  const notes = new Map<string, PdNote[]>();
  const watched = new Set<string>();
  let noteCursor = 0;
  let me: PdUser | null = null;
  let current: Signal[] = [];
  const health = createHealthTracker({ sourceId: opts.id, name: opts.name, kind: 'pagerduty', target: base }, now);

  const budgetView = (): SourceHealth['requestBudget'] => {
    const b = client.state().budget;
    return b
      ? {
          limit: b.limit,
          remaining: b.remaining,
          resetsAt: b.resetsAt === null ? null : new Date(b.resetsAt).toISOString(),
        }
      : null;
  };

  const setHealth = (
    patch: Pick<SourceHealth, 'status' | 'message' | 'detail'> & { lastSuccessAt?: string; until?: number | null },
  ) => {
    const { until, ...rest } = patch;
    health.set({ ...rest, until: until ? new Date(until).toISOString() : null, requestBudget: budgetView() });
  };

  const fail = (err: unknown) => {
    const failure = describePagerDutyFailure(base, err, timeoutMs);
    current = markStale(current);
    setHealth({ status: failure.status, message: failure.message, detail: failure.detail, until: failure.until });
    opts.onUpdate(opts.id);
  };

  async function poll(): Promise<boolean> {
    const state = client.state();
    // No request at all while the token is known bad or PagerDuty asked us to wait.
    if (state.tokenRejected) return true;
    if (state.blockedUntil !== null && state.blockedUntil > now()) {
      // Held back, by PagerDuty's 429 or Vigil's own budget: said with its reason and next poll.
      if (health.get().status !== 'rate-limited') {
        fail(new PagerDutyRateLimitedError(state.blockedUntil, state.blockedByBudget, state.budget));
      }
      return true;
    }
    try {
      me ??= await client.getCurrentUser();
      // Every open incident, whatever its age: one triggered 31 days ago still wants someone. Only
      // open ones are asked for, so this never pages through history.
      const incidents = await client.listIncidents({ allDates: true });
      await readNotes(incidents.filter((i) => i.status !== 'resolved').map((i) => i.id));
      current = incidents.map((incident) => withLastNote(toPagerDutySignal(opts.id, incident), notes.get(incident.id)));
      setHealth({ status: 'ok', message: null, detail: null, lastSuccessAt: new Date(now()).toISOString() });
      opts.onUpdate(opts.id);
      return true;
    } catch (err) {
      fail(err);
      return false;
    }
  }

  /**
   * A few incidents' notes per poll, so teammates' notes arrive within a poll or two while the
   * request count stays bounded: watched incidents first, then the others in turn.
   */
  async function readNotes(open: string[]): Promise<void> {
    for (const id of [...notes.keys()]) if (!open.includes(id) && !watched.has(id)) notes.delete(id);
    const rest = open.filter((id) => !watched.has(id));
    const turn = rest.length
      ? [...rest.slice(noteCursor % rest.length), ...rest.slice(0, noteCursor % rest.length)]
      : [];
    const pick = [...new Set([...watched, ...turn])].slice(0, notesPerPoll);
    // Polls come first: with the budget PagerDuty reports nearly spent, notes wait for the next window.
    const budget = client.state().budget;
    if (budget && budget.remaining <= pick.length) return;
    noteCursor += Math.max(0, pick.length - watched.size);
    for (const id of pick) {
      try {
        notes.set(id, await client.listNotes(id));
      } catch (err) {
        // The incidents were read; notes wait for the next poll. A token or rate-limit problem shows on the next poll.
        if (err instanceof PagerDutyTokenRejectedError || err instanceof PagerDutyRateLimitedError) return;
      }
    }
  }

  const poller = createPoller({
    intervalMs: opts.intervalMs,
    poll,
    random: opts.client?.random,
    onError: (err) => {
      current = markStale(current);
      health.set(crashedPollHealth('the incidents of PagerDuty', base, err));
      opts.onUpdate(opts.id);
    },
  });

  const changeStatus = async (incidentId: string, status: 'acknowledged' | 'resolved') => {
    const from = opts.fromEmail ?? (me ??= await client.getCurrentUser()).email;
    const incident = await client.updateIncidentStatus(incidentId, status, from);
    // Show the new state at once rather than at the next interval.
    poller.pollNow();
    return incident;
  };

  return {
    id: opts.id,
    client,
    start: () => poller.start(),
    stop: () => poller.stop(),
    pollNow: () => poller.pollNow(),
    health: () => health.get(),
    signals: () => current,
    currentUser: () => me,
    setToken(token) {
      client.setToken(token);
      me = null;
      setHealth({ status: 'starting', message: 'token saved: checking it with PagerDuty', detail: null });
      opts.onUpdate(opts.id);
      poller.pollNow();
    },
    recheck() {
      if (client.state().tokenRejected) {
        client.retryToken();
        me = null;
        setHealth({ status: 'starting', message: 'asking PagerDuty again whether the token works', detail: null });
        opts.onUpdate(opts.id);
      }
      poller.pollNow();
    },
    notes: (incidentId) => notes.get(incidentId) ?? null,
    watchNotes(incidentId) {
      watched.add(incidentId);
      if (watched.size > notesPerPoll) watched.delete(watched.values().next().value!);
    },
    async addNote(incidentId, content) {
      const from = opts.fromEmail ?? (me ??= await client.getCurrentUser()).email;
      const note = await client.createNote(incidentId, content, from);
      notes.set(incidentId, [...(notes.get(incidentId) ?? []).filter((n) => n.id !== note.id), note]);
      return note;
    },
    acknowledge: (incidentId) => changeStatus(incidentId, 'acknowledged'),
    resolve: (incidentId) => changeStatus(incidentId, 'resolved'),
  };
}

/** One-off check for "test connection": who the token belongs to, or what is wrong. */
export async function testPagerDuty(
  token: string,
  baseUrl = PAGERDUTY_API,
  timeoutMs = 5000,
): Promise<{ ok: boolean; message: string }> {
  const client = createPagerDutyClient({ token, baseUrl, timeoutMs, maxRetries: 0, maxInlineWaitMs: 0 });
  try {
    const user = await client.getCurrentUser();
    return { ok: true, message: `Connected to PagerDuty as ${user.name} (${user.email})` };
  } catch (err) {
    return { ok: false, message: describePagerDutyFailure(baseUrl.replace(/\/+$/, ''), err, timeoutMs).message };
  }
}
