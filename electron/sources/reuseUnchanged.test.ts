import { describe, expect, it } from 'vitest';
import { alert } from '../../shared/testing/signalFixtures';
import { reuseUnchanged } from './reuseUnchanged';

// Each poll parses a new reply: equal content, new objects.
const poll = (value: number, summary = 'error ratio high') =>
  alert('FraudModelHighErrorRate', value, { service: 'fraud-model' }, { annotations: { summary } });

describe('reuseUnchanged', () => {
  it('keeps the previous signal when nothing changed, and its label set when only the value moved', () => {
    const first = [poll(0.07)];
    const same = reuseUnchanged(first, [poll(0.07)]);
    expect(same[0]).toBe(first[0]);

    const moved = reuseUnchanged(first, [poll(0.08)]);
    expect(moved[0]).not.toBe(first[0]);
    expect(moved[0]!.value).toBe(0.08);
    expect(moved[0]!.labels).toBe(first[0]!.labels);
    expect(moved[0]!.annotations).toBe(first[0]!.annotations);
  });

  it('takes the new annotations, expression or state when they changed', () => {
    const first = [poll(0.07)];
    const reworded = reuseUnchanged(first, [poll(0.07, 'error ratio 7%')]);
    expect(reworded[0]!.annotations).toEqual({ summary: 'error ratio 7%' });
    expect(reworded[0]!.labels).toBe(first[0]!.labels);

    const newRule = reuseUnchanged(first, [{ ...poll(0.07), expr: 'rate(errors[5m]) > 0.1' }]);
    expect(newRule[0]!.expr).toBe('rate(errors[5m]) > 0.1');

    const recovered = reuseUnchanged([{ ...first[0]!, stale: true }], [poll(0.07)]);
    expect(recovered[0]!.stale).toBe(false);
  });

  it('passes new alerts through and keeps the order of the new poll', () => {
    const a = alert('A', 1);
    const b = alert('B', 2);
    const out = reuseUnchanged([a], [alert('B', 2), alert('A', 1)]);
    expect(out.map((s) => s.name)).toEqual(['B', 'A']);
    expect(out[1]).toBe(a);
    expect(out[0]).toEqual(b);
  });
});
