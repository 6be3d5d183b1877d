import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fullTestIncident, mutated, mutation, pathsOf } from '../testing/mutations';
import { testIncident } from '../testing/testIncident';
import { events, requests } from './contract';
import { compileCheck, parseChecked } from './fastCheck';
import { ServerFrame } from './wire';

/**
 * The property the renderer relies on: whenever the compiled check passes a value, zod accepts it
 * and returns it unchanged, so skipping zod's parse changes nothing.
 */
function expectSoundOn(schema: z.ZodType, valid: unknown, runs = 3000, refusedShare = 0.25) {
  const check = compileCheck(schema)!;
  expect(check).not.toBeNull();
  expect(check(valid)).toBe(true);
  const paths = pathsOf(valid);
  let refused = 0;
  fc.assert(
    fc.property(fc.nat(paths.length - 1), mutation, (at, m) => {
      const value = mutated(valid, paths[at]!, m);
      const zod = schema.safeParse(value);
      if (!check(value)) {
        refused++;
        return;
      }
      expect(zod.success).toBe(true);
      expect(zod.data).toStrictEqual(value);
    }),
    { numRuns: runs },
  );
  // The mutations reached the check: many of them break the contract.
  expect(refused).toBeGreaterThan(runs * refusedShare);
}

describe('compileCheck: zod without the walk, where zod would change nothing', () => {
  it('a pushed diff: every value the check passes, zod accepts and returns unchanged', () => {
    const diff = { reset: false, changed: [fullTestIncident('a'), testIncident('b')], removed: ['c'] };
    expectSoundOn(events['incidents:changed'], diff);
  });

  it('a page of the list, and the bridge frame around it', () => {
    const page = { incidents: [fullTestIncident('a'), testIncident('b', { state: 'resolved' })], next: 'b' };
    expectSoundOn(requests['incidents:page'].output, page);
    // A frame's output or payload is anything (the request's or event's own schema checks it): only
    // the frame's own fields can break it.
    expectSoundOn(ServerFrame, { id: 7, ok: true, output: page }, 500, 0.02);
    expectSoundOn(ServerFrame, { event: 'incidents:changed', payload: { x: 1 } }, 500, 0.02);
  });

  it('what zod would strip or fill in goes to zod: an unknown key, a default', () => {
    const withExtra = { ...fullTestIncident('a'), addedByANewerHost: 1 };
    expect(compileCheck(events['incidents:changed'])!({ reset: true, changed: [withExtra], removed: [] })).toBe(false);
    expect(parseChecked(z.object({ a: z.string() }), { a: 'x', b: 1 })).toStrictEqual({ a: 'x' });
    expect(compileCheck(z.object({ a: z.string().default('x') }))).toBeNull();
    expect(compileCheck(z.string().transform((s) => s.length))).toBeNull();
  });

  it("refinements are zod's: a string over its length, a count that is not a whole number", () => {
    const limited = compileCheck(z.object({ s: z.string().max(3), n: z.number().int().nonnegative() }))!;
    expect(limited({ s: 'abc', n: 2 })).toBe(true);
    expect(limited({ s: 'abcd', n: 2 })).toBe(false);
    expect(limited({ s: 'abc', n: 2.5 })).toBe(false);
    expect(limited({ s: 'abc', n: -1 })).toBe(false);
  });

  it('records over an enum: a partial one takes any of its keys, a full one wants them all', () => {
    const keys = z.enum(['P0', 'P1']);
    expect(compileCheck(z.partialRecord(keys, z.string()))!({ P1: 'x' })).toBe(true);
    expect(compileCheck(z.partialRecord(keys, z.string()))!({ P7: 'x' })).toBe(false);
    expect(compileCheck(z.record(keys, z.string()))!({ P1: 'x' })).toBe(false);
    expect(compileCheck(z.record(keys, z.string()))!({ P0: 'x', P1: 'y' })).toBe(true);
  });

  it("a union passes only what zod's first accepting option returns unchanged", () => {
    const loose = z.union([z.object({ a: z.string().optional() }), z.object({ b: z.string() })]);
    // zod takes it as the first option, stripping `b`: not returned as it is.
    expect(compileCheck(loose)!({ b: 'x' })).toBe(false);
    expect(parseChecked(loose, { b: 'x' })).toStrictEqual({});
    expect(compileCheck(loose)!({ a: 'x' })).toBe(true);
  });

  it("a malformed value is still refused with zod's message", () => {
    expect(() => parseChecked(requests['incidents:page'].output, { incidents: [{ id: 1 }], next: null })).toThrow(
      /expected string/,
    );
  });
});
