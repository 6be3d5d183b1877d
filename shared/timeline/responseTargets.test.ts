import { describe, expect, it } from 'vitest';
import { RESPONSE_TARGETS, targetClassOf } from './responseTargets';
import { makeIncident } from './testing/incidentFixtures';

const incident = (alertname: string, labels: Record<string, string> = {}) => {
  const inc = makeIncident({
    id: alertname,
    startedAt: '2026-01-01T00:00:00.000Z',
    detectedAt: '2026-01-01T00:00:00.000Z',
    groupLabels: { alertname },
  });
  inc.signals[0]!.labels = { ...inc.signals[0]!.labels, ...labels };
  return inc;
};

describe('targetClassOf', () => {
  it.each([
    ['FraudModelHighLatency', 'infrastructure'],
    ['HighAPIErrorRate', 'infrastructure'],
    ['FeatureStoreHighLatency', 'infrastructure'],
    ['GPUOOMRisk', 'infrastructure'],
    ['FeatureStaleness', 'data-pipeline'],
    ['FeatureNullRate', 'data-pipeline'],
    ['SchemaViolation', 'data-pipeline'],
    ['FraudModelScorePSI', 'ml-quality'],
    ['ApprovalRateDrift', 'ml-quality'],
    ['FeatureDrift', 'ml-quality'],
    ['ModelAccuracyDrop', 'ml-quality'],
  ])('%s is %s', (name, cls) => {
    expect(targetClassOf(incident(name))).toBe(cls);
  });

  it('lets an incident_type or category label decide', () => {
    expect(targetClassOf(incident('HighAPIErrorRate', { incident_type: 'ML quality' }))).toBe('ml-quality');
    expect(targetClassOf(incident('ScorePSI', { category: 'infra' }))).toBe('infrastructure');
    expect(targetClassOf(incident('ScorePSI', { category: 'whatever' }))).toBe('ml-quality');
  });

  it("holds seed 002's infrastructure numbers", () => {
    expect(RESPONSE_TARGETS.infrastructure).toMatchObject({ detectMs: 5 * 60_000, resolveMs: 30 * 60_000 });
  });
});
