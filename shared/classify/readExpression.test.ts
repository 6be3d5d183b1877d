import { describe, expect, it } from 'vitest';
import { readExpression, type ValueKind } from './readExpression';

/**
 * What an alert's value means, read from its expression. Each row is a shape from real rule sets:
 * the kind, the final comparison and the unit factor the classifier compares in.
 */
const rows: [expr: string, kind: ValueKind, op: string | null, threshold: number | null, extra?: object][] = [
  // Ratios and percentages
  [
    'sum(rate(http_requests_total{status=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.05',
    'ratio',
    '>',
    0.05,
    { filter: 'status=~"5.."', window: '5m' },
  ],
  [
    'sum(rate(http_requests_total{status=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) * 100 > 5',
    'percent',
    '>',
    5,
  ],
  ['100 * sum by (job) (rate(x_failed_total[5m])) / sum by (job) (rate(x_total[5m])) > 1', 'percent', '>', 1],
  ['node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes < .10', 'ratio', '<', 0.1],
  ['(1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes) * 100 > 90', 'percent', '>', 90],
  ['1 - avg without (cpu) (rate(node_cpu_seconds_total{mode="idle"}[5m])) > 0.8', 'ratio', '>', 0.8],
  ['apcupsd_battery_charge_percent < 10', 'percent', '<', 10],
  ['model_error_ratio{service="fraud-model"} > 0.05', 'ratio', '>', 0.05],
  // A "ratio" compared with a number it can never reach is no share: a mean in ms, unsuffixed.
  [
    'sum(rate(keycloak_request_duration_sum[5m])) / sum(rate(keycloak_request_duration_count[5m])) > 2000',
    'unknown',
    '>',
    2000,
  ],
  // Counts over a window, and plain counters
  [
    'increase(prometheus_rule_evaluation_failures_total[3m]) > 0',
    'count',
    '>',
    0,
    { window: '3m', what: 'rule evaluation failures' },
  ],
  ['changes(process_start_time_seconds{job="prometheus"}[15m]) > 2', 'count', '>', 2, { window: '15m' }],
  ['count by (job) (up == 0) > 3', 'count', '>', 3, { what: 'targets down' }],
  // Rates
  ['rate(node_network_receive_errs_total[2m]) > 10', 'rate', '>', 10],
  ['sum(rate(cloudwatch_requests_total[5m])) * 60 > 100', 'rate', '>', 100, { scale: 1 / 60 }],
  // Seconds: quantiles, means, ages, unit suffixes
  [
    'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 0.5',
    'seconds',
    '>',
    0.5,
    { quantile: 0.99 },
  ],
  [
    'rate(http_request_duration_seconds_sum[5m]) / rate(http_request_duration_seconds_count[5m]) > 1',
    'seconds',
    '>',
    1,
  ],
  [
    'rate(istio_request_duration_milliseconds_sum[1m]) / rate(istio_request_duration_milliseconds_count[1m]) > 100',
    'seconds',
    '>',
    100,
    { scale: 0.001 },
  ],
  ['ceph_osd_apply_latency_ms > 5000', 'seconds', '>', 5000, { scale: 0.001 }],
  ['time() - container_last_seen > 60', 'seconds', '>', 60],
  ['(probe_ssl_earliest_cert_expiry - time()) / 86400 < 14', 'seconds', '<', 14, { scale: 86400 }],
  // Bytes
  ['node_memory_MemAvailable_bytes < 512 * 1024 * 1024', 'bytes', '<', 536870912],
  ['increase(node_network_transmit_bytes_total[1h]) > 1e9', 'bytes', '>', 1e9],
  // Availability
  ['up == 0', 'availability', '==', 0, { availability: 'down' }],
  ['sum by (job) (up) == 0', 'availability', '==', 0, { availability: 'down', what: 'every target' }],
  ['absent(up{job="prometheus"})', 'availability', null, null, { availability: 'absent' }],
  ['up == 0 unless on(job) (sum by (job) (up) == 0)', 'availability', '==', 0],
  // Unknown: a gauge without a unit, a boolean state, a constant
  // A gauge named _count is an instant count (connections), not a counter over a window.
  ['pg_stat_activity_count > 100', 'count', '>', 100, { window: null }],
  ['pg_up == 0', 'unknown', '==', 0],
  ['elasticsearch_cluster_health_status{color="red"} == 1', 'unknown', '==', 1],
  ['sum(x) / sum(y) > bool 0.5', 'unknown', null, null],
];

describe('readExpression', () => {
  it.each(rows)('%s -> %s', (expr, kind, op, threshold, extra = {}) => {
    const r = readExpression(expr);
    expect(r.problem).toBeNull();
    expect(r.value.kind).toBe(kind);
    expect(r.comparison?.op ?? null).toBe(op);
    expect(r.comparison?.threshold ?? null).toBeCloseTo(threshold ?? 0, 6);
    if (r.comparison?.threshold === null || threshold === null) expect(r.comparison?.threshold ?? null).toBe(threshold);
    const { scale, ...rest } = extra as { scale?: number };
    if (scale !== undefined) expect(r.value.scale).toBeCloseTo(scale, 9);
    expect(r.value).toMatchObject(rest);
  });

  it('claims no threshold for `or` branches that compare differently, and takes the first of a chained comparison', () => {
    // node-exporter's clock skew fires either way: "> 0.05" does not describe a -0.3 s offset.
    const skew = readExpression(
      '(node_timex_offset_seconds > 0.05 and deriv(node_timex_offset_seconds[5m]) >= 0) or (node_timex_offset_seconds < -0.05 and deriv(node_timex_offset_seconds[5m]) <= 0)',
    );
    expect(skew.comparison).toBeNull();
    expect(skew.value.kind).toBe('seconds');
    expect(readExpression('x_ratio > 0.9 or y_ratio > 0.9').comparison).toEqual({ op: '>', threshold: 0.9 });
    // kubernetes-mixin's KubeQuotaAlmostFull: the line is 90%, "< 1" only caps it.
    expect(
      readExpression(
        'kube_resourcequota{job="kube-state-metrics", type="used"} / ignoring(instance, job, type) (kube_resourcequota{job="kube-state-metrics", type="hard"} > 0) > 0.9 < 1',
      ).comparison,
    ).toEqual({ op: '>', threshold: 0.9 });
  });

  it('takes the value side of `and` / `unless` and flips a number on the left', () => {
    expect(readExpression('x_ratio > 0.9 and on(instance) y == 0').comparison).toEqual({ op: '>', threshold: 0.9 });
    expect(readExpression('0.05 < model_error_ratio').comparison).toEqual({ op: '>', threshold: 0.05 });
  });

  it('finds the metrics, the targets selected, and whether anything is read at all', () => {
    const r = readExpression('up{job="fraud-model-serving"} == 0');
    expect(r.metrics).toEqual(['up']);
    expect(r.targets).toEqual(['fraud-model-serving']);
    expect(readExpression('vector(1)').alwaysFires).toBe(true);
    expect(
      readExpression('label_replace(count by(__name__) ({__name__=~".+"}), "n", "$1", "__name__", "(.+)") > 10000')
        .alwaysFires,
    ).toBe(false);
  });

  it('reads past comments, as rule files have them (a leading one made a critical rule a heartbeat)', () => {
    // Prometheus's own mixin writes PrometheusBadConfig like this.
    const leading = readExpression(
      '# Without max_over_time, failed scrapes could create false negatives.\nmax_over_time(prometheus_config_last_reload_successful{job="prometheus"}[5m]) == 0',
    );
    expect(leading.alwaysFires).toBe(false);
    expect(leading.metrics).toEqual(['prometheus_config_last_reload_successful']);
    expect(leading.comparison).toEqual({ op: '==', threshold: 0 });
    const inside = readExpression(
      'sum(rate(http_requests_total{status=~"5.."}[5m])) # the failures\n/ sum(rate(http_requests_total[5m])) > 0.05 # 5%',
    );
    expect({ kind: inside.value.kind, comparison: inside.comparison }).toEqual({
      kind: 'ratio',
      comparison: { op: '>', threshold: 0.05 },
    });
    // A `#` inside a label value is not a comment.
    const hash = readExpression('up{job="web#2"} == 0');
    expect({ targets: hash.targets, problem: hash.problem }).toEqual({ targets: ['web#2'], problem: null });
    expect(readExpression('# nothing but a comment').problem).toMatch(/empty/);
  });

  it('says where an expression cannot be read, and reads nothing into it', () => {
    const r = readExpression('sum(rate(x[5m]) > ');
    expect(r.problem).toMatch(/cannot read it at character \d+/);
    expect(r.value.kind).toBe('unknown');
    expect(r.comparison).toBeNull();
    expect(readExpression('  ').problem).toMatch(/empty/);
  });
});
