/*
 * Work that pauses between items. The engine's steps are generators that `yield` every few
 * items: the main process runs a storm's step with its event loop free between pauses (by time:
 * electron/sources/yieldToLoop.ts runInSlices), everyone else runs them to the end at once.
 */

/** Items handled between two pauses. */
export const ITEMS_PER_PAUSE = 64;

/** A generator run to its end at once, for callers with little work (and tests). */
export function runAtOnce<R>(work: Generator<void, R, void>): R {
  for (;;) {
    const r = work.next();
    if (r.done) return r.value;
  }
}

/**
 * A copy of a map, pausing every ITEMS_PER_PAUSE entries. A storm's state maps hold 20,000
 * entries and copying one takes 5-20 ms on these machines: more than a frame in one go.
 */
export function* copyInSlices<K, V>(from: ReadonlyMap<K, V>): Generator<void, Map<K, V>, void> {
  const to = new Map<K, V>();
  let n = 0;
  for (const [k, v] of from) {
    to.set(k, v);
    if (++n % ITEMS_PER_PAUSE === 0) yield;
  }
  return to;
}
