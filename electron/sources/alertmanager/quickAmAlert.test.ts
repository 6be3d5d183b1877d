import { describe, expect, it } from 'vitest';
import { AmAlert } from './alertmanagerSchemas';
import { quickAmAlert } from './quickAmAlert';

// One alert as Alertmanager 0.25 (Debian 12) lists it under GET /api/v2/alerts.
const real = () => ({
  annotations: { summary: 'Fraud model error ratio above 5%', runbook_url: 'https://runbooks/fraud' },
  endsAt: '2026-12-07T03:14:05.123Z',
  fingerprint: '3f5e9c0d1a2b4c6d',
  receivers: [{ name: 'oncall' }],
  startsAt: '2026-12-07T02:58:05.123Z',
  status: { inhibitedBy: [], silencedBy: ['5b1e6a4c-0000-4000-8000-000000000001'], state: 'suppressed' },
  updatedAt: '2026-12-07T03:10:05.124Z',
  generatorURL: 'http://prometheus:9090/graph?g0.expr=fraud_error_ratio+%3E+0.05',
  labels: { alertname: 'FraudModelHighErrorRate', service: 'fraud-model', severity: 'critical' },
});

const VALUES: unknown[] = [
  undefined,
  null,
  '',
  'active',
  0,
  true,
  [],
  ['x'],
  [1],
  {},
  { a: 'b' },
  { a: 1 },
  [{ name: 'r' }],
  [{ name: 'r', extra: 1 }],
  [{}],
];

/** Every field of the alert and of its status set to each value in turn (undefined: removed). */
function variants(): unknown[] {
  const out: unknown[] = [
    real(),
    { ...real(), mutedBy: [] },
    { ...real(), status: { ...real().status, mutedBy: ['t'] } },
  ];
  for (const key of [...Object.keys(real()), 'extra']) {
    for (const value of VALUES) {
      const a: Record<string, unknown> = { ...real(), [key]: value };
      if (value === undefined) delete a[key];
      out.push(a);
    }
  }
  for (const key of [...Object.keys(real().status), 'extra']) {
    for (const value of VALUES) {
      const status: Record<string, unknown> = { ...real().status, [key]: value };
      if (value === undefined) delete status[key];
      out.push({ ...real(), status });
    }
  }
  out.push(null, [], 'alert', 1);
  return out;
}

const plain = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

describe('quickAmAlert: sure only where the AmAlert schema agrees', () => {
  it('takes an alert as Alertmanager sends it as it is, and strips fields the schema does not know', () => {
    const a = real();
    expect(quickAmAlert(a)).toBe(a);
    const newer = { ...real(), mutedBy: [], status: { ...real().status, mutedBy: ['t'] } };
    expect(plain(quickAmAlert(newer))).toEqual(plain(AmAlert.parse(newer)));
    expect(Object.keys(quickAmAlert(newer)!)).not.toContain('mutedBy');
    expect(Object.keys(quickAmAlert(newer)!.status)).not.toContain('mutedBy');
  });

  it('whatever it answers for, the schema accepts and gives back equal; the rest it leaves to the schema', () => {
    let answered = 0;
    let left = 0;
    for (const v of variants()) {
      const quick = quickAmAlert(v);
      const schema = AmAlert.safeParse(v);
      if (quick === null) {
        left++;
        continue;
      }
      answered++;
      expect(schema.success, JSON.stringify(v)).toBe(true);
      if (schema.success) expect(plain(quick), JSON.stringify(v)).toEqual(plain(schema.data));
    }
    // Both sides are exercised: many variants are answered, many (bad or unusual) are left.
    expect(answered).toBeGreaterThan(20);
    expect(left).toBeGreaterThan(100);
  });
});
