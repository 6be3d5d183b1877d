import { describe, expect, it } from 'vitest';
import type { Signal } from '../../shared/domain/signal';
import { legacyLabelFingerprint } from '../../shared/incidents/groupKey';
import { emptyIncidentsState, reconcileIncidents } from '../../shared/incidents/reconcileIncidents';
import { restoreIncidentsState } from '../../shared/incidents/restoreIncidentsState';
import { notifyingStep } from '../../shared/testing/notifyingStep';
import { shippedConfig } from '../../shared/testing/signalFixtures';
import { labelFingerprint, toSignals, type PrometheusAlertsData } from './prometheusAlerts';

const config = { classification: shippedConfig() };
const T0 = Date.parse('2026-12-04T20:00:00Z');

const firing = (service: string) => ({
  labels: { alertname: 'FraudModelHighErrorRate', service, severity: 'critical' },
  annotations: { summary: `error ratio above 5% on ${service}` },
  state: 'firing' as const,
  activeAt: '2026-12-04T19:58:00.123456789Z',
  value: '7.2e-02',
});
const reply = (alerts: PrometheusAlertsData['data']['alerts']): PrometheusAlertsData => ({
  status: 'success',
  data: { alerts },
});

describe('toSignals', () => {
  it('makes one signal per active alert, its id the source and a 64-bit label fingerprint', () => {
    const inactive = { ...firing('idle'), state: 'inactive' as const };
    const pending = { ...firing('b'), state: 'pending' as const, activeAt: '0001-01-01T00:00:00Z', value: 'NaN' };
    const [a, b, ...rest] = toSignals('prom', reply([firing('a'), inactive, pending]));
    expect(rest).toEqual([]);
    expect(a).toMatchObject({
      id: `prom/${labelFingerprint(firing('a').labels)}`,
      sourceKind: 'prometheus',
      name: 'FraudModelHighErrorRate',
      state: 'firing',
      activeAt: '2026-12-04T19:58:00.123Z',
      value: 0.072,
      stale: false,
    });
    expect(a!.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(b).toMatchObject({ state: 'pending', activeAt: null, value: null });
  });

  it('reads activeAt as Date.parse and toISOString would, whatever the text (fast path included)', () => {
    const slow = (t: string) => {
      const ms = Date.parse(t);
      return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : null;
    };
    const pad = (n: number, w: number) => String(n).padStart(w, '0');
    const texts = [
      '2026-12-04T19:58:00Z',
      '2026-12-04T19:58:00.1Z',
      '2026-12-04T19:58:00.123+01:00',
      '0001-01-01T00:00:00Z',
      '1970-01-01T00:00:00.000Z',
      '1970-01-01T00:00:00.001Z',
      '2026-12-04t19:58:00.000Z',
      '2026-12-04T19:58:00.000z',
      '2026-12-04T19:58:0a.000Z',
      '2026-1a-04T19:58:00.000Z',
      '+02026-12-04T19:58:00.000Z',
    ];
    for (const year of [1969, 1970, 1971, 2000, 2023, 2024, 2100, 9999]) {
      for (const month of [0, 1, 2, 4, 12, 13]) {
        for (const day of [0, 1, 28, 29, 30, 31, 32]) {
          for (const [h, m, sec] of [
            [0, 0, 0],
            [23, 59, 59],
            [24, 0, 0],
            [12, 60, 0],
            [12, 0, 60],
          ]) {
            texts.push(
              `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(h!, 2)}:${pad(m!, 2)}:${pad(sec!, 2)}.${pad(day * 31, 3)}Z`,
            );
          }
        }
      }
    }
    const signals = toSignals('prom', reply(texts.map((activeAt, i) => ({ ...firing(`s${i}`), activeAt }))));
    expect(signals.map((s) => s.activeAt)).toEqual(texts.map(slow));
  });

  it('reads the same activeAt the same way on every poll', () => {
    const twice = [1, 2].map(() => toSignals('prom', reply([firing('a')]))[0]!.activeAt);
    expect(twice).toEqual(['2026-12-04T19:58:00.123Z', '2026-12-04T19:58:00.123Z']);
    expect(toSignals('prom', reply([{ ...firing('a'), activeAt: 'yesterday' }]))[0]!.activeAt).toBeNull();
  });
});

describe('alerts whose 32-bit fingerprints collide', () => {
  // Found by brute force: these label sets share their old 32-bit fingerprint (09a71808), and
  // these two services' group keys share their old 32-bit incident-id hash.
  const sameOldFingerprint = ['svc-42968', 'svc-598236'];
  const sameOldKeyHash = ['svc-1522789', 'svc-1739192'];

  it('are two signals and two incidents, with two ids, even when opened in one step', () => {
    const [a, b] = sameOldFingerprint.map((s) => firing(s).labels);
    expect(legacyLabelFingerprint(a!)).toBe(legacyLabelFingerprint(b!));

    const signals = toSignals('prom', reply([...sameOldFingerprint, ...sameOldKeyHash].map(firing)));
    expect(new Set(signals.map((s) => s.id)).size).toBe(4);
    const { state, changed } = reconcileIncidents(emptyIncidentsState(), signals, T0, config);
    expect(changed).toHaveLength(4);
    expect(state.incidents.size).toBe(4);
    expect(new Set(changed.map((i) => i.id)).size).toBe(4);
    for (const inc of changed) expect(inc.id).toMatch(/^inc-[0-9a-f]{16}-[0-9a-z]+$/);
  });
});

describe('incidents stored with 32-bit fingerprints', () => {
  /** A signal as versions before 64-bit fingerprints made it. */
  const asBefore = (s: Signal): Signal => {
    const fingerprint = legacyLabelFingerprint(s.labels);
    return { ...s, id: `${s.sourceId}/${fingerprint}`, fingerprint };
  };
  const stored = (xs: Iterable<unknown>) => JSON.parse(JSON.stringify([...xs]));

  it('restore with the ids the source now gives their alerts: no churn, no second page', () => {
    const fresh = toSignals('prom', reply([firing('fraud-model'), firing('ranker')]));
    const before = notifyingStep(emptyIncidentsState(), fresh.map(asBefore), T0, config);
    expect(before.notify).toHaveLength(2);

    const restored = restoreIncidentsState(stored(before.state.incidents.values()));
    const restoredSignals = [...restored.incidents.values()].flatMap((i) => i.signals);
    expect(restoredSignals.map((s) => s.id).sort()).toEqual(fresh.map((s) => s.id).sort());
    expect(restoredSignals.map((s) => s.fingerprint).sort()).toEqual(fresh.map((s) => s.fingerprint).sort());

    const back = notifyingStep(restored, fresh, T0 + 60_000, config);
    expect(back.notify).toEqual([]);
    expect(back.events.map((e) => e.kind)).not.toContain('alerts-changed');
    expect(back.events.map((e) => e.kind)).not.toContain('fired');
    for (const inc of back.state.incidents.values()) {
      expect(inc).toMatchObject({ state: 'open', stale: false, alertCount: 1 });
      expect(before.state.incidents.has(inc.id)).toBe(true);
    }
  });
});
