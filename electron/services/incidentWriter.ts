import type { Incident } from '../../shared/domain/incident';
import type { TimelineEvent } from '../../shared/domain/timeline';
import { ITEMS_PER_PAUSE, runAtOnce } from '../../shared/incidents/slices';
import { createWritePolicy, DEFAULT_CHECKPOINT_MS } from '../../shared/incidents/writePolicy';
import type { IncidentStore } from '../store/incidentStore';
import { checkpointOf, type ValueCheckpoint } from '../store/valueCheckpoint';

export interface IncidentWriterOptions {
  store: Pick<IncidentStore, 'saveAsync' | 'appendTimelineBatch' | 'appendNotificationBatch'>;
  /** Writes the drifting values' checkpoint (valueCheckpoint.ts). */
  writeCheckpoint: (checkpoint: ValueCheckpoint) => Promise<void>;
  restored: readonly Incident[];
  now: () => number;
  checkpointMs?: number;
  /** A save that failed, for the user: the incident stays in memory. */
  saveFailed: (incident: Incident, err: Error) => void;
  appendFailed: (what: string, err: Error) => void;
}

export interface IncidentWriter {
  /**
   * Queues what one step changed and returns at once (the writes happen off the event loop): the
   * incidents whose state changed, written now; the others only drifted (see writePolicy.ts).
   */
  record(
    changed: readonly Incident[],
    events: readonly TimelineEvent[],
    /** The engine's "only values changed, from this version" (see ReconcileResult.valuesOnly). */
    valuesOnly?: ReadonlyMap<Incident, Incident>,
  ): Recorded;
  /**
   * The same, pausing every ITEMS_PER_PAUSE incidents (a storm's commit, run in slices). Only
   * versions `current` says are still the latest are recorded: a person's action between two
   * slices recorded its newer version already, and the older one must not be written after it.
   */
  recordInSlices(
    changed: readonly Incident[],
    events: readonly TimelineEvent[],
    valuesOnly: ReadonlyMap<Incident, Incident> | undefined,
    current: (incident: Incident) => boolean,
  ): Generator<void, Recorded, void>;
  notification(record: unknown): void;
  /** Events queued or being written for one incident (not readable from its log yet). */
  pendingEvents(incidentId: string): TimelineEvent[];
  /** Resolves once everything queued so far is on disk (durable), or reported as failed. */
  flush(): Promise<void>;
  /** Whether this version of the incident is on disk: handed to the store, written, not failed. */
  settled(incident: Incident): boolean;
  /** An incident that left memory: forgotten by the policy. */
  forget(id: string): void;
}

/** Of what was recorded, the incidents written now and those that only drifted. */
export interface Recorded {
  transitions: Incident[];
  drifted: Incident[];
}

interface Batch {
  snapshots: Map<string, Incident>;
  timeline: Map<string, TimelineEvent[]>;
  notifications: unknown[];
  checkpoint: ValueCheckpoint | null;
}

const emptyBatch = (): Batch => ({ snapshots: new Map(), timeline: new Map(), notifications: [], checkpoint: null });
/** Files written at once: more only queue in libuv's thread pool (4 threads) and hold memory. */
const PARALLEL = 8;

/**
 * Batched, asynchronous persistence for the incident service. What a step changed is queued
 * and written on the next turn of the event loop (or at `flush`), with the thread pool doing
 * the writes and fsyncs: no poll blocks on the disk. Per batch, snapshots are written before
 * timeline lines, so an event on disk never names a revision newer than its incident's file
 * (event ids carry the revision). Batches are written one after another, in order.
 */
export function createIncidentWriter(opts: IncidentWriterOptions): IncidentWriter {
  const policy = createWritePolicy(opts.checkpointMs ?? DEFAULT_CHECKPOINT_MS, opts.now());
  policy.restored(opts.restored);
  let pending = emptyBatch();
  const inFlight = new Set<Batch>();
  let tail: Promise<void> = Promise.resolve();
  let scheduled = false;

  const take = () => {
    scheduled = false;
    const batch = pending;
    if (!batch.snapshots.size && !batch.timeline.size && !batch.notifications.length && !batch.checkpoint) return;
    pending = emptyBatch();
    inFlight.add(batch);
    tail = tail.then(() => write(batch)).finally(() => inFlight.delete(batch));
  };
  const kick = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(take);
  };

  const write = async (batch: Batch) => {
    await eachLimited([...batch.snapshots.values()], async (inc) => {
      try {
        await opts.store.saveAsync(inc);
      } catch (err) {
        policy.writeFailed(inc.id);
        opts.saveFailed(inc, err as Error);
      }
    });
    await eachLimited([...batch.timeline], async ([id, events]) => {
      await opts.store
        .appendTimelineBatch(id, events)
        .catch((err: Error) => opts.appendFailed(`the timeline of ${id}`, err));
    });
    if (batch.notifications.length) {
      await opts.store
        .appendNotificationBatch(batch.notifications)
        .catch((err: Error) => opts.appendFailed('the notification record', err));
    }
    if (batch.checkpoint) {
      await opts.writeCheckpoint(batch.checkpoint).catch((err: Error) => opts.appendFailed('the alert values', err));
    }
  };

  function* recordInSlices(
    changed: readonly Incident[],
    events: readonly TimelineEvent[],
    valuesOnly: ReadonlyMap<Incident, Incident> | undefined,
    current: (incident: Incident) => boolean,
  ): Generator<void, Recorded, void> {
    const transitions: Incident[] = [];
    const drifted: Incident[] = [];
    for (let i = 0; i < changed.length; i += ITEMS_PER_PAUSE) {
      // Looked at as each slice is recorded, in the same turn: nothing can come between.
      const slice = changed.slice(i, i + ITEMS_PER_PAUSE).filter(current);
      const written = policy.toWrite(slice, valuesOnly);
      for (const inc of written) pending.snapshots.set(inc.id, inc);
      const writtenNow = new Set(written);
      for (const inc of slice) if (!writtenNow.has(inc)) drifted.push(inc);
      transitions.push(...written);
      if (i + ITEMS_PER_PAUSE < changed.length) yield;
    }
    // Events after their incidents' snapshots: a batch writes snapshots first (see above).
    for (let i = 0; i < events.length; i++) {
      const ev = events[i]!;
      const list = pending.timeline.get(ev.incidentId);
      if (list) list.push(ev);
      else pending.timeline.set(ev.incidentId, [ev]);
      if (i % ITEMS_PER_PAUSE === ITEMS_PER_PAUSE - 1) yield;
    }
    const t = opts.now();
    const due = policy.checkpointDue(t);
    if (due) pending.checkpoint = checkpointOf(due, new Date(t));
    kick();
    return { transitions, drifted };
  }

  return {
    record: (changed, events, valuesOnly) => runAtOnce(recordInSlices(changed, events, valuesOnly, () => true)),
    recordInSlices,
    notification(record) {
      pending.notifications.push(record);
      kick();
    },
    pendingEvents(id) {
      return [...inFlight, pending].flatMap((b) => b.timeline.get(id) ?? []);
    },
    async flush() {
      take();
      await tail;
    },
    settled: (incident) =>
      policy.isWritten(incident) && ![...inFlight, pending].some((b) => b.snapshots.has(incident.id)),
    forget: (id) => policy.forget(id),
  };
}

async function eachLimited<T>(items: readonly T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, worker));
}
