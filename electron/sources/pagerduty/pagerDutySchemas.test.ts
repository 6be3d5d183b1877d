import { describe, expect, it } from 'vitest';
import { PdIncident, PdOnCall } from './pagerDutySchemas';
import { alertnameFromTitle, toPagerDutySignal } from './pagerDutySignals';

/**
 * The live API sends null where PagerDuty's spec says string or object. The fake stays within the
 * spec, so these replies, shaped like the live ones, are checked here.
 */
const liveIncident = {
  id: 'Q1LIVE0000000A',
  type: 'incident',
  incident_number: 77,
  title: 'Checkout 5xx rate above SLO',
  status: 'triggered',
  urgency: 'high',
  created_at: '2026-01-10T08:00:00Z',
  updated_at: '2026-01-10T08:00:00Z',
  html_url: 'https://example.pagerduty.com/incidents/Q1LIVE0000000A',
  incident_key: null,
  service: { id: 'PSCHKOT', type: 'service_reference', summary: 'checkout-api', self: null, html_url: null },
  escalation_policy: null,
  assignments: [],
  acknowledgements: [],
  priority: null,
  resolve_reason: null,
  conference_bridge: null,
  some_field_added_next_year: { anything: true },
};

describe('PagerDuty schemas tolerate the live API', () => {
  it('accepts an incident with priority null and fields Vigil does not know', () => {
    const parsed = PdIncident.parse(liveIncident);
    expect(parsed.priority).toBeNull();
    expect(parsed.teams).toEqual([]);
    const signal = toPagerDutySignal('pd', parsed);
    expect(signal.labels).not.toHaveProperty('pagerduty_priority');
    expect(signal.dedupKey).toBeNull();
    expect(signal.labels).not.toHaveProperty('alertname');
  });

  it('accepts a permanent on-call with start, end and schedule null', () => {
    const parsed = PdOnCall.parse({
      escalation_policy: { id: 'PEP', type: 'escalation_policy_reference', summary: 'Payments' },
      escalation_level: 3,
      schedule: null,
      user: { id: 'PU1', type: 'user_reference', summary: 'Ada Okafor' },
      start: null,
      end: null,
    });
    expect(parsed).toMatchObject({ start: null, end: null, schedule: null });
  });

  it('still rejects a reply that is not an incident', () => {
    expect(PdIncident.safeParse({ ...liveIncident, status: undefined }).success).toBe(false);
    expect(PdIncident.safeParse({ ...liveIncident, service: null }).success).toBe(false);
  });
});

describe('alertnameFromTitle', () => {
  it.each([
    ['[FIRING:1] FraudModelHighErrorRate (fraud-model critical)', 'FraudModelHighErrorRate'],
    ['[FIRING:12] feature_store:latency_high', 'feature_store:latency_high'],
    ['[RESOLVED] FraudModelDriftHigh (fraud-model)', 'FraudModelDriftHigh'],
    ['Checkout 5xx rate above SLO', null],
    ['[FIRING:1]', null],
  ])('%s -> %s', (title, name) => {
    expect(alertnameFromTitle(title)).toBe(name);
  });
});
