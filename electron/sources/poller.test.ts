import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPoller } from './poller';

/** The scheduler's promises, on fake timers: each poll is a deferred the test settles. */
function harness(opts: { intervalMs?: number; random?: () => number } = {}) {
  const calls: { at: number; settle: (ok: boolean) => void }[] = [];
  const poller = createPoller({
    intervalMs: opts.intervalMs ?? 1000,
    random: opts.random ?? (() => 0.5),
    maxBackoffMs: 8000,
    poll: () => new Promise<boolean>((resolve) => calls.push({ at: Date.now(), settle: resolve })),
  });
  return { poller, calls };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createPoller', () => {
  it('polls at once, then within one interval (up to 10% early, never late)', async () => {
    const { poller, calls } = harness({ random: () => 1 });
    poller.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.map((c) => c.at)).toEqual([0]);
    calls[0]!.settle(true);
    await vi.advanceTimersByTimeAsync(899);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls.map((c) => c.at)).toEqual([0, 900]);
    poller.stop();
  });

  it("counts the interval from a poll's start, so a slow poll does not stretch the interval", async () => {
    const { poller, calls } = harness({ random: () => 0 });
    poller.start();
    await vi.advanceTimersByTimeAsync(400);
    // A storm's poll: 400 ms of its 1000 ms interval fetching and parsing.
    calls[0]!.settle(true);
    await vi.advanceTimersByTimeAsync(599);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls.map((c) => c.at)).toEqual([0, 1000]);
    // One slower than the interval: the next waits a tenth of an interval after it ends.
    await vi.advanceTimersByTimeAsync(1500);
    calls[1]!.settle(true);
    await vi.advanceTimersByTimeAsync(99);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls.map((c) => c.at)).toEqual([0, 1000, 2600]);
    poller.stop();
  });

  it('never overlaps: a slow poll delays the next one instead of running beside it', async () => {
    const { poller, calls } = harness();
    poller.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(1);
    poller.pollNow();
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveLength(1);
    calls[0]!.settle(true);
    // The pollNow asked during the slow poll runs right after it.
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(2);
    poller.stop();
  });

  it('backs off exponentially with jitter after failures, and returns to the interval on success', async () => {
    const { poller, calls } = harness({ random: () => 0 });
    poller.start();
    await vi.advanceTimersByTimeAsync(0);
    const gaps: number[] = [];
    // The gap from a poll's end to the next poll's start (each poll ends as soon as it starts).
    const settleAndMeasure = async (ok: boolean) => {
      const settledAt = Date.now();
      calls.at(-1)!.settle(ok);
      await vi.advanceTimersToNextTimerAsync();
      return calls.at(-1)!.at - settledAt;
    };
    for (let i = 0; i < 5; i++) gaps.push(await settleAndMeasure(false));
    expect(gaps).toEqual([1000, 2000, 4000, 8000, 8000]);
    expect(await settleAndMeasure(true)).toBe(1000);
    poller.stop();
  });

  it('a poll that throws is reported, counts as a failure, and polling goes on', async () => {
    const reported: unknown[] = [];
    let n = 0;
    const poller = createPoller({
      intervalMs: 1000,
      random: () => 0,
      poll: async () => {
        if (++n === 1) throw new Error('listener failed');
        return true;
      },
      onError: (err) => {
        reported.push(err);
        throw new Error('the report failed too');
      },
    });
    poller.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(reported).toEqual([new Error('listener failed')]);
    // A failure's backoff (one interval), then the next poll.
    await vi.advanceTimersByTimeAsync(1000);
    expect(n).toBe(2);
    poller.stop();
  });

  it('pollNow polls at once outside the interval; stop and start (sleep and wake) poll at once too', async () => {
    const { poller, calls } = harness();
    poller.start();
    await vi.advanceTimersByTimeAsync(0);
    calls[0]!.settle(true);
    await vi.advanceTimersByTimeAsync(100);
    poller.pollNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.map((c) => c.at)).toEqual([0, 100]);
    calls[1]!.settle(true);
    poller.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(2);
    poller.pollNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(2);
    poller.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(3);
    poller.stop();
  });
});
