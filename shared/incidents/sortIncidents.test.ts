import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Incident } from '../domain/incident';
import { SEVERITIES } from '../domain/severity';
import { compareIncidents, sortIncidents, updateSortedIncidents } from './sortIncidents';
import { testIncident } from '../testing/testIncident';

const STATES = ['open', 'acknowledged', 'resolved'] as const;

function incident(id: string, n: number): Incident {
  const at = new Date(Date.UTC(2026, 10, 24, 22, n % 60, n % 7)).toISOString();
  return testIncident(id, { title: `Alert${n % 5}`, severity: SEVERITIES[n % 4]!, state: STATES[n % 3]! }, at);
}

describe('sortIncidents', () => {
  it('open before acknowledged before resolved, then severity, then oldest first; resolved newest first', () => {
    const list = [
      { ...incident('r1', 2), resolvedAt: '2026-11-24T22:00:00.000Z' },
      { ...incident('r2', 2), resolvedAt: '2026-11-24T23:00:00.000Z' },
      { ...incident('a', 1) },
      { ...incident('o-p2', 0), severity: 'P2' as const },
      { ...incident('o-p0-new', 0), severity: 'P0' as const, startedAt: '2026-11-24T22:50:00.000Z' },
      { ...incident('o-p0-old', 0), severity: 'P0' as const, startedAt: '2026-11-24T22:10:00.000Z' },
    ];
    expect(sortIncidents(list).map((i) => i.id)).toEqual(['o-p0-old', 'o-p0-new', 'o-p2', 'a', 'r2', 'r1']);
  });
});

describe('updateSortedIncidents', () => {
  // Small diffs are spliced in, large ones (over 64 incidents) merged: both ways are checked, with
  // changes that move an incident and changes that keep its place (a value drifting).
  it.each([
    ['small', 60, 20, 10],
    ['large', 400, 150, 40],
  ])('gives what a full sort gives, for any %s diff', (_, size, changes, removals) => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(500), { maxLength: size }),
        fc.array(fc.tuple(fc.nat(size + 20), fc.nat(500), fc.boolean()), {
          minLength: changes / 2,
          maxLength: changes,
        }),
        fc.array(fc.nat(size + 20), { maxLength: removals }),
        (seeds, changes, removals) => {
          const before = new Map(seeds.map((n, i) => [`i${i}`, incident(`i${i}`, n)]));
          const sorted = sortIncidents([...before.values()]);
          const changed = changes.map(([i, n, drift]) => {
            const was = before.get(`i${i}`);
            return drift && was ? { ...was, updatedAt: `drift ${n}` } : incident(`i${i}`, n);
          });
          const removed = removals.map((i) => `i${i}`);
          const after = new Map(before);
          for (const c of changed) after.set(c.id, c);
          for (const id of removed) after.delete(id);
          // The same order, and each incident's latest version.
          const result = updateSortedIncidents(sorted, changed, removed);
          expect(result.map((i) => i.id)).toEqual(sortIncidents([...after.values()]).map((i) => i.id));
          expect(result.every((i) => i === after.get(i.id))).toBe(true);
        },
      ),
    );
  });

  it('returns the same array when nothing changed, so selectors do not re-render', () => {
    const sorted = sortIncidents([incident('a', 1), incident('b', 2)]);
    expect(updateSortedIncidents(sorted, [], [])).toBe(sorted);
  });

  // How fast a merge is belongs to the bench (npm run bench), not to the parallel unit suite.
  it('compares without locale rules', () => {
    expect(compareIncidents(incident('B', 0), incident('a', 0))).toBeLessThan(0);
  });
});
