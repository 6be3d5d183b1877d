import { z } from 'zod';
import type { Incident } from '../domain/incident';
import type { Suppression } from '../domain/signal';
import { incidentChanged, sameList } from './incidentChanged';

/**
 * What changes when an incident's alert values only drift: the values, the classification's
 * words that quote them, and the version stamps. Pushed in place of the whole incident to a
 * renderer that holds a version differing from the new one in nothing else: a storm's 20,000
 * drifting incidents are about 3 MB of these a minute instead of 30 MB of whole incidents, and the
 * renderer replaces 20,000 values instead of parsing, checking and collecting 20,000 incidents.
 */
export const IncidentDrift = z.object({
  id: z.string(),
  updatedAt: z.string(),
  /** Absent when the incident has none (one stored before revisions existed). */
  revision: z.number().int().nonnegative().optional(),
  reason: z.string(),
  /** Absent when the classification has no such key. */
  whyNotHigher: z.string().nullable().optional(),
  /** Each signal's value, in the incident's signal order. */
  values: z.array(z.number().nullable()),
});
export type IncidentDrift = z.infer<typeof IncidentDrift>;

/**
 * `now` as a drift of `held` (the version a renderer was last sent), or null when anything besides
 * a drift differs, and the whole incident must go. The engine's own test of "only values moved"
 * (incidentChanged without values) plus what it does not compare: the group key, the rules'
 * expressions and the silence ids. So that applyDrift(held, driftOf(held, now)) is `now`.
 */
export function driftOf(held: Incident, now: Incident): IncidentDrift | null {
  if (held.id !== now.id || held.key !== now.key || incidentChanged(held, now, false)) return null;
  if (!sameIds(held.silence, now.silence)) return null;
  const values: (number | null)[] = [];
  for (let i = 0; i < now.signals.length; i++) {
    const a = held.signals[i]!;
    const b = now.signals[i]!;
    if (a.expr !== b.expr || a.exprNote !== b.exprNote || !sameIds(a.suppressed, b.suppressed)) return null;
    values.push(b.value);
  }
  const drift: IncidentDrift = { id: now.id, updatedAt: now.updatedAt, reason: now.classification.reason, values };
  if (now.revision !== undefined) drift.revision = now.revision;
  if ('whyNotHigher' in now.classification) drift.whyNotHigher = now.classification.whyNotHigher;
  return drift;
}

/** The same silence ids (a renewed ack silence has new ones; incidentChanged does not look). */
function sameIds(a: Suppression | null | undefined, b: Suppression | null | undefined): boolean {
  return sameList(a?.ids ?? [], b?.ids ?? []);
}

/**
 * The incident `held` with `drift` applied, or null when it cannot be (another number of signals:
 * not the version the drift was made against).
 */
export function applyDrift(held: Incident, drift: IncidentDrift): Incident | null {
  if (held.id !== drift.id || held.signals.length !== drift.values.length) return null;
  const classification = { ...held.classification, reason: drift.reason };
  if ('whyNotHigher' in drift) classification.whyNotHigher = drift.whyNotHigher;
  else delete classification.whyNotHigher;
  const next: Incident = {
    ...held,
    updatedAt: drift.updatedAt,
    classification,
    signals: held.signals.map((s, i) => {
      const value = drift.values[i] as number | null;
      return s.value === value ? s : { ...s, value };
    }),
  };
  if (drift.revision !== undefined) next.revision = drift.revision;
  else delete next.revision;
  return next;
}
