import { z } from 'zod';
import { SourceKind } from './signal';

export const HealthStatus = z.enum([
  'starting',
  'ok',
  'degraded',
  'unreachable',
  'bad-reply',
  'auth-rejected',
  'rate-limited',
]);
export type HealthStatus = z.infer<typeof HealthStatus>;

export const SourceHealth = z.object({
  sourceId: z.string(),
  name: z.string(),
  kind: SourceKind,
  /** Where the source points (never contains credentials). */
  target: z.string(),
  status: HealthStatus,
  /** When the current status began, ISO 8601. */
  since: z.string(),
  lastSuccessAt: z.string().nullable(),
  /** The last failure in words a person can act on, or null when healthy. */
  message: z.string().nullable(),
  /** The technical cause behind `message` (error code, HTTP status, parser error). */
  detail: z.string().nullable(),
  /** Rate-limited or backing off: no request before this time, ISO 8601 (optional; absent = not blocked). */
  until: z.string().nullable().optional(),
  /**
   * The API's request budget as last reported (PagerDuty's ratelimit-limit / ratelimit-remaining /
   * ratelimit-reset), for showing in Sources; absent for sources without one.
   */
  requestBudget: z
    .object({ limit: z.number(), remaining: z.number(), resetsAt: z.string().nullable() })
    .nullable()
    .optional(),
  /**
   * Heartbeat (Watchdog) alerts seen on this source: those firing, and those that stopped while the
   * source answers (optional; absent = none seen).
   */
  heartbeat: z
    .object({ ok: z.array(z.string()), stopped: z.array(z.object({ name: z.string(), since: z.string() })) })
    .nullable()
    .optional(),
});
export type SourceHealth = z.infer<typeof SourceHealth>;
