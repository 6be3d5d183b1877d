import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Incident } from '../../shared/domain/incident';
import { PUSH_APPLY_SPACING_MS, useIncidentsStore } from './incidentsSlice';
import { mergeIncidentDiffs } from './mergeIncidentDiffs';

function incident(id: string, state: Incident['state'] = 'open', revision = 1): Incident {
  const at = '2026-12-06T07:00:00.000Z';
  return {
    id,
    key: id,
    title: `Alert ${id}`,
    summary: null,
    severity: 'P2',
    classification: { severity: 'P2', ruleId: 'r', reason: 'r' },
    state,
    startedAt: at,
    detectedAt: at,
    updatedAt: at,
    resolvedAt: state === 'resolved' ? at : null,
    notifiedAt: null,
    sourceKinds: ['prometheus'],
    stale: false,
    signals: [],
    revision,
  };
}

const store = () => useIncidentsStore.getState();
const ids = () => store().ordered.map((i) => i.id);

describe('incidents store: pushes', () => {
  afterEach(() => {
    vi.useRealTimers();
    store().applyDiff({ reset: true, changed: [], removed: [] });
    useIncidentsStore.setState({ received: false, selectedId: null });
  });

  it('a push after a quiet spell shows at once; pushes that keep coming show together, one apply per spacing', () => {
    vi.useFakeTimers();
    store().applyDiff({ reset: true, changed: [incident('a')], removed: [] });
    vi.advanceTimersByTime(PUSH_APPLY_SPACING_MS);
    const renders = vi.fn();
    const unsubscribe = useIncidentsStore.subscribe(renders);
    store().pushDiff({ reset: false, changed: [incident('b')], removed: [] });
    expect(ids()).toEqual(['a', 'b']);
    // A storm's drift: a hundred pushes in quick succession.
    for (let i = 0; i < 100; i++) store().pushDiff({ reset: false, changed: [incident(`s${i}`)], removed: [] });
    expect(ids()).toHaveLength(2);
    vi.advanceTimersByTime(PUSH_APPLY_SPACING_MS);
    expect(ids()).toHaveLength(102);
    expect(renders).toHaveBeenCalledTimes(2);
    unsubscribe();
  });

  it("an action's own reply goes after the pushes still waiting, so an older push never undoes it", () => {
    vi.useFakeTimers();
    store().applyDiff({ reset: true, changed: [incident('a')], removed: [] });
    store().pushDiff({ reset: false, changed: [incident('a', 'open', 2)], removed: [] });
    expect(store().byId.get('a')!.revision).toBe(1);
    // The ack's reply arrives while the older push waits.
    store().applyDiff({ reset: false, changed: [incident('a', 'acknowledged', 3)], removed: [] });
    vi.advanceTimersByTime(PUSH_APPLY_SPACING_MS * 2);
    expect(store().byId.get('a')!.state).toBe('acknowledged');
    expect(store().byId.get('a')!.revision).toBe(3);
  });
});

describe('mergeIncidentDiffs', () => {
  it('equals applying each diff in turn', () => {
    const diffs = [
      { reset: false, changed: [incident('a'), incident('b')], removed: [] },
      { reset: false, changed: [incident('a', 'acknowledged', 2)], removed: ['b'] },
      { reset: false, changed: [incident('b', 'open', 3), incident('c')], removed: ['d'] },
      { reset: false, changed: [], removed: ['c'] },
    ];
    const merged = mergeIncidentDiffs(diffs);
    expect(merged.reset).toBe(false);
    expect(merged.changed.map((i) => [i.id, i.revision])).toEqual([
      ['a', 2],
      ['b', 3],
    ]);
    expect(merged.removed.sort()).toEqual(['c', 'd']);
  });

  it('a reset drops what came before it', () => {
    const merged = mergeIncidentDiffs([
      { reset: false, changed: [incident('old')], removed: ['x'] },
      { reset: true, changed: [incident('a')], removed: [] },
      { reset: false, changed: [incident('b')], removed: [] },
    ]);
    expect(merged).toEqual({ reset: true, changed: [incident('a'), incident('b')], removed: [] });
  });
});
