import { describe, expect, it } from 'vitest';
import type { Severity } from '../domain/severity';
import type { Signal } from '../domain/signal';
import { alert, MIN, shippedConfig } from '../testing/signalFixtures';
import { classifySignal } from './classifySignal';
import type { Sample } from './trend';

/**
 * Every row of seed 000's matrix, with the boundary values the seed's words decide:
 * "> 5%" (5% is not P0), "> 2x SLA for > 10 minutes" (2x, or 10:00, is not P1), "between 1x and
 * 2x" (1x meets the SLA), "PSI > 0.5" / "0.2-0.5" / "0.1-0.2" (shared ends go to the more severe
 * band), "> 10%" / "5-10%" / "< 5%" drops. Alerts carry no severity label, so "no rule" shows as
 * ruleId `default`.
 */
const NOW = Date.parse('2026-11-24T22:55:00Z');
const config = shippedConfig();

type History = 'rising' | 'flat' | 'falling' | 'none';
interface Row {
  row: string;
  name: string;
  value: number | null;
  sla?: string;
  activeForMs?: number;
  history?: History;
  severity: Severity;
  ruleId: string;
}

function build(r: Row): { signal: Signal; history: Map<string, Sample[]> } {
  const labels: Record<string, string> = { service: 'fraud-model', model: 'fraud-model' };
  if (r.sla) labels.sla_seconds = r.sla;
  const signal = alert(r.name, r.value, labels, {
    activeAt: new Date(NOW - (r.activeForMs ?? 14 * MIN)).toISOString(),
  });
  const history = new Map<string, Sample[]>();
  const v = r.value ?? 0;
  const earlier = { rising: v / 2, flat: v, falling: v * 2, none: null }[r.history ?? 'none'];
  if (earlier !== null) history.set(`signal:${signal.id}`, [{ at: NOW - 2 * MIN, value: earlier }]);
  return { signal, history };
}

const rows: Row[] = [
  // P0
  {
    row: 'P0 errors > 5%: 5.01%',
    name: 'FraudModelHighErrorRate',
    value: 0.0501,
    severity: 'P0',
    ruleId: 'hard-errors',
  },
  {
    row: 'P0 errors: exactly 5% is not P0 (flat: no rule)',
    name: 'FraudModelHighErrorRate',
    value: 0.05,
    history: 'flat',
    severity: 'P3',
    ruleId: 'default',
  },
  {
    row: 'P0 errors: exactly 5% and rising is P1',
    name: 'FraudModelHighErrorRate',
    value: 0.05,
    history: 'rising',
    severity: 'P1',
    ruleId: 'errors-rising',
  },
  { row: 'P0 serving down', name: 'FraudModelServingDown', value: 1, severity: 'P0', ruleId: 'serving-down' },
  {
    row: 'P0 serving down, no value',
    name: 'ChurnModelUnavailable',
    value: null,
    severity: 'P0',
    ruleId: 'serving-down',
  },
  {
    row: 'P0 all-one-class predictions',
    name: 'ChurnModelPredictionCollapse',
    value: 0.97,
    severity: 'P0',
    ruleId: 'prediction-collapse',
  },
  {
    row: 'P0 all-one-class (other name)',
    name: 'FraudModelAllOneClass',
    value: 1,
    severity: 'P0',
    ruleId: 'prediction-collapse',
  },
  {
    row: 'P0 downstream failure',
    name: 'CheckoutDownstreamFailure',
    value: 0.2,
    severity: 'P0',
    ruleId: 'downstream-failure',
  },
  // P1
  {
    row: 'P1 p99 > 2x SLA for > 10 min',
    name: 'FraudModelHighLatency',
    value: 1.01,
    sla: '0.5',
    severity: 'P1',
    ruleId: 'latency-2x-sla',
  },
  {
    row: 'P1 p99: exactly 2x SLA is P2',
    name: 'FraudModelHighLatency',
    value: 1.0,
    sla: '0.5',
    severity: 'P2',
    ruleId: 'latency-over-sla',
  },
  {
    row: 'P1 p99 3x SLA for exactly 10 min is P2',
    name: 'FraudModelHighLatency',
    value: 1.5,
    sla: '0.5',
    activeForMs: 10 * MIN,
    severity: 'P2',
    ruleId: 'latency-over-sla',
  },
  {
    row: 'P1 p99 3x SLA for 10 min 1 s',
    name: 'FraudModelHighLatency',
    value: 1.5,
    sla: '0.5',
    activeForMs: 10 * MIN + 1000,
    severity: 'P1',
    ruleId: 'latency-2x-sla',
  },
  {
    row: 'P1 errors > 1% and rising',
    name: 'FraudModelHighErrorRate',
    value: 0.011,
    history: 'rising',
    severity: 'P1',
    ruleId: 'errors-rising',
  },
  {
    row: 'P1 errors: exactly 1% rising is not P1',
    name: 'FraudModelHighErrorRate',
    value: 0.01,
    history: 'rising',
    severity: 'P3',
    ruleId: 'default',
  },
  {
    row: 'P1 errors 3% flat is not P1',
    name: 'FraudModelHighErrorRate',
    value: 0.03,
    history: 'flat',
    severity: 'P3',
    ruleId: 'default',
  },
  {
    row: 'P1 errors 3% falling is not P1',
    name: 'FraudModelHighErrorRate',
    value: 0.03,
    history: 'falling',
    severity: 'P3',
    ruleId: 'default',
  },
  {
    row: 'P1 errors 3% first seen is not P1',
    name: 'FraudModelHighErrorRate',
    value: 0.03,
    severity: 'P3',
    ruleId: 'default',
  },
  { row: 'P1 PSI > 0.5: 0.51', name: 'PredictionDriftHigh', value: 0.51, severity: 'P1', ruleId: 'drift-significant' },
  {
    row: 'P1 PSI: exactly 0.5 is P2',
    name: 'PredictionDriftHigh',
    value: 0.5,
    severity: 'P2',
    ruleId: 'drift-moderate',
  },
  {
    row: 'P1 accuracy drop > 10%: 11%',
    name: 'ModelAccuracyDrop',
    value: 0.11,
    severity: 'P1',
    ruleId: 'accuracy-drop-major',
  },
  {
    row: 'P1 accuracy drop: exactly 10% is P2',
    name: 'ModelAccuracyDrop',
    value: 0.1,
    severity: 'P2',
    ruleId: 'accuracy-drop-moderate',
  },
  // P2
  {
    row: 'P2 p99 between 1x and 2x SLA: 1.01x',
    name: 'FraudModelHighLatency',
    value: 0.505,
    sla: '0.5',
    severity: 'P2',
    ruleId: 'latency-over-sla',
  },
  {
    row: 'P2 p99: exactly 1x SLA meets it (no rule)',
    name: 'FraudModelHighLatency',
    value: 0.5,
    sla: '0.5',
    severity: 'P3',
    ruleId: 'default',
  },
  {
    row: 'P2 p99 over 2x but young is P2',
    name: 'FraudModelHighLatency',
    value: 1.55,
    sla: '0.5',
    activeForMs: 4 * MIN,
    severity: 'P2',
    ruleId: 'latency-over-sla',
  },
  {
    row: 'P2 PSI 0.2-0.5: exactly 0.2',
    name: 'PredictionDriftHigh',
    value: 0.2,
    severity: 'P2',
    ruleId: 'drift-moderate',
  },
  { row: 'P2 PSI 0.2-0.5: 0.35', name: 'PredictionDriftHigh', value: 0.35, severity: 'P2', ruleId: 'drift-moderate' },
  {
    row: 'P2 performance drop 5-10%: exactly 5%',
    name: 'ModelAccuracyDrop',
    value: 0.05,
    severity: 'P2',
    ruleId: 'accuracy-drop-moderate',
  },
  {
    row: 'P2 performance drop 5-10%: 7%',
    name: 'ChurnModelPerformanceDegradation',
    value: 0.07,
    severity: 'P2',
    ruleId: 'accuracy-drop-moderate',
  },
  {
    row: 'P2 label rate below expected',
    name: 'FraudModelLabelRateLow',
    value: 0.3,
    severity: 'P2',
    ruleId: 'label-rate-low',
  },
  // P3
  {
    row: 'P3 PSI 0.1-0.2: exactly 0.1',
    name: 'PredictionDriftHigh',
    value: 0.1,
    severity: 'P3',
    ruleId: 'drift-minor',
  },
  { row: 'P3 PSI 0.1-0.2: 0.1999', name: 'PredictionDriftHigh', value: 0.1999, severity: 'P3', ruleId: 'drift-minor' },
  {
    row: 'P3 PSI under 0.1 is below the matrix',
    name: 'PredictionDriftHigh',
    value: 0.0999,
    severity: 'P3',
    ruleId: 'default',
  },
  {
    row: 'P3 performance drop < 5%: 4.99%',
    name: 'ModelAccuracyDrop',
    value: 0.0499,
    severity: 'P3',
    ruleId: 'accuracy-drop-minor',
  },
  {
    row: 'P3 monitoring: delayed metrics',
    name: 'FeatureStoreMetricsDelayed',
    value: 360,
    severity: 'P3',
    ruleId: 'monitoring-data-quality',
  },
  {
    row: 'P3 monitoring: missing logs',
    name: 'InferenceMissingLogs',
    value: null,
    severity: 'P3',
    ruleId: 'monitoring-data-quality',
  },
];

describe('seed 000 matrix, row by row, with its boundaries', () => {
  it.each(rows)('$row -> $severity ($ruleId)', (r) => {
    const { signal, history } = build(r);
    const c = classifySignal(signal, config, NOW, { history });
    expect({ severity: c.severity, ruleId: c.ruleId }).toEqual({ severity: r.severity, ruleId: r.ruleId });
  });

  it('covers every severity with at least one rule per seed row', () => {
    const ids = config.rules.map((r) => r.id);
    for (const id of [
      'hard-errors',
      'serving-down',
      'prediction-collapse',
      'downstream-failure',
      'latency-2x-sla',
      'errors-rising',
      'drift-significant',
      'accuracy-drop-major',
      'latency-over-sla',
      'drift-moderate',
      'accuracy-drop-moderate',
      'label-rate-low',
      'drift-minor',
      'accuracy-drop-minor',
      'monitoring-data-quality',
    ]) {
      expect(ids).toContain(id);
    }
  });

  it('ships the seed SLAs and declaration modes', () => {
    expect(config.severities.P0).toMatchObject({
      ack: '5m',
      update: '15m',
      mitigate: '60m',
      declare: 'auto',
      notify: 'page',
    });
    expect(config.severities.P1).toMatchObject({ ack: '15m', mitigate: '4h', declare: 'auto', notify: 'page' });
    expect(config.severities.P2).toMatchObject({ ack: '1h', resolve: '24h', declare: 'judgment' });
    expect(config.severities.P3).toMatchObject({ ack: '4h', resolve: '1w', declare: 'judgment' });
  });
});

describe('explanations: the deciding rule, the reason, and why not higher', () => {
  const explain = (r: Omit<Row, 'row' | 'severity' | 'ruleId'>) => {
    const { signal, history } = build({ ...r, row: '', severity: 'P3', ruleId: '' });
    return classifySignal(signal, config, NOW, { history });
  };

  it('says which bound a stricter rule missed', () => {
    expect(explain({ name: 'FraudModelHighErrorRate', value: 0.031, history: 'rising' })).toEqual({
      severity: 'P1',
      ruleId: 'errors-rising',
      reason: 'error ratio 3.1% > 1% and rising: P1',
      whyNotHigher: 'not P0: error ratio 3.1% is not > 5%',
    });
    expect(explain({ name: 'PredictionDriftHigh', value: 0.3 }).whyNotHigher).toBe('not P1: PSI 0.3 is not > 0.5');
    expect(explain({ name: 'ModelAccuracyDrop', value: 0.02 }).whyNotHigher).toBe(
      'not P2: accuracy drop 2% is not >= 5%',
    );
  });

  it('reads a latency P1 in one glance, and says when duration held it back', () => {
    expect(explain({ name: 'FraudModelHighLatency', value: 0.92, sla: '0.3' })).toMatchObject({
      severity: 'P1',
      reason: 'p99 0.92 s = 3.07x SLA 0.3 s for 14 min: P1',
      whyNotHigher: null,
    });
    expect(explain({ name: 'FraudModelHighLatency', value: 1.55, sla: '0.5', activeForMs: 4 * MIN }).whyNotHigher).toBe(
      'not P1: p99 1.55 s > 2x SLA 0.5 s but only for 4 min (needs more than 10 min)',
    );
  });

  it('explains a missing trend and a missing value', () => {
    expect(explain({ name: 'FraudModelHighErrorRate', value: 0.03, history: 'flat' }).whyNotHigher).toBe(
      'not P1: error ratio 3% > 1% but not rising over the last 5 min',
    );
    expect(explain({ name: 'FraudModelHighErrorRate', value: 0.03 }).whyNotHigher).toBe(
      'not P1: error ratio 3% > 1% but no earlier value in the last 5 min shows it rising',
    );
    expect(explain({ name: 'FraudModelHighErrorRate', value: null }).whyNotHigher).toBe(
      'not P1: the source reports no value to compare (rule errors-rising)',
    );
  });

  it('has nothing stricter to explain for P0 or for alerts no stricter rule matches', () => {
    expect(explain({ name: 'FraudModelServingDown', value: 1 }).whyNotHigher).toBeNull();
    expect(explain({ name: 'FraudModelLabelRateLow', value: 1 }).whyNotHigher).toBeNull();
  });

  it('explains the fallback too', () => {
    const s = alert('FraudModelHighErrorRate', 0.03, { severity: 'critical' });
    expect(classifySignal(s, config, NOW)).toMatchObject({
      severity: 'P1',
      ruleId: 'fallback:severity',
      whyNotHigher: 'not P0: error ratio 3% is not > 5%',
    });
  });
});
