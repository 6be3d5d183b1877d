import { describe, expect, it } from 'vitest';
import { requests, SourceInput, SourceView } from './contract';

const health = {
  sourceId: 'pd-1',
  name: 'PD',
  kind: 'pagerduty' as const,
  target: 'https://api.pagerduty.com',
  status: 'ok' as const,
  since: '2026-01-01T00:00:00.000Z',
  lastSuccessAt: null,
  message: null,
  detail: null,
};

describe('sources contract', () => {
  it('still accepts what the first renderer sent (a Prometheus with a URL), filling the new fields', () => {
    expect(SourceInput.parse({ kind: 'prometheus', name: 'Prod', url: 'http://127.0.0.1:9090' })).toEqual({
      kind: 'prometheus',
      name: 'Prod',
      url: 'http://127.0.0.1:9090',
      intervalSeconds: 15,
      pathPrefix: '',
      headers: {},
      basicAuthUser: null,
      caPem: null,
      members: [],
      replicaLabels: ['replica', 'prometheus_replica'],
    });
    expect(requests['sources:test'].input.safeParse({ kind: 'prometheus', url: 'http://127.0.0.1:9090' }).success).toBe(
      true,
    );
  });

  it('a view cannot carry a secret: secrets are only { set }', () => {
    const view = {
      id: 'pd-1',
      kind: 'pagerduty',
      name: 'PD',
      url: 'https://api.pagerduty.com',
      intervalSeconds: 30,
      health,
      lastError: null,
      fromEmail: null,
      secrets: { token: { set: true } },
    };
    expect(SourceView.safeParse(view).success).toBe(true);
    expect(SourceView.safeParse({ ...view, token: 'u+abc' }).success).toBe(false);
    expect(SourceView.safeParse({ ...view, secrets: { token: { set: true, value: 'u+abc' } } }).success).toBe(false);
  });

  it('keeps credentials out of extra headers and settles the path prefix', () => {
    const base = { kind: 'alertmanager', name: 'AM', url: 'https://am.example.com' };
    const bad = SourceInput.safeParse({ ...base, headers: { Authorization: 'Bearer x' } });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toContain('carries credentials');
    expect(
      SourceInput.parse({ ...base, pathPrefix: '/alertmanager/', headers: { 'X-Scope-OrgID': 'ml' } }),
    ).toMatchObject({ pathPrefix: '/alertmanager', headers: { 'X-Scope-OrgID': 'ml' } });
    expect(SourceInput.safeParse({ ...base, pathPrefix: 'alertmanager' }).success).toBe(false);
  });

  it('a PagerDuty source needs its token when added, and polls no faster than every 10 s', () => {
    expect(SourceInput.safeParse({ kind: 'pagerduty', name: 'PD' }).success).toBe(false);
    expect(SourceInput.parse({ kind: 'pagerduty', name: 'PD', token: 't0ken' })).toMatchObject({
      url: 'https://api.pagerduty.com',
      intervalSeconds: 30,
      fromEmail: null,
    });
    expect(SourceInput.safeParse({ kind: 'pagerduty', name: 'PD', token: 't0ken', intervalSeconds: 2 }).success).toBe(
      false,
    );
  });
});
