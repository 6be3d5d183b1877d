import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coalescedRefresh } from './coalescedRefresh';

/** A refresh whose runs are counted and which finishes only when told. */
function slowRefresh() {
  const finishers: (() => void)[] = [];
  let running = 0;
  let most = 0;
  const refresh = vi.fn(
    () =>
      new Promise<void>((resolve) => {
        running++;
        most = Math.max(most, running);
        finishers.push(() => {
          running--;
          resolve();
        });
      }),
  );
  return {
    refresh,
    /** Ends the oldest run under way and lets its promise settle. */
    async finish() {
      finishers.shift()?.();
      await vi.advanceTimersByTimeAsync(0);
    },
    most: () => most,
  };
}

describe('coalescedRefresh (the tray, asked on every incidents push)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('refreshes at once when asked after a quiet spell', async () => {
    const r = slowRefresh();
    const c = coalescedRefresh(r.refresh, { minGapMs: 1000, onError: () => {} });
    c.request();
    expect(r.refresh).toHaveBeenCalledTimes(1);
    await r.finish();
    await vi.advanceTimersByTimeAsync(5000);
    c.request();
    expect(r.refresh).toHaveBeenCalledTimes(2);
  });

  it('folds a storm of pushes into one refresh a second, never two at once', async () => {
    const r = slowRefresh();
    const c = coalescedRefresh(r.refresh, { minGapMs: 1000, onError: () => {} });
    // 100 pushes over 3 s, each refresh taking 300 ms.
    for (let i = 0; i < 100; i++) {
      c.request();
      await vi.advanceTimersByTimeAsync(30);
      if (i % 10 === 9) await r.finish();
    }
    await r.finish();
    await vi.advanceTimersByTimeAsync(2000);
    await r.finish();
    expect(r.most()).toBe(1);
    // One at the start, then one per second the pushes went on (and one for the last of them).
    expect(r.refresh.mock.calls.length).toBeGreaterThanOrEqual(3);
    expect(r.refresh.mock.calls.length).toBeLessThanOrEqual(5);
  });

  it('refreshes once more after the last ask, so the tray ends showing the latest state', async () => {
    const r = slowRefresh();
    const c = coalescedRefresh(r.refresh, { minGapMs: 1000, onError: () => {} });
    c.request();
    c.request();
    c.request();
    expect(r.refresh).toHaveBeenCalledTimes(1);
    await r.finish();
    expect(r.refresh).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(r.refresh).toHaveBeenCalledTimes(2);
    await r.finish();
    await vi.advanceTimersByTimeAsync(5000);
    expect(r.refresh).toHaveBeenCalledTimes(2);
  });

  it('reports a failed refresh and keeps refreshing', async () => {
    const errors: string[] = [];
    let calls = 0;
    const c = coalescedRefresh(
      async () => {
        calls++;
        if (calls === 1) throw new Error('policies unreadable');
      },
      { minGapMs: 1000, onError: (e) => errors.push(e.message) },
    );
    c.request();
    await vi.advanceTimersByTimeAsync(0);
    expect(errors).toEqual(['policies unreadable']);
    c.request();
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toBe(2);
  });

  it('does nothing more once disposed, even for an ask it was holding', async () => {
    const r = slowRefresh();
    const c = coalescedRefresh(r.refresh, { minGapMs: 1000, onError: () => {} });
    c.request();
    await r.finish();
    c.request();
    c.dispose();
    await vi.advanceTimersByTimeAsync(5000);
    c.request();
    expect(r.refresh).toHaveBeenCalledTimes(1);
  });
});
