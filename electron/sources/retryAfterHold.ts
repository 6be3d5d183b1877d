import { HttpStatusError, RequestHeldError } from './describeFetchError';

/** The longest a Retry-After holds an alert source back: past it Vigil asks anyway (and is told again). */
export const MAX_HOLD_MS = 10 * 60_000;

export interface RetryAfterHold {
  /**
   * `request` unless `url` answered an earlier one with a Retry-After that has not passed yet: then
   * RequestHeldError, and nothing is sent. A failure with a Retry-After starts the wait.
   */
  ask<T>(url: string, request: () => Promise<T>): Promise<T>;
}

/**
 * Keeps a source's polls to what its servers asked: a gateway in front of Prometheus or
 * Alertmanager (Mimir, Cortex, a proxy) that answers 429 or 503 with Retry-After is not asked
 * again before that time, by the schedule or by "Check now". Per address, so one member of an HA
 * set that asks for a pause does not stop the others. Without a Retry-After the poller's growing
 * backoff paces the retries.
 */
export function createRetryAfterHold(now: () => number = Date.now): RetryAfterHold {
  const until = new Map<string, { at: number; status: number }>();
  return {
    async ask(url, request) {
      const held = until.get(url);
      if (held && now() < held.at) throw new RequestHeldError(held.status, held.at);
      until.delete(url);
      try {
        return await request();
      } catch (err) {
        if (err instanceof HttpStatusError && err.retryAt !== null && (err.status === 429 || err.status === 503)) {
          until.set(url, { at: Math.min(err.retryAt, now() + MAX_HOLD_MS), status: err.status });
        }
        throw err;
      }
    },
  };
}
