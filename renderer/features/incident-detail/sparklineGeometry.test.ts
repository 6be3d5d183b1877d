import { describe, expect, it } from 'vitest';
import { sparklineGeometry } from './sparklineGeometry';

describe('sparklineGeometry', () => {
  it('draws time left to right and higher values higher, threshold inside the box', () => {
    const g = sparklineGeometry(
      [
        [0, 0.01],
        [50, 0.03],
        [100, 0.072],
      ],
      0.05,
      0,
      100,
      106,
      46,
    );
    expect(g.path.startsWith('M3 ')).toBe(true);
    const ys = [...g.path.matchAll(/[ML][\d.]+ ([\d.]+)/g)].map((m) => Number(m[1]));
    expect(ys[0]!).toBeGreaterThan(ys[2]!);
    expect(g.last).toEqual({ x: 103, y: ys[2] });
    expect(g.thresholdY!).toBeGreaterThan(ys[2]!);
    expect(g.thresholdY!).toBeLessThan(ys[0]!);
    for (const y of [...ys, g.thresholdY!]) {
      expect(y).toBeGreaterThanOrEqual(3);
      expect(y).toBeLessThanOrEqual(43);
    }
  });

  it('a flat series sits mid-height; no points draw nothing', () => {
    const flat = sparklineGeometry(
      [
        [0, 2],
        [10, 2],
      ],
      null,
      0,
      10,
      100,
      40,
    );
    expect(flat.path).toBe('M3 20L97 20');
    expect(sparklineGeometry([], null, 0, 10, 100, 40)).toMatchObject({ path: '', last: null, thresholdY: null });
  });
});
