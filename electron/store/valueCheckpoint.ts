import { join } from 'node:path';
import { z } from 'zod';
import type { Incident } from '../../shared/domain/incident';
import { readJsonFile, writeFileAtomicAsync } from './atomicFile';

/**
 * The alert values of open incidents whose values drifted since their snapshot was written, by
 * incident id and signal id. A value drifting is not a state change: incident files are written
 * on transitions, and this one small file at most every few minutes keeps the last values seen.
 */
export const ValueCheckpoint = z.object({
  at: z.string(),
  values: z.record(z.string(), z.record(z.string(), z.number().nullable())),
});
export type ValueCheckpoint = z.infer<typeof ValueCheckpoint>;

export const valueCheckpointPath = (dataDir: string) => join(dataDir, 'signal-values.json');

export function checkpointOf(incidents: Iterable<Incident>, at: Date): ValueCheckpoint {
  const values: ValueCheckpoint['values'] = {};
  for (const inc of incidents) {
    const byId: Record<string, number | null> = {};
    for (const s of inc.signals) byId[s.id] = s.value;
    values[inc.id] = byId;
  }
  return { at: at.toISOString(), values };
}

export const writeValueCheckpoint = (dataDir: string, checkpoint: ValueCheckpoint) =>
  writeFileAtomicAsync(valueCheckpointPath(dataDir), JSON.stringify(checkpoint));

/** The checkpoint at start; an unreadable one is quarantined and named in `problem`. */
export function readValueCheckpoint(dataDir: string): { checkpoint: ValueCheckpoint | null; problem?: string } {
  const path = valueCheckpointPath(dataDir);
  const r = readJsonFile(path, (v) => ValueCheckpoint.parse(v));
  if (r.status === 'ok') return { checkpoint: r.value };
  if (r.status === 'missing') return { checkpoint: null };
  return {
    checkpoint: null,
    problem: `The saved alert values ${path} could not be read (${r.reason}); it was kept as ${r.movedTo}. Incidents show the values of their last change.`,
  };
}

/** Restored incidents with the checkpoint's later values (the snapshot holds the state). */
export function applyValueCheckpoint(incidents: readonly Incident[], checkpoint: ValueCheckpoint | null): Incident[] {
  if (!checkpoint) return [...incidents];
  return incidents.map((inc) => {
    const values = checkpoint.values[inc.id];
    if (!values || inc.state === 'resolved') return inc;
    return {
      ...inc,
      signals: inc.signals.map((s) => (s.id in values ? { ...s, value: values[s.id]! } : s)),
    };
  });
}
