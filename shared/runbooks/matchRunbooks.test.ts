import { describe, expect, it } from 'vitest';
import demoText from '../../resources/demo/ml-serving-incident.yaml?raw';
import { demoSignalsAt, parseDemoScenario } from '../demo/demoScenario';
import type { Signal } from '../domain/signal';
import { matcherSpecificity, matchRunbooks, runbooksForLabels, type SignalForLinking } from './matchRunbooks';
import { parseRunbook } from './parseRunbook';
import type { Runbook } from './runbookModel';
import { allShippedRunbooks } from './testing/shippedRunbooks';

const shipped = allShippedRunbooks();

function signal(
  alertname: string,
  labels: Record<string, string> = {},
  annotations: Record<string, string> = {},
): SignalForLinking {
  return {
    id: `p/${alertname}/${JSON.stringify(labels)}`,
    name: alertname,
    labels: { alertname, ...labels },
    annotations,
  };
}

function runbook(id: string, match: string[]): Runbook {
  const r = parseRunbook(
    ['---', `id: ${id}`, 'title: T', 'match:', ...match.map((m) => `  - ${m}`), 'owner: t', '---', '## Step 1: A'].join(
      '\n',
    ),
  );
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.runbook;
}

describe('matchRunbooks with the shipped runbooks', () => {
  it('links every alert of the demo incident to its runbook, and says which has none', () => {
    const scenario = parseDemoScenario(demoText);
    const signals: Signal[] = demoSignalsAt(scenario, 'demo', Date.parse('2026-11-24T22:41:00Z'), 70, 1);
    const byAlert = Object.fromEntries(
      signals.map((s) => [s.name, matchRunbooks(shipped, [s]).matches.map((m) => m.runbook.id)]),
    );
    expect(byAlert).toEqual({
      FraudModelHighLatency: ['model-high-latency'],
      GPUOOMRisk: ['gpu-oom-risk'],
      FraudModelHighErrorRate: ['model-high-error-rate'],
      PredictionDriftHigh: ['prediction-drift'],
      MetricsDelayed: [],
    });
    const all = matchRunbooks(shipped, signals);
    expect(all.unmatched).toEqual([{ alertname: 'MetricsDelayed', signalId: expect.any(String) }]);
    expect(all.external.map((e) => [e.href, e.alertnames])).toEqual([
      ['https://runbooks.example.com/fraud-model-latency', ['FraudModelHighLatency']],
      ['https://runbooks.example.com/fraud-model-errors', ['FraudModelHighErrorRate']],
    ]);
  });

  it.each([
    ['FraudModelHighLatency', { model: 'fraud-model' }, 'model-high-latency'],
    ['ChurnModelHighLatency', { model: 'churn-model' }, 'model-high-latency'],
    ['FraudModelHighErrorRate', { model: 'fraud-model' }, 'model-high-error-rate'],
    ['FeatureStaleness', { feature_group: 'user_transaction_features' }, 'feature-staleness'],
    ['PredictionDriftHigh', { model: 'churn-model' }, 'prediction-drift'],
    ['ApprovalRateDrift', { model: 'fraud-model' }, 'prediction-drift'],
    ['DataDriftDetected', {}, 'prediction-drift'],
    ['ModelAccuracyDrop', { model: 'fraud-model' }, 'model-accuracy-drop'],
    ['FraudModelAUCDegradation', { model: 'fraud-model' }, 'model-accuracy-drop'],
    ['GPUOOMRisk', { exported_pod: 'fraud-model-7c9f-2' }, 'gpu-oom-risk'],
    ['GPUOOMKilled', {}, 'gpu-oom-risk'],
    ['FraudModelPredictionVolumeDrop', { model: 'fraud-model' }, 'prediction-volume-drop'],
    ['LowPredictionVolume', { model: 'fraud-model' }, 'prediction-volume-drop'],
    ['LLMCostBudgetExceeded', { service: 'chatbot' }, 'llm-cost-budget'],
    ['CostSpike', {}, 'llm-cost-budget'],
  ])('%s %j -> %s', (alertname, labels, expected) => {
    expect(runbooksForLabels(shipped, { alertname, ...labels }).map((r) => r.id)).toEqual([expected]);
  });

  it.each(['MetricsDelayed', 'HighDiskUsage', 'FraudModelServingDown', 'HighAPILatency'])(
    '%s has no runbook',
    (name) => {
      expect(runbooksForLabels(shipped, { alertname: name, model: 'fraud-model' })).toEqual([]);
    },
  );

  it('the model runbooks need a model label: their checks are written per model', () => {
    expect(runbooksForLabels(shipped, { alertname: 'FraudModelHighLatency' })).toEqual([]);
  });
});

describe('matchRunbooks rules', () => {
  it('puts the most specific runbook first', () => {
    const generic = runbook('generic', ['alertname=~".+HighLatency"']);
    const team = runbook('team', ['alertname=~".+HighLatency"', 'team!="data"']);
    const exact = runbook('exact', ['alertname="FraudModelHighLatency"', 'model="fraud-model"']);
    const r = matchRunbooks([generic, team, exact], [signal('FraudModelHighLatency', { model: 'fraud-model' })]);
    expect(r.matches.map((m) => [m.runbook.id, m.specificity])).toEqual([
      ['exact', 6],
      ['team', 3],
      ['generic', 2],
    ]);
    expect(matcherSpecificity(exact.match)).toBe(6);
  });

  it('matches each signal on its own labels, never on labels pooled across signals', () => {
    const rb = runbook('needs-both', ['alertname="A"', 'team="x"']);
    const r = matchRunbooks([rb], [signal('A', { team: 'y' }), signal('B', { team: 'x' })]);
    expect(r.matches).toEqual([]);
    expect(r.unmatched.map((u) => u.alertname)).toEqual(['A', 'B']);
  });

  it('lists which signals a runbook matched, once per runbook', () => {
    const rb = runbook('errors', ['alertname=~".+ErrorRate"']);
    const r = matchRunbooks(
      [rb],
      [signal('AErrorRate', { pod: '1' }), signal('AErrorRate', { pod: '2' }), signal('BErrorRate')],
    );
    expect(r.matches).toHaveLength(1);
    expect(r.matches[0]!.signalIds).toHaveLength(3);
    expect(r.matches[0]!.alertnames).toEqual(['AErrorRate', 'BErrorRate']);
  });

  it('runbook annotations: http(s) become links, anything else stays text', () => {
    const r = matchRunbooks(
      [],
      [
        signal('A', {}, { runbook_url: 'https://wiki.example.com/runbooks/a' }),
        signal('B', {}, { runbook: 'https://wiki.example.com/runbooks/a' }),
        signal('C', {}, { runbook_url: 'javascript:alert(1)' }),
        signal('D', {}, { runbook_url: 'see the wiki' }),
      ],
    );
    expect(r.external).toEqual([{ href: 'https://wiki.example.com/runbooks/a', alertnames: ['A', 'B'] }]);
    expect(r.externalAsText).toEqual([
      { text: 'javascript:alert(1)', alertname: 'C' },
      { text: 'see the wiki', alertname: 'D' },
    ]);
  });

  it('uses the signal name as alertname only for sources that put it there', () => {
    const rb = runbook('a', ['alertname="A"']);
    expect(
      matchRunbooks([rb], [{ id: 'd/1', name: 'A', sourceKind: 'demo', labels: {}, annotations: {} }]).matches,
    ).toHaveLength(1);
    expect(
      matchRunbooks([rb], [{ id: 'pd/1', name: 'A', sourceKind: 'pagerduty', labels: {}, annotations: {} }]).matches,
    ).toHaveLength(0);
  });
});
