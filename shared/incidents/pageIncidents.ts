import type { Incident } from '../domain/incident';

/**
 * The most incidents a page carries. An incident is about 1.6 KB of JSON in a storm, so a page
 * stays under 1 MB on the wire: a renderer loading 20,000 reads forty of them, each parsed and
 * checked in a short task, instead of one 32 MB reply that froze it for seconds and, over the
 * browser bridge, outgrew the host's limit on unread bytes so the connection was dropped again
 * after every load.
 */
export const MAX_INCIDENTS_PAGE = 500;

export interface IncidentsPage {
  incidents: Incident[];
  /** The cursor for the next page, or null when this one is the last. */
  next: string | null;
}

/**
 * The incidents whose ids come after `after` (all of them for null), in id order, at most `limit`.
 *
 * The cursor is an id, not a position. Between two pages a step may add incidents, re-sort them
 * or take some away; a position in the sorted list would then skip or repeat one. In id order an
 * incident keeps its place, and only those that come or go move the others, which the caller
 * learns from the pushes it keeps while it loads (see renderer/store/vigilSync.ts). Each incident
 * present across the load is on exactly one page.
 */
export function pageOfIncidents(
  incidents: ReadonlyMap<string, Incident>,
  after: string | null,
  limit: number,
): IncidentsPage {
  const ids = sortedIds(incidents);
  let from = 0;
  if (after !== null) {
    // The first id after `after`, which need not be present any more.
    let hi = ids.length;
    while (from < hi) {
      const mid = (from + hi) >>> 1;
      if (ids[mid]! <= after) from = mid + 1;
      else hi = mid;
    }
  }
  const out: Incident[] = [];
  let i = from;
  for (; i < ids.length && out.length < limit; i++) out.push(incidents.get(ids[i]!)!);
  return { incidents: out, next: i < ids.length ? ids[i - 1]! : null };
}

/**
 * The ids sorted once per state: the engine never changes a published map (each step, action and
 * eviction makes a new one), so a load's pages in one state share one sort of 20,000 ids.
 */
function sortedIds(incidents: ReadonlyMap<string, Incident>): string[] {
  let ids = idsByState.get(incidents);
  if (!ids) {
    ids = [...incidents.keys()].sort();
    idsByState.set(incidents, ids);
  }
  return ids;
}

const idsByState = new WeakMap<ReadonlyMap<string, Incident>, string[]>();
