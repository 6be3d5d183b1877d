import { describe, expect, it } from 'vitest';
import { alert, MIN, shippedConfig, T0 } from '../testing/signalFixtures';
import { acknowledgeIncident, resolveIncident } from './incidentActions';
import { declareIncident, escalateIncident, isDeclared, undeclareIncident } from './judgmentActions';
import { emptyIncidentsState, reconcileIncidents, type EngineConfig } from './reconcileIncidents';

const cls = shippedConfig();
const config: EngineConfig = { classification: cls };
const policies = cls.severities;
const iso = (ms: number) => new Date(ms).toISOString();
/** PSI 0.3: moderate drift, P2, a judgment call. */
const drift = alert('PredictionDriftHigh', 0.3, { model: 'churn-model', severity: 'warning' });

function opened(signal = drift) {
  const r = reconcileIncidents(emptyIncidentsState(), [signal], T0, config);
  return { state: r.state, id: r.changed[0]!.id };
}

function ok<T extends { ok: boolean }>(r: T): Extract<T, { ok: true }> {
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r as Extract<T, { ok: true }>;
}

describe('escalate by hand', () => {
  it('raises the severity with who, why and what the rules say, and starts the new SLA clocks', () => {
    const { state, id } = opened();
    expect(state.incidents.get(id)!.severity).toBe('P2');
    const r = ok(escalateIncident(state, id, T0 + 5 * MIN, 'alice', 'P0', ' checkout declines doubled '));
    expect(r.incident).toMatchObject({
      severity: 'P0',
      manualSeverity: { severity: 'P0', by: 'alice', at: iso(T0 + 5 * MIN), reason: 'checkout declines doubled' },
      classification: { severity: 'P0', ruleId: 'manual' },
    });
    expect(r.incident.classification.reason).toBe(
      'escalated by hand to P0 by alice: checkout declines doubled (rules say P2: moderate drift PSI 0.3 (0.2-0.5))',
    );
    expect(r.incident.severityReachedAt?.P0).toBe(iso(T0 + 5 * MIN));
    expect(r.events).toEqual([
      expect.objectContaining({
        kind: 'escalated',
        source: 'user',
        actor: 'alice',
        text: 'alice escalated it P2 -> P0: checkout declines doubled',
        data: { from: 'P2', to: 'P0', manual: true, reason: 'checkout declines doubled' },
      }),
    ]);
  });

  it('holds across engine steps; rules may go higher, and the floor comes back when they fall', () => {
    const { state, id } = opened();
    const up = ok(escalateIncident(state, id, T0 + MIN, 'alice', 'P1', 'VIP customers affected'));
    const same = reconcileIncidents(up.state, [drift], T0 + 2 * MIN, config);
    expect(same.state.incidents.get(id)).toMatchObject({ severity: 'P1', classification: { ruleId: 'manual' } });
    expect(same.events.filter((e) => e.kind === 'severity-changed')).toEqual([]);

    // PSI 0.8 is P1 by the rules anyway; the manual floor is not above it, so the rule explains it.
    const worse = reconcileIncidents(same.state, [{ ...drift, value: 0.8 }], T0 + 3 * MIN, config);
    expect(worse.state.incidents.get(id)).toMatchObject({
      severity: 'P1',
      classification: { ruleId: 'drift-significant' },
    });

    const better = reconcileIncidents(worse.state, [{ ...drift, value: 0.25 }], T0 + 4 * MIN, config);
    expect(better.state.incidents.get(id)).toMatchObject({ severity: 'P1', classification: { ruleId: 'manual' } });
  });

  it('refuses a level that is not higher, a missing reason and a resolved incident; repeating is a no-op', () => {
    const { state, id } = opened();
    expect(escalateIncident(state, id, T0, 'bob', 'P2', 'why not')).toEqual({
      ok: false,
      error: 'PredictionDriftHigh is already P2: escalating means choosing a more severe level.',
    });
    expect(escalateIncident(state, id, T0, 'bob', 'P1', '  ')).toMatchObject({ ok: false });
    const once = ok(escalateIncident(state, id, T0 + MIN, 'bob', 'P1', 'VIP'));
    const twice = ok(escalateIncident(once.state, id, T0 + 2 * MIN, 'bob', 'P1', 'VIP again'));
    expect(twice.events).toEqual([]);
    const resolved = ok(resolveIncident(once.state, id, T0 + 3 * MIN, 'bob'));
    expect(escalateIncident(resolved.state, id, T0 + 4 * MIN, 'bob', 'P0', 'late')).toMatchObject({
      ok: false,
      error: expect.stringContaining('already resolved'),
    });
  });

  it('an old stored incident without the new fields is not counted as changed by the engine', () => {
    const { state, id } = opened();
    const legacy = { ...state.incidents.get(id)! };
    delete legacy.manualSeverity;
    delete legacy.declaration;
    const s = { ...state, incidents: new Map([[id, legacy]]) };
    const step = reconcileIncidents(s, [drift], T0 + MIN, config);
    expect(step.changed).toEqual([]);
  });
});

describe('declare and undeclare (P2/P3 judgment calls)', () => {
  it('declares a P2 with a reason, then takes it back; each writes its event', () => {
    const { state, id } = opened();
    expect(isDeclared(state.incidents.get(id)!, policies)).toBe(false);
    const d = ok(declareIncident(state, id, T0 + MIN, 'alice', policies, 'churn scores feed the retention campaign'));
    expect(d.incident.declaration).toEqual({
      declared: true,
      by: 'alice',
      at: iso(T0 + MIN),
      reason: 'churn scores feed the retention campaign',
    });
    expect(isDeclared(d.incident, policies)).toBe(true);
    expect(d.events[0]).toMatchObject({
      kind: 'declared',
      text: 'alice declared it a P2 incident: churn scores feed the retention campaign',
    });
    // The engine keeps the call.
    const step = reconcileIncidents(d.state, [drift], T0 + 2 * MIN, config);
    expect(step.state.incidents.get(id)!.declaration?.declared).toBe(true);

    const u = ok(undeclareIncident(step.state, id, T0 + 3 * MIN, 'bob', policies));
    expect(u.incident.declaration).toMatchObject({ declared: false, by: 'bob', reason: null });
    expect(u.events[0]).toMatchObject({ kind: 'undeclared', text: 'bob undeclared it: not an incident' });
    expect(ok(undeclareIncident(u.state, id, T0 + 4 * MIN, 'bob', policies)).events).toEqual([]);
  });

  it('P0/P1 are declared by the matrix: both calls are refused there', () => {
    const { state, id } = opened(alert('FraudModelServingDown', 1, { service: 'fraud-model' }));
    expect(isDeclared(state.incidents.get(id)!, policies)).toBe(true);
    expect(declareIncident(state, id, T0, 'alice', policies)).toEqual({
      ok: false,
      error: 'P0 incidents are declared automatically by the severity matrix; declaring is a call for P2 and P3 only.',
    });
    expect(undeclareIncident(state, id, T0, 'alice', policies)).toMatchObject({ ok: false });
  });

  it('undeclaring what was never declared says so; declaring twice is a no-op; acking keeps the call', () => {
    const { state, id } = opened();
    expect(undeclareIncident(state, id, T0, 'alice', policies)).toEqual({
      ok: false,
      error: 'PredictionDriftHigh was never declared: there is nothing to undeclare.',
    });
    const d = ok(declareIncident(state, id, T0 + MIN, 'alice', policies));
    expect(d.events[0]!.text).toBe('alice declared it a P2 incident');
    expect(ok(declareIncident(d.state, id, T0 + 2 * MIN, 'alice', policies)).events).toEqual([]);
    const acked = ok(acknowledgeIncident(d.state, id, T0 + 3 * MIN, 'alice'));
    expect(acked.incident.declaration?.declared).toBe(true);
  });
});
