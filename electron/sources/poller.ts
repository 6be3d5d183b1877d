/** The least time between a successful poll's end and the next one's start, in intervals. */
const MIN_GAP = 0.1;

/**
 * Runs `poll` every interval (from one poll's start to the next) with no overlapping polls and
 * exponential backoff after failures (capped, with jitter so many sources do not retry in
 * lock-step). `pollNow` asks for an immediate poll; if one is running, another follows right
 * after it. `stop` then `start` (the machine slept) polls at once.
 */
export interface PollerOptions {
  intervalMs: number;
  /** Resolves true on success, false on failure (the source records why). */
  poll: () => Promise<boolean>;
  /**
   * A poll that threw instead (a bug, or a reply no check foresaw): the source says so in its
   * health and keeps its last signals; it counts as a failure and is tried again.
   */
  onError?: (err: unknown) => void;
  maxBackoffMs?: number;
  random?: () => number;
}

export interface Poller {
  start(): void;
  stop(): void;
  pollNow(): void;
  readonly running: boolean;
}

export function createPoller({
  intervalMs,
  poll,
  onError,
  maxBackoffMs = 60_000,
  random = Math.random,
}: PollerOptions): Poller {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let active = false;
  let inFlight = false;
  let again = false;
  let failures = 0;

  const schedule = (delay: number) => {
    if (!active) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, delay);
    timer.unref?.();
  };

  async function run() {
    timer = null;
    if (!active) return;
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    const startedAt = Date.now();
    let ok = false;
    try {
      ok = await poll();
    } catch (err) {
      ok = false;
      try {
        onError?.(err);
      } catch {
        // Reporting must not stop the polling.
      }
    } finally {
      inFlight = false;
    }
    failures = ok ? 0 : failures + 1;
    if (again) {
      again = false;
      schedule(0);
      return;
    }
    if (failures === 0) {
      // Counted from this poll's start, up to 10% early, never late: sources started together
      // drift apart instead of polling in lock-step, and an alert is seen within one interval of
      // firing. Counted from its end, a storm's poll (a second or two of fetching and parsing
      // 20,000 alerts) would stretch every interval by that much. A poll slower than the interval
      // still leaves the source a tenth of one before the next.
      const elapsed = Date.now() - startedAt;
      schedule(Math.max(intervalMs * MIN_GAP, intervalMs * (1 - 0.1 * random()) - elapsed));
      return;
    }
    const base = Math.min(maxBackoffMs, intervalMs * 2 ** Math.min(failures - 1, 10));
    schedule(Math.max(intervalMs, base) + base * 0.2 * random());
  }

  return {
    start() {
      if (active) return;
      active = true;
      schedule(0);
    },
    stop() {
      active = false;
      if (timer) clearTimeout(timer);
      timer = null;
    },
    pollNow() {
      if (!active) return;
      if (inFlight) again = true;
      else schedule(0);
    },
    get running() {
      return active;
    },
  };
}
