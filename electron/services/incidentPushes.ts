import type { Incident } from '../../shared/domain/incident';
import type { TimelineEvent } from '../../shared/domain/timeline';
import type { EventName, EventPayload } from '../../shared/ipc/contract';
import { driftOf, type IncidentDrift } from '../../shared/incidents/incidentDrift';

/** Incidents (or events) per push: a storm reaches the renderer as many small diffs, not one huge one. */
export const PUSH_CHUNK = 200;
/** In a storm, how often incidents whose only change is their alerts' values are pushed. */
export const DEFAULT_DRIFT_PUSH_MS = 60_000;
/**
 * Up to this many drifting incidents are pushed with the step that moved them: the open
 * incident's value, sparkline and "why not" stay live on an ordinary night. More than this is a
 * storm, and their values are pushed at most every `driftPushMs` (their latest version).
 */
export const DRIFT_LIVE_MAX = PUSH_CHUNK;

/** Pushes wait while a reader has more than this unread (the bridge drops one at 8 MB). */
export const PUSH_BACKLOG_BYTES = 1024 * 1024;
/** A reader that reads nothing for this long no longer holds the others' pushes back. */
export const PUSH_BACKLOG_WAIT_MS = 10_000;

export interface IncidentPushesOptions {
  emit: <K extends EventName>(event: K, payload: EventPayload<K>) => void;
  now: () => number;
  driftPushMs?: number;
  /** Bytes the slowest reader has not read yet (the browser bridge); pushes are paced by it. */
  backlog?: () => number;
}

export interface IncidentPushes {
  /**
   * Pushes what one step changed: state changes and events at once. Values that only drifted go
   * at once too while at most DRIFT_LIVE_MAX incidents drift; in a storm, at most every
   * `driftPushMs` (their latest version). A drifted incident goes as its drift (values and words,
   * shared/incidents/incidentDrift.ts) when that is all it differs by from the version renderers
   * were last sent, else whole. Each push holds at most PUSH_CHUNK items, one per turn of the event
   * loop, so requests are answered between them.
   */
  push(
    transitions: readonly Incident[],
    drifted: readonly Incident[],
    events: readonly TimelineEvent[],
    valuesOnly?: ReadonlyMap<Incident, Incident>,
  ): void;
  /** Tells renderers these incidents left the list (resolved long enough ago to leave memory). */
  remove(ids: readonly string[]): void;
}

export function createIncidentPushes(opts: IncidentPushesOptions): IncidentPushes {
  const driftPushMs = opts.driftPushMs ?? DEFAULT_DRIFT_PUSH_MS;
  const drifting = new Map<string, Incident>();
  /** The version of each incident renderers were last sent (whole or as a drift). */
  const sent = new Map<string, Incident>();
  let lastDriftPush = opts.now();
  const queue: { size: number; send: () => void }[] = [];
  let draining = false;

  /** Since when pushes have waited for a reader that is behind, or null. */
  let waitingSince: number | null = null;
  // Up to PUSH_CHUNK items go per turn of the event loop: an ack or a note (a few items) reaches
  // the renderer at once, a storm's thousands over many turns with requests answered between.
  const drain = () => {
    // A storm's first poll is tens of megabytes of JSON: sent as fast as the reader reads, so the
    // renderer catches up instead of being dropped as a slow reader.
    if ((opts.backlog?.() ?? 0) > PUSH_BACKLOG_BYTES) {
      waitingSince ??= opts.now();
      if (opts.now() - waitingSince < PUSH_BACKLOG_WAIT_MS) {
        setTimeout(drain, 20);
        return;
      }
    }
    waitingSince = null;
    for (let sent = 0; sent < PUSH_CHUNK && queue.length;) {
      const next = queue.shift()!;
      next.send();
      sent += next.size;
    }
    if (queue.length) setImmediate(drain);
    else draining = false;
  };
  const chunked = <T>(items: readonly T[], send: (chunk: T[]) => void) => {
    for (let i = 0; i < items.length; i += PUSH_CHUNK) {
      const chunk = items.slice(i, i + PUSH_CHUNK);
      queue.push({ size: chunk.length, send: () => send(chunk) });
    }
  };
  const start = () => {
    if (draining || !queue.length) return;
    draining = true;
    drain();
  };

  // `sent` changes as each push goes out, in the order renderers receive them (pushes wait in
  // the queue): a drift is made against exactly what came before it.
  const sendWhole = (chunk: Incident[]) => {
    for (const inc of chunk) sent.set(inc.id, inc);
    opts.emit('incidents:changed', { reset: false, changed: chunk, removed: [] });
  };
  // Made when its turn comes, a chunk at a time: comparing a storm's 20,000 incidents in one go
  // held the event loop for hundreds of milliseconds.
  const sendDrifted = (chunk: Incident[]) => {
    const changed: Incident[] = [];
    const drifted: IncidentDrift[] = [];
    for (const inc of chunk) {
      // Against the version renderers were last sent, never the one last written (which they may
      // never have seen): a drift goes as one only when it is all that differs from what they hold.
      const held = sent.get(inc.id);
      const drift = held === undefined ? null : driftOf(held, inc);
      if (drift) drifted.push(drift);
      else changed.push(inc);
      sent.set(inc.id, inc);
    }
    opts.emit(
      'incidents:changed',
      drifted.length ? { reset: false, changed, removed: [], drifted } : { reset: false, changed, removed: [] },
    );
  };
  const sendRemoved = (chunk: string[]) => {
    for (const id of chunk) sent.delete(id);
    opts.emit('incidents:changed', { reset: false, changed: [], removed: chunk });
  };

  return {
    push(transitions, drifted, events, valuesOnly) {
      for (const inc of transitions) drifting.delete(inc.id);
      for (const inc of drifted) {
        drifting.set(inc.id, inc);
        // Only its values moved from the very version last sent: it stands for that version from
        // now on (a drift carries all the values), so a storm's held-back minute keeps no second
        // copy of 20,000 incidents alive. The engine's word, checked by identity: no comparison.
        const base = valuesOnly?.get(inc);
        if (base !== undefined && sent.get(inc.id) === base) sent.set(inc.id, inc);
      }
      chunked(transitions, sendWhole);
      const t = opts.now();
      const live = drifting.size <= DRIFT_LIVE_MAX;
      if (drifting.size && (live || t - lastDriftPush >= driftPushMs)) {
        lastDriftPush = t;
        chunked([...drifting.values()], sendDrifted);
        drifting.clear();
      }
      chunked(events, (chunk) => opts.emit('timeline:appended', { events: chunk }));
      start();
    },
    remove(ids) {
      for (const id of ids) drifting.delete(id);
      chunked(ids, sendRemoved);
      start();
    },
  };
}
