import { describe, expect, it } from 'vitest';
import type { Incident } from '../../../shared/domain/incident';
import type { Signal } from '../../../shared/domain/signal';
import { incidentLinks } from './incidentLinks';

const signal = (over: Partial<Signal>): Signal => ({
  id: 's',
  sourceId: 'p',
  sourceKind: 'prometheus',
  fingerprint: 'f',
  name: 'X',
  labels: {},
  annotations: {},
  state: 'firing',
  activeAt: null,
  value: null,
  generatorURL: null,
  stale: false,
  ...over,
});

describe('incidentLinks', () => {
  it('collects runbook, dashboard, graph and PagerDuty links once each, http(s) only', () => {
    const incident = {
      signals: [
        signal({
          annotations: {
            runbook_url: 'https://runbooks.example.com/errors',
            dashboard: 'javascript:alert(1)',
            dashboard_url: 'file:///etc/passwd',
          },
          generatorURL: 'http://prom:9090/graph?g0.expr=up',
        }),
        signal({
          sourceKind: 'alertmanager',
          generatorURL: 'http://prom:9090/graph?g0.expr=up',
          annotations: { runbook_url: 'https://runbooks.example.com/errors' },
        }),
        signal({
          sourceKind: 'pagerduty',
          labels: { pagerduty_incident_number: '1043' },
          annotations: { pagerduty_url: 'https://acme.pagerduty.com/incidents/Q3' },
        }),
      ],
    } as unknown as Incident;
    expect(incidentLinks(incident)).toEqual([
      { name: 'runbook', href: 'https://runbooks.example.com/errors' },
      { name: 'Prometheus graph', href: 'http://prom:9090/graph?g0.expr=up' },
      { name: 'PagerDuty incident #1043', href: 'https://acme.pagerduty.com/incidents/Q3' },
    ]);
  });
});
