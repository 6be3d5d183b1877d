/**
 * Runs `poll` on an interval with no overlapping polls and exponential backoff after failures
 * (capped, with jitter so many sources do not retry in lock-step). `pollNow` asks for an
 * immediate poll; if one is running, another follows right after it. `stop` then `start` (the
 * machine slept) polls at once.
 */
export interface PollerOptions {
  intervalMs: number;
  /** Resolves true on success, false on failure (the source records why). */
  poll: () => Promise<boolean>;
  maxBackoffMs?: number;
  random?: () => number;
}

export interface Poller {
  start(): void;
  stop(): void;
  pollNow(): void;
  readonly running: boolean;
}

export function createPoller({ intervalMs, poll, maxBackoffMs = 60_000, random = Math.random }: PollerOptions): Poller {
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
    let ok = false;
    try {
      ok = await poll();
    } catch {
      ok = false;
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
      // Up to 10% early, never late: sources started together drift apart instead of polling in
      // lock-step, and an alert is still seen within one interval of firing.
      schedule(intervalMs * (1 - 0.1 * random()));
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
