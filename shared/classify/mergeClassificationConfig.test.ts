import { describe, expect, it } from 'vitest';
import { SHIPPED_TEXT, alert, shippedConfig } from '../testing/signalFixtures';
import { classifySignal } from './classifySignal';
import { parseClassificationConfig } from './classificationConfig';
import { mergeClassificationConfig } from './mergeClassificationConfig';

const NOW = Date.parse('2026-11-24T22:55:00Z');

function merged(override: string) {
  const r = mergeClassificationConfig(SHIPPED_TEXT, override);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.config;
}

describe('mergeClassificationConfig: a user file layered over the shipped one', () => {
  it('an empty or comment-only override changes nothing', () => {
    expect(merged('')).toEqual(shippedConfig());
    expect(merged('# my overrides, later\n')).toEqual(shippedConfig());
  });

  it('the shipped file used as its own override changes nothing', () => {
    expect(merged(SHIPPED_TEXT)).toEqual(shippedConfig());
  });

  it('a rule with a shipped id replaces it in place; a new id adds one, first in its severity', () => {
    const config = merged(`
version: 1
rules:
  - id: hard-errors
    severity: P0
    match: ['alertname=~".*ErrorRate.*"']
    value: ratio
    when: value > 0.02
    subject: error ratio
    unit: percent
    reason: 'error ratio {value} > 2% (our SLO is tighter)'
  - id: fraud-anything
    severity: P1
    match: ['service="fraud-model"']
    reason: 'anything on fraud-model pages'
`);
    const p0 = config.rules.filter((r) => r.severity === 'P0').map((r) => r.id);
    expect(p0[0]).toBe('hard-errors');
    expect(config.rules.filter((r) => r.severity === 'P1')[0]!.id).toBe('fraud-anything');
    const c = classifySignal(alert('FraudModelHighErrorRate', 0.03), config, NOW);
    expect(c).toMatchObject({ severity: 'P0', reason: 'error ratio 3% > 2% (our SLO is tighter): P0' });
    const other = classifySignal(alert('Whatever', null, { service: 'fraud-model' }), config, NOW);
    expect(other).toMatchObject({ severity: 'P1', ruleId: 'fraud-anything' });
  });

  it('disabled: true switches a shipped rule off', () => {
    const config = merged('version: 1\nrules:\n  - { id: serving-down, disabled: true }\n');
    expect(config.rules.some((r) => r.id === 'serving-down')).toBe(false);
    expect(classifySignal(alert('FraudModelServingDown', 1), config, NOW).severity).toBe('P3');
  });

  it('severities merge field by field; the fallback map merges by key; policies replace', () => {
    const config = merged(`
version: 1
severities:
  P2: { notify: page }
fallback:
  map: { Warning: P3, disaster: P0 }
incidents:
  cooldown: 1h
escalation: []
`);
    expect(config.severities.P2).toMatchObject({ ack: '1h', resolve: '24h', notify: 'page' });
    expect(config.fallback.map).toMatchObject({ warning: 'P3', disaster: 'P0', critical: 'P1' });
    expect(config.incidents).toMatchObject({ cooldownMs: 3_600_000, flapWindowMs: 600_000 });
    expect(config.escalation).toEqual([]);
    expect(config.inhibit).toHaveLength(1);
  });

  it('reports problems in the override with line, column and file, and never half-applies', () => {
    const override = [
      'version: 1',
      'severities:',
      '  P1: { notify: loud }',
      'rules:',
      '  - id: new-rule',
      '    match: [\'alertname="X"\']',
      "    reason: 'x'",
      '  - id: bad-matcher',
      '    severity: P2',
      "    match: ['alertname ~ X']",
      "    reason: 'y'",
    ].join('\n');
    const r = mergeClassificationConfig(SHIPPED_TEXT, override);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byText = (re: RegExp) => r.problems.find((p) => re.test(p.message));
    expect(byText(/severities\.P1\.notify/)).toMatchObject({ line: 3, file: 'override' });
  });

  it('points at rule problems once the shape is valid', () => {
    const override = [
      'version: 1',
      'rules:',
      '  - id: new-rule',
      '    match: [\'alertname="X"\']',
      "    reason: 'x'",
      '  - id: bad-matcher',
      '    severity: P2',
      "    match: ['alertname ~ X']",
      "    reason: 'y'",
    ].join('\n');
    const r = mergeClassificationConfig(SHIPPED_TEXT, override);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/new-rule.*severity is required/),
        line: 3,
        file: 'override',
      }),
      expect.objectContaining({
        message: expect.stringMatching(/bad-matcher.*not a label matcher/),
        line: 8,
        column: 13,
      }),
    ]);
  });

  it('reports YAML syntax errors of the override with their position', () => {
    const r = mergeClassificationConfig(SHIPPED_TEXT, 'version: 1\nrules: [\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatchObject({ file: 'override', line: expect.any(Number) });
  });

  it('rejects an escalation that does not escalate and an inhibition of equals', () => {
    const r = mergeClassificationConfig(
      SHIPPED_TEXT,
      'version: 1\nescalation:\n  - { from: P2, after: 5m, to: P3 }\ninhibit:\n  - { source: P1, target: [P0], equal: [service] }\n',
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems.map((p) => p.message)).toEqual([
        'escalation.0: P3 is not more severe than P2',
        'inhibit.0: a P1 incident can only mute less severe ones, not P0',
      ]);
      expect(r.problems[0]).toMatchObject({ line: 3 });
    }
  });

  it('a standalone file still needs every section, and the old format still parses', () => {
    expect(parseClassificationConfig('version: 1\nrules: []\n').ok).toBe(false);
    const old = SHIPPED_TEXT.slice(0, SHIPPED_TEXT.indexOf('\nincidents:'))
      .replace(/\n\s*subject: .*/g, '')
      .replace(/\n\s*unit: .*/g, '')
      .replace('value > 0.01 and rising over 5m', 'value > 0.01');
    const r = parseClassificationConfig(old);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.config.escalation).toEqual([]);
  });
});

describe('the example in docs/classification.md', () => {
  it('parses on its own and classifies as the text says', async () => {
    const doc = (await import('../../docs/classification.md?raw')).default;
    const example = /### A complete example[\s\S]*?```yaml\n([\s\S]*?)```/.exec(doc)![1]!;
    const r = parseClassificationConfig(example);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.config.rules.map((x) => x.id)).toEqual([
      'hard-errors',
      'errors-from-query',
      'latency-2x-sla',
      'drift-moderate',
    ]);
    const drift = alert('PredictionDriftHigh', 0.3, { model: 'churn-model', env: 'prod' });
    expect(classifySignal(drift, r.config, NOW).reason).toBe('moderate drift PSI 0.3 on churn-model: P2');
    expect(mergeClassificationConfig(SHIPPED_TEXT, example).ok).toBe(true);
  });
});
