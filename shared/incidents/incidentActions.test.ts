import { describe, expect, it } from 'vitest';
import { alert, MIN, shippedConfig, T0 } from '../testing/signalFixtures';
import { acknowledgeIncident, mitigateIncident, postIncidentUpdate, resolveIncident } from './incidentActions';
import { emptyIncidentsState, type EngineConfig } from './reconcileIncidents';
import { notifyingStep } from '../testing/notifyingStep';

const config: EngineConfig = { classification: shippedConfig() };
const iso = (ms: number) => new Date(ms).toISOString();
const down = alert('FraudModelServingDown', 1, { service: 'fraud-model' });

function paged() {
  const r = notifyingStep(emptyIncidentsState(), [down], T0, config);
  return { state: r.state, id: r.changed[0]!.id };
}

function ok<T extends { ok: boolean }>(r: T): Extract<T, { ok: true }> {
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r as Extract<T, { ok: true }>;
}

describe('lifecycle: detected -> notified -> acknowledged -> mitigated -> resolved', () => {
  it('walks every phase with its timestamp, actor and event', () => {
    const { state, id } = paged();
    expect(state.incidents.get(id)).toMatchObject({ phase: 'notified', state: 'open', notifiedAt: iso(T0) });

    const acked = ok(acknowledgeIncident(state, id, T0 + 3 * MIN, 'alice', 'looking'));
    expect(acked.incident).toMatchObject({
      phase: 'acknowledged',
      state: 'acknowledged',
      acknowledgedAt: iso(T0 + 3 * MIN),
      acknowledgedBy: 'alice',
    });
    expect(acked.events).toEqual([
      expect.objectContaining({
        kind: 'acknowledged',
        actor: 'alice',
        source: 'user',
        text: 'alice acknowledged it: looking',
      }),
    ]);

    const mitigated = ok(mitigateIncident(acked.state, id, T0 + 20 * MIN, 'alice', 'rolled back to v2.4.0'));
    expect(mitigated.incident).toMatchObject({
      phase: 'mitigated',
      state: 'acknowledged',
      mitigatedAt: iso(T0 + 20 * MIN),
    });

    // The engine keeps what people did while the alert still fires.
    const step = notifyingStep(mitigated.state, [down], T0 + 21 * MIN, config);
    expect(step.state.incidents.get(id)).toMatchObject({ phase: 'mitigated', acknowledgedBy: 'alice' });

    const cleared = notifyingStep(step.state, [], T0 + 25 * MIN, config);
    expect(cleared.changed[0]).toMatchObject({
      phase: 'resolved',
      state: 'resolved',
      resolvedBy: 'vigil',
      resolvedAt: iso(T0 + 25 * MIN),
    });
  });

  it('mitigating an unacknowledged incident acknowledges it too', () => {
    const { state, id } = paged();
    const r = ok(mitigateIncident(state, id, T0 + MIN, 'bob'));
    expect(r.incident).toMatchObject({
      acknowledgedAt: iso(T0 + MIN),
      acknowledgedBy: 'bob',
      mitigatedAt: iso(T0 + MIN),
    });
    expect(r.events.map((e) => e.kind)).toEqual(['acknowledged', 'mitigated']);
    expect(new Set(r.events.map((e) => e.id)).size).toBe(2);
  });

  it('doing it twice changes nothing; acting on a resolved incident says why not', () => {
    const { state, id } = paged();
    const once = ok(acknowledgeIncident(state, id, T0 + MIN, 'alice'));
    const twice = ok(acknowledgeIncident(once.state, id, T0 + 2 * MIN, 'bob'));
    expect(twice.events).toEqual([]);
    expect(twice.incident).toBe(once.incident);

    const resolved = ok(resolveIncident(once.state, id, T0 + 5 * MIN, 'alice'));
    expect(acknowledgeIncident(resolved.state, id, T0 + 6 * MIN, 'bob')).toEqual({
      ok: false,
      error: 'FraudModelServingDown was already resolved at 22:46 UTC: there is nothing to acknowledge.',
    });
    expect(acknowledgeIncident(resolved.state, 'nope', T0, 'bob')).toMatchObject({ ok: false });
  });

  it('resolving while the alert still fires: the next step reopens it and says so, without paging again', () => {
    const { state, id } = paged();
    const resolved = ok(resolveIncident(state, id, T0 + 2 * MIN, 'alice'));
    expect(resolved.events[0]!.text).toBe('alice resolved it (its alerts were still firing)');
    expect(resolved.state.openByKey.size).toBe(0);
    const next = notifyingStep(resolved.state, [down], T0 + 3 * MIN, config);
    expect(next.changed[0]).toMatchObject({ id, state: 'open', phase: 'notified', resolvedAt: null });
    expect(next.events[0]!.text).toBe('still firing after alice resolved it: reopened');
    expect(next.notify).toEqual([]);
  });

  it('an update restarts the update clock and is recorded with its text', () => {
    const { state, id } = paged();
    const r = ok(postIncidentUpdate(state, id, T0 + 10 * MIN, 'alice', 'Investigating errors on fraud-model.'));
    expect(r.incident.lastUpdateAt).toBe(iso(T0 + 10 * MIN));
    expect(r.events[0]).toMatchObject({ kind: 'update-posted', text: 'Investigating errors on fraud-model.' });
  });

  it('an acknowledged incident does not page, even when it gets worse', () => {
    const drift = alert('PredictionDriftHigh', 0.3, { model: 'churn-model' });
    const r1 = notifyingStep(emptyIncidentsState(), [drift], T0, config);
    const acked = ok(acknowledgeIncident(r1.state, r1.changed[0]!.id, T0 + MIN, 'alice'));
    const r2 = notifyingStep(acked.state, [{ ...drift, value: 0.8 }], T0 + 2 * MIN, config);
    expect(r2.changed[0]!.severity).toBe('P1');
    expect(r2.notify).toEqual([]);
  });
});
