import { describe, expect, it } from 'vitest';
import { alert, MIN, shippedConfig, T0 } from '../testing/signalFixtures';
import { acknowledgeIncident, mitigateIncident, postIncidentUpdate } from './incidentActions';
import { emptyIncidentsState, reconcileIncidents, type EngineConfig } from './reconcileIncidents';
import { slaClocks } from './slaClocks';

const classification = shippedConfig();
const config: EngineConfig = { classification };
const iso = (ms: number) => new Date(ms).toISOString();

function p0() {
  const r = reconcileIncidents(
    emptyIncidentsState(),
    [alert('FraudModelServingDown', 1, { service: 'x' })],
    T0,
    config,
  );
  return { state: r.state, incident: r.changed[0]! };
}

describe('slaClocks (seed 000 SLAs)', () => {
  it('a P0 has ack 5 min, update 15 min and mitigate 60 min clocks from detection', () => {
    const { incident } = p0();
    const clocks = slaClocks(incident, classification.severities.P0, T0 + 2 * MIN);
    expect(clocks).toEqual({
      severity: 'P0',
      startedAt: iso(T0),
      clocks: [
        { kind: 'ack', dueAt: iso(T0 + 5 * MIN), metAt: null, msLeft: 3 * MIN, breached: false },
        { kind: 'update', dueAt: iso(T0 + 15 * MIN), metAt: null, msLeft: 13 * MIN, breached: false },
        { kind: 'mitigate', dueAt: iso(T0 + 60 * MIN), metAt: null, msLeft: 58 * MIN, breached: false },
      ],
    });
  });

  it('is not breached at the deadline, breached a millisecond after', () => {
    const { incident } = p0();
    const ack = (now: number) => slaClocks(incident, classification.severities.P0, now).clocks[0]!;
    expect(ack(T0 + 5 * MIN)).toMatchObject({ msLeft: 0, breached: false });
    expect(ack(T0 + 5 * MIN + 1)).toMatchObject({ msLeft: -1, breached: true });
  });

  it('stops a clock when it is met, and remembers a late one', () => {
    const { state, incident } = p0();
    const acked = acknowledgeIncident(state, incident.id, T0 + 7 * MIN, 'alice');
    if (!acked.ok) throw new Error(acked.error);
    const updated = postIncidentUpdate(acked.state, incident.id, T0 + 12 * MIN, 'alice', 'rolling back');
    if (!updated.ok) throw new Error(updated.error);
    const mitigated = mitigateIncident(updated.state, incident.id, T0 + 40 * MIN, 'alice');
    if (!mitigated.ok) throw new Error(mitigated.error);
    const c = slaClocks(mitigated.incident, classification.severities.P0, T0 + 45 * MIN).clocks;
    expect(c[0]).toMatchObject({ kind: 'ack', metAt: iso(T0 + 7 * MIN), msLeft: null, breached: true });
    expect(c[1]).toMatchObject({ kind: 'update', dueAt: iso(T0 + 27 * MIN), metAt: null, breached: true });
    expect(c[2]).toMatchObject({ kind: 'mitigate', metAt: iso(T0 + 40 * MIN), breached: false });
  });

  it('P2 and P3 have ack and resolve clocks; resolution meets them', () => {
    const drift = alert('PredictionDriftHigh', 0.3, { model: 'm' });
    const r1 = reconcileIncidents(emptyIncidentsState(), [drift], T0, config);
    const r2 = reconcileIncidents(r1.state, [], T0 + 2 * 3_600_000, config);
    const c = slaClocks(r2.changed[0]!, classification.severities.P2, T0 + 3 * 3_600_000);
    expect(c.clocks.map((k) => [k.kind, k.dueAt, k.metAt, k.breached])).toEqual([
      ['ack', iso(T0 + 3_600_000), iso(T0 + 2 * 3_600_000), true],
      ['resolve', iso(T0 + 24 * 3_600_000), iso(T0 + 2 * 3_600_000), false],
    ]);
  });

  it('an escalated incident starts its clocks when it reached the severity, not at detection', () => {
    const drift = alert('PredictionDriftHigh', 0.15, { model: 'm' });
    let state = emptyIncidentsState();
    for (let t = T0; t <= T0 + 60 * MIN; t += MIN) state = reconcileIncidents(state, [drift], t, config).state;
    const inc = [...state.incidents.values()][0]!;
    expect(inc.severity).toBe('P1');
    const c = slaClocks(inc, classification.severities.P1, T0 + 62 * MIN);
    expect(c.startedAt).toBe(iso(T0 + 60 * MIN));
    expect(c.clocks[0]).toMatchObject({ kind: 'ack', dueAt: iso(T0 + 75 * MIN), breached: false });
  });

  it('a P0 that settles to P1 keeps the time it already had', () => {
    const err = (v: number) => alert('FraudModelHighErrorRate', v, { service: 'x', severity: 'critical' });
    const r1 = reconcileIncidents(emptyIncidentsState(), [err(0.08)], T0, config);
    const r2 = reconcileIncidents(r1.state, [err(0.03)], T0 + 10 * MIN, config);
    const inc = r2.changed[0]!;
    expect(inc.severity).toBe('P1');
    expect(slaClocks(inc, classification.severities.P1, T0 + 11 * MIN).startedAt).toBe(iso(T0));
  });
});
