import type { Incident } from '../domain/incident';
import { incidentChanged } from './incidentChanged';

/** How often drifting values are checkpointed by default: "at most every few minutes". */
export const DEFAULT_CHECKPOINT_MS = 5 * 60_000;

export interface WritePolicy {
  /** Incidents as they are on disk at start. */
  restored(incidents: Iterable<Incident>): void;
  /**
   * Of the incidents one step changed, those to write now: new ones and those whose state moved
   * (opened, severity, acked, silenced, resolved, signals joined or left...). An incident whose
   * only change is its alerts' values is held for the next checkpoint instead. `valuesOnly` is
   * the engine's word that an incident changed only in values from a given version: when that
   * version is the one written, or itself only drifted from it, no comparison is needed.
   */
  toWrite(changed: readonly Incident[], valuesOnly?: ReadonlyMap<Incident, Incident>): Incident[];
  /** A write failed: the incident is written again at its next change, whatever it is. */
  writeFailed(id: string): void;
  /** The drifted incidents when a checkpoint is due (none drifted, or too soon: null). */
  checkpointDue(now: number): Incident[] | null;
  /** Whether this very version is the one last handed to the store (and not failed since). */
  isWritten(incident: Incident): boolean;
  /** Forgets an incident that left memory. */
  forget(id: string): void;
}

/**
 * Persist state, not noise: decides what reaches the disk when. Pure bookkeeping; the writer
 * (electron/services/incidentWriter.ts) does the writing.
 */
export function createWritePolicy(checkpointMs = DEFAULT_CHECKPOINT_MS, startedAt = 0): WritePolicy {
  /** The version of each incident last handed to the store. */
  const written = new Map<string, Incident>();
  /** Incidents whose values moved since `written`, at their latest version. */
  const drifted = new Map<string, Incident>();
  let driftSinceCheckpoint = false;
  let lastCheckpoint = startedAt;
  return {
    restored(incidents) {
      for (const inc of incidents) written.set(inc.id, inc);
    },
    toWrite(changed, valuesOnly) {
      const out: Incident[] = [];
      for (const inc of changed) {
        const before = written.get(inc.id);
        const from = valuesOnly?.get(inc);
        // Equal but for values is transitive: written ~ from ~ inc.
        const drift = from !== undefined && (from === before || from === drifted.get(inc.id));
        if (before === undefined || (!drift && incidentChanged(before, inc, false))) {
          written.set(inc.id, inc);
          drifted.delete(inc.id);
          out.push(inc);
        } else {
          drifted.set(inc.id, inc);
          driftSinceCheckpoint = true;
        }
      }
      return out;
    },
    writeFailed: (id) => written.delete(id),
    checkpointDue(now) {
      if (!driftSinceCheckpoint || now - lastCheckpoint < checkpointMs) return null;
      lastCheckpoint = now;
      driftSinceCheckpoint = false;
      return [...drifted.values()];
    },
    isWritten: (incident) => written.get(incident.id) === incident,
    forget(id) {
      written.delete(id);
      drifted.delete(id);
    },
  };
}
