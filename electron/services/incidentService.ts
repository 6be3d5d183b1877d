import type { ClassificationConfig } from '../../shared/classify/classificationConfig';
import type { Incident, IncidentState } from '../../shared/domain/incident';
import type { Signal } from '../../shared/domain/signal';
import type { SourceHealth } from '../../shared/domain/sourceHealth';
import { TimelineEvent } from '../../shared/domain/timeline';
import {
  acknowledgeIncident,
  mitigateIncident,
  postIncidentUpdate,
  resolveIncident,
  type IncidentActionResult,
} from '../../shared/incidents/incidentActions';
import {
  reconcileIncidents,
  reconcileInSlices,
  type IncidentsState,
  type ReconcileResult,
  type StepObservations,
} from '../../shared/incidents/reconcileIncidents';
import { restoreIncidentsState } from '../../shared/incidents/restoreIncidentsState';
import { pageOfIncidents } from '../../shared/incidents/pageIncidents';
import { UserFacingError } from '../../shared/ipc/callHandler';
import type { EventName, EventPayload, RequestHandlers } from '../../shared/ipc/contract';
import type { NotificationSettings } from '../../shared/notify/notificationPolicy';
import type { Notifier } from '../notify/desktopNotifier';
import { ITEMS_PER_PAUSE, runAtOnce, runInSlices, SLICE_BUDGET_MS, yieldToLoop } from '../sources/yieldToLoop';
import type { IncidentStore } from '../store/incidentStore';
import { applyValueCheckpoint } from '../store/valueCheckpoint';
import { createIncidentPushes } from './incidentPushes';
import { evictResolved, RESOLVED_IN_MEMORY_MAX, RESOLVED_IN_MEMORY_MS } from '../../shared/incidents/evictResolved';
import { touchesPeriod, type IncidentTimes } from '../../shared/insights/incidentHistory';
import { createIncidentWriter, type Recorded } from './incidentWriter';
import { createNotificationStep } from './notificationStep';

export type IncidentHandlers = Pick<
  RequestHandlers,
  | 'incidents:page'
  | 'incident:ack'
  | 'incident:mitigate'
  | 'incident:resolve'
  | 'incident:post-update'
  | 'classification:policies'
>;

export interface IncidentServiceOptions {
  store: IncidentStore;
  /** The rules in force; a function when they can change while running (the user's override). */
  classification: ClassificationConfig | (() => ClassificationConfig);
  notifier: Notifier;
  notificationSettings: () => NotificationSettings;
  now: () => number;
  /** Minutes since local midnight, for quiet hours. */
  localMinutes: (now: number) => number;
  /** Resolved incidents older than this are removed at start (not those with a post-mortem). */
  retentionDays?: () => number;
  /** How often drifting alert values are checkpointed (incident files are written on state changes). */
  checkpointMs?: number;
  /** How often incidents whose only change is their values are pushed to renderers. */
  driftPushMs?: number;
  /** Bytes the slowest renderer has not read yet; incident pushes are paced by it. */
  backlog?: () => number;
  /** Which resolved incidents leave memory, and how often that is looked at (evictResolved.ts). */
  eviction?: { keepMs?: number; keepCount?: number; everyMs?: number };
  /** How long a storm's step holds the event loop before giving it back (tests: 0, every pause). */
  sliceBudgetMs?: number;
  /** Who acts from this machine ("you" until a name is configured). */
  actor: () => string;
  emit: <K extends EventName>(event: K, payload: EventPayload<K>) => void;
  /** Records a problem the user must see (a save that failed...). */
  notice: (message: string) => void;
  log: (message: string) => void;
  /** Told of every stored change with its events, after it is pushed (evidence is captured at fire time). */
  onChanged?: (changed: readonly Incident[], events: readonly TimelineEvent[]) => void;
}

export interface IncidentService {
  handlers: IncidentHandlers;
  /**
   * The incidents in memory (open ones and those resolved recently), in no particular order; only
   * those in `state` when given. For the main side: renderers read the list a page at a time.
   */
  list(state?: IncidentState): Incident[];
  /**
   * One engine step over every signal the sources currently hold (and the rules' query results).
   * A storm's step (more than SLICED_ABOVE signals) runs in slices and commits later; `flush`
   * waits for it.
   */
  reconcile(signals: readonly Signal[], health: readonly SourceHealth[], observations?: StepObservations): void;
  /**
   * Stores and pushes events produced outside the engine (runbook steps, notes, PagerDuty log
   * entries, silences). Events for an unknown incident are refused.
   */
  recordEvents(events: readonly TimelineEvent[]): void;
  /**
   * The incident as the engine holds it now, or, for one that left memory (resolved long enough
   * ago), as stored on disk; undefined for an unknown id.
   */
  get(id: string): Incident | undefined;
  /**
   * The local history that can matter for a period: incidents in memory and those that left it
   * (read back from disk in slices, the event loop free between them).
   */
  history(period: { from: number; to: number }): Promise<Incident[]>;
  /** Every incident id known: in memory and in history on disk. */
  knownIds(): string[];
  /**
   * The incident's stored events, oldest first, and lines of its log that could not be read, in
   * words. The timeline service builds the view a person sees from these and their annotations.
   */
  timelineEvents(id: string): { events: TimelineEvent[]; problems: string[] };
  /**
   * Applies a person's action written elsewhere (escalate, declare...) exactly like the built-in
   * ones: through the engine's state, stored and pushed. A refusal throws its words to the user.
   */
  apply(action: (state: IncidentsState, now: number, actor: string) => IncidentActionResult): Incident;
  /** Resolves once every change so far is on disk (writes are batched and asynchronous). */
  flush(): Promise<void>;
}

/**
 * The incident side of the main process: restores incidents from disk, runs the engine on every
 * source update, applies the user's actions, persists every change (incident files written
 * atomically, timeline appended), sends notifications through the policy, and pushes diffs.
 */
export function createIncidentService(opts: IncidentServiceOptions): IncidentService {
  const { store, now } = opts;
  const budgetMs = opts.sliceBudgetMs ?? SLICE_BUDGET_MS;
  const rules = () => (typeof opts.classification === 'function' ? opts.classification() : opts.classification);
  const loaded = store.loadAll();
  loaded.problems.forEach(opts.notice);
  let kept = loaded.incidents;
  const retentionDays = opts.retentionDays?.();
  if (retentionDays !== undefined) {
    try {
      const removed = new Set(store.prune(loaded.incidents, retentionDays, now()));
      if (removed.size) {
        opts.log(`removed ${removed.size} resolved incidents older than ${retentionDays} days`);
        kept = loaded.incidents.filter((i) => !removed.has(i.id));
      }
    } catch (err) {
      opts.notice(`Could not remove old resolved incidents: ${(err as Error).message}`);
    }
  }
  const values = store.readValueCheckpoint();
  if (values.problem) opts.notice(values.problem);
  let state: IncidentsState = restoreIncidentsState(applyValueCheckpoint(kept, values.checkpoint));
  /** Incidents that left memory (evictResolved.ts), with the times that place them in history. */
  const evicted = new Map<string, IncidentTimes>();
  /** Restored signals per source, fed back (stale) until that source answers for the first time. */
  const awaitingSource = new Map<string, Signal[]>();
  for (const inc of state.incidents.values()) {
    if (inc.state === 'resolved') continue;
    for (const s of inc.signals) awaitingSource.set(s.sourceId, [...(awaitingSource.get(s.sourceId) ?? []), s]);
  }

  const writer = createIncidentWriter({
    store,
    writeCheckpoint: (c) => store.writeValueCheckpoint(c),
    restored: kept,
    now,
    checkpointMs: opts.checkpointMs,
    saveFailed: (inc, err) =>
      opts.notice(
        `Could not save incident ${inc.title} (${(err as NodeJS.ErrnoException).code ?? err.message}): it is kept in memory and saved again at its next change. Check free disk space.`,
      ),
    appendFailed: (what, err) => opts.notice(`Could not write ${what} (${err.message}).`),
  });

  const notifications = createNotificationStep({
    notifier: opts.notifier,
    notificationSettings: opts.notificationSettings,
    localMinutes: opts.localMinutes,
    notice: opts.notice,
    sent: (record) => writer.notification(record),
  });

  const pushes = createIncidentPushes({
    emit: opts.emit,
    now,
    driftPushMs: opts.driftPushMs,
    backlog: () => opts.backlog?.() ?? 0,
  });

  const eviction = {
    keepMs: opts.eviction?.keepMs ?? RESOLVED_IN_MEMORY_MS,
    keepCount: opts.eviction?.keepCount ?? RESOLVED_IN_MEMORY_MAX,
    everyMs: opts.eviction?.everyMs ?? EVICT_EVERY_MS,
  };
  let evictedAt = -Infinity;
  /** Resolved incidents that are due leave memory and the renderers' lists (at most every `everyMs`). */
  const evictIfDue = (t: number) => {
    if (t - evictedAt < eviction.everyMs) return;
    evictedAt = t;
    const r = evictResolved(state, t, {
      keepMs: eviction.keepMs,
      keepCount: eviction.keepCount,
      flapWindowMs: rules().incidents.flapWindowMs,
      settled: (inc) => writer.settled(inc),
    });
    if (!r.evicted.length) return;
    state = r.state;
    for (const inc of r.evicted) {
      evicted.set(inc.id, {
        state: inc.state,
        detectedAt: inc.detectedAt,
        updatedAt: inc.updatedAt,
        resolvedAt: inc.resolvedAt,
      });
      writer.forget(inc.id);
      notifications.forget(inc.id);
    }
    pushes.remove(r.evicted.map((inc) => inc.id));
    opts.log(`${r.evicted.length} resolved incidents left memory (their history stays on disk)`);
  };

  /** A stored incident that left memory, read back; an unreadable file is said once and quarantined. */
  const fromDisk = (id: string): Incident | undefined => {
    if (!evicted.has(id)) return undefined;
    const r = store.load(id);
    if (r.problem) opts.notice(r.problem);
    if (!r.incident) evicted.delete(id);
    return r.incident ?? undefined;
  };

  /** Pushes what was recorded and tells whoever follows changes (evidence capture). */
  const announce = (
    recorded: Recorded,
    changed: readonly Incident[],
    events: readonly TimelineEvent[],
    valuesOnly?: ReadonlyMap<Incident, Incident>,
  ) => {
    pushes.push(recorded.transitions, recorded.drifted, events, valuesOnly);
    if (changed.length || events.length) opts.onChanged?.(changed, events);
  };
  const persist = (changed: readonly Incident[], events: readonly TimelineEvent[]) =>
    announce(writer.record(changed, events), changed, events);

  /**
   * Commits a step: its state at once, then notifications, the write policy and the pushes. A
   * storm's commit runs in slices like its step (20,000 incidents are tens of milliseconds of
   * bookkeeping). A person's action between two slices made newer versions of some incidents and
   * recorded and pushed them itself: notifications are then recorded again from the current
   * state, and the step's older versions are neither written nor pushed after the newer ones.
   */
  function* committing(result: ReconcileResult, t: number): Generator<void, void, void> {
    state = result.state;
    const notified = yield* notifications.run(result.notify, t, () => state);
    state = notified.state;
    const changed = yield* latestOf([...result.changed, ...notified.changed]);
    const events = [...result.events, ...notified.events];
    const current = (inc: Incident) => state.incidents.get(inc.id) === inc;
    const recorded = yield* writer.recordInSlices(changed, events, result.valuesOnly, current);
    announce(
      { transitions: recorded.transitions.filter(current), drifted: recorded.drifted.filter(current) },
      changed.filter(current),
      events,
      result.valuesOnly,
    );
    evictIfDue(t);
  }

  type StepInput = { signals: Signal[]; observations?: StepObservations };
  /** The storm step under way (sliced), and the newest input that arrived meanwhile. */
  let stepping: Promise<void> | null = null;
  let waiting: StepInput | null = null;

  /**
   * A storm's step runs in slices with the event loop free between them (the bridge, IPC and
   * tray answer), and so does its commit (`committing`). A person's action during the step (an
   * ack...) changed the state the step began from: the step is run again from the current state,
   * in one go, so nothing the person did is overwritten. Inputs arriving meanwhile are coalesced:
   * the newest runs next.
   */
  const stepInSlices = async (input: StepInput) => {
    for (let next: StepInput | null = input; next; next = waiting) {
      waiting = null;
      const t = now();
      const from = state;
      const config = { classification: rules() };
      const r = await runInSlices(reconcileInSlices(from, next.signals, t, config, next.observations), budgetMs);
      // Checked and committed from in the same turn (runInSlices runs its first slice at once).
      const result = state === from ? r : reconcileIncidents(state, next.signals, t, config, next.observations);
      await runInSlices(committing(result, t), budgetMs);
      // The next input waits a turn too: requests queued during the commit are answered first.
      if (waiting) await yieldToLoop();
    }
  };

  const reconcile = (signals: readonly Signal[], health: readonly SourceHealth[], observations?: StepObservations) => {
    for (const h of health) if (h.lastSuccessAt) awaitingSource.delete(h.sourceId);
    const live = new Set(health.map((h) => h.sourceId));
    for (const id of awaitingSource.keys()) if (!live.has(id)) awaitingSource.delete(id);
    const all = [...signals, ...[...awaitingSource.values()].flat()];
    if (stepping) {
      waiting = { signals: all, observations };
      return;
    }
    if (all.length <= SLICED_ABOVE) {
      const t = now();
      runAtOnce(committing(reconcileIncidents(state, all, t, { classification: rules() }, observations), t));
      return;
    }
    stepping = stepInSlices({ signals: all, observations })
      .catch((err: Error) => {
        opts.log(`incident step failed: ${err.stack ?? err.message}`);
        opts.notice(`Could not update incidents from the sources (${err.message}); the next poll tries again.`);
      })
      .finally(() => {
        stepping = null;
      });
  };

  const act = (result: IncidentActionResult): Incident => {
    if (!result.ok) throw new UserFacingError(result.error);
    state = result.state;
    persist(result.events.length ? [result.incident] : [], result.events);
    return result.incident;
  };

  const handlers: IncidentHandlers = {
    'incidents:page': async ({ after, limit }) => pageOfIncidents(state.incidents, after ?? null, limit),
    'incident:ack': async ({ id, note }) => act(acknowledgeIncident(state, id, now(), opts.actor(), note)),
    'incident:mitigate': async ({ id, note }) => act(mitigateIncident(state, id, now(), opts.actor(), note)),
    'incident:resolve': async ({ id, note }) => act(resolveIncident(state, id, now(), opts.actor(), note)),
    'incident:post-update': async ({ id, text }) => act(postIncidentUpdate(state, id, now(), opts.actor(), text)),
    'classification:policies': async () => rules().severities,
  };

  const known = (id: string) => state.incidents.has(id) || evicted.has(id);
  const recordEvents = (events: readonly TimelineEvent[]) => {
    // An incident that left memory still takes a note or a post-mortem's events in its timeline.
    const unknown = events.find((e) => !known(e.incidentId));
    if (unknown) throw new UserFacingError(`no incident ${unknown.incidentId}`);
    persist([], events);
  };

  // Resolved incidents restored from disk that are due leave memory at once.
  evictIfDue(now());

  return {
    handlers,
    list: (wanted) => {
      const out: Incident[] = [];
      for (const i of state.incidents.values()) if (wanted === undefined || i.state === wanted) out.push(i);
      return out;
    },
    reconcile,
    recordEvents,
    get: (id) => state.incidents.get(id) ?? fromDisk(id),
    history: async (period) => {
      const out = [...state.incidents.values()];
      let read = 0;
      for (const [id, times] of [...evicted]) {
        if (!touchesPeriod(times, period)) continue;
        const inc = fromDisk(id);
        if (inc) out.push(inc);
        if (++read % HISTORY_SLICE === 0) await yieldToLoop();
      }
      return out;
    },
    knownIds: () => [...state.incidents.keys(), ...evicted.keys()],
    timelineEvents: (incidentId) => {
      if (!known(incidentId)) throw new UserFacingError(`no incident ${incidentId}`);
      const r = store.readTimeline(incidentId, (v) => TimelineEvent.parse(v));
      // Events still on their way to the disk are part of the timeline already.
      const onDisk = new Set(r.records.map((e) => e.id));
      const queued = writer.pendingEvents(incidentId).filter((e) => !onDisk.has(e.id));
      return {
        events: [...r.records, ...queued].sort((a, b) => a.at.localeCompare(b.at)),
        problems: r.problems.map((p) => `timeline line ${p.line}: ${p.reason}`),
      };
    },
    apply: (action) => act(action(state, now(), opts.actor())),
    flush: async () => {
      while (stepping) await stepping;
      await writer.flush();
    },
  };
}

/**
 * Steps over more signals than this run in slices (reconcileInSlices) with the event loop free
 * between them; smaller ones, every ordinary night, run at once as one synchronous step.
 */
export const SLICED_ABOVE = 1000;

/** How often resolved incidents are looked at for leaving memory. */
export const EVICT_EVERY_MS = 60_000;
/** Incident files read from disk per turn of the event loop when history is asked for. */
const HISTORY_SLICE = 50;

/**
 * The last version of each incident changed in one step, in first-change order (one save each),
 * pausing every ITEMS_PER_PAUSE: a storm's first commit has 40,000 versions of 20,000 incidents.
 */
function* latestOf(changed: readonly Incident[]): Generator<void, Incident[], void> {
  const byId = new Map<string, Incident>();
  for (let i = 0; i < changed.length; i++) {
    byId.set(changed[i]!.id, changed[i]!);
    if ((i + 1) % ITEMS_PER_PAUSE === 0) yield;
  }
  return [...byId.values()];
}
