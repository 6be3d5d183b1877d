import { describe, expect, it } from 'vitest';
import { goExponent } from '../../shared/testing/goFloat';
import { sampleValue } from './sampleValue';

/** A seeded generator, so a failure names a value that fails again. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('sampleValue reads a value exactly as Number() does', () => {
  it('on 200,000 values in the forms Prometheus, exporters and people write', () => {
    const next = random(15);
    const differ: string[] = [];
    for (let k = 0; k < 20_000; k++) {
      const magnitude = 10 ** Math.floor(next() * 40 - 20);
      const v = (next() - 0.3) * magnitude;
      const texts = [
        goExponent(v),
        String(v),
        v.toExponential(3),
        v.toFixed(Math.floor(next() * 8)),
        v.toPrecision(1 + Math.floor(next() * 17)),
        String(Math.round(v)),
        goExponent(Math.round(v * 1e6) / 1e6),
        (v * 1e4).toFixed(0) + 'E-4',
        String(Math.floor(next() * 2 ** 53)),
        String(2 ** 53 + Math.floor(next() * 1000)),
      ];
      for (const t of texts) {
        const got = sampleValue(t);
        const want = Number(t);
        if (!Object.is(got, want)) differ.push(`${t}: ${got} vs ${want}`);
      }
    }
    expect(differ).toEqual([]);
  });

  it.each([
    ['0', 0],
    ['-0', -0],
    ['6.899999999999999e-02', 0.06899999999999999],
    ['8.8e-02', 0.088],
    ['9007199254740993', 9007199254740992],
    ['1e22', 1e22],
    ['1e23', 1e23],
    ['1.7976931348623157e+308', Number.MAX_VALUE],
    ['5e-324', 5e-324],
    ['NaN', NaN],
    ['+Inf', NaN],
    ['-Inf', NaN],
    ['Infinity', Infinity],
    ['', 0],
    [' 1', 1],
    ['+1', 1],
    ['1.', 1],
    ['.5', 0.5],
    ['0x10', 16],
    ['1e', NaN],
    ['1e+', NaN],
    ['1e00005', 1e5],
    ['-', NaN],
    ['1_000', NaN],
    ['12abc', NaN],
  ])('%j reads as %s, as Number() reads it', (text, want) => {
    expect(Object.is(sampleValue(text), want)).toBe(true);
    expect(Object.is(sampleValue(text), Number(text))).toBe(true);
  });
});
