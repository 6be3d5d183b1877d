import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Incident } from '../domain/incident';
import { compileCheck } from '../ipc/fastCheck';
import { fullTestIncident, mutated, mutation, pathsOf } from '../testing/mutations';
import { applyDrift, driftOf, IncidentDrift } from './incidentDrift';

const held = fullTestIncident('inc-1');
const isIncident = compileCheck(Incident)!;

/** `held` drifted: new values, the words quoting them, the version stamps. */
function drifted(values: (number | null)[]): Incident {
  return {
    ...held,
    updatedAt: '2026-12-06T07:01:00.000Z',
    revision: 4,
    classification: {
      ...held.classification,
      reason: 'error 8.1% > 5%: P1',
      whyNotHigher: 'not P0: 8.1% is not > 10%',
    },
    signals: held.signals.map((s, i) => ({ ...s, value: values[i] ?? null })),
  };
}

/** The schema reads an optional field's null and its absence alike ("absent/null = none"). */
const withoutNulls = (v: unknown): unknown =>
  JSON.parse(JSON.stringify(v, (_k, x: unknown) => (x === null ? undefined : x)));

describe('incident drift: values pushed in place of whole incidents', () => {
  it('a drift is the values and the words that quote them, and applying it gives the new version', () => {
    const now = drifted([0.081, null, 3]);
    const drift = driftOf(held, now)!;
    expect(drift).toEqual({
      id: 'inc-1',
      updatedAt: '2026-12-06T07:01:00.000Z',
      revision: 4,
      reason: 'error 8.1% > 5%: P1',
      whyNotHigher: 'not P0: 8.1% is not > 10%',
      values: [0.081, null, 3],
    });
    // Through the wire and the contract's check, as a renderer gets it.
    const received = IncidentDrift.parse(JSON.parse(JSON.stringify(drift)));
    expect(applyDrift(held, received)).toStrictEqual(now);
    expect(JSON.stringify(drift).length).toBeLessThan(JSON.stringify(now).length / 5);
  });

  it('anything else that changed sends the whole incident: a state, a label, a signal, an expression, the group key', () => {
    const now = drifted([0.081, null, null]);
    expect(driftOf(held, { ...now, state: 'acknowledged' })).toBeNull();
    expect(driftOf(held, { ...now, severity: 'P0' })).toBeNull();
    expect(driftOf(held, { ...now, key: 'other' })).toBeNull();
    expect(driftOf(held, { ...now, signals: now.signals.slice(1) })).toBeNull();
    expect(
      driftOf(held, { ...now, signals: [{ ...now.signals[0]!, labels: { pod: 'b' } }, ...now.signals.slice(1)] }),
    ).toBeNull();
    expect(
      driftOf(held, { ...now, signals: [{ ...now.signals[0]!, expr: 'x > 2' }, ...now.signals.slice(1)] }),
    ).toBeNull();
  });

  it('a drift made against another version is refused, not applied: another number of signals', () => {
    const drift = driftOf(held, drifted([0.09, null, null]))!;
    expect(applyDrift({ ...held, signals: held.signals.slice(1) }, drift)).toBeNull();
    expect(applyDrift({ ...held, id: 'inc-2' }, drift)).toBeNull();
  });

  it('whatever one change to any field of an incident is, either it goes whole or its drift rebuilds it exactly', () => {
    const paths = pathsOf(held);
    let asDrift = 0;
    fc.assert(
      fc.property(fc.nat(paths.length - 1), mutation, (at, m) => {
        const now = mutated(held, paths[at]!, m) as Incident;
        // The engine only ever holds valid incidents with no keys beside the schema's (checked, not
        // parsed: zod's copy would share nothing with `held`).
        if (!isIncident(now)) return;
        const drift = driftOf(held, now);
        if (drift === null) return;
        asDrift++;
        const applied = applyDrift(held, IncidentDrift.parse(JSON.parse(JSON.stringify(drift))));
        expect(withoutNulls(applied)).toEqual(withoutNulls(now));
      }),
      { numRuns: 4000 },
    );
    // The drift fields were among those changed: the property was not vacuous.
    expect(asDrift).toBeGreaterThan(40);
  });
});
