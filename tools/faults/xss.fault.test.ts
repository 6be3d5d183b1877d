import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Incident } from '../../shared/domain/incident';
import { parseRunbook } from '../../shared/runbooks/parseRunbook';
import { ClientContext } from '../../renderer/api/ClientContext';
import type { VigilClient } from '../../renderer/api/vigilClient';
import { IncidentDetail } from '../../renderer/features/incidents/IncidentDetail';

/** Strings attackers (or broken exporters) put into alert labels, annotations and PagerDuty titles. */
const CORPUS = [
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=1">',
  '"><svg onload=alert(1)>',
  '<a href="javascript:alert(1)">click</a>',
  '<iframe src="https://evil.example"></iframe>',
  '{{constructor.constructor("alert(1)")()}}',
];

const client = {
  request: async () => ({}),
  on: () => () => {},
  onConnection: () => () => {},
} as unknown as VigilClient;

function incidentWith(text: string, link: string): Incident {
  return {
    id: 'inc-xss',
    key: 'k',
    title: text,
    summary: text,
    severity: 'P1',
    classification: { severity: 'P1', ruleId: 'r', reason: `${text}: P1` },
    state: 'open',
    startedAt: '2026-11-24T22:41:00.000Z',
    detectedAt: '2026-11-24T22:41:05.000Z',
    updatedAt: '2026-11-24T22:41:05.000Z',
    resolvedAt: null,
    notifiedAt: null,
    sourceKinds: ['pagerduty'],
    stale: false,
    signals: [
      {
        id: 'pd/1',
        sourceId: 'pd',
        sourceKind: 'pagerduty',
        fingerprint: '1',
        name: text,
        labels: { alertname: text, service: text },
        annotations: { summary: text, description: text, runbook_url: link, dashboard: link },
        state: 'firing',
        activeAt: '2026-11-24T22:41:00.000Z',
        value: null,
        generatorURL: link,
        stale: false,
      },
    ],
  };
}

const render = (incident: Incident) =>
  renderToStaticMarkup(
    createElement(ClientContext.Provider, { value: client }, createElement(IncidentDetail, { incident })),
  );

describe('faults: untrusted text is never rendered as HTML', () => {
  it.each(CORPUS)('alert annotation and PagerDuty title %s render as text', (payload) => {
    const html = render(incidentWith(payload, 'javascript:alert(1)'));
    // No element the payload asked for, and no event-handler attribute on any element.
    expect(html).not.toMatch(/<(script|img|svg|iframe)\b/i);
    // Attribute values are quoted with their own quotes escaped, so emptying them leaves only markup.
    const markupOnly = html.replace(/="[^"]*"/g, '=""');
    expect(markupOnly).not.toMatch(/<[a-z][^>]*\son\w+=/i);
    expect(html).not.toMatch(/href="javascript:/i);
    // The text itself is there, escaped, so the engineer still sees what the alert said.
    const escaped = payload.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    expect(html).toContain(escaped);
  });

  it('runbook Markdown with script, javascript: links, img onerror and raw HTML parses to inert text', () => {
    const r = parseRunbook(`---
id: evil
title: <script>alert(1)</script>
match: ['alertname="X"']
owner: ml
---
## Step 1: Look <img src=x onerror=alert(1)> (2 min)
- [ ] open [the dashboard](javascript:alert(1)) and <b>this</b>
`);
    expect(r.ok).toBe(true);
    const json = JSON.stringify(r);
    expect(json).not.toContain('"href":"javascript:');
    expect(json).toContain('<img src=x onerror=alert(1)>');
  });
});
