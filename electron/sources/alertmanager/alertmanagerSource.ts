import type { Signal } from '../../../shared/domain/signal';
import type { AlertSource, SourceListener } from '../alertSource';
import { describeFetchError, HttpStatusError } from '../describeFetchError';
import { askMembers, collapseReplicasInSlices, membersHealth } from '../haMembers';
import { reuseUnchangedInSlices } from '../reuseUnchanged';
import { runInSlices } from '../yieldToLoop';
import { createPoller } from '../poller';
import { createRetryAfterHold } from '../retryAfterHold';
import { crashedPollHealth, createHealthTracker, markStale } from '../sourceHealthTracker';
import {
  createAlertmanagerClient,
  matchersForLabels,
  type AlertmanagerClient,
  type AlertmanagerClientOptions,
} from './alertmanagerClient';
import type { AmAlert, AmSilence } from './alertmanagerSchemas';
import { toAlertmanagerSignalsInSlices } from './alertmanagerSignals';
import { createClusterClient } from './alertmanagerCluster';
import { revealAcked } from './revealAcked';

export interface AlertmanagerSourceOptions {
  id: string;
  name: string;
  url: string;
  intervalMs: number;
  timeoutMs?: number;
  headers?: AlertmanagerClientOptions['headers'];
  basicAuth?: AlertmanagerClientOptions['basicAuth'];
  fetch?: AlertmanagerClientOptions['fetch'];
  /** The other members of the cluster (same path prefix and credentials): one source, one silence. */
  members?: readonly string[];
  /** Labels that only say which Prometheus replica sent an alert: one signal per alert whatever their value. */
  replicaLabels?: readonly string[];
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
  /** The cluster as one client: reads and writes go to one member that answers. */
  readonly client: AlertmanagerClient;
  /** The labels set aside when telling whether two alerts are the same (HA replicas). */
  readonly replicaLabels: readonly string[];
}

/**
 * Polls Alertmanager's /api/v2/alerts. Like every source it keeps the last alerts (stale) while
 * Alertmanager does not answer, and reports why in words.
 */
export function createAlertmanagerSource(opts: AlertmanagerSourceOptions): AlertmanagerSource {
  const now = opts.now ?? Date.now;
  const timeoutMs = opts.timeoutMs ?? Math.min(10_000, Math.max(2_000, opts.intervalMs));
  const memberClients = [opts.url, ...(opts.members ?? [])].map((url) =>
    createAlertmanagerClient({
      url,
      timeoutMs,
      headers: opts.headers,
      basicAuth: opts.basicAuth,
      fetch: opts.fetch,
      now,
    }),
  );
  const client = createClusterClient(memberClients);
  const replicaLabels = opts.replicaLabels ?? [];
  let all: AmAlert[] = [];
  let current: Signal[] = [];
  const health = createHealthTracker(
    { sourceId: opts.id, name: opts.name, kind: 'alertmanager', target: memberClients.map((c) => c.url).join(', ') },
    now,
  );

  const hold = createRetryAfterHold();

  async function poll(): Promise<boolean> {
    // Every member is asked: Prometheus sends to each, and one that is down must not hide alerts.
    const answers = await askMembers(
      memberClients.map((c) => c.url),
      (url) => hold.ask(url, () => memberClients.find((c) => c.url === url)!.listAlerts()),
    );
    const members = membersHealth('Alertmanager', answers, timeoutMs);
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
    const byFingerprint = new Map<string, AmAlert>();
    for (const a of answered)
      for (const alert of a.value)
        if (!byFingerprint.has(alert.fingerprint)) byFingerprint.set(alert.fingerprint, alert);
    // An alert held only by ack silences is an acknowledged alert, not a silenced one; the others
    // keep their silence's end and author, so their incident shows "silenced until".
    const silences = await silencesOf([...byFingerprint.values()]);
    all = revealAcked([...byFingerprint.values()], [...silences.values()]);
    // In slices: a storm's 20,000 alerts must not hold the event loop for one long turn each stage.
    const signals = await runInSlices(toAlertmanagerSignalsInSlices(opts.id, all, silences));
    const collapsed = await runInSlices(collapseReplicasInSlices(signals, replicaLabels));
    current = await runInSlices(reuseUnchangedInSlices(current, collapsed));
    const lastSuccessAt = new Date(now()).toISOString();
    health.set(
      members
        ? { status: 'degraded', message: members.message, detail: members.detail, lastSuccessAt, until: null }
        : { status: 'ok', message: null, detail: null, lastSuccessAt, until: null },
    );
    opts.onUpdate(opts.id);
    return true;
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

  const poller = createPoller({
    intervalMs: opts.intervalMs,
    poll,
    onError: (err) => {
      current = markStale(current);
      health.set(crashedPollHealth('the alerts of Alertmanager', opts.url, err));
      opts.onUpdate(opts.id);
    },
  });
  return {
    id: opts.id,
    client,
    replicaLabels,
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
