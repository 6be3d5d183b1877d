import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Incident } from '../../shared/domain/incident';
import { PUSH_APPLY_SPACING_MS, selectSelectedIncident, useIncidentsStore } from './incidentsSlice';
import { mergeIncidentDiffs } from './mergeIncidentDiffs';
import { testAlertIncident, testIncident } from '../../shared/testing/testIncident';
import { driftOf, type IncidentDrift } from '../../shared/incidents/incidentDrift';

function incident(id: string, state: Incident['state'] = 'open', revision = 1): Incident {
  return testIncident(id, { state, revision });
}

const withSignal = (id: string, value: number, severity: Incident['severity'] = 'P2') =>
  testAlertIncident(id, value, { severity });

/** What the host pushes when `held`'s value drifted to `value`. */
function driftTo(held: Incident, value: number): IncidentDrift {
  const now = {
    ...held,
    classification: { ...held.classification, reason: `value ${value}` },
    signals: held.signals.map((s) => ({ ...s, value })),
  };
  return driftOf(held, now)!;
}

const store = () => useIncidentsStore.getState();
const ids = () => store().ordered.map((i) => i.id);
const byId = (id: string) => store().ordered.find((i) => i.id === id)!;

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
    expect(byId('a').revision).toBe(1);
    // The ack's reply arrives while the older push waits.
    store().applyDiff({ reset: false, changed: [incident('a', 'acknowledged', 3)], removed: [] });
    vi.advanceTimersByTime(PUSH_APPLY_SPACING_MS * 2);
    expect(byId('a').state).toBe('acknowledged');
    expect(byId('a').revision).toBe(3);
  });
});

describe('incidents store: selection and summary', () => {
  afterEach(() => {
    store().applyDiff({ reset: true, changed: [], removed: [] });
    useIncidentsStore.setState({ received: false, selectedId: null, selected: null });
  });

  it('the selected incident is its latest version; when it goes, the first incident is selected', () => {
    store().applyDiff({ reset: true, changed: [incident('a'), incident('b')], removed: [] });
    expect(selectSelectedIncident(store())?.id).toBe('a');
    store().select('b');
    store().applyDiff({ reset: false, changed: [incident('b', 'acknowledged', 2)], removed: [] });
    expect(selectSelectedIncident(store())).toMatchObject({ id: 'b', state: 'acknowledged', revision: 2 });
    // Others changing leave it as it is.
    store().applyDiff({ reset: false, changed: [incident('a', 'open', 3)], removed: [] });
    expect(selectSelectedIncident(store())).toMatchObject({ id: 'b', revision: 2 });
    store().applyDiff({ reset: false, changed: [], removed: ['b'] });
    expect(store().selectedId).toBe('a');
    expect(selectSelectedIncident(store())).toMatchObject({ id: 'a', revision: 3 });
    // A full list without it selects the first of the new list.
    store().applyDiff({ reset: true, changed: [incident('c')], removed: [] });
    expect(selectSelectedIncident(store())?.id).toBe('c');
  });

  it('a drift changes the values where the incident stands, the selected one too; one the page lacks is left out', () => {
    store().applyDiff({ reset: true, changed: [withSignal('a', 0.07), withSignal('b', 0.07, 'P1')], removed: [] });
    store().select('b');
    const before = ids();
    store().applyDiff({
      reset: false,
      changed: [],
      removed: [],
      drifted: [driftTo(withSignal('b', 0.07, 'P1'), 0.09), driftTo(withSignal('zz', 0.07), 0.5)],
    });
    expect(ids()).toEqual(before);
    expect(byId('b').signals[0]!.value).toBe(0.09);
    expect(byId('b').classification.reason).toBe('value 0.09');
    expect(byId('a').signals[0]!.value).toBe(0.07);
    expect(selectSelectedIncident(store())!.signals[0]!.value).toBe(0.09);
  });

  it("the top bar's, title's and alarm's figures follow each diff", () => {
    const p0 = { ...incident('p0'), severity: 'P0' as const };
    store().applyDiff({ reset: true, changed: [p0, incident('p2')], removed: [] });
    expect(store().summary).toMatchObject({
      active: { P0: 1, P1: 0, P2: 1, P3: 0 },
      unacknowledged: 2,
      topSeverity: 'P0',
      firstUnacknowledgedTitle: 'Alert p0',
    });
    expect(store().summary.urgent.map((i) => i.id)).toEqual(['p0']);
    store().applyDiff({ reset: false, changed: [{ ...p0, state: 'acknowledged' }], removed: [] });
    // Acknowledged: still counted as active and as the top severity, no longer unacknowledged or urgent.
    expect(store().summary).toMatchObject({ active: { P0: 1, P2: 1 }, unacknowledged: 1, topSeverity: 'P0' });
    expect(store().summary.urgent).toEqual([]);
    store().applyDiff({
      reset: false,
      changed: [{ ...p0, state: 'silenced' }, incident('p2', 'resolved')],
      removed: [],
    });
    expect(store().summary).toMatchObject({ active: { P0: 0, P2: 0 }, unacknowledged: 0, topSeverity: 'P0' });
    store().applyDiff({ reset: false, changed: [], removed: ['p0'] });
    expect(store().summary.topSeverity).toBeNull();
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

  it('a drift goes onto the whole version it follows, a later drift replaces an earlier one, a whole version a drift', () => {
    const a = withSignal('a', 0.07);
    const merged = mergeIncidentDiffs([
      { reset: false, changed: [a], removed: [] },
      { reset: false, changed: [], removed: [], drifted: [driftTo(a, 0.08)] },
      { reset: false, changed: [], removed: [], drifted: [driftTo(withSignal('b', 0.1), 0.2)] },
      { reset: false, changed: [], removed: [], drifted: [driftTo(withSignal('b', 0.1), 0.3)] },
      { reset: false, changed: [], removed: [], drifted: [driftTo(withSignal('c', 0.1), 0.2)] },
      { reset: false, changed: [withSignal('c', 0.5)], removed: [] },
    ]);
    expect(merged.changed.map((i) => [i.id, i.signals[0]!.value])).toEqual([
      ['a', 0.08],
      ['c', 0.5],
    ]);
    expect(merged.drifted?.map((d) => [d.id, d.values])).toEqual([['b', [0.3]]]);
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
