import { describe, expect, it } from 'vitest';
import { runAtOnce, runInSlices } from './yieldToLoop';

/** A job of `items` items costing `msEach` of busy CPU each, noting when each item ran. */
function* busyJob(items: number, msEach: number, log: string[]): Generator<void, number, void> {
  for (let i = 0; i < items; i++) {
    const end = performance.now() + msEach;
    while (performance.now() < end);
    log.push(`item ${i}`);
    yield;
  }
  return items;
}

describe('runInSlices', () => {
  it('gives the event loop back once its time budget is spent: a request queued meanwhile is answered mid-job', async () => {
    const log: string[] = [];
    setImmediate(() => log.push('request'));
    expect(await runInSlices(busyJob(10, 3, log), 8)).toBe(10);
    const answeredAt = log.indexOf('request');
    // Answered after the first slice (about 8 ms of work), long before the job's end.
    expect(answeredAt).toBeGreaterThan(0);
    expect(answeredAt).toBeLessThan(6);
  });

  it('runs a small job in one turn, without giving the loop back', async () => {
    const log: string[] = [];
    setImmediate(() => log.push('request'));
    await runInSlices(busyJob(5, 0, log), 1000);
    expect(log.indexOf('request')).toBe(-1);
    expect(runAtOnce(busyJob(3, 0, []))).toBe(3);
  });
});
