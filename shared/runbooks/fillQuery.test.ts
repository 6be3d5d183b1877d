import { describe, expect, it } from 'vitest';
import { fillQuery, queryPlaceholders } from './fillQuery';

describe('fillQuery', () => {
  const q = 'sum(rate(model_requests_total{model_name="{{ $labels.model }}", status="error"}[5m]))';

  it('fills labels from the incident', () => {
    expect(fillQuery(q, { model: 'fraud-model' })).toEqual({
      ok: true,
      query: 'sum(rate(model_requests_total{model_name="fraud-model", status="error"}[5m]))',
    });
  });

  it('escapes values so they stay inside their string', () => {
    const r = fillQuery(q, { model: 'x"} or vector(1) or {a="\\' });
    expect(r).toEqual({
      ok: true,
      query: 'sum(rate(model_requests_total{model_name="x\\"} or vector(1) or {a=\\"\\\\", status="error"}[5m]))',
    });
  });

  it('refuses to run with a label missing, and names it', () => {
    expect(fillQuery('x{a="{{$labels.model}}", b="{{ $labels.pod }}"}', { model: 'm' })).toEqual({
      ok: false,
      missing: ['pod'],
      message: 'this check needs the alert label pod, which the incident does not have',
    });
  });

  it('lists the labels a query needs and ignores braces in strings and comments', () => {
    expect(queryPlaceholders(`x{a="{{ $labels.a }}"} # it's {{ $labels.b }}\n+ y{b=~"{{ $labels.b }}.*"}`)).toEqual({
      labels: ['a', 'b'],
      problems: [{ lineOffset: 0, message: expect.stringContaining('must be inside double quotes') }],
    });
  });
});
