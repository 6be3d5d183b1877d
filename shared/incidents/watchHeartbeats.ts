import { HEARTBEAT_STOPPED, isHeartbeat, isIgnoredByLabel } from '../classify/alertFacts';
import type { ClassificationConfig } from '../classify/classificationConfig';
import type { Signal } from '../domain/signal';
import type { SourceHealth } from '../domain/sourceHealth';

interface Seen {
  name: string;
  /** The heartbeat's own labels (cluster, prometheus...), so two pipelines stay apart. */
  labels: Record<string, string>;
  lastSeenAt: number;
  /** When a poll of the answering source first missed it; null while it fires. */
  missingSince: number | null;
}

/** Heartbeats seen per source, by signal id. Kept between steps by the caller. */
export type HeartbeatState = ReadonlyMap<string, ReadonlyMap<string, Seen>>;

export interface HeartbeatStatus {
  /** Names of the source's heartbeats that fire now. */
  ok: string[];
  /** Names of those that stopped while the source answers, with when they were last seen. */
  stopped: { name: string; since: string }[];
}

export interface HeartbeatStep {
  state: HeartbeatState;
  /** What the engine gets: no heartbeats, no `severity: none` alerts, one signal per stopped heartbeat. */
  signals: Signal[];
  /** Per source id, for its health line ("heartbeat OK (Watchdog)"). */
  status: Map<string, HeartbeatStatus>;
}

/**
 * Watchdog / dead man's switch alerts fire all the time to prove the alerting pipeline works: they
 * are source health, not incidents. When a heartbeat a source was reporting is gone while that
 * source still answers, for longer than `heartbeats.grace`, the pipeline behind it is broken (rule
 * evaluation, notifications, the route to Alertmanager): this raises a signal for it, which the
 * matrix rates at `heartbeats.stopped` and which clears when the heartbeat returns. A source that
 * does not answer is not judged (its alerts are kept, stale). Pure.
 */
export function watchHeartbeats(
  prev: HeartbeatState,
  signals: readonly Signal[],
  health: readonly SourceHealth[],
  config: ClassificationConfig,
  now: number,
): HeartbeatStep {
  const out: Signal[] = [];
  const firing = new Map<string, Map<string, Seen>>();
  for (const s of signals) {
    if (isHeartbeat(s, config)) {
      if (s.state === 'firing' && !s.stale) {
        const bySource = firing.get(s.sourceId) ?? new Map<string, Seen>();
        bySource.set(s.id, {
          name: s.labels.alertname ?? s.name,
          labels: s.labels,
          lastSeenAt: now,
          missingSince: null,
        });
        firing.set(s.sourceId, bySource);
      }
      continue;
    }
    if (isIgnoredByLabel(s, config)) continue;
    out.push(s);
  }

  const state = new Map<string, Map<string, Seen>>();
  const status = new Map<string, HeartbeatStatus>();
  for (const h of health) {
    const before = prev.get(h.sourceId) ?? new Map<string, Seen>();
    const current = firing.get(h.sourceId) ?? new Map<string, Seen>();
    const answering = h.status === 'ok' || h.status === 'degraded';
    const kept = new Map<string, Seen>(before);
    for (const [id, seen] of current) kept.set(id, seen);
    const st: HeartbeatStatus = { ok: [...new Set([...current.values()].map((x) => x.name))].sort(), stopped: [] };
    if (answering) {
      for (const [id, seen] of before) {
        if (current.has(id)) continue;
        // Missing from an answering source: stopped once that has lasted the grace period.
        const missingSince = seen.missingSince ?? now;
        kept.set(id, { ...seen, missingSince });
        if (now - missingSince < config.heartbeats.graceMs) continue;
        const since = new Date(seen.lastSeenAt).toISOString();
        st.stopped.push({ name: seen.name, since });
        out.push(stoppedSignal(h, id, seen, since));
      }
    }
    state.set(h.sourceId, kept);
    if (st.ok.length || st.stopped.length) status.set(h.sourceId, st);
  }
  return { state, signals: out, status };
}

function stoppedSignal(h: SourceHealth, heartbeatId: string, seen: Seen, since: string): Signal {
  const keep = Object.fromEntries(
    Object.entries(seen.labels).filter(([k]) => k !== 'alertname' && k !== 'severity' && k !== 'source'),
  );
  const labels = { ...keep, alertname: HEARTBEAT_STOPPED, heartbeat: seen.name, service: h.name };
  return {
    id: `${h.sourceId}/heartbeat-stopped/${heartbeatId}`,
    sourceId: h.sourceId,
    sourceKind: h.kind,
    fingerprint: `heartbeat-stopped/${heartbeatId}`,
    name: HEARTBEAT_STOPPED,
    labels,
    annotations: {
      summary: `${seen.name} stopped firing on ${h.name}, which still answers: alerts may not be evaluated or may not reach you`,
      description: `The ${seen.name} heartbeat fires all the time while the alerting pipeline works. It was last seen at ${since}. Check rule evaluation and the route from Prometheus to Alertmanager and on to the people paged.`,
    },
    state: 'firing',
    activeAt: since,
    value: null,
    generatorURL: null,
    stale: false,
    expr: null,
    exprNote: null,
  };
}
