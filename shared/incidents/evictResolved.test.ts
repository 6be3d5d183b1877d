import { describe, expect, it } from 'vitest';
import type { Incident } from '../domain/incident';
import { makeIncident, MIN } from '../timeline/testing/incidentFixtures';
import { evictResolved, type EvictionPolicy } from './evictResolved';
import { emptyIncidentsState, type IncidentsState } from './reconcileIncidents';

const NOW = Date.parse('2026-12-05T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

function resolvedAgo(id: string, agoMs: number): Incident {
  return makeIncident({
    id,
    startedAt: iso(NOW - agoMs - 30 * MIN),
    detectedAt: iso(NOW - agoMs - 30 * MIN),
    state: 'resolved',
    resolvedAt: iso(NOW - agoMs),
  });
}

function stateOf(incidents: Incident[], over: Partial<IncidentsState> = {}): IncidentsState {
  return { ...emptyIncidentsState(), incidents: new Map(incidents.map((i) => [i.id, i])), ...over };
}

const policy = (over: Partial<EvictionPolicy> = {}): EvictionPolicy => ({
  keepMs: 24 * 60 * MIN,
  keepCount: 1000,
  flapWindowMs: 10 * MIN,
  settled: () => true,
  ...over,
});

const ids = (r: { evicted: Incident[] }) => r.evicted.map((i) => i.id);

describe('evictResolved', () => {
  it('lets resolved incidents older than the grace period leave, and keeps open and recent ones', () => {
    const open = makeIncident({
      id: 'open',
      startedAt: iso(NOW - 48 * 60 * MIN),
      detectedAt: iso(NOW - 48 * 60 * MIN),
    });
    const old = resolvedAgo('old', 25 * 60 * MIN);
    const recent = resolvedAgo('recent', 60 * MIN);
    const r = evictResolved(stateOf([open, old, recent]), NOW, policy());
    expect(ids(r)).toEqual(['old']);
    expect([...r.state.incidents.keys()].sort()).toEqual(['open', 'recent']);
  });

  it('over the count, the oldest resolved leave first, but never inside the flap window', () => {
    // A storm: 5 resolved 20 minutes ago, 3 resolved a minute ago, room for 2.
    const storm = [0, 1, 2, 3, 4].map((i) => resolvedAgo(`a${i}`, 20 * MIN + i * 1000));
    const flapping = [0, 1, 2].map((i) => resolvedAgo(`b${i}`, MIN));
    const r = evictResolved(stateOf([...storm, ...flapping]), NOW, policy({ keepCount: 2 }));
    // 8 held, 2 allowed: the 6 oldest are due, but the 3 inside the flap window stay.
    expect(ids(r)).toEqual(['a4', 'a3', 'a2', 'a1', 'a0']);
    expect([...r.state.incidents.keys()].sort()).toEqual(['b0', 'b1', 'b2']);
  });

  it('keeps an incident whose last version is not on disk yet, and one the engine still names', () => {
    const unsaved = resolvedAgo('unsaved', 30 * 60 * MIN);
    const named = resolvedAgo('named', 30 * 60 * MIN);
    const gone = resolvedAgo('gone', 30 * 60 * MIN);
    // Resolved by a person while its alerts still fire: the engine still holds it open by key.
    const state = stateOf([unsaved, named, gone], { openByKey: new Map([[named.key, named.id]]) });
    const r = evictResolved(state, NOW, policy({ settled: (i) => i.id !== 'unsaved' }));
    expect(ids(r)).toEqual(['gone']);
  });

  it('drops the flap entry of an incident that left, so nothing names it any more', () => {
    const gone = resolvedAgo('gone', 30 * 60 * MIN);
    const r = evictResolved(stateOf([gone], { resolvedByKey: new Map([[gone.key, gone.id]]) }), NOW, policy());
    expect(ids(r)).toEqual(['gone']);
    expect([...r.state.resolvedByKey]).toEqual([]);
  });

  it('returns the very same state when nothing is due', () => {
    const state = stateOf([resolvedAgo('recent', 60 * MIN)]);
    const r = evictResolved(state, NOW, policy());
    expect(r.state).toBe(state);
    expect(r.evicted).toEqual([]);
  });
});
