import { describe, expect, it } from 'vitest';
import { alert, shippedConfig, shippedWith } from '../testing/signalFixtures';
import type { Signal } from '../domain/signal';
import { classifySignal } from './classifySignal';

const NOW = Date.parse('2026-11-24T22:55:00Z');
const config = shippedConfig();
const errorsExpr = (threshold: number) =>
  `sum(rate(http_requests_total{status=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > ${threshold}`;
const api = (value: number, severity: string, threshold: number) =>
  alert(
    'ApiHighErrorRate',
    value,
    { service: 'checkout', severity },
    { expr: errorsExpr(threshold), activeAt: new Date(NOW - 20 * 60_000).toISOString() },
  );

describe("the author's severity label bounds the result", () => {
  it("raises a warning to a page only on value evidence past a line stricter than the author's, and says so", () => {
    // The team warns from 1%; 7% is past seed 004's 5% line for a critical API error rate.
    expect(classifySignal(api(0.07, 'warning', 0.01), config, NOW)).toMatchObject({
      severity: 'P1',
      ruleId: 'api-errors',
      reason: 'raised above its warning label: error ratio 7% > 5% for 20 min: P1',
    });
    // An author who alerts at 10% and calls it a warning has decided what 10% means.
    const own = classifySignal(api(0.12, 'warning', 0.1), config, NOW);
    expect(own).toMatchObject({ severity: 'P2', ruleId: 'fallback:severity' });
    expect(own.whyNotHigher).toMatch(/its own rule already alerts at > 0.1 and labels that warning/);
  });

  it('never raises a model target down (`up == 0`, per target) above its label: one replica is not the service', () => {
    const down = (expr: string, severity: string) =>
      classifySignal(
        alert('ModelDown', 1, { service: 'fraud-model', model: 'fraud-model', severity }, { expr }),
        config,
        NOW,
      );
    const one = down('up{job="model-serving"} == 0', 'warning');
    expect(one).toMatchObject({ severity: 'P2', ruleId: 'fallback:severity' });
    expect(one.whyNotHigher).toMatch(/fires per target \(up == 0\): one target down is not the whole service/);
    expect(down('up{job="model-serving"} == 0', 'critical')).toMatchObject({ severity: 'P1' });
    // Every target down, or none reporting: serving down, all hands.
    expect(down('sum(up{job="model-serving"}) == 0', 'warning')).toMatchObject({
      severity: 'P0',
      reason: 'raised above its warning label: model serving is down: P0',
    });
    expect(down('absent(up{job="model-serving"} == 1)', 'critical')).toMatchObject({ severity: 'P0' });
  });

  it('reads an age in seconds as no latency: a model trained three days ago is not a p99 over SLA', () => {
    const stale = classifySignal(
      alert(
        'ModelNotTrainedRecently',
        259_200,
        { model: 'fraud-model', severity: 'info' },
        { expr: 'time() - model_last_trained_timestamp_seconds > 172800' },
      ),
      config,
      NOW,
    );
    expect(stale).toMatchObject({ severity: 'P3', ruleId: 'fallback:severity' });
    expect(stale.reason).not.toMatch(/p99|SLA/);
    // A latency in the same unit still is one.
    const slow = classifySignal(
      alert(
        'FraudModelSlow',
        0.8,
        { model: 'fraud-model', severity: 'info' },
        { expr: 'histogram_quantile(0.99, sum by (le) (rate(model_inference_duration_seconds_bucket[5m]))) > 0.6' },
      ),
      config,
      NOW,
    );
    expect(slow).toMatchObject({ severity: 'P2', ruleId: 'latency-over-sla' });
  });

  it("raises to seed 004's API error page only for failed requests, not any ratio with 'error' in it", () => {
    // node-exporter's mixin: a NIC's receive errors, a warning from 1%. 21% is bad, and still not
    // an API's error rate; the mixin has its own critical rule for what should page.
    const nic = classifySignal(
      alert(
        'NodeNetworkReceiveErrs',
        0.21,
        { instance: 'node-3:9100', device: 'eth0', severity: 'warning' },
        {
          expr: 'rate(node_network_receive_errs_total[2m]) / rate(node_network_receive_packets_total[2m]) > 0.01',
          activeAt: new Date(NOW - 60 * 60_000).toISOString(),
        },
      ),
      config,
      NOW,
    );
    expect(nic).toMatchObject({ severity: 'P2', ruleId: 'fallback:severity' });
    // gRPC requests failing are an API's error rate.
    const grpc = classifySignal(
      alert(
        'EtcdHighNumberOfFailedGRPCRequests',
        0.21,
        { job: 'etcd', severity: 'warning' },
        {
          expr: 'sum by (grpc_service) (rate(grpc_server_handled_total{grpc_code!="OK"}[5m])) / sum by (grpc_service) (rate(grpc_server_handled_total[5m])) > 0.01',
          activeAt: new Date(NOW - 60 * 60_000).toISOString(),
        },
      ),
      config,
      NOW,
    );
    expect(grpc).toMatchObject({ severity: 'P1', ruleId: 'api-errors' });
  });

  it('speaks of files, not disk space, for a filesystem running out of inodes', () => {
    const inodes = classifySignal(
      alert(
        'NodeFilesystemAlmostOutOfFiles',
        0.02,
        { instance: 'node-3:9100', mountpoint: '/var', severity: 'warning' },
        { expr: 'node_filesystem_files_free{fstype!=""} / node_filesystem_files{fstype!=""} * 100 < 5' },
      ),
      config,
      NOW,
    );
    expect(inodes).toMatchObject({ severity: 'P2', ruleId: 'fallback:severity' });
    expect(inodes.reason).toMatch(/filesystem files free/);
    expect(inodes.reason).not.toMatch(/disk/);
  });

  it('reads CPU throttling as throttling, not as a busy CPU', () => {
    const throttled = classifySignal(
      alert(
        'CPUThrottlingHigh',
        0.95,
        { namespace: 'payments', pod: 'api-7', container: 'api', severity: 'info' },
        {
          expr: 'sum(increase(container_cpu_cfs_throttled_periods_total{container!=""}[5m])) by (container, pod, namespace) / sum(increase(container_cpu_cfs_periods_total[5m])) by (container, pod, namespace) > (25 / 100)',
          activeAt: new Date(NOW - 30 * 60_000).toISOString(),
        },
      ),
      config,
      NOW,
    );
    expect(throttled).toMatchObject({ severity: 'P3', ruleId: 'fallback:severity' });
    expect(throttled.reason).not.toMatch(/busy/);
  });

  it('never raises on a name alone', () => {
    // The old matrix paged on this name ("error ratio 60000%"): the value is a count.
    const count = alert(
      'PrometheusRuleEvaluationFailuresHigh',
      600,
      { severity: 'warning' },
      {
        expr: 'increase(prometheus_rule_evaluation_failures_total[10m]) > 0',
      },
    );
    expect(classifySignal(count, config, NOW)).toMatchObject({
      severity: 'P2',
      reason: '600 rule evaluation failures in 10 min (rule: > 0); labelled warning: P2',
    });
    const oom = alert(
      'ModelServerOOMKilled',
      1,
      { severity: 'warning', model: 'm' },
      { expr: 'kube_pod_container_status_last_terminated_reason{reason="OOMKilled"} == 1' },
    );
    const c = classifySignal(oom, config, NOW);
    expect(c.severity).toBe('P2');
    expect(c.whyNotHigher).toMatch(/matches its name only, and a name never raises an alert above its warning label/);
  });

  it('does not lower a page unless a rule says lower_label, and then says so', () => {
    const cfg = shippedWith(`version: 1
rules:
  - id: disk-free-low
    severity: P2
    scope: other
    value: ratio
    about: 'filesystem.*avail'
    when: value < 0.10
    lower_label: true
    subject: free disk space
    unit: percent
    reason: 'disk {value|pct} free (< 10%)'
`);
    const full = alert(
      'HostDiskFull',
      0.05,
      { severity: 'critical', instance: 'db-1' },
      {
        expr: 'node_filesystem_avail_bytes / node_filesystem_size_bytes < 0.1',
      },
    );
    expect(classifySignal(full, config, NOW)).toMatchObject({ severity: 'P1', ruleId: 'fallback:severity' });
    expect(classifySignal(full, cfg, NOW)).toMatchObject({
      severity: 'P2',
      reason: 'lowered below its critical label: disk 5% free (< 10%): P2',
    });
  });

  it('without an expression the label decides and the reason says the value is not judged', () => {
    const bare = alert(
      'SomethingOdd',
      42,
      { severity: 'warning' },
      { expr: null, exprNote: 'the rule list could not be fetched (HTTP 503)' },
    );
    expect(classifySignal(bare, config, NOW).reason).toBe(
      'no matrix rule matched; severity="warning" maps to P2 (value not judged: the rule list could not be fetched (HTTP 503))',
    );
    const broken = alert('Broken', 1, { severity: 'critical' }, { expr: 'sum(rate(x[5m]) >' });
    expect(classifySignal(broken, config, NOW).reason).toMatch(
      /^its expression could not be read \(the PromQL grammar cannot read it at character \d+.*\), so its value is not judged; labelled critical: P1$/,
    );
  });
});

describe("PagerDuty incidents carry PagerDuty's own judgment", () => {
  const pd = (labels: Record<string, string>): Signal => ({
    ...alert('[FIRING:1] Checkout down', null, labels),
    sourceKind: 'pagerduty',
    expr: null,
  });
  it('high urgency pages, low does not; a priority wins over urgency', () => {
    expect(classifySignal(pd({ urgency: 'high' }), config, NOW)).toMatchObject({
      severity: 'P1',
      reason: 'PagerDuty high urgency (PagerDuty pages for it): P1',
    });
    expect(classifySignal(pd({ urgency: 'low' }), config, NOW).severity).toBe('P3');
    expect(classifySignal(pd({ urgency: 'low', pagerduty_priority: 'P1' }), config, NOW)).toMatchObject({
      severity: 'P0',
      reason: 'PagerDuty priority P1: P0',
    });
  });
  it('the mapping is editable in the matrix', () => {
    const mine = shippedWith('version: 1\npagerduty:\n  urgency: { low: P2 }\n  priority: { SEV-1: P0 }\n');
    expect(classifySignal(pd({ urgency: 'low' }), mine, NOW).severity).toBe('P2');
    expect(classifySignal(pd({ urgency: 'high', pagerduty_priority: 'SEV-1' }), mine, NOW).severity).toBe('P0');
  });
});
