import { describe, expect, it } from 'vitest';
import { typicalExpr } from '../testing/signalFixtures';
import shipped from '../../resources/classification.yaml?raw';
import { parseClassificationConfig } from '../classify/classificationConfig';
import type { Signal } from '../domain/signal';
import { labelFingerprint, legacyLabelFingerprint } from './groupKey';
import { emptyIncidentsState } from './reconcileIncidents';
import { restoreIncidentsState } from './restoreIncidentsState';
import { notifyingStep } from '../testing/notifyingStep';

const cfg = parseClassificationConfig(shipped);
if (!cfg.ok) throw new Error('bad shipped config');
const config = { classification: cfg.config };
const T0 = Date.parse('2026-11-24T22:41:00Z');

const alert: Signal = {
  id: 'prom/a',
  sourceId: 'prom',
  sourceKind: 'prometheus',
  fingerprint: 'a',
  name: 'FraudModelServingDown',
  labels: { alertname: 'FraudModelServingDown', service: 'fraud-model' },
  annotations: { summary: 'fraud-model is down' },
  state: 'firing',
  activeAt: new Date(T0).toISOString(),
  value: 1,
  generatorURL: null,
  expr: typicalExpr('FraudModelServingDown'),
  stale: false,
};

/** Round-trips incidents through JSON, as the incident store does. */
const stored = (xs: Iterable<unknown>) => JSON.parse(JSON.stringify([...xs]));

describe('restoreIncidentsState', () => {
  it('keeps an open incident open (stale, no new page) until its source answers, then continues it', () => {
    const live = notifyingStep(emptyIncidentsState(), [alert], T0, config);
    expect(live.notify).toHaveLength(1);
    const restored = restoreIncidentsState(stored(live.state.incidents.values()));
    const inc = [...restored.incidents.values()][0]!;
    expect(inc).toMatchObject({ state: 'open', stale: true });

    // The source has not answered yet: its last signals are fed back stale.
    const waiting = notifyingStep(restored, inc.signals, T0 + 60_000, config);
    expect(waiting.notify).toEqual([]);
    expect([...waiting.state.incidents.values()][0]).toMatchObject({ id: inc.id, state: 'open' });

    // The source answers and the alert still fires: same incident, fresh, still no second page.
    const back = notifyingStep(waiting.state, [alert], T0 + 120_000, config);
    expect(back.notify).toEqual([]);
    expect([...back.state.incidents.values()][0]).toMatchObject({ id: inc.id, state: 'open', stale: false });
  });

  it('remembers resolved incidents for the flap window: a refire reopens the same incident', () => {
    const a = notifyingStep(emptyIncidentsState(), [alert], T0, config);
    const b = notifyingStep(a.state, [], T0 + 60_000, config);
    const restored = restoreIncidentsState(stored(b.state.incidents.values()));
    const again = notifyingStep(restored, [alert], T0 + 120_000, config);
    expect(again.state.incidents.size).toBe(1);
    expect(again.changed[0]!.id).toBe(a.changed[0]!.id);
  });
});

describe('restored incidents keep their rating while their source is silent', () => {
  it('a P1 from "error rate > 1% and rising" stays P1 after a restart until fresh data says otherwise', () => {
    const rising = (value: number): Signal => ({
      ...alert,
      id: 'prom/err',
      fingerprint: 'err',
      name: 'FraudModelHighErrorRate',
      labels: { alertname: 'FraudModelHighErrorRate', service: 'fraud-model', severity: 'warning' },
      // The team warns from 1%; the matrix pages when it keeps rising.
      expr: 'sum(rate(model_requests_total{status="error"}[5m])) / sum(rate(model_requests_total[5m])) > 0.01',
      value,
    });
    let state = emptyIncidentsState();
    [0.011, 0.015, 0.02, 0.026, 0.031].forEach((v, i) => {
      state = notifyingStep(state, [rising(v)], T0 + i * 60_000, config).state;
    });
    const live = [...state.incidents.values()][0]!;
    expect(live.severity).toBe('P1');

    const restored = restoreIncidentsState(stored(state.incidents.values()));
    const inc = [...restored.incidents.values()][0]!;
    const waiting = notifyingStep(restored, inc.signals, T0 + 6 * 60_000, config);
    expect([...waiting.state.incidents.values()][0]!.severity).toBe('P1');
  });
});

describe('restoreIncidentsState: alerts stored with 32-bit fingerprints', () => {
  const labels = alert.labels;
  const old = legacyLabelFingerprint(labels);
  const restoredSignals = (signals: Signal[]) => {
    const live = notifyingStep(emptyIncidentsState(), signals, T0, config);
    const restored = restoreIncidentsState(stored(live.state.incidents.values()));
    return [...restored.incidents.values()].flatMap((i) => i.signals);
  };

  it("gives a Prometheus alert, and an HA set's merged Alertmanager alert, the 64-bit fingerprint and id", () => {
    const prom = { ...alert, id: `prom/${old}`, fingerprint: old };
    const am = { ...alert, id: `am/${old}`, sourceId: 'am', sourceKind: 'alertmanager' as const, fingerprint: old };
    expect(restoredSignals([prom, am]).map((s) => [s.id, s.fingerprint])).toEqual([
      [`am/${labelFingerprint(labels)}`, labelFingerprint(labels)],
      [`prom/${labelFingerprint(labels)}`, labelFingerprint(labels)],
    ]);
  });

  it("keeps every other fingerprint: Alertmanager's own, PagerDuty's, and ones not made from the labels", () => {
    const am = {
      ...alert,
      id: 'am/9f1c2a7e3b4d5c6a',
      sourceId: 'am',
      sourceKind: 'alertmanager' as const,
      fingerprint: '9f1c2a7e3b4d5c6a',
    };
    const pd = { ...alert, id: `pd/${old}`, sourceId: 'pd', sourceKind: 'pagerduty' as const, fingerprint: old };
    const other = { ...alert, id: 'prom/0badf00d', fingerprint: '0badf00d' };
    const signals = [am, pd, other, alert];
    expect(
      restoredSignals(signals)
        .map((s) => s.id)
        .sort(),
    ).toEqual(signals.map((s) => s.id).sort());
  });
});
