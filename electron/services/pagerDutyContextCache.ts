import type { PdChangeEvent, PdOnCall } from '../sources/pagerduty/pagerDutySchemas';
import type { PagerDutySource } from '../sources/pagerduty/pagerDutySource';

/** How long an answer is reused while PagerDuty's budget is healthy; longer as it runs low. */
const ON_CALL_TTL_MS = 5 * 60_000;
const CHANGES_TTL_MS = 2 * 60_000;
/** Share of the per-minute budget that browsing incidents may spend, per source. */
const NAVIGATION_SHARE = 0.1;
const WINDOW_MS = 60_000;

export class ContextBudgetError extends Error {
  constructor() {
    super("not asked now: Vigil keeps PagerDuty's request budget for polling (it asks again in a minute)");
  }
}

export interface PagerDutyContextCache {
  /** Who is on call, account-wide as PagerDuty lists it: one list per source, shared by every incident. */
  onCalls(sourceId: string, pd: PagerDutySource): Promise<PdOnCall[]>;
  /** Change events of these services (or account-wide) since a time, shared by incidents asking the same. */
  changeEvents(
    sourceId: string,
    pd: PagerDutySource,
    query: { serviceIds?: string[]; since: string; until: string },
  ): Promise<PdChangeEvent[]>;
}

/**
 * On-call and change-event context for the incident view, cached per source (on-call) and per
 * service and hour (changes) rather than per incident, so moving through thirty incidents of one
 * service asks PagerDuty once. The time an answer is reused grows as the budget PagerDuty reports
 * runs low, and browsing may spend at most a tenth of the per-minute budget of a source: past that
 * it is served what was read before, or told to wait, and the polls keep the rest.
 */
export function createPagerDutyContextCache(now: () => number): PagerDutyContextCache {
  const entries = new Map<string, { at: number; value: Promise<unknown> }>();
  const spent = new Map<string, number[]>();

  const stretch = (pd: PagerDutySource) => {
    const b = pd.client.state?.().budget;
    const left = b && b.limit > 0 ? b.remaining / b.limit : 1;
    return {
      ttlFactor: left < 0.25 ? 8 : left < 0.5 ? 3 : 1,
      allowance: b ? Math.max(2, Math.floor(b.limit * NAVIGATION_SHARE)) : 10,
    };
  };

  function cached<T>(key: string, sourceId: string, pd: PagerDutySource, ttlMs: number, ask: () => Promise<T>) {
    const t = now();
    const hit = entries.get(key) as { at: number; value: Promise<T> } | undefined;
    const { ttlFactor, allowance } = stretch(pd);
    if (hit && t - hit.at < ttlMs * ttlFactor) return hit.value;
    const recent = (spent.get(sourceId) ?? []).filter((at) => t - at < WINDOW_MS);
    if (recent.length >= allowance) {
      spent.set(sourceId, recent);
      return hit ? hit.value : Promise.reject(new ContextBudgetError());
    }
    spent.set(sourceId, [...recent, t]);
    const value = ask();
    // A failure is not kept: the next look asks again (within the allowance).
    value.catch(() => {
      if (entries.get(key)?.value === value) entries.delete(key);
    });
    entries.set(key, { at: t, value });
    if (entries.size > 500) entries.delete(entries.keys().next().value!);
    return value;
  }

  return {
    onCalls: (sourceId, pd) =>
      cached(`oncall|${sourceId}`, sourceId, pd, ON_CALL_TTL_MS, () => pd.client.listOnCalls({})),
    changeEvents(sourceId, pd, query) {
      // Keyed by the hour the window starts: incidents that began in the same hour share an answer.
      const hour = new Date(Date.parse(query.since)).toISOString().slice(0, 13);
      const services = query.serviceIds ? [...query.serviceIds].sort().join(',') : '*';
      return cached(`changes|${sourceId}|${services}|${hour}`, sourceId, pd, CHANGES_TTL_MS, () =>
        pd.client.listChangeEvents({
          serviceIds: query.serviceIds,
          since: `${hour}:00:00.000Z`,
          until: query.until,
        }),
      );
    },
  };
}
