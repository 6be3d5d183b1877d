import { describe, expect, it } from 'vitest';
import type { Incident } from '../../../shared/domain/incident';
import { emptyFilter, filterIncidents, narrows, prepareTextSearch } from './filterIncidents';

function incident(id: string, over: Partial<Incident> & { service?: string } = {}): Incident {
  const { service = 'fraud-model', ...rest } = over;
  return {
    id,
    key: id,
    title: 'FraudModelHighErrorRate',
    summary: 'Fraud model error rate exceeds 5%',
    severity: 'P0',
    classification: { severity: 'P0', ruleId: 'hard-errors', reason: 'error ratio 7.2% > 5% of requests: P0' },
    state: 'open',
    startedAt: '2026-11-24T22:41:00.000Z',
    detectedAt: '2026-11-24T22:41:05.000Z',
    updatedAt: '2026-11-24T22:41:05.000Z',
    resolvedAt: null,
    notifiedAt: null,
    sourceKinds: ['prometheus'],
    stale: false,
    signals: [
      {
        id: `p/${id}`,
        sourceId: 'p',
        sourceKind: 'prometheus',
        fingerprint: id,
        name: 'x',
        labels: { alertname: 'x', service },
        annotations: {},
        state: 'firing',
        activeAt: null,
        value: null,
        generatorURL: null,
        stale: false,
      },
    ],
    ...rest,
  };
}

const list = [
  incident('a'),
  incident('b', { severity: 'P2', title: 'PredictionDriftHigh', service: 'churn-model', summary: 'churn PSI 0.31' }),
  incident('c', { severity: 'P1', state: 'resolved', sourceKinds: ['demo'] }),
];

describe('filterIncidents', () => {
  it('returns the list untouched when nothing is set', () => {
    expect(filterIncidents(list, emptyFilter)).toBe(list);
  });
  it('filters by severity, state and source', () => {
    expect(filterIncidents(list, { ...emptyFilter, severities: ['P2'] }).map((i) => i.id)).toEqual(['b']);
    expect(filterIncidents(list, { ...emptyFilter, states: ['resolved'] }).map((i) => i.id)).toEqual(['c']);
    expect(filterIncidents(list, { ...emptyFilter, sources: ['demo'] }).map((i) => i.id)).toEqual(['c']);
  });
  it('matches every word of the text, case-insensitively, across title, summary, reason and labels', () => {
    expect(filterIncidents(list, { ...emptyFilter, text: 'CHURN psi' }).map((i) => i.id)).toEqual(['b']);
    expect(filterIncidents(list, { ...emptyFilter, text: 'fraud-model 7.2%' }).map((i) => i.id)).toEqual(['a', 'c']);
    expect(filterIncidents(list, { ...emptyFilter, text: 'fraud churn' })).toEqual([]);
  });
});

describe('narrows', () => {
  it('is true only when the text was typed on and nothing else changed', () => {
    const f = { ...emptyFilter, text: 'fraud' };
    expect(narrows(f, { ...f, text: 'Fraud-m' })).toBe(true);
    expect(narrows(f, { ...f, text: 'fraud churn' })).toBe(true);
    expect(narrows(f, { ...f, text: 'frau' })).toBe(false);
    expect(narrows(f, { ...f, severities: ['P0'] })).toBe(false);
    // What a narrowed filter keeps from the previous result is what it keeps from the whole list.
    const prev = filterIncidents(list, f);
    const next = { ...f, text: 'fraud 7.2' };
    expect(filterIncidents(prev, next)).toEqual(filterIncidents(list, next));
  });
});

describe('prepareTextSearch', () => {
  it('stops when the idle time is spent, goes on where it stopped, and search finds the same', () => {
    const many = Array.from({ length: 300 }, (_, n) => incident(`m${n}`, { service: `svc-${n}` }));
    let calls = 0;
    // No idle time left after each slice: 64 incidents per call.
    while (!prepareTextSearch(many, () => 0)) calls++;
    expect(calls).toBe(4);
    expect(prepareTextSearch(many, () => 0)).toBe(true);
    expect(filterIncidents(many, { ...emptyFilter, text: 'svc-299' }).map((i) => i.id)).toEqual(['m299']);
    // Given time, one call does it all.
    expect(prepareTextSearch([...many], () => 50)).toBe(true);
  });
});
