import { describe, expect, it } from 'vitest';
import type { Incident } from '../domain/incident';
import { alert, T0 } from '../testing/signalFixtures';
import { fillCommsTemplates } from './commsTemplates';
import { fillCommsTemplate } from './fillCommsTemplate';

function incident(over: Partial<Incident> = {}): Incident {
  const signal = alert('FraudModelHighErrorRate', 0.072, { service: 'fraud-model', model: 'fraud-model' });
  return {
    id: 'inc-1',
    key: 'k',
    title: 'FraudModelHighErrorRate',
    summary: 'Fraud model error rate exceeds 5%',
    severity: 'P0',
    classification: { severity: 'P0', ruleId: 'hard-errors', reason: 'error ratio 7.2% > 5% of requests: P0' },
    state: 'open',
    startedAt: new Date(T0).toISOString(),
    detectedAt: new Date(T0).toISOString(),
    updatedAt: new Date(T0).toISOString(),
    resolvedAt: null,
    notifiedAt: null,
    sourceKinds: ['prometheus'],
    stale: false,
    signals: [signal],
    ...over,
  };
}

describe('fillCommsTemplate', () => {
  it('fills known placeholders once, leaves unknown ones and lists the blanks', () => {
    expect(
      fillCommsTemplate('P[X] for [model] by [name] at [link] [link] [other]', {
        X: '1',
        model: '[a]',
        name: null,
        link: '',
      }),
    ).toEqual({
      text: 'P1 for [a] by [name] at [link] [link] [other]',
      blanks: ['[name]', '[link]'],
    });
  });
});

describe('fillCommsTemplates (seed 000)', () => {
  it('fills the status-page lines and the Slack declaration from the incident', () => {
    const now = T0 + 14 * 60_000;
    const byId = Object.fromEntries(fillCommsTemplates(incident(), { you: 'alice', now }).map((t) => [t.id, t]));
    expect(byId['status-investigating']).toMatchObject({
      text: 'Investigating reports of fraud model error rate exceeds 5% affecting fraud-model. Engineers are engaged.',
      blanks: [],
    });
    expect(byId['slack-declared']).toMatchObject({
      text: 'P0 incident declared for fraud-model. Owner: alice. Bridge: [link]',
      blanks: ['[link]'],
    });
    expect(byId['status-identified']!.blanks).toEqual(['[cause]']);
    expect(byId['status-resolved']!.text).toContain('as of 22:55 UTC');
  });

  it('names whoever acknowledged as owner, keeps acronyms, and falls back to the service and title', () => {
    const acked = incident({
      acknowledgedBy: 'bob',
      summary: 'GPU memory nearly exhausted on serving node.',
      severity: 'P2',
      signals: [alert('GPUOOMRisk', 690, { service: 'fraud-model' })],
    });
    const [investigating, , , slack] = fillCommsTemplates(acked, { you: 'alice', now: T0 });
    expect(investigating!.text).toBe(
      'Investigating reports of GPU memory nearly exhausted on serving node affecting fraud-model. Engineers are engaged.',
    );
    expect(slack!.text).toBe('P2 incident declared for fraud-model. Owner: bob. Bridge: [link]');
    const bare = fillCommsTemplates(incident({ summary: null, signals: [] }), { you: 'alice', now: T0 })[0]!;
    const nameless = fillCommsTemplates(incident({ acknowledgedBy: 'you' }), {
      you: 'you',
      now: T0,
      anonymous: 'you',
    })[3]!;
    expect(nameless.blanks).toEqual(['[name]', '[link]']);
    expect(bare).toMatchObject({
      text: expect.stringContaining('reports of FraudModelHighErrorRate affecting [model]'),
      blanks: ['[model]'],
    });
  });
});

describe('comms for an alert that is not about a model', () => {
  it('name what it is about from its labels, never "[model]"', () => {
    const cassandra = alert('CassandraNodeDown', 0, {
      job: 'cassandra',
      instance: '10.0.0.7:9500',
      severity: 'critical',
    });
    const filled = fillCommsTemplates(incident({ title: 'CassandraNodeDown', signals: [cassandra] }), {
      you: 'ana',
      now: T0,
    });
    const status = filled.find((t) => t.template.includes('Investigating'))!;
    expect(status.text).toContain('affecting cassandra (10.0.0.7:9500)');
    expect(filled.map((t) => t.text).join('\n')).not.toContain('[model');
  });
});
