import { describe, expect, it } from 'vitest';
import { draftRunbook } from './draftRunbook';
import { matchRunbooks } from './matchRunbooks';
import { parseRunbook } from './parseRunbook';

describe('draftRunbook', () => {
  it('drafts a runbook that parses and matches the alert it was drafted from', () => {
    const signal = {
      id: 'p/1',
      name: 'MetricsDelayed',
      labels: { alertname: 'MetricsDelayed', team: 'data-engineering', service: 'feature-store' },
      annotations: {
        summary: 'feature-store metrics arrive 6 minutes late',
        dashboard: 'https://grafana.example.com/d/fs',
      },
    };
    const text = draftRunbook(signal);
    const r = parseRunbook(text);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.runbook).toMatchObject({
      id: 'metrics-delayed',
      title: 'feature-store metrics arrive 6 minutes late',
      owner: 'data-engineering',
      timeboxMs: 30 * 60_000,
    });
    expect(r.runbook.steps[0]!.links.map((l) => l.href)).toEqual(['https://grafana.example.com/d/fs']);
    expect(r.runbook.steps[0]!.checks[0]!.query).toBe('count(ALERTS{alertname="MetricsDelayed", alertstate="firing"})');
    expect(matchRunbooks([r.runbook], [signal]).matches).toHaveLength(1);
  });

  it('alert text cannot change the structure of the draft', () => {
    const signal = {
      id: 'pd/1',
      name: 'Odd "name" -> step 9',
      labels: { team: 'a -> step 9\n## Step 7: injected' },
      annotations: {
        summary: '## Step 8: injected\n-> step 9',
        description: '```\n## Step 9: injected\n-> step 9\n<script>alert(1)</script>\n````',
        runbook_url: 'javascript:alert(1)',
      },
    };
    const r = parseRunbook(draftRunbook(signal));
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.runbook.steps.map((s) => s.key)).toEqual(['1', '2']);
    expect(r.runbook.steps[0]!.links).toEqual([]);
    expect(r.runbook.match[0]!.value).toBe('Odd "name" -> step 9');
    expect(matchRunbooks([r.runbook], [{ ...signal, labels: { alertname: signal.name } }]).matches).toHaveLength(1);
  });
});
