import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalLabels, hashKey, hashKey64, labelFingerprint, legacyLabelFingerprint } from './groupKey';

describe('hashKey64', () => {
  it('is 16 hex characters, stable, and differs where the 32-bit hash collides', () => {
    // A pair of group keys found by brute force to share their 32-bit FNV-1a hash.
    const a = 'alertname=FraudModelHighErrorRate,service=svc-1522789';
    const b = 'alertname=FraudModelHighErrorRate,service=svc-1739192';
    expect(hashKey(a)).toBe(hashKey(b));
    expect(hashKey64(a)).toMatch(/^[0-9a-f]{16}$/);
    expect(hashKey64(a)).toBe(hashKey64(a));
    expect(hashKey64(a)).not.toBe(hashKey64(b));
    // Its first lane is FNV-1a: the old hash, kept for the runbook revisions and the demo.
    expect(hashKey64(a).slice(0, 8)).toBe(hashKey(a));
    expect(hashKey64('')).toMatch(/^811c9dc5[0-9a-f]{8}$/);
  });

  it('gives no collision over 200,000 keys of one shape', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200_000; i++) seen.add(hashKey64(`alertname=StormAlert,service=svc-${i}`));
    expect(seen.size).toBe(200_000);
  });
});

describe('labelFingerprint', () => {
  const labels = { alertname: 'FraudModelHighErrorRate', service: 'fraud-model', pod: 'p-1', env: 'prod' };

  it('is hashKey64 of the canonical label text, whatever the order the labels came in', () => {
    const reversed = Object.fromEntries(Object.entries(labels).reverse());
    expect(labelFingerprint(labels)).toBe(
      hashKey64('alertname=FraudModelHighErrorRate\u0000env=prod\u0000pod=p-1\u0000service=fraud-model'),
    );
    expect(labelFingerprint(reversed)).toBe(labelFingerprint(labels));
    expect(labelFingerprint({})).toBe(hashKey64(''));
  });

  it('orders names as sort() does (code units), with many names and unusual ones', () => {
    const odd = { b: '1', B: '2', _x: '3', é: '4', '10': '5', '9': '6', a_b: '7', ab: '8' };
    expect(labelFingerprint(odd)).toBe(hashKey64(canonicalLabels(odd)));
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`l${(i * 7) % 40}`, `v${i}`]));
    expect(labelFingerprint(many)).toBe(hashKey64(canonicalLabels(many)));
  });

  it('answers each label set alone, whatever sets of whatever sizes came before it', () => {
    // The names are gathered in an array kept between calls: a longer set before a shorter one,
    // or one past the 32 the array holds, must leave nothing behind.
    const name = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,12}$/);
    const value = fc.string({ maxLength: 8 });
    const labelSet = fc.oneof(
      fc.dictionary(name, value, { maxKeys: 8 }),
      fc.dictionary(name, value, { minKeys: 28, maxKeys: 40 }),
    );
    const labelSets = fc.array(labelSet, {
      minLength: 1,
      maxLength: 6,
    });
    fc.assert(
      fc.property(labelSets, (sets) => {
        for (const set of sets) expect(labelFingerprint(set)).toBe(hashKey64(canonicalLabels(set)));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the old 32-bit fingerprint at hand for stored incidents', () => {
    expect(legacyLabelFingerprint(labels)).toBe(hashKey(canonicalLabels(labels)));
    expect(legacyLabelFingerprint(labels)).toMatch(/^[0-9a-f]{8}$/);
  });
});
