import type { Signal } from '../../shared/domain/signal';
import { sameRecord } from '../../shared/incidents/incidentChanged';
import { ITEMS_PER_PAUSE, runAtOnce } from './yieldToLoop';

/**
 * Carries the previous poll's objects over where nothing changed: an alert's labels (the same by
 * definition of its id) and annotations, and the whole signal when every field is equal. A storm
 * of 20,000 alerts then keeps one copy of each label set instead of a new one every poll (the
 * parsed reply becomes short-lived garbage), and the engine's comparisons stop at identity.
 */
export function reuseUnchanged(prev: readonly Signal[], next: readonly Signal[]): Signal[] {
  return runAtOnce(reuseUnchangedInSlices(prev, next));
}

/** reuseUnchanged pausing every ITEMS_PER_PAUSE signals, for runInSlices (a storm's 20,000). */
export function* reuseUnchangedInSlices(
  prev: readonly Signal[],
  next: readonly Signal[],
): Generator<void, Signal[], void> {
  if (prev.length === 0) return [...next];
  const before = new Map<string, Signal>();
  for (let i = 0; i < prev.length; i++) {
    if (i % ITEMS_PER_PAUSE === ITEMS_PER_PAUSE - 1) yield;
    before.set(prev[i]!.id, prev[i]!);
  }
  const out: Signal[] = new Array(next.length);
  for (let i = 0; i < next.length; i++) {
    if (i % ITEMS_PER_PAUSE === ITEMS_PER_PAUSE - 1) yield;
    const s = next[i]!;
    const p = before.get(s.id);
    if (!p) {
      out[i] = s;
      continue;
    }
    const labels = sameRecord(p.labels, s.labels) ? p.labels : s.labels;
    const annotations = sameRecord(p.annotations, s.annotations) ? p.annotations : s.annotations;
    const merged = labels === s.labels && annotations === s.annotations ? s : { ...s, labels, annotations };
    // Every field identical (objects by reference), whatever fields a signal has; in a storm every
    // value moves, so that test goes first.
    out[i] = p.value === merged.value && sameRecord<unknown>(p, merged) ? p : merged;
  }
  return out;
}
