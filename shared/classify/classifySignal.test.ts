import { describe, expect, it } from 'vitest';
import shipped from '../../resources/classification.yaml?raw';
import type { Signal } from '../domain/signal';
import { parseClassificationConfig, type ClassificationConfig } from './classificationConfig';
import { classifySignal } from './classifySignal';
import { keepLabelSet } from './keptLabelSets';
import { typicalExpr } from '../testing/signalFixtures';

const NOW = Date.parse('2026-11-24T22:55:00Z');

function loadShipped(): ClassificationConfig {
  const result = parseClassificationConfig(shipped);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

function signal(name: string, value: number | null, extra: Partial<Signal> = {}): Signal {
  return {
    id: `p/${name}`,
    sourceId: 'p',
    sourceKind: 'prometheus',
    fingerprint: name,
    name,
    labels: { alertname: name, model: 'fraud-model', ...(extra.labels ?? {}) },
    annotations: {},
    state: 'firing',
    activeAt: '2026-11-24T22:41:00Z',
    value,
    generatorURL: null,
    stale: false,
    expr: typicalExpr(name),
    ...extra,
    ...(extra.labels ? { labels: { alertname: name, model: 'fraud-model', ...extra.labels } } : {}),
  };
}

describe('classifySignal with the shipped matrix (seed 000)', () => {
  const config = loadShipped();
  const cls = (s: Signal) => classifySignal(s, config, NOW);

  it('error ratio over 5% is P0 with the ratio in the reason', () => {
    const c = cls(signal('FraudModelHighErrorRate', 0.072));
    expect(c.severity).toBe('P0');
    expect(c.ruleId).toBe('hard-errors');
    expect(c.reason).toBe('error ratio 7.2% > 5% of requests: P0');
  });

  it('error ratio between 1% and 5% is P1 only while rising (seed: "> 1% and rising")', () => {
    // The team's own rule warns from 1%.
    const s = signal('FraudModelHighErrorRate', 0.02, {
      labels: { severity: 'warning' },
      expr: 'sum(rate(model_requests_total{status="error"}[5m])) / sum(rate(model_requests_total[5m])) > 0.01',
    });
    const history = new Map([[`signal:${s.id}`, [{ at: NOW - 120_000, value: 0.012 }]]]);
    expect(classifySignal(s, config, NOW, { history })).toMatchObject({ severity: 'P1', ruleId: 'errors-rising' });
    // Flat or first seen: not in the matrix, so the alert's own severity label decides.
    expect(cls(s)).toMatchObject({ severity: 'P2', ruleId: 'fallback:severity' });
  });

  it('serving down and prediction collapse are P0 whatever the value', () => {
    expect(cls(signal('FraudModelServingDown', 1)).severity).toBe('P0');
    expect(cls(signal('ChurnModelPredictionCollapse', 0.97)).severity).toBe('P0');
  });

  it('p99 over 2x SLA is P1 only after 10 minutes', () => {
    const s = signal('FraudModelHighLatency', 1.55, { labels: { sla_seconds: '0.5' } });
    const c = cls(s);
    expect(c.severity).toBe('P1');
    expect(c.reason).toBe('p99 1.55 s = 3.1x SLA 0.5 s for 14 min: P1');
    const young = { ...s, activeAt: '2026-11-24T22:50:00Z' };
    expect(cls(young)).toMatchObject({ severity: 'P2', ruleId: 'latency-over-sla' });
  });

  it('p99 between 1x and 2x SLA is P2; under SLA falls back to the severity label', () => {
    expect(cls(signal('FraudModelHighLatency', 0.7)).severity).toBe('P2');
    const under = cls(signal('FraudModelHighLatency', 0.3, { labels: { severity: 'warning' } }));
    expect(under).toMatchObject({ severity: 'P2', ruleId: 'fallback:severity' });
  });

  it('drift bands follow PSI 0.1 / 0.2 / 0.5', () => {
    expect(cls(signal('PredictionDriftHigh', 0.62)).severity).toBe('P1');
    expect(cls(signal('PredictionDriftHigh', 0.31)).severity).toBe('P2');
    expect(cls(signal('PredictionDriftHigh', 0.15)).severity).toBe('P3');
  });

  it('accuracy drop bands follow 5% / 10%', () => {
    expect(cls(signal('ModelAccuracyDrop', 0.12)).severity).toBe('P1');
    expect(cls(signal('ModelAccuracyDrop', 0.07)).severity).toBe('P2');
    expect(cls(signal('ModelAccuracyDrop', 0.02)).severity).toBe('P3');
  });

  it('an unknown alert maps its severity label, else gets the default', () => {
    expect(cls(signal('DiskAlmostFull', null, { labels: { severity: 'critical' } }))).toMatchObject({
      severity: 'P1',
      reason: 'no matrix rule matched; severity="critical" maps to P1',
    });
    expect(cls(signal('SomethingOdd', null)).severity).toBe('P3');
  });

  it('a missing value never satisfies a threshold', () => {
    expect(cls(signal('FraudModelHighErrorRate', null)).ruleId).not.toBe('hard-errors');
  });

  it('alerts sharing a name and expression are each judged by their own labels', () => {
    // The classifier makes an alert's facts once per name, expression, label value and scope and
    // hands them out again; one about a model and one not must not get each other's.
    const expr = 'sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.05';
    const ml = signal('HighErrorRate', 0.072, { expr });
    const plain = { ...ml, labels: { alertname: 'HighErrorRate' } };
    for (let round = 0; round < 2; round++) {
      expect(cls(plain).ruleId).not.toBe('hard-errors');
      expect(cls(ml)).toMatchObject({ severity: 'P0', ruleId: 'hard-errors' });
    }
  });
});

describe('parseClassificationConfig errors', () => {
  it('reports YAML syntax errors with line and column', () => {
    const r = parseClassificationConfig('version: 1\nrules: [\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]!.line).toBeGreaterThan(0);
  });

  it('points at a bad matcher inside a rule', () => {
    const bad = shipped.replace(`'alertname=~".*Downstream(Failure|Errors?).*"'`, `'alertname ~ Down'`);
    const r = parseClassificationConfig(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems[0]!.message).toMatch(/downstream-failure.*is not a label matcher/);
      const line = bad.split('\n').findIndex((l) => l.includes('alertname ~ Down')) + 1;
      expect(r.problems[0]!.line).toBe(line);
    }
  });

  it('rejects an unknown severity and a bad duration with their paths', () => {
    const r = parseClassificationConfig(
      shipped.replace('severity: P3\n    match', 'severity: P9\n    match').replace('ack: 4h', 'ack: soon'),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const text = r.problems.map((p) => p.message).join('\n');
      expect(text).toMatch(/severities\.P3\.ack: must be a duration/);
      expect(text).toMatch(/rules\.\d+\.severity/);
    }
  });
});

describe('classifySignal on label sets a source keeps from poll to poll (keepLabelSet)', () => {
  // A Prometheus source hands an alert the same kept labels every poll; the classifier keeps
  // what it read from them. Whatever else changes must still be judged afresh.
  const config = loadShipped();
  const fresh = (s: Signal, c = config) => classifySignal({ ...s, labels: { ...s.labels } }, c, NOW);

  it('answers as for a new label set while the value, the rule text, its note and the matrix change', () => {
    // An edited matrix: warnings are tickets now.
    const edited = parseClassificationConfig(shipped.replace(/\n {4}warning: P2\n/, '\n    warning: P3\n'));
    if (!edited.ok) throw new Error('the edited matrix did not parse');
    const names = ['FraudModelHighErrorRate', 'ModelHighLatency', 'GPUMemoryHigh', 'DiskAlmostFull', 'Watchdog'];
    for (const name of names) {
      const labels = { alertname: name, model: 'fraud-model', severity: 'warning' };
      keepLabelSet(labels);
      const steps: [Partial<Signal>, ClassificationConfig][] = [
        [{ expr: undefined, value: 0.07 }, config],
        [{ expr: typicalExpr(name), value: 0.07 }, config],
        [{ expr: typicalExpr(name), value: 0.9 }, config],
        [{ expr: typicalExpr(name), value: 0.07 }, edited.config],
        [{ expr: null, exprNote: 'the rule list could not be fetched: timeout', value: 0.07 }, config],
        [{ expr: null, exprNote: 'no rule has this name', value: 0.07 }, config],
        [{ expr: 'up == 0', value: 0 }, config],
      ];
      for (const [over, c] of steps) {
        const s = { ...signal(name, null), ...over, labels };
        expect(classifySignal(s, c, NOW)).toEqual(fresh(s, c));
      }
    }
  });

  it('still names a stopped heartbeat, and only while the alert is the heartbeat’s', () => {
    const labels = { alertname: 'AlertingPipelineHeartbeatStopped', heartbeat: 'Watchdog', service: 'prom-a' };
    keepLabelSet(labels);
    const s = { ...signal('AlertingPipelineHeartbeatStopped', null), labels };
    for (let poll = 0; poll < 2; poll++) {
      expect(classifySignal(s, config, NOW)).toMatchObject({ ruleId: 'heartbeat-stopped' });
      expect(classifySignal(s, config, NOW)).toEqual(fresh(s));
    }
  });

  it('keeps its slot out of what the label set shows: JSON, copies, keys, clones', () => {
    const labels = { alertname: 'A', service: 'fraud-model' };
    keepLabelSet(labels);
    classifySignal({ ...signal('A', 0.5), labels }, config, NOW);
    expect(JSON.stringify(labels)).toBe('{"alertname":"A","service":"fraud-model"}');
    expect(Reflect.ownKeys({ ...labels })).toEqual(['alertname', 'service']);
    expect(Object.keys(labels)).toEqual(['alertname', 'service']);
    expect(Reflect.ownKeys(structuredClone(labels))).toEqual(['alertname', 'service']);
    expect(Object.isFrozen(labels)).toBe(true);
  });
});
