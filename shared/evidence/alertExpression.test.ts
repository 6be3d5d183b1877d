import { describe, expect, it } from 'vitest';
import { exprFromGeneratorUrl, splitThresholdComparison } from './alertExpression';

describe('exprFromGeneratorUrl', () => {
  it('decodes the g0.expr of a Prometheus graph link', () => {
    const url =
      'http://prometheus:9090/graph?g0.expr=model_error_ratio%7Bservice%3D%22fraud-model%22%7D+%3E+0.05&g0.tab=1';
    expect(exprFromGeneratorUrl(url)).toBe('model_error_ratio{service="fraud-model"} > 0.05');
  });
  it('is null without a query, without g0.expr, or for nothing at all', () => {
    expect(exprFromGeneratorUrl('https://vigil-demo.pagerduty.com/incidents/Q3')).toBeNull();
    expect(exprFromGeneratorUrl('http://p/graph?g1.expr=up')).toBeNull();
    expect(exprFromGeneratorUrl(null)).toBeNull();
    expect(exprFromGeneratorUrl('http://p/graph?g0.expr=%E0%A4%A')).toBe('%E0%A4%A');
  });
});

describe('splitThresholdComparison', () => {
  it('takes a final comparison with a number apart', () => {
    expect(splitThresholdComparison('model_error_ratio{service="fraud-model"} > 0.05')).toEqual({
      valueExpr: 'model_error_ratio{service="fraud-model"}',
      op: '>',
      threshold: 0.05,
    });
    expect(
      splitThresholdComparison('histogram_quantile(0.99, sum by (le) (rate(x_bucket{a=~"b>c"}[5m]))) >= 2.5e-1'),
    ).toEqual({
      valueExpr: 'histogram_quantile(0.99, sum by (le) (rate(x_bucket{a=~"b>c"}[5m])))',
      op: '>=',
      threshold: 0.25,
    });
    expect(splitThresholdComparison('free_bytes < bool 1024')).toMatchObject({ op: '<', threshold: 1024 });
  });
  it('leaves alone what is not "value op number" at the top level', () => {
    expect(splitThresholdComparison('up == 0 and on(job) absent(foo)')).toBeNull();
    expect(splitThresholdComparison('a > b')).toBeNull();
    expect(splitThresholdComparison('rate(x[5m])')).toBeNull();
    expect(splitThresholdComparison('(a > 1)')).toBeNull();
    expect(splitThresholdComparison('> 1')).toBeNull();
  });
});
