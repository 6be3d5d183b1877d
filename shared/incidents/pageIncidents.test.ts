import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Incident } from '../domain/incident';
import { pageOfIncidents } from './pageIncidents';
import { testIncident } from '../testing/testIncident';

function incident(id: string, revision = 1): Incident {
  return testIncident(id, { revision });
}

const mapOf = (ids: readonly string[]) => new Map<string, Incident>(ids.map((id) => [id, incident(id)]));

/** Every page from the start, each taken from `stateAt(page number)`. */
function loadAll(stateAt: (page: number) => ReadonlyMap<string, Incident>, limit: number): Incident[][] {
  const pages: Incident[][] = [];
  let after: string | null = null;
  do {
    const page = pageOfIncidents(stateAt(pages.length), after, limit);
    expect(page.incidents.length).toBeLessThanOrEqual(limit);
    pages.push(page.incidents);
    after = page.next;
  } while (after !== null);
  return pages;
}

describe('pageOfIncidents', () => {
  it('hands out every incident once, in bounded pages, and says when it is done', () => {
    const state = mapOf(['inc-c', 'inc-a', 'inc-e', 'inc-b', 'inc-d']);
    const pages = loadAll(() => state, 2);
    expect(pages.map((p) => p.map((i) => i.id))).toEqual([['inc-a', 'inc-b'], ['inc-c', 'inc-d'], ['inc-e']]);
    // A last page that is exactly full ends the load too, with no empty page after it.
    expect(loadAll(() => mapOf(['x', 'y']), 2)).toHaveLength(1);
    expect(loadAll(() => new Map(), 2)).toEqual([[]]);
  });

  it('goes on after a cursor whose incident has left meanwhile', () => {
    const first = pageOfIncidents(mapOf(['a', 'b', 'c', 'd']), null, 2);
    expect(first.next).toBe('b');
    const later = pageOfIncidents(mapOf(['a', 'c', 'd']), first.next, 2);
    expect(later.incidents.map((i) => i.id)).toEqual(['c', 'd']);
    expect(later.next).toBeNull();
  });

  it('while steps add, change and remove incidents between pages, each one present throughout is on one page, in its version of that moment', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { minLength: 0, maxLength: 60 }),
        fc.array(fc.tuple(fc.string({ minLength: 1, maxLength: 4 }), fc.boolean()), { maxLength: 40 }),
        fc.integer({ min: 1, max: 7 }),
        (initial, churn, limit) => {
          // Each page is taken from a newer state: one churn entry applied per page (the id is
          // added or, when present, removed), and every incident present gets a new revision.
          const states: Map<string, Incident>[] = [mapOf(initial)];
          const stateAt = (page: number) => {
            while (states.length <= page) {
              const prev = states.at(-1)!;
              const next = new Map<string, Incident>(
                [...prev].map(([id, inc]) => [id, { ...inc, revision: states.length + 1 }]),
              );
              const [id, add] = churn[states.length - 1] ?? ['', false];
              if (id && add && !next.has(id)) next.set(id, incident(id, states.length + 1));
              else if (id && next.has(id)) next.delete(id);
              states.push(next);
            }
            return states[page]!;
          };
          const pages = loadAll(stateAt, limit);
          const seen = pages.flat().map((i) => i.id);
          expect(new Set(seen).size).toBe(seen.length);
          const throughout = [...states[0]!.keys()].filter((id) => states.every((s) => s.has(id)));
          for (const id of throughout) expect(seen).toContain(id);
          // Each incident is the version of the state its page came from.
          pages.forEach((page, n) => page.forEach((inc) => expect(inc).toBe(states[n]!.get(inc.id))));
        },
      ),
    );
  });
});
