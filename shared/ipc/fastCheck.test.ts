import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Incident } from '../domain/incident';
import { testIncident } from '../testing/testIncident';
import { events, requests } from './contract';
import { compileCheck, parseChecked } from './fastCheck';
import { ServerFrame } from './wire';

/** An incident with every optional field the engine and the workspace fill, and three kinds of signal. */
function fullIncident(id: string): Incident {
  const at = '2026-12-06T07:00:00.000Z';
  return testIncident(id, {
    severity: 'P1',
    classification: { severity: 'P1', ruleId: 'ml-error', reason: 'error 7% > 5%: P1', whyNotHigher: null },
    summary: 'Fraud model error ratio above 5%',
    sourceKinds: ['alertmanager', 'pagerduty', 'prometheus'],
    signals: [
      {
        id: 'prom/0011223344556677',
        sourceId: 'prom',
        sourceKind: 'prometheus',
        fingerprint: '0011223344556677',
        name: 'FraudModelHighErrorRate',
        labels: { alertname: 'FraudModelHighErrorRate', service: 'fraud', severity: 'critical' },
        annotations: { summary: 'error ratio <b>7%</b>' },
        state: 'firing',
        activeAt: at,
        value: 0.07,
        generatorURL: null,
        stale: false,
        expr: 'fraud_error_ratio > 0.05',
        exprNote: null,
      },
      {
        id: 'am/ffeeddccbbaa9988',
        sourceId: 'am',
        sourceKind: 'alertmanager',
        fingerprint: 'ffeeddccbbaa9988',
        name: 'FraudModelHighErrorRate',
        labels: { alertname: 'FraudModelHighErrorRate', service: 'fraud' },
        annotations: {},
        state: 'firing',
        activeAt: null,
        value: null,
        generatorURL: 'http://prometheus:9090/graph?g0.expr=x',
        stale: true,
        dedupKey: 'fraud-1',
        suppressed: { kind: 'silence', until: at, by: 'ana', comment: 'deploying', ids: ['s-1'] },
      },
      {
        id: 'pd/PABC123',
        sourceId: 'pd',
        sourceKind: 'pagerduty',
        fingerprint: 'PABC123',
        name: 'Fraud model errors',
        labels: {},
        annotations: {},
        state: 'firing',
        activeAt: at,
        value: null,
        generatorURL: null,
        stale: false,
        dedupKey: 'fraud-1',
        suppressed: null,
      },
    ],
    phase: 'notified',
    acknowledgedAt: null,
    acknowledgedBy: null,
    mitigatedAt: null,
    resolvedBy: null,
    lastUpdateAt: null,
    ruleSeverity: 'P1',
    escalatedTo: null,
    severityReachedAt: { P2: at, P1: at },
    notifiedSeverity: 'P1',
    inhibitedBy: null,
    cooldownUntil: null,
    flapCount: 0,
    alertCount: 2,
    dedupKeys: ['fraud-1'],
    groupLabels: { alertname: 'FraudModelHighErrorRate', service: 'fraud' },
    revision: 3,
    manualSeverity: { severity: 'P1', by: 'ana', at, reason: 'customers see it' },
    declaration: { declared: true, by: 'ana', at, reason: null },
    silence: { kind: 'inhibition', until: null, by: null, comment: null, ids: ['ffeeddccbbaa9988'] },
  });
}

type Path = (string | number)[];

/** Every place in a JSON value: the value itself, and each key and element below it. */
function pathsOf(value: unknown, at: Path = []): Path[] {
  const out: Path[] = [at];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...at, i])));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...at, k]));
  return out;
}

const REPLACEMENTS: unknown[] = [
  null,
  undefined,
  0,
  -1,
  1.5,
  NaN,
  Infinity,
  '',
  'x',
  'P9',
  'open',
  true,
  [],
  {},
  ['x'],
  { a: 1 },
];

type Mutation = { kind: 'replace'; value: unknown } | { kind: 'delete' } | { kind: 'add'; key: string; value: unknown };

/** A deep copy of `root` with one mutation at `path` (adding a key to an object, deleting one, replacing). */
function mutated(root: unknown, path: Path, m: Mutation): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  if (path.length === 0) return m.kind === 'replace' ? m.value : copy;
  let parent: Record<string | number, unknown> = copy;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (m.kind === 'replace') parent[last] = m.value;
  else if (m.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else {
    const target = parent[last];
    // An own property, as JSON.parse makes one (an assignment to `__proto__` would set the prototype).
    if (target !== null && typeof target === 'object' && !Array.isArray(target))
      Object.defineProperty(target, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), value: fc.constantFrom(...REPLACEMENTS) }),
  fc.constant({ kind: 'delete' as const }),
  fc.record({
    kind: fc.constant('add' as const),
    key: fc.constantFrom('extra', 'id', 'P0', '__proto__', 'constructor'),
    value: fc.constantFrom('x', 1, null),
  }),
);

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
    const diff = { reset: false, changed: [fullIncident('a'), testIncident('b')], removed: ['c'] };
    expectSoundOn(events['incidents:changed'], diff);
  });

  it('a page of the list, and the bridge frame around it', () => {
    const page = { incidents: [fullIncident('a'), testIncident('b', { state: 'resolved' })], next: 'b' };
    expectSoundOn(requests['incidents:page'].output, page);
    // A frame's output or payload is anything (the request's or event's own schema checks it): only
    // the frame's own fields can break it.
    expectSoundOn(ServerFrame, { id: 7, ok: true, output: page }, 500, 0.02);
    expectSoundOn(ServerFrame, { event: 'incidents:changed', payload: { x: 1 } }, 500, 0.02);
  });

  it('what zod would strip or fill in goes to zod: an unknown key, a default', () => {
    const withExtra = { ...fullIncident('a'), addedByANewerHost: 1 };
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

  it("a malformed value is still refused with zod's message", () => {
    expect(() => parseChecked(requests['incidents:page'].output, { incidents: [{ id: 1 }], next: null })).toThrow(
      /expected string/,
    );
  });
});
