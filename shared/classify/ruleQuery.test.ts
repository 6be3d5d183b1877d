import { describe, expect, it } from 'vitest';
import { alert, shippedWith } from '../testing/signalFixtures';
import { classifySignal } from './classifySignal';
import { mergeClassificationConfig } from './mergeClassificationConfig';
import { parseQueryTemplate, queriesFor, renderQuery } from './ruleQuery';
import { SHIPPED_TEXT } from '../testing/signalFixtures';

const NOW = Date.parse('2026-11-24T22:55:00Z');
const QUERY_RULE = `
version: 1
rules:
  - id: latency-with-errors
    severity: P1
    match: ['alertname=~".*Latency.*"']
    query: 'sum(rate(errors_total{service="{{ $labels.service }}"}[5m])) / sum(rate(requests_total{service="{{$labels.service}}"}[5m]))'
    when: value > 0.05
    subject: error ratio
    unit: percent
    reason: 'slow and failing: error ratio {value} > 5%'
`;
const config = shippedWith(QUERY_RULE);
const latency = alert('FraudModelHighLatency', 0.7, { service: 'fraud-model', sla_seconds: '0.5' });
const rendered =
  'sum(rate(errors_total{service="fraud-model"}[5m])) / sum(rate(requests_total{service="fraud-model"}[5m]))';

describe('rule queries', () => {
  it('renders label placeholders, escaping for PromQL strings', () => {
    const t = parseQueryTemplate('up{job="{{ $labels.job }}"}');
    expect(renderQuery(t, { job: 'a"b\\c' })).toEqual({ ok: true, query: 'up{job="a\\"b\\\\c"}' });
    expect(renderQuery(t, {})).toEqual({ ok: false, missingLabel: 'job' });
    expect(() => parseQueryTemplate('up{job="{{ .Labels.job }}"}')).toThrow(/\$labels\.NAME/);
  });

  it('lists the queries the current alerts need, once each', () => {
    const other = alert('FraudModelHighLatency', 0.9, { service: 'fraud-model', pod: 'b' });
    const unrelated = alert('PredictionDriftHigh', 0.3, { service: 'fraud-model' });
    expect(queriesFor([latency, other, unrelated], config)).toEqual([rendered]);
    expect(queriesFor([{ ...latency, state: 'pending' }], config)).toEqual([]);
  });

  it('compares the query result, and explains a missing one', () => {
    const hit = classifySignal(latency, config, NOW, { queryResults: new Map([[rendered, 0.08]]) });
    expect(hit).toMatchObject({
      severity: 'P1',
      ruleId: 'latency-with-errors',
      reason: 'slow and failing: error ratio 8% > 5%: P1',
    });

    // A new rule comes first within its severity, so it is the one "why not P1" talks about.
    const low = classifySignal(latency, config, NOW, { queryResults: new Map([[rendered, 0.01]]) });
    expect(low).toMatchObject({ severity: 'P2', whyNotHigher: 'not P1: error ratio 1% is not > 5%' });

    expect(classifySignal(latency, config, NOW).whyNotHigher).toBe(
      'not P1: no result yet for its query (rule latency-with-errors)',
    );
    const empty = classifySignal(latency, config, NOW, { queryResults: new Map([[rendered, null]]) });
    expect(empty.whyNotHigher).toBe('not P1: its query returned no data (rule latency-with-errors)');
    const noService = alert('FraudModelHighLatency', 0.7, { model: 'fraud-model' });
    expect(classifySignal(noService, config, NOW).whyNotHigher).toBe(
      'not P1: its query needs the label service, which the alert lacks',
    );
  });

  it('refuses a query without a condition and a bad placeholder, with positions', () => {
    const r = mergeClassificationConfig(
      SHIPPED_TEXT,
      'version: 1\nrules:\n  - id: q\n    severity: P1\n    match: [\'a="b"\']\n    query: \'up{x="{{ nope }}"}\'\n    reason: r\n',
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems.map((p) => [p.line, p.message])).toEqual([
        [6, expect.stringMatching(/is not a placeholder/)],
        [6, expect.stringMatching(/needs a when: condition/)],
      ]);
    }
  });
});
