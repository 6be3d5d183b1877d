import { describe, expect, it } from 'vitest';
import type { Signal, Suppression } from '../domain/signal';
import { notifyingStep } from '../testing/notifyingStep';
import { alert, MIN, seenBy, shippedConfig, T0 } from '../testing/signalFixtures';
import { acknowledgeIncident } from './incidentActions';
import { emptyIncidentsState, type EngineConfig, type IncidentsState } from './reconcileIncidents';

const config: EngineConfig = { classification: shippedConfig() };

/** A P0 as Alertmanager reports it. */
const p0 = seenBy(alert('FraudModelHighErrorRate', 0.072, { service: 'fraud-model' }), 'alertmanager');

function silenced(signal: Signal, untilMs: number | null, extra: Partial<Suppression> = {}): Signal {
  return {
    ...signal,
    suppressed: {
      kind: 'silence',
      until: untilMs === null ? null : new Date(untilMs).toISOString(),
      by: 'alice',
      comment: 'rolling back',
      ids: ['s-1'],
      ...extra,
    },
  };
}

function only(state: IncidentsState) {
  const list = [...state.incidents.values()];
  expect(list).toHaveLength(1);
  return list[0]!;
}

describe('the silenced state', () => {
  it('a silence in Alertmanager silences the incident until the silence ends; it is not resolved and pages nobody', () => {
    const r1 = notifyingStep(emptyIncidentsState(), [p0], T0, config);
    expect(r1.notify).toHaveLength(1);

    const r2 = notifyingStep(r1.state, [silenced(p0, T0 + 60 * MIN)], T0 + MIN, config);
    const inc = only(r2.state);
    expect(inc.state).toBe('silenced');
    expect(inc.resolvedAt).toBeNull();
    expect(inc.silence).toMatchObject({ kind: 'silence', by: 'alice', until: new Date(T0 + 60 * MIN).toISOString() });
    expect(r2.events.map((e) => e.kind)).toEqual(['silenced']);
    expect(r2.events[0]!.text).toContain('silenced in Alertmanager until 23:41 UTC by alice (rolling back)');
    expect(r2.notify).toHaveLength(0);

    // A steady silence is no change at all: nothing to store, nothing to push.
    const r3 = notifyingStep(r2.state, [silenced(p0, T0 + 60 * MIN)], T0 + 2 * MIN, config);
    expect(r3.changed).toHaveLength(0);
    expect(r3.events).toHaveLength(0);
  });

  it('when the silence ends and the alert still fires, an unacknowledged incident is open again and pages again', () => {
    const r1 = notifyingStep(emptyIncidentsState(), [p0], T0, config);
    const r2 = notifyingStep(r1.state, [silenced(p0, T0 + 30 * MIN)], T0 + MIN, config);
    expect(only(r2.state).state).toBe('silenced');

    // Alertmanager has not been polled since, but the silence's end has passed: it no longer holds.
    const r3 = notifyingStep(r2.state, [silenced(p0, T0 + 30 * MIN)], T0 + 31 * MIN, config);
    const inc = only(r3.state);
    expect(inc.state).toBe('open');
    expect(inc.silence).toBeNull();
    expect(r3.events.map((e) => e.kind)).toContain('unsilenced');
    expect(r3.notify.map((i) => i.id)).toEqual([inc.id]);
  });

  it('an acknowledged incident goes back to acknowledged after its silence, without paging', () => {
    const r1 = notifyingStep(emptyIncidentsState(), [p0], T0, config);
    const acked = acknowledgeIncident(r1.state, only(r1.state).id, T0 + MIN, 'bob');
    if (!acked.ok) throw new Error(acked.error);
    const r2 = notifyingStep(acked.state, [silenced(p0, T0 + 30 * MIN)], T0 + 2 * MIN, config);
    expect(only(r2.state).state).toBe('silenced');
    const r3 = notifyingStep(r2.state, [p0], T0 + 3 * MIN, config);
    expect(only(r3.state)).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'bob', silence: null });
    expect(r3.notify).toHaveLength(0);
  });

  it('an alert that clears while silenced resolves the incident as usual', () => {
    const r1 = notifyingStep(emptyIncidentsState(), [silenced(p0, T0 + 60 * MIN)], T0, config);
    expect(only(r1.state).state).toBe('silenced');
    expect(r1.notify).toHaveLength(0);
    const r2 = notifyingStep(r1.state, [], T0 + MIN, config);
    expect(only(r2.state)).toMatchObject({ state: 'resolved', silence: null, resolvedBy: 'vigil' });
  });

  it('the same alert from Prometheus is held back by the Alertmanager silence; another alert of the incident is not', () => {
    const fromPrometheus = alert('FraudModelHighErrorRate', 0.072, { service: 'fraud-model' });
    const r1 = notifyingStep(emptyIncidentsState(), [fromPrometheus, silenced(p0, T0 + 60 * MIN)], T0, config);
    expect(only(r1.state).state).toBe('silenced');
    expect(r1.notify).toHaveLength(0);

    const otherPod = alert('FraudModelHighErrorRate', 0.08, { service: 'fraud-model', pod: 'b' });
    const r2 = notifyingStep(r1.state, [fromPrometheus, otherPod, silenced(p0, T0 + 60 * MIN)], T0 + MIN, config);
    expect(only(r2.state).state).toBe('open');
    expect(r2.notify).toHaveLength(1);
  });

  it('a PagerDuty page of the same problem is not held back by an Alertmanager silence', () => {
    const page = { ...seenBy(p0, 'pagerduty'), dedupKey: 'fraud', name: 'Fraud errors' };
    const r = notifyingStep(
      emptyIncidentsState(),
      [{ ...silenced(p0, T0 + 60 * MIN), dedupKey: 'fraud' }, page],
      T0,
      config,
    );
    expect(only(r.state).state).toBe('open');
  });

  it('an inhibited alert is held back too, and says so; a silence wins over an inhibition', () => {
    const inhibited: Signal = {
      ...p0,
      suppressed: { kind: 'inhibition', until: null, by: null, comment: null, ids: ['fp-9'] },
    };
    const r1 = notifyingStep(emptyIncidentsState(), [inhibited], T0, config);
    expect(only(r1.state)).toMatchObject({ state: 'silenced', silence: { kind: 'inhibition' } });
    expect(r1.events.find((e) => e.kind === 'silenced')!.text).toContain('inhibited in Alertmanager');
  });

  it('progressive escalation waits while the incident is silenced', () => {
    const p3 = seenBy(alert('CPUThrottlingHigh', 0.3, { service: 'batch' }), 'alertmanager');
    const r1 = notifyingStep(emptyIncidentsState(), [silenced(p3, T0 + 180 * MIN)], T0, config);
    const before = only(r1.state).severity;
    const r2 = notifyingStep(r1.state, [silenced(p3, T0 + 180 * MIN)], T0 + 90 * MIN, config);
    expect(only(r2.state).severity).toBe(before);
    expect(only(r2.state).escalatedTo ?? null).toBeNull();
  });
});
