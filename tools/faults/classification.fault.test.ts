import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseClassificationConfig } from '../../shared/classify/classificationConfig';
import { classifySignal } from '../../shared/classify/classifySignal';
import { createPrometheusSource } from '../../electron/sources/prometheusSource';
import type { AlertSource } from '../../electron/sources/alertSource';
import { startFaultServer, type Handler } from './faultServer';

let server: Awaited<ReturnType<typeof startFaultServer>>;
beforeAll(async () => (server = await startFaultServer()));
afterAll(() => server.close());

const config = (() => {
  const r = parseClassificationConfig(readFileSync('resources/classification.yaml', 'utf8'));
  if (!r.ok) throw new Error('shipped matrix invalid');
  return r.config;
})();

const ALERTS = JSON.stringify({
  status: 'success',
  data: {
    alerts: [
      {
        labels: { alertname: 'PrometheusRuleEvaluationFailures', instance: 'prom-1:9090', severity: 'warning' },
        annotations: { summary: 'rule evaluation failures' },
        state: 'firing',
        activeAt: '2026-11-24T22:41:00Z',
        value: '600',
      },
    ],
  },
});
const rulesReply = (query: string) =>
  JSON.stringify({
    status: 'success',
    data: {
      groups: [
        {
          name: 'prometheus',
          file: 'rules.yml',
          rules: [
            {
              type: 'alerting',
              name: 'PrometheusRuleEvaluationFailures',
              query,
              duration: 0,
              labels: { severity: 'warning' },
              annotations: {},
              state: 'firing',
              alerts: [],
            },
          ],
        },
      ],
    },
  });

/** /api/v1/alerts answers; /api/v1/rules answers with `rules`. */
const serve =
  (rules: { status: number; body: string }): Handler =>
  (q, r) => {
    const isRules = (q.url ?? '').startsWith('/api/v1/rules');
    r.writeHead(isRules ? rules.status : 200, { 'content-type': 'application/json' });
    r.end(isRules ? rules.body : ALERTS);
  };

async function pollOnce(): Promise<AlertSource> {
  let updates = 0;
  const source = createPrometheusSource({
    id: 'prom',
    name: 'Prometheus',
    url: server.url,
    intervalMs: 60_000,
    timeoutMs: 1500,
    onUpdate: () => updates++,
  });
  source.start();
  const end = Date.now() + 5000;
  while (updates < 1) {
    if (Date.now() > end) throw new Error('no poll');
    await new Promise((r) => setTimeout(r, 20));
  }
  source.stop();
  return source;
}

describe('classification when the expression cannot be had or read', () => {
  it('the rule list answers 503: the source stays ok, the label decides and the reason says why, never a guess', async () => {
    server.set(serve({ status: 503, body: '{"status":"error","error":"overloaded"}' }));
    const source = await pollOnce();
    expect(source.health().status).toBe('ok');
    const [signal] = source.signals();
    expect(signal!.expr).toBeNull();
    expect(signal!.exprNote).toMatch(/^the rule list could not be fetched/);
    const c = classifySignal(signal!, config, Date.parse('2026-11-24T22:55:00Z'));
    expect(c.severity).toBe('P2');
    expect(c.reason).toMatch(
      /^no matrix rule matched; severity="warning" maps to P2 \(value not judged: the rule list could not be fetched/,
    );
    // 600 is not read as a ratio (the old "error ratio 60000%").
    expect(c.reason).not.toMatch(/%/);
  });

  it('an expression the grammar cannot read: the label decides and the reason says where it stopped', async () => {
    server.set(serve({ status: 200, body: rulesReply('increase(prometheus_rule_evaluation_failures_total[5m] > 0') }));
    const source = await pollOnce();
    const [signal] = source.signals();
    expect(signal!.expr).toBe('increase(prometheus_rule_evaluation_failures_total[5m] > 0');
    const c = classifySignal(signal!, config, Date.parse('2026-11-24T22:55:00Z'));
    expect(c).toMatchObject({ severity: 'P2', ruleId: 'fallback:severity' });
    expect(c.reason).toMatch(/^its expression could not be read \(the PromQL grammar cannot read it at character \d+/);
  });

  it('with the rule list readable, the value is read in its unit', async () => {
    server.set(serve({ status: 200, body: rulesReply('increase(prometheus_rule_evaluation_failures_total[5m]) > 0') }));
    const source = await pollOnce();
    const c = classifySignal(source.signals()[0]!, config, Date.parse('2026-11-24T22:55:00Z'));
    expect(c.reason).toBe('600 rule evaluation failures in 5 min (rule: > 0); labelled warning: P2');
  });
});
