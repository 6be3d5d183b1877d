import { describe, expect, it } from 'vitest';
import { alert, MIN, shippedConfig, T0 } from '../testing/signalFixtures';
import { acknowledgeIncident } from './incidentActions';
import { emptyIncidentsState, reconcileIncidents, type IncidentsState } from './reconcileIncidents';
import type { Incident } from '../domain/incident';
import { createWritePolicy } from './writePolicy';

const config = { classification: shippedConfig() };
const errors = (value: number) =>
  alert('FraudModelHighErrorRate', value, { service: 'fraud-model', severity: 'critical' });

/** Runs the engine over one drifting alert and hands each step's changes to the policy. */
function drive(checkpointMs = 5 * MIN) {
  const policy = createWritePolicy(checkpointMs, T0);
  let state: IncidentsState = emptyIncidentsState();
  const step = (value: number, t: number) => {
    const r = reconcileIncidents(state, [errors(value)], t, config);
    state = r.state;
    return { changed: r.changed, written: policy.toWrite(r.changed) };
  };
  return { policy, step, state: () => state };
}

describe('write policy: persist state, not noise', () => {
  it('writes a new incident, then not for a value that drifts, though the engine reports it changed', () => {
    const d = drive();
    expect(d.step(0.072, T0).written).toHaveLength(1);
    for (let i = 1; i <= 20; i++) {
      const r = d.step(0.072 + i / 1000, T0 + i * 15_000);
      expect(r.changed).toHaveLength(1);
      expect(r.written).toEqual([]);
    }
  });

  it('writes every state transition: severity changed, acknowledged, resolved', () => {
    const d = drive();
    d.step(0.072, T0);
    // Below the P0 ratio: the severity moves, which is a state change.
    const lower = d.step(0.02, T0 + 15_000);
    expect(lower.written.map((i) => i.severity)).toEqual([lower.changed[0]!.severity]);
    expect(lower.changed[0]!.severity).not.toBe('P0');

    const id = lower.changed[0]!.id;
    const acked = acknowledgeIncident(d.state(), id, T0 + 20_000, 'you');
    if (!acked.ok) throw new Error(acked.error);
    expect(d.policy.toWrite([acked.incident])).toEqual([acked.incident]);

    const cleared = reconcileIncidents(acked.state, [], T0 + 30_000, config);
    expect(d.policy.toWrite(cleared.changed).map((i) => i.state)).toEqual(['resolved']);
  });

  it('checkpoints drifted values at most once per interval, and only when something drifted', () => {
    const d = drive(5 * MIN);
    d.step(0.072, T0);
    expect(d.policy.checkpointDue(T0 + 10 * MIN)).toBeNull(); // nothing drifted yet
    d.step(0.073, T0 + 15_000);
    expect(d.policy.checkpointDue(T0 + 15_000)).toBeNull(); // too soon after start
    expect(d.policy.checkpointDue(T0 + 5 * MIN)?.map((i) => i.signals[0]!.value)).toEqual([0.073]);
    d.step(0.074, T0 + 5 * MIN + 15_000);
    expect(d.policy.checkpointDue(T0 + 6 * MIN)).toBeNull(); // one interval has not passed since
    expect(d.policy.checkpointDue(T0 + 10 * MIN)?.map((i) => i.signals[0]!.value)).toEqual([0.074]);
    expect(d.policy.checkpointDue(T0 + 20 * MIN)).toBeNull(); // nothing new drifted
  });

  it('a failed write is retried at the next change, even a value drift', () => {
    const d = drive();
    const [first] = d.step(0.072, T0).written;
    d.policy.writeFailed(first!.id);
    expect(d.step(0.073, T0 + 15_000).written).toHaveLength(1);
    expect(d.step(0.074, T0 + 30_000).written).toEqual([]);
  });

  it("with the engine's values-only word it writes exactly what a full comparison writes", () => {
    const hinted = createWritePolicy(5 * MIN, T0);
    const compared = createWritePolicy(5 * MIN, T0);
    let state: IncidentsState = emptyIncidentsState();
    // Drift, a severity move, drift again, an ack between steps, a failed write, a resolve.
    const values = [0.072, 0.073, 0.074, 0.02, 0.021, 0.08, 0.081, 0.082, 0.083];
    const out: [string[], string[]][] = [];
    values.forEach((v, i) => {
      const t = T0 + i * 15_000;
      const r = reconcileIncidents(state, [errors(v)], t, config);
      state = r.state;
      const ids = (xs: readonly Incident[]) => xs.map((x) => `${x.id}@${x.revision}`);
      out.push([ids(hinted.toWrite(r.changed, r.valuesOnly)), ids(compared.toWrite(r.changed))]);
      if (i === 5) {
        const acked = acknowledgeIncident(state, r.changed[0]!.id, t + 1, 'you');
        if (!acked.ok) throw new Error(acked.error);
        state = acked.state;
        out.push([ids(hinted.toWrite([acked.incident])), ids(compared.toWrite([acked.incident]))]);
      }
      if (i === 6) {
        hinted.writeFailed(r.changed[0]!.id);
        compared.writeFailed(r.changed[0]!.id);
      }
    });
    const cleared = reconcileIncidents(state, [], T0 + 10 * 15_000, config);
    out.push([
      hinted.toWrite(cleared.changed, cleared.valuesOnly).map((i) => i.state),
      compared.toWrite(cleared.changed).map((i) => i.state),
    ]);
    for (const [h, c] of out) expect(h).toEqual(c);
    // Not vacuous: some steps wrote, some did not.
    expect(out.filter(([h]) => h.length === 0).length).toBeGreaterThan(2);
    expect(out.filter(([h]) => h.length > 0).length).toBeGreaterThan(3);
  });
});
