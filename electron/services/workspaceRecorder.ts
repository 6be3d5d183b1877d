import type { Incident } from '../../shared/domain/incident';
import type { TimelineEvent, TimelineEventKind, TimelineSource } from '../../shared/domain/timeline';
import type { EventName, EventPayload } from '../../shared/ipc/contract';
import type { RemoteOutcome } from '../../shared/ipc/workspaceContract';

export interface WorkspaceRecorderDeps {
  now: () => number;
  actor: () => string;
  recordEvents(events: readonly TimelineEvent[]): void;
  emit: <K extends EventName>(event: K, payload: EventPayload<K>) => void;
  redact<T>(value: T): T;
  log: (message: string) => void;
}

/** What the workspace's remote actions (PagerDuty, Alertmanager) share: timeline, outcomes, in-flight calls. */
export interface WorkspaceRecorder {
  /** A timeline event from the workspace; ids carry the time so they never collide across restarts. */
  event(
    inc: Incident,
    kind: TimelineEventKind,
    text: string,
    data: Record<string, unknown>,
    source: TimelineSource,
  ): TimelineEvent;
  /** Appends events to the incident's timeline, redacted; a failure is logged, never thrown. */
  record(events: TimelineEvent[]): void;
  /** Keeps the last outcome of a remote call and tells every client. */
  report(outcome: Omit<RemoteOutcome, 'at'>): void;
  /** The last outcome of each remote call of an incident, by `action|sourceId`. */
  outcomes(incidentId: string): ReadonlyMap<string, RemoteOutcome>;
  /** Registers a remote call so `idle()` can wait for it. */
  track<T>(p: Promise<T>): Promise<T>;
  idle(): Promise<void>;
}

// Everything that leaves through the recorder (timeline, the incident:remote event sent to every
// client) passes the redactor: a server's reply may quote the credentials it was sent.
export function createWorkspaceRecorder(deps: WorkspaceRecorderDeps): WorkspaceRecorder {
  const { now } = deps;
  const outcomes = new Map<string, Map<string, RemoteOutcome>>();
  const inFlight = new Set<Promise<unknown>>();
  let eventSeq = 0;

  return {
    event: (inc, kind, text, data, source) => ({
      id: `${inc.id}#ws-${now().toString(36)}-${(eventSeq++).toString(36)}`,
      incidentId: inc.id,
      at: new Date(now()).toISOString(),
      kind,
      text,
      source,
      actor: deps.actor(),
      data,
    }),
    record(events) {
      try {
        deps.recordEvents(deps.redact(events));
      } catch (err) {
        deps.log(deps.redact(`could not record ${events.map((e) => e.kind).join(', ')}: ${(err as Error).message}`));
      }
    },
    report(outcome) {
      const full: RemoteOutcome = deps.redact({ ...outcome, at: new Date(now()).toISOString() });
      const byCall = outcomes.get(outcome.incidentId) ?? new Map<string, RemoteOutcome>();
      byCall.set(`${outcome.action}|${outcome.sourceId}`, full);
      outcomes.set(outcome.incidentId, byCall);
      deps.emit('incident:remote', full);
    },
    outcomes: (incidentId) => outcomes.get(incidentId) ?? new Map(),
    track(p) {
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p)).catch(() => {});
      return p;
    },
    async idle() {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
  };
}
