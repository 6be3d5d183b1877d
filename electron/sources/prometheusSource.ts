import type { Signal } from '../../shared/domain/signal';
import type { AlertSource, SourceListener } from './alertSource';
import { BadReplyError, describeFetchError, fetchJson, HttpStatusError } from './describeFetchError';
import { askMembers, collapseReplicasInSlices, membersHealth } from './haMembers';
import { reuseUnchangedInSlices } from './reuseUnchanged';
import { createPoller } from './poller';
import { crashedPollHealth, createHealthTracker, markStale } from './sourceHealthTracker';
import { formatDuration } from '../../shared/classify/duration';
import { PrometheusAlertsReply, toSignalsInSlices } from './prometheusAlerts';
import { readPrometheusAlerts } from './readPrometheusAlerts';
import { ITEMS_PER_PAUSE, runInSlices, yieldToLoop } from './yieldToLoop';
import { createPrometheusApi } from './prometheusApi';
import { createRetryAfterHold } from './retryAfterHold';
import { createLabelSetMemory } from './labelSetMemory';
import { createRuleExpressions } from './ruleExpressions';

export interface PrometheusSourceOptions {
  id: string;
  name: string;
  url: string;
  intervalMs: number;
  timeoutMs?: number;
  /** Sent with every request: auth (built by the caller from the secret store), tenant, proxy headers. */
  headers?: Record<string, string>;
  /** Another fetch, e.g. one trusting a private CA (caFetch.ts). */
  fetch?: typeof fetch;
  /** The other Prometheus of an HA pair (same path prefix and credentials): polled too, as one source. */
  members?: readonly string[];
  /** Labels that only say which replica reports an alert: one signal per alert whatever their value. */
  replicaLabels?: readonly string[];
  now?: () => number;
  onUpdate: SourceListener;
}

/**
 * Polls Prometheus's /api/v1/alerts. Replies are validated with zod at this edge; when
 * Prometheus stops answering, the last alerts are kept and marked stale, and health says why.
 */
export function createPrometheusSource(opts: PrometheusSourceOptions): AlertSource {
  const now = opts.now ?? Date.now;
  const timeoutMs = opts.timeoutMs ?? Math.min(10_000, Math.max(2_000, opts.intervalMs));
  const base = opts.url.replace(/\/+$/, '');
  let current: Signal[] = [];
  const urls = [base, ...(opts.members ?? []).map((u) => u.replace(/\/+$/, ''))];
  const health = createHealthTracker(
    { sourceId: opts.id, name: opts.name, kind: 'prometheus', target: urls.join(', ') },
    now,
  );
  // What each alert's value means is read from its rule's PromQL (shared/classify/readExpression),
  // from a member that answers: the replicas of a pair run the same rules.
  const rulesByMember = new Map(
    urls.map((url) => [
      url,
      createRuleExpressions(
        createPrometheusApi({ baseUrl: url, name: opts.name, headers: opts.headers, fetch: opts.fetch, timeoutMs }),
        now,
      ),
    ]),
  );

  const hold = createRetryAfterHold();
  // The label sets each member reported lately: a storm's alerts are not fingerprinted every poll.
  const memories = new Map(urls.map((url) => [url, createLabelSetMemory(opts.id)]));

  async function fetchAlerts(url: string): Promise<Signal[]> {
    // In stages and slices, giving the event loop back between them: a storm's reply is megabytes.
    const body = await hold.ask(url, () =>
      fetchJson(`${url}/api/v1/alerts`, {
        headers: { Accept: 'application/json', ...opts.headers },
        timeoutMs,
        fetch: opts.fetch,
        bulk: ['data', 'alerts'],
      }),
    );
    await yieldToLoop();
    const parsed = readPrometheusAlerts(body);
    if (!parsed.ok) throw new BadReplyError(`not a Prometheus alerts reply (${parsed.error})`);
    await yieldToLoop();
    return runInSlices(toSignalsInSlices(opts.id, parsed.data, memories.get(url)));
  }

  async function poll(): Promise<boolean> {
    const answers = await askMembers(urls, fetchAlerts);
    const members = membersHealth('Prometheus', answers, timeoutMs);
    const answered = answers.filter((a) => a.ok);
    if (answered.length === 0) {
      current = markStale(current);
      health.set({
        status: members!.status,
        message: members!.message,
        detail: members!.detail,
        until: members!.until,
      });
      opts.onUpdate(opts.id);
      return false;
    }
    // Every stage runs in slices: in a storm each is tens of milliseconds over 20,000 alerts.
    const fresh = await runInSlices(
      collapseReplicasInSlices(
        answered.length === 1 ? answered[0]!.value : answered.flatMap((a) => a.value),
        opts.replicaLabels ?? [],
      ),
    );
    const rules = rulesByMember.get(answered[0]!.url)!;
    await rules.refresh(fresh);
    const t = now();
    const { signals, skewMs } = await runInSlices(withRulesAndStarts(fresh, rules.attach, t));
    current = await runInSlices(reuseUnchangedInSlices(current, signals));
    const lastSuccessAt = new Date(t).toISOString();
    if (members) {
      health.set({ status: 'degraded', message: members.message, detail: members.detail, lastSuccessAt, until: null });
    } else if (skewMs > 0) {
      health.set({
        status: 'degraded',
        message: `Prometheus at ${base} reports alerts starting ${formatDuration(skewMs)} in the future: its clock or this machine's is off. Start times are shown as when Vigil first saw them.`,
        detail: `clock skew ${Math.round(skewMs / 1000)} s`,
        lastSuccessAt,
        until: null,
      });
    } else {
      health.set({ status: 'ok', message: null, detail: null, lastSuccessAt, until: null });
    }
    opts.onUpdate(opts.id);
    return true;
  }

  const poller = createPoller({
    intervalMs: opts.intervalMs,
    poll,
    onError: (err) => {
      current = markStale(current);
      health.set(crashedPollHealth('the alerts of Prometheus', base, err));
      opts.onUpdate(opts.id);
    },
  });
  return {
    id: opts.id,
    start: () => poller.start(),
    stop: () => poller.stop(),
    pollNow: () => poller.pollNow(),
    health: () => health.get(),
    signals: () => current,
  };
}

/** One-off check for the "test connection" button: says exactly what is wrong. */
export async function testPrometheus(
  url: string,
  timeoutMs = 5000,
  http: Pick<PrometheusSourceOptions, 'headers' | 'fetch'> = {},
): Promise<{ ok: boolean; message: string }> {
  const base = url.replace(/\/+$/, '');
  try {
    const body = await fetchJson(`${base}/api/v1/alerts`, {
      headers: { Accept: 'application/json', ...http.headers },
      timeoutMs,
      fetch: http.fetch,
    });
    const parsed = PrometheusAlertsReply.safeParse(body);
    if (!parsed.success)
      return {
        ok: false,
        message: `${base} answered, but not like Prometheus's /api/v1/alerts (is this a Prometheus URL?)`,
      };
    const firing = parsed.data.data.alerts.filter((a) => a.state === 'firing').length;
    return {
      ok: true,
      message: `Connected to Prometheus at ${base}: ${firing} alert${firing === 1 ? '' : 's'} firing`,
    };
  } catch (err) {
    if (err instanceof HttpStatusError && err.status === 404) {
      return {
        ok: false,
        message: `${base} has no Prometheus API (HTTP 404 for /api/v1/alerts): check the URL and the path prefix`,
      };
    }
    return { ok: false, message: describeFetchError('Prometheus', base, err, timeoutMs).message };
  }
}

/** Tolerated difference between Prometheus's clock and ours before start times are distrusted. */
const SKEW_TOLERANCE_MS = 60_000;

/**
 * Each signal with its rule's expression attached and its start checked. An activeAt in the
 * future can only come from a skewed clock. Using it would show negative ages and break MTTD, so
 * such starts become "now" and the caller reports the skew.
 */
function* withRulesAndStarts(
  signals: readonly Signal[],
  attach: (s: Signal) => Signal,
  now: number,
): Generator<void, { signals: Signal[]; skewMs: number }, void> {
  let skewMs = 0;
  const out: Signal[] = new Array(signals.length);
  for (let i = 0; i < signals.length; i++) {
    if (i % ITEMS_PER_PAUSE === ITEMS_PER_PAUSE - 1) yield;
    const s = attach(signals[i]!);
    const at = s.activeAt ? Date.parse(s.activeAt) : NaN;
    if (!(at - now > SKEW_TOLERANCE_MS)) {
      out[i] = s;
      continue;
    }
    skewMs = Math.max(skewMs, at - now);
    out[i] = { ...s, activeAt: new Date(now).toISOString() };
  }
  return { signals: out, skewMs };
}
