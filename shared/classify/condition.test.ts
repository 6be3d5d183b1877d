import { describe, expect, it } from 'vitest';
import { conditionHolds, ConditionSyntaxError, parseCondition } from './condition';
import { trendDirection } from './trend';

describe('parseCondition', () => {
  it('keeps the existing comparisons working', () => {
    const c = parseCondition('value > 0.2 and value <= 0.5');
    expect(c.comparisons).toEqual([
      { op: '>', threshold: 0.2, perSla: false },
      { op: '<=', threshold: 0.5, perSla: false },
    ]);
    expect(c.trend).toBeNull();
    expect(conditionHolds(parseCondition('value > 2 * sla'), 1.01, 0.5)).toBe(true);
    expect(conditionHolds(parseCondition('value > 2 * sla'), 1.0, 0.5)).toBe(false);
  });

  it('reads rising / falling with an optional window', () => {
    expect(parseCondition('value > 0.01 and rising').trend).toEqual({ direction: 'rising', windowMs: 300_000 });
    expect(parseCondition('falling over 10m').trend).toEqual({ direction: 'falling', windowMs: 600_000 });
  });

  it('never lets a trend hold without being told it does', () => {
    const c = parseCondition('value > 0.01 and rising');
    expect(conditionHolds(c, 0.02, null)).toBe(false);
    expect(conditionHolds(c, 0.02, null, true)).toBe(true);
  });

  it('rejects what it cannot read, saying what to write', () => {
    expect(() => parseCondition('value > lots')).toThrow(ConditionSyntaxError);
    expect(() => parseCondition('rising and falling')).toThrow(/at most one/);
    expect(() => parseCondition('rising over soon')).toThrow(/duration/);
  });
});

describe('trendDirection', () => {
  const now = 1_000_000;
  it('is unknown without an earlier sample in the window', () => {
    expect(trendDirection(undefined, now, 1, 60_000)).toBe('unknown');
    expect(trendDirection([{ at: now - 120_000, value: 0 }], now, 1, 60_000)).toBe('unknown');
  });

  it('follows the least-squares slope, and a flat series is exactly flat', () => {
    const rising = [
      { at: now - 40_000, value: 0.02 },
      { at: now - 20_000, value: 0.025 },
    ];
    expect(trendDirection(rising, now, 0.03, 60_000)).toBe('rising');
    expect(trendDirection(rising, now, 0.01, 60_000)).toBe('falling');
    const flat = [0.1, 0.1, 0.1, 0.1].map((value, i) => ({ at: now - (i + 1) * 10_000, value }));
    expect(trendDirection(flat.reverse(), now, 0.1, 60_000)).toBe('flat');
  });

  it('looks at the whole window, not only the last step', () => {
    // Up over the window with one dip at the end: still rising overall.
    const h = [0.01, 0.02, 0.03, 0.04].map((value, i) => ({ at: now - (4 - i) * 10_000, value }));
    expect(trendDirection(h, now, 0.035, 60_000)).toBe('rising');
  });
});
