import { describe, expect, it } from 'vitest';
import { typicalExpr } from '../testing/signalFixtures';
import shipped from '../../resources/classification.yaml?raw';
import { parseClassificationConfig } from '../classify/classificationConfig';
import type { Signal } from '../domain/signal';
import { emptyIncidentsState, type EngineConfig } from './reconcileIncidents';
import { notifyingStep } from '../testing/notifyingStep';

const parsed = parseClassificationConfig(shipped);
if (!parsed.ok) throw new Error('shipped classification.yaml is invalid');
const config: EngineConfig = { classification: parsed.config };
const T0 = Date.parse('2026-11-24T22:41:00Z');

function alert(name: string, value: number, labels: Record<string, string> = {}, extra: Partial<Signal> = {}): Signal {
  const fp = `${name}-${JSON.stringify(labels)}`;
  return {
    id: `prom/${fp}`,
    sourceId: 'prom',
    sourceKind: 'prometheus',
    fingerprint: fp,
    name,
    labels: { alertname: name, ...labels },
    annotations: { summary: `${name} summary` },
    state: 'firing',
    activeAt: new Date(T0).toISOString(),
    value,
    generatorURL: null,
    expr: typicalExpr(name),
    stale: false,
    ...extra,
  };
}

describe('reconcileIncidents', () => {
  it('groups pods of one service into one incident and notifies a P0 once', () => {
    const a = alert('FraudModelHighErrorRate', 0.072, { service: 'fraud-model', pod: 'a' });
    const b = alert('FraudModelHighErrorRate', 0.03, { service: 'fraud-model', pod: 'b' });
    const r1 = notifyingStep(emptyIncidentsState(), [a, b], T0 + 2000, config);
    expect(r1.changed).toHaveLength(1);
    const inc = r1.changed[0]!;
    expect(inc).toMatchObject({
      severity: 'P0',
      title: 'FraudModelHighErrorRate',
      state: 'open',
      summary: 'FraudModelHighErrorRate summary',
    });
    expect(inc.signals).toHaveLength(2);
    expect(r1.notify.map((i) => i.id)).toEqual([inc.id]);

    const r2 = notifyingStep(r1.state, [a, b], T0 + 4000, config);
    expect(r2.notify).toHaveLength(0);
    expect(r2.changed).toHaveLength(0);
  });

  it('does not page for P2/P3 and pages once when an incident escalates to P1', () => {
    const drift = alert('PredictionDriftHigh', 0.3, { model: 'churn-model' });
    const r1 = notifyingStep(emptyIncidentsState(), [drift], T0, config);
    expect(r1.changed[0]!.severity).toBe('P2');
    expect(r1.notify).toHaveLength(0);
    const r2 = notifyingStep(r1.state, [{ ...drift, value: 0.7 }], T0 + 60_000, config);
    expect(r2.changed[0]!.severity).toBe('P1');
    expect(r2.notify).toHaveLength(1);
    expect(r2.changed[0]!.id).toBe(r1.changed[0]!.id);
  });

  it("escalates an unacknowledged P3 as time passes, but never above its author's info label", () => {
    const unlabelled = alert('FeatureStoreLagging', 1, { service: 'features' });
    const info = alert('KubeQuotaAlmostFull', 1, { service: 'payments', severity: 'info' });
    const r1 = notifyingStep(emptyIncidentsState(), [unlabelled, info], T0, config);
    expect(r1.changed.map((i) => [i.title, i.severity]).sort()).toEqual([
      ['FeatureStoreLagging', 'P3'],
      ['KubeQuotaAlmostFull', 'P3'],
    ]);
    const r2 = notifyingStep(r1.state, [unlabelled, info], T0 + 61 * 60_000, config);
    const byTitle = new Map([...r2.state.incidents.values()].map((i) => [i.title, i]));
    expect(byTitle.get('FeatureStoreLagging')).toMatchObject({ severity: 'P1', escalatedTo: 'P1' });
    expect(byTitle.get('KubeQuotaAlmostFull')).toMatchObject({ severity: 'P3', escalatedTo: null });
    expect(r2.notify.map((i) => i.title)).toEqual(['FeatureStoreLagging']);
  });

  it('resolves an incident when its alert stops firing, and opens a new one if it returns after the flap window', () => {
    const a = alert('FraudModelServingDown', 1, { service: 'fraud-model' });
    const r1 = notifyingStep(emptyIncidentsState(), [a], T0, config);
    const r2 = notifyingStep(r1.state, [], T0 + 60_000, config);
    expect(r2.changed[0]).toMatchObject({ state: 'resolved', resolvedAt: new Date(T0 + 60_000).toISOString() });
    // The shipped flap window is 10 min: one minute later it is the same incident (flapping.test.ts).
    const r3 = notifyingStep(r2.state, [a], T0 + 60_000 + 10 * 60_000 + 1, config);
    expect(r3.changed[0]!.id).not.toBe(r1.changed[0]!.id);
    expect(r3.state.incidents.size).toBe(2);
  });

  it('keeps an incident open and marked stale while its source is unreachable', () => {
    const a = alert('FraudModelServingDown', 1, { service: 'fraud-model' });
    const r1 = notifyingStep(emptyIncidentsState(), [a], T0, config);
    const r2 = notifyingStep(r1.state, [{ ...a, stale: true }], T0 + 60_000, config);
    expect(r2.changed[0]).toMatchObject({ state: 'open', stale: true });
  });

  it('ignores pending alerts and dates the incident from the earliest activeAt', () => {
    const early = alert(
      'FraudModelHighErrorRate',
      0.1,
      { service: 'x', pod: '1' },
      { activeAt: '2026-11-24T22:30:00.000Z' },
    );
    const pending = alert('FraudModelHighLatency', 2, { service: 'x' }, { state: 'pending' });
    const late = alert('FraudModelHighErrorRate', 0.1, { service: 'x', pod: '2' });
    const r = notifyingStep(emptyIncidentsState(), [late, early, pending], T0, config);
    expect(r.changed).toHaveLength(1);
    expect(r.changed[0]!.startedAt).toBe('2026-11-24T22:30:00.000Z');
  });
});
