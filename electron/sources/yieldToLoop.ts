/**
 * Lets the event loop answer what waits (bridge, IPC, tray) between the stages of a poll: a storm's
 * reply is parsed, checked and turned into signals in turns, none holding the loop for all of them.
 */
export const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Longest a storm's work holds the event loop before it gives it back. Slices are cut by time,
 * not by count: the same count of alerts costs 2 ms on a quiet machine and 40 ms under garbage
 * collection on a busy one, and a request waiting behind the slice sees the time, not the count.
 */
export const SLICE_BUDGET_MS = 8;

/**
 * Runs a generator that yields between items (reconcileInSlices, toSignalsInSlices...) to its
 * end, giving the event loop back whenever `budgetMs` have passed since it last did.
 */
export async function runInSlices<R>(work: Generator<void, R, void>, budgetMs = SLICE_BUDGET_MS): Promise<R> {
  let since = performance.now();
  for (;;) {
    const r = work.next();
    if (r.done) return r.value;
    if (performance.now() - since >= budgetMs) {
      await yieldToLoop();
      since = performance.now();
    }
  }
}

/** Items handled between two looks at the clock by the generators run with runInSlices. */
export { ITEMS_PER_PAUSE, runAtOnce } from '../../shared/incidents/slices';
