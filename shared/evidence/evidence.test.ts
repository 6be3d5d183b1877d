import { describe, expect, it } from 'vitest';
import { alert, shippedConfig, T0 } from '../testing/signalFixtures';
import { readSignal } from './evidenceThreshold';
import { pickSeries, stepFor, toPoints } from './pickSeries';

const config = shippedConfig();

describe('readSignal: the value against the threshold it crossed', () => {
  it('takes the threshold of the matrix rule that decided, in its unit', () => {
    const r = readSignal(alert('FraudModelHighErrorRate', 0.072, { service: 'fraud-model' }), config, T0, null);
    expect(r).toEqual({
      value: 0.072,
      valueText: '7.2%',
      unit: 'percent',
      threshold: { op: '>', value: 0.05, text: '> 5%', from: 'rule', ruleId: 'hard-errors' },
    });
  });

  it('reads in the unit of the rule that decided the incident, when given, even where its value no longer holds', () => {
    // Resolved at 1.2%, last decided by "error ratio > 1% and rising": classified again, the flat
    // last value finds no rule, and would read as a bare 0.012.
    const last = alert('FraudModelHighErrorRate', 0.012, { service: 'fraud-model' });
    expect(readSignal(last, config, T0, null, 'errors-rising')).toMatchObject({
      valueText: '1.2%',
      threshold: { text: '> 1%', ruleId: 'errors-rising' },
    });
    expect(readSignal(last, config, T0, null).valueText).toBe('0.012');
    // Not a rule (escalation, a hand-set severity): classified again, as before.
    expect(readSignal(last, config, T0, null, 'escalation').valueText).toBe('0.012');
  });

  it("multiplies an SLA threshold by the alert's own SLA and says so", () => {
    const r = readSignal(
      alert('FraudModelHighLatency', 0.8, { service: 'fraud-model', sla_seconds: '0.5' }),
      config,
      T0,
      null,
    );
    expect(r.threshold).toMatchObject({ value: 0.5, text: '> 0.5 s (1x SLA 0.5 s)', ruleId: 'latency-over-sla' });
    expect(r.valueText).toBe('0.8 s');
  });

  it('takes the lower bound of a band, and falls back to the alert expression when no rule compares the value', () => {
    const psi = readSignal(alert('PredictionDriftHigh', 0.3, { model: 'churn-model' }), config, T0, null);
    expect(psi.threshold).toMatchObject({ op: '>=', value: 0.2, ruleId: 'drift-moderate' });

    const other = alert('QueueBacklogHigh', 1200, { severity: 'warning' });
    expect(readSignal(other, config, T0, 'queue_depth{q="x"} > 1000').threshold).toEqual({
      op: '>',
      value: 1000,
      text: '> 1000',
      from: 'expression',
      ruleId: null,
    });
    expect(readSignal(other, config, T0, null).threshold).toBeNull();
    expect(readSignal({ ...other, value: null }, config, T0, null)).toMatchObject({ value: null, valueText: null });
  });

  it("reads the value in the unit of the alert's expression when no rule decided, as the reason does", () => {
    const ratio = readSignal(alert('WidgetErrorRatioHigh', 0.074), config, T0, 'widget_error_ratio > 0.05');
    expect(ratio).toMatchObject({ valueText: '7.4%', unit: 'percent', threshold: { value: 0.05, text: '> 5%' } });
    const slow = readSignal(alert('WidgetSlow', 1.5), config, T0, 'widget_duration_seconds > 1');
    expect(slow).toMatchObject({ valueText: '1.5 s', threshold: { text: '> 1 s' } });
  });
});

describe('pickSeries', () => {
  const a = { labels: { __name__: 'err', service: 'fraud-model' }, points: [] };
  const b = { labels: { __name__: 'err', service: 'churn-model' }, points: [] };
  const bare = { labels: {}, points: [] };
  it("picks the alert's series, preferring the one sharing most labels", () => {
    expect(pickSeries([b, a], { alertname: 'X', service: 'fraud-model' })).toBe(a);
    expect(pickSeries([bare, a], { service: 'fraud-model' })).toBe(a);
    expect(pickSeries([b], { service: 'fraud-model' })).toBeNull();
    expect(pickSeries([bare], { service: 'fraud-model' })).toBe(bare);
  });
  it('keeps finite points and chooses whole-second steps', () => {
    expect(
      toPoints([
        { at: 1, value: 0.5 },
        { at: 2, value: NaN },
        { at: 3, value: Infinity },
      ]),
    ).toEqual([[1, 0.5]]);
    expect(stepFor(3_600_000)).toBe(15);
    expect(stepFor(20_000)).toBe(1);
  });
});
