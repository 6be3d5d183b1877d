import { describe, expect, it } from 'vitest';
import rulesText from './testing/mixedRules.yml?raw';
import { shippedConfig } from '../testing/signalFixtures';
import { calibrateRules, type PreviewLevel } from './calibrateRules';
import { readRuleFile } from './readRuleFile';

const NOW = Date.parse('2026-11-24T22:55:00Z');
const { previews, summary } = calibrateRules(readRuleFile(rulesText, 'mixedRules.yml'), shippedConfig(), NOW);
const byName = new Map(previews.map((p) => [p.name, p]));

/**
 * A mixed platform + ML rule set, each rule fired just past its own threshold: the level and the
 * reason a person reads. Before values were read from the expression, five of these paged falsely
 * ("error ratio 60000%", "model serving is down" for an API gateway) and Watchdog was an incident.
 */
const expected: [name: string, level: PreviewLevel, kind: string, reason: string][] = [
  [
    'PrometheusRuleEvaluationFailures',
    'P2',
    'count',
    '1 rule evaluation failures in 5 min (rule: > 0); labelled warning: P2',
  ],
  [
    'PrometheusRemoteWriteFailing',
    'P1',
    'percent',
    '5.01% remote storage samples failed (rule: > 5%); labelled critical: P1',
  ],
  [
    'HostRaidDiskFailure',
    'P2',
    'unknown',
    'md disks (state="failed") 1 (unit not known) (rule: > 0); labelled warning: P2',
  ],
  ['ApiGatewayTargetsDown', 'P2', 'percent', '100% targets down of targets (rule: >= 100%); labelled warning: P2'],
  ['JobAllTargetsDown', 'P1', 'availability', 'every target down; labelled critical: P1'],
  ['InstanceDown', 'P1', 'availability', 'target down; labelled critical: P1'],
  ['NodeExporterAbsent', 'P2', 'availability', 'no targets reported (absent); labelled warning: P2'],
  ['HostDiskFull', 'P1', 'ratio', '9.99% filesystem avail of filesystem size (rule: < 10%); labelled critical: P1'],
  ['HostDiskFilling', 'P3', 'ratio', '20% filesystem avail of filesystem size (rule: < 20%); labelled info: P3'],
  ['CheckoutLatencyHigh', 'P2', 'seconds', 'latency 2 s = 4x SLA 0.5 s for 15 min: P2'],
  ['HostDiskWriteHeavy', 'P3', 'rate', 'disk written 100 MiB/s (rule: > 100 MiB/s); labelled info: P3'],
  ['HostMemoryLow', 'P2', 'bytes', 'memory memavailable 511 MiB (rule: < 512 MiB); labelled warning: P2'],
  ['CertificateExpiringSoon', 'P2', 'seconds', 'ssl earliest cert expiry 14 d (rule: < 14 d); labelled warning: P2'],
  [
    'Watchdog',
    'heartbeat',
    'unknown',
    'a heartbeat: shown as source health; its silence raises "alerting pipeline heartbeat stopped"',
  ],
  ['InfoInhibitor', 'ignored', 'unknown', 'severity="none" is not an incident'],
  ['FraudModelErrorRate', 'P1', 'ratio', '2% model requests (status="error") (rule: > 2%); labelled critical: P1'],
  [
    'FraudModelErrorRateWarning',
    'P2',
    'ratio',
    '1% model requests (status="error") (rule: > 1%); labelled warning: P2',
  ],
  ['ChurnModelDrift', 'P2', 'unknown', 'moderate drift PSI 0.2 (0.2-0.5): P2'],
  [
    'ChurnModelDriftSevere',
    'P3',
    'unknown',
    'model prediction psi 0.5 (unit not known) (rule: > 0.5); labelled info: P3',
  ],
  // `up == 0` fires per target: one replica down is not the service down; the author's critical pages.
  ['FraudModelServingDown', 'P1', 'availability', 'target down; labelled critical: P1'],
  ['FraudModelAllServingDown', 'P0', 'availability', 'raised above its critical label: model serving is down: P0'],
];

describe('a mixed platform and ML rule set, fired just past each threshold', () => {
  it.each(expected)('%s: %s', (name, level, kind, reason) => {
    const p = byName.get(name)!;
    expect(p).toBeDefined();
    expect({ level: p.level, kind: p.kind, reason: p.reason }).toEqual({ level, kind, reason });
  });

  it('covers every rule, and pages from no warning or info label', () => {
    expect(previews).toHaveLength(expected.length);
    expect(summary.pagedFromNonCritical).toBe(0);
    // The one raise: every serving target of a model down under a critical label: P0, all hands.
    expect(previews.filter((p) => p.raisedAboveLabel).map((p) => p.name)).toEqual(['FraudModelAllServingDown']);
  });

  it('never states a percentage above 100% or names a model for a platform alert', () => {
    for (const p of previews) {
      for (const m of p.reason.matchAll(/(\d+(?:\.\d+)?)%/g)) expect(Number(m[1])).toBeLessThanOrEqual(100);
      if (!p.name.includes('Model')) expect(p.reason).not.toMatch(/\bmodel\b/i);
    }
  });
});
