// Test helpers: a full incident, and one-place mutations of any JSON value (property tests of what
// checks and diffs do with values that break the contract in one place).
import fc from 'fast-check';
import type { Incident } from '../domain/incident';
import { testIncident } from './testIncident';

/** An incident with every optional field the engine and the workspace fill, and three kinds of signal. */
export function fullTestIncident(id: string): Incident {
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

export type Path = (string | number)[];

/** Every place in a JSON value: the value itself, and each key and element below it. */
export function pathsOf(value: unknown, at: Path = []): Path[] {
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

export type Mutation =
  { kind: 'replace'; value: unknown } | { kind: 'delete' } | { kind: 'add'; key: string; value: unknown };

/**
 * `root` with one mutation at `path` (replacing a value, deleting a key or element, adding a key to
 * an object). Copies only the objects and arrays on the path: the rest is shared with `root`, as
 * the engine shares what an update leaves alone (some comparisons are by reference).
 */
export function mutated(root: unknown, path: Path, m: Mutation): unknown {
  if (path.length === 0) return m.kind === 'replace' ? m.value : m.kind === 'add' ? withKey(root, m) : root;
  const copy = shallowCopy(root);
  const [step, ...rest] = path as [string | number, ...Path];
  if (rest.length > 0 || m.kind === 'add') copy[step] = mutated(copy[step], rest, m);
  else if (m.kind === 'replace') copy[step] = m.value;
  else if (Array.isArray(copy)) copy.splice(step as number, 1);
  else delete copy[step];
  return copy;
}

function shallowCopy(value: unknown): Record<string | number, unknown> {
  return (Array.isArray(value) ? [...(value as unknown[])] : { ...(value as object) }) as Record<
    string | number,
    unknown
  >;
}

/** An own property, as JSON.parse makes one (an assignment to `__proto__` would set the prototype). */
function withKey(target: unknown, m: { key: string; value: unknown }): unknown {
  if (target === null || typeof target !== 'object' || Array.isArray(target)) return target;
  const copy = shallowCopy(target);
  Object.defineProperty(copy, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
  return copy;
}

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), value: fc.constantFrom(...REPLACEMENTS) }),
  fc.constant({ kind: 'delete' as const }),
  fc.record({
    kind: fc.constant('add' as const),
    key: fc.constantFrom('extra', 'id', 'P0', '__proto__', 'constructor'),
    value: fc.constantFrom('x', 1, null),
  }),
);
