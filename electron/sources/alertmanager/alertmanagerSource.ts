import type { Signal } from '../../../shared/domain/signal';
import type { AlertSource, SourceListener } from '../alertSource';
import { describeFetchError, HttpStatusError } from '../describeFetchError';
import { createPoller } from '../poller';
import { createHealthTracker, markStale } from '../sourceHealthTracker';
import {
  createAlertmanagerClient,
  matchersForLabels,
  type AlertmanagerClient,
  type AlertmanagerClientOptions,
} from './alertmanagerClient';
import type { AmAlert, AmSilence } from './alertmanagerSchemas';
import { toAlertmanagerSignals } from './alertmanagerSignals';

export interface AlertmanagerSourceOptions {
  id: string;
  name: string;
  url: string;
  intervalMs: number;
  timeoutMs?: number;
  headers?: AlertmanagerClientOptions['headers'];
  basicAuth?: AlertmanagerClientOptions['basicAuth'];
  fetch?: AlertmanagerClientOptions['fetch'];
  now?: () => number;
  onUpdate: SourceListener;
}

export interface SilenceRequest {
  /** The incident's labels; the silence matches alerts carrying all of them. */
  labels: Record<string, string>;
  durationMs: number;
  comment: string;
  createdBy: string;
}

export interface AlertmanagerSource extends AlertSource {
  /** Every alert from the last poll, silenced and inhibited ones included, with their state. */
  alerts(): AmAlert[];
  /** Silences an incident's labels, then re-polls so the silenced state shows at once. */
  silence(request: SilenceRequest): Promise<string>;
  expireSilence(id: string): Promise<void>;
  readonly client: AlertmanagerClient;
}

/**
 * Polls Alertmanager's /api/v2/alerts. Like every source it keeps the last alerts (stale) while
 * Alertmanager does not answer, and reports why in words.
 */
export function createAlertmanagerSource(opts: AlertmanagerSourceOptions): AlertmanagerSource {
  const now = opts.now ?? Date.now;
  const timeoutMs = opts.timeoutMs ?? Math.min(10_000, Math.max(2_000, opts.intervalMs));
  const client = createAlertmanagerClient({
    url: opts.url,
    timeoutMs,
    headers: opts.headers,
    basicAuth: opts.basicAuth,
    fetch: opts.fetch,
    now,
  });
  let all: AmAlert[] = [];
  let current: Signal[] = [];
  const health = createHealthTracker(
    { sourceId: opts.id, name: opts.name, kind: 'alertmanager', target: client.url },
    now,
  );

  async function poll(): Promise<boolean> {
    try {
      all = await client.listAlerts();
      current = toAlertmanagerSignals(opts.id, all, await silencesOf(all));
      health.set({ status: 'ok', message: null, detail: null, lastSuccessAt: new Date(now()).toISOString() });
      opts.onUpdate(opts.id);
      return true;
    } catch (err) {
      const failure = describeFetchError('Alertmanager', client.url, err, timeoutMs);
      current = markStale(current);
      health.set({ status: failure.status, message: failure.message, detail: failure.detail });
      opts.onUpdate(opts.id);
      return false;
    }
  }

  /**
   * The silences behind silenced alerts, for their end and author: one more request, only when
   * something is silenced. If it fails the alerts still count as silenced, with an unknown end.
   */
  async function silencesOf(alerts: readonly AmAlert[]): Promise<Map<string, AmSilence>> {
    const byId = new Map<string, AmSilence>();
    if (!alerts.some((a) => a.status.silencedBy.length > 0)) return byId;
    try {
      for (const s of await client.listSilences()) byId.set(s.id, s);
    } catch {
      // Shown as "silenced" without an end; the next poll asks again.
    }
    return byId;
  }

  const poller = createPoller({ intervalMs: opts.intervalMs, poll });
  return {
    id: opts.id,
    client,
    start: () => poller.start(),
    stop: () => poller.stop(),
    pollNow: () => poller.pollNow(),
    health: () => health.get(),
    signals: () => current,
    alerts: () => all,
    async silence(request) {
      const id = await client.createSilence({
        matchers: matchersForLabels(request.labels),
        durationMs: request.durationMs,
        comment: request.comment,
        createdBy: request.createdBy,
      });
      poller.pollNow();
      return id;
    },
    async expireSilence(id) {
      await client.expireSilence(id);
      poller.pollNow();
    },
  };
}

/** One-off check for "test connection": version and cluster state, or what is wrong. */
export async function testAlertmanager(
  url: string,
  timeoutMs = 5000,
  extra: Pick<AlertmanagerClientOptions, 'headers' | 'basicAuth' | 'fetch'> = {},
): Promise<{ ok: boolean; message: string }> {
  const client = createAlertmanagerClient({ url, timeoutMs, ...extra });
  try {
    const status = await client.status();
    return {
      ok: true,
      message: `Connected to Alertmanager ${status.versionInfo.version} at ${client.url} (cluster ${status.cluster.status})`,
    };
  } catch (err) {
    if (err instanceof HttpStatusError && err.status === 404) {
      return {
        ok: false,
        message: `${client.url} has no Alertmanager API (HTTP 404 for /api/v2/status): check the URL and the path prefix`,
      };
    }
    return { ok: false, message: describeFetchError('Alertmanager', client.url, err, timeoutMs).message };
  }
}
