import { describe, expect, it } from 'vitest';
import { HttpStatusError, RequestHeldError, retryAtOf } from './describeFetchError';
import { createRetryAfterHold, MAX_HOLD_MS } from './retryAfterHold';

const NOW = Date.parse('2026-12-07T04:00:00.000Z');
const headers = (retryAfter: string) => new Headers({ 'retry-after': retryAfter });

describe('Retry-After', () => {
  it('reads seconds and HTTP dates; anything else is no answer', () => {
    expect(retryAtOf(headers('120'), NOW)).toBe(NOW + 120_000);
    expect(retryAtOf(headers('Mon, 07 Dec 2026 04:05:00 GMT'), NOW)).toBe(NOW + 300_000);
    // A date already past means "now", never a time before it.
    expect(retryAtOf(headers('Mon, 07 Dec 2026 03:00:00 GMT'), NOW)).toBe(NOW);
    expect(retryAtOf(headers('soon'), NOW)).toBeNull();
    expect(retryAtOf(headers('-5'), NOW)).toBeNull();
    expect(retryAtOf(new Headers(), NOW)).toBeNull();
  });

  it('holds one address until the time it named, at most ten minutes, and only after a 429 or 503', async () => {
    let now = NOW;
    const hold = createRetryAfterHold(() => now);
    let sent = 0;
    const answer = (err: Error | null) => () => {
      sent++;
      return err ? Promise.reject(err) : Promise.resolve('alerts');
    };
    await expect(hold.ask('a', answer(new HttpStatusError(429, '', NOW + 60_000)))).rejects.toThrow('HTTP 429');
    await expect(hold.ask('a', answer(null))).rejects.toBeInstanceOf(RequestHeldError);
    expect(await hold.ask('b', answer(null))).toBe('alerts');
    now = NOW + 60_000;
    expect(await hold.ask('a', answer(null))).toBe('alerts');
    expect(sent).toBe(3);

    await expect(hold.ask('a', answer(new HttpStatusError(503, '', NOW + 86_400_000)))).rejects.toThrow();
    now += MAX_HOLD_MS - 1;
    await expect(hold.ask('a', answer(null))).rejects.toThrow(/held back until .* \(HTTP 503/);
    now += 1;
    expect(await hold.ask('a', answer(null))).toBe('alerts');

    // A 500 with Retry-After, or a 429 without one, starts no hold.
    await expect(hold.ask('a', answer(new HttpStatusError(500, '', now + 60_000)))).rejects.toThrow();
    await expect(hold.ask('a', answer(new HttpStatusError(429, '', null)))).rejects.toThrow();
    expect(await hold.ask('a', answer(null))).toBe('alerts');
  });
});
